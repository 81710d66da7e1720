import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validateFullAdmin } from "./shared";

export const iamNoFullAdmin: ResourceValidationPolicy = {
    name: "iam-no-full-admin",
    description: "IAM policies must not allow every action (Action \"*\" or \"*:*\", IAM.1 when on Resource \"*\") nor attach " +
        "AdministratorAccess: a web server compromised through one bug would own the whole account.",
    enforcementLevel: "mandatory",
    validateResource: validateFullAdmin,
};

export const rule: RuleDefinition = {
    policy: iamNoFullAdmin,
    severity: "critical",
    resources: "`aws.iam.RolePolicy`, `aws.iam.Policy`, `aws.iam.Role` (inline, managedPolicyArns), `aws.iam.RolePolicyAttachment`",
    equivalents: {
        securityHub: ["IAM.1"],
        checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274"],
    },
    rationale: "Security Hub IAM.1 is Action \"*\" on Resource \"*\"; Checkov CKV_AWS_62 \"*:*\", CKV_AWS_63 Action \"*\", CKV_AWS_274 AdministratorAccess attached.",
};
