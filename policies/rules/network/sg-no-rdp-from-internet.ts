import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { describeIngress, internetSourcesOf, opensAdminPort, protocolOf, sourceProps, validateIngress } from "./shared";

function adminPortPolicy(name: string, service: string, port: number, description: string): ResourceValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        validateResource: validateIngress(rule => {
            if (!opensAdminPort(rule, port)) {
                return undefined;
            }
            const sources = internetSourcesOf(rule);
            if (sources.length === 0) {
                return undefined;
            }
            return `${describeIngress(rule, protocolOf(rule), sources)}, which opens ${service} (${port}) to the internet. ` +
                `Restrict ${sourceProps(rule)} to a bastion or VPN range, or remove the rule and use SSM Session Manager.`;
        }),
    };
}

export const noRdpFromInternet = adminPortPolicy(
    "sg-no-rdp-from-internet", "RDP", 3389,
    "Security groups must not allow RDP (port 3389) from the internet: RDP is a top ransomware entry point, " +
    "and remote desktop belongs behind a VPN or Fleet Manager.",
);

export const rule: RuleDefinition = {
    policy: noRdpFromInternet,
    severity: "critical",
    resources: "same three ingress forms",
    equivalents: {
        securityHub: ["EC2.14", "EC2.19", "EC2.53", "EC2.54"],
        checkov: ["CKV_AWS_25"],
        cdkNag: ["EC2RestrictedCommonPorts"],
        others: ["trivy AVD-AWS-0107", "CIS AWS 5.2/5.3"],
    },
};
