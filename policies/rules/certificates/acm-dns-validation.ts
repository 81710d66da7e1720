import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString, isNonBlank } from "../util";
import { RuleDefinition } from "../meta";
import { isCertificate, isImported } from "./shared";

// ACM renews a DNS-validated certificate on its own as long as the CNAME stays; an
// EMAIL-validated one needs a person to click a link at every renewal, or it expires.
export const acmDnsValidation: ResourceValidationPolicy = {
    name: "acm-dns-validation",
    description: "Certificates requested from ACM must use DNS validation: ACM then renews them on its own, while an " +
        "EMAIL-validated certificate expires unless someone answers the renewal mail in time.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isCertificate(args) || isImported(args.props) || isNonBlank(args.props.certificateAuthorityArn)) {
            return;
        }
        const method = asString(args.props.validationMethod);
        if (isNonBlank(args.props.domainName) && method !== "DNS") {
            reportViolation(`validationMethod is ${method === undefined ? "not set" : `"${method}"`}: set it to "DNS" and ` +
                "create the validation records (aws.route53.Record + aws.acm.CertificateValidation).");
        }
    },
};

export const rule: RuleDefinition = {
    policy: acmDnsValidation,
    severity: "high",
    resources: "ACM certificates requested from ACM",
    equivalents: {
        checkov: ["CKV2_AWS_71"],
    },
};
