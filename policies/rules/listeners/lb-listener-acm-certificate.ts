import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString, isOneOf, LISTENER_CERTIFICATE_TYPES, listenerProtocol, terminatesTls } from "../util";
import { RuleDefinition } from "../meta";
import { isListener } from "./shared";

// Any partition: arn:aws:acm:, arn:aws-cn:acm:, arn:aws-us-gov:acm:, arn:aws-iso:acm:, ...
const ACM_ARN = /^arn:aws[a-z-]*:acm:/;

const IAM_SERVER_CERTIFICATE_ARN = /^arn:aws[a-z-]*:iam::[^:]*:server-certificate\//;

function certificateProblem(certificateArn: unknown): string | undefined {
    const arn = asString(certificateArn)?.trim();
    if (!arn) {
        return "has no certificateArn (AWS rejects HTTPS/TLS listeners without one at `pulumi up`)";
    }
    if (IAM_SERVER_CERTIFICATE_ARN.test(arn)) {
        return `uses IAM server certificate '${arn}', which AWS never renews`;
    }
    if (!ACM_ARN.test(arn)) {
        return `uses certificateArn '${arn}', which is not an ACM certificate ARN`;
    }
    return undefined;
}

const ACM_FIX = "set certificateArn to an ACM certificate (arn:aws:acm:...), e.g. aws.acm.Certificate.arn, " +
    "requested with DNS validation or imported into ACM.";

export const lbListenerAcmCertificate: ResourceValidationPolicy = {
    name: "lb-listener-acm-certificate",
    description:
        "HTTPS and TLS listeners, and extra listener certificates, must use certificates managed by ACM: " +
        "ACM renews them before they expire, while IAM server certificates and missing certificates end in " +
        "an outage (or a failed `pulumi up`).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (isListener(args)) {
            const protocol = listenerProtocol(args.props);
            if (!terminatesTls(protocol)) {
                return;
            }
            const problem = certificateProblem(args.props.certificateArn);
            if (problem) {
                reportViolation(`${protocol} listener ${problem}: ${ACM_FIX}`);
            }
        } else if (isOneOf(args.type, LISTENER_CERTIFICATE_TYPES)) {
            const problem = certificateProblem(args.props.certificateArn);
            if (problem) {
                reportViolation(`Listener certificate ${problem}: ${ACM_FIX}`);
            }
        }
    },
};

export const rule: RuleDefinition = {
    policy: lbListenerAcmCertificate,
    severity: "high",
    resources: "listeners, listener certificates",
    equivalents: {
        cdkNag: ["ELBv2ACMCertificateRequired", "ELBACMCertificateRequired (Classic LBs)"],
    },
    securityHubNote: "ELB.2 is its Classic LB twin",
};
