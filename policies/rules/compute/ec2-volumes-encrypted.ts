import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validateVolumes } from "./shared";

export const volumesEncrypted: ResourceValidationPolicy = {
    name: "ec2-volumes-encrypted",
    description: "Root and data EBS volumes of instances and launch templates must be encrypted: snapshots and detached volumes " +
        "otherwise carry the web tier's data and secrets in the clear, and encryption cannot be added to a volume later.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            accountEncryptsByDefault: {
                type: "boolean",
                default: false,
                description: "Set true when the account/region has EBS encryption by default enabled; then a volume that does " +
                    "not say `encrypted` passes (an explicit false still fails).",
            },
        },
    },
    validateResource: validateVolumes,
};

export const rule: RuleDefinition = {
    policy: volumesEncrypted,
    severity: "high",
    resources: "instances, launch templates",
    equivalents: {
        securityHub: ["EC2.3", "EC2.181"],
        checkov: ["CKV_AWS_8"],
        cdkNag: ["EC2EBSVolumeEncrypted"],
        others: ["trivy AVD-AWS-0131", "awsguard encrypted-volumes", "trivy AVD-AWS-0008"],
    },
    securityHubNote: "instances, launch templates",
};
