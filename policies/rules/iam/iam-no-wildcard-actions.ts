import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validateWildcardActions } from "./shared";

export const iamNoWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-actions",
    description: "IAM policies must not allow every action of a service (\"s3:*\", \"iam:*\": Security Hub IAM.21) nor " +
        "iam:PassRole on Resource \"*\": both let a compromised instance reach far beyond what the web tier needs.",
    enforcementLevel: "mandatory",
    validateResource: validateWildcardActions,
};

export const rule: RuleDefinition = {
    policy: iamNoWildcardActions,
    severity: "high",
    resources: "the same IAM resources: `service:*` actions, `iam:PassRole` on `*`",
    equivalents: {
        securityHub: ["IAM.21"],
        checkov: ["CKV2_AWS_40", "CKV_AWS_286"],
    },
    rationale: "Security Hub IAM.21 is service:* actions; Checkov CKV2_AWS_40 covers `iam:*`, CKV_AWS_286 privilege escalation (iam:PassRole on \"*\").",
};
