import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validateUserData } from "./shared";

export const noSecretsInUserData: ResourceValidationPolicy = {
    name: "ec2-no-secrets-in-user-data",
    description: "User data must not contain credentials (AWS keys, private keys, passwords): it is stored in plain text, " +
        "shown to anyone who can describe the instance, and served to every process on it by the metadata service.",
    enforcementLevel: "mandatory",
    validateResource: validateUserData,
};

export const rule: RuleDefinition = {
    policy: noSecretsInUserData,
    severity: "critical",
    resources: "instances, launch templates",
    equivalents: {
        checkov: ["CKV_AWS_46"],
        others: ["trivy AVD-AWS-0029", "trivy AVD-AWS-0129", "steampipe ec2_instance_user_data_no_secrets"],
    },
};
