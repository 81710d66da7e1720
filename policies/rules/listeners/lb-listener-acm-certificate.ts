import { ResourceValidationPolicy } from "@pulumi/policy";
import { isOneOf, LISTENER_CERTIFICATE_TYPES, listenerProtocol, terminatesTls } from "../util";
import { RuleDefinition } from "../meta";
import { ACM_FIX, certificateProblem, isListener } from "./shared";

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
