import { RuleDefinition } from "../meta";
import { adminPortPolicy } from "./shared";

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
