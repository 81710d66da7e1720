import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { remediateImds, validateImds } from "./shared";

export const imdsv2Required: ResourceValidationPolicy = {
    name: "ec2-imdsv2-required",
    description: "EC2 instances and launch templates must require IMDSv2: with IMDSv1 a single SSRF bug in the web app lets an " +
        "attacker read the instance role's credentials from 169.254.169.254.",
    enforcementLevel: "mandatory",
    validateResource: validateImds,
    remediateResource: remediateImds,
};

export const rule: RuleDefinition = {
    policy: imdsv2Required,
    severity: "high",
    resources: "instances, launch templates",
    equivalents: {
        securityHub: ["EC2.8", "EC2.170"],
        checkov: ["CKV_AWS_79"],
        cdkNag: ["EC2IMDSv2Enabled"],
        others: ["trivy AVD-AWS-0028", "trivy AVD-AWS-0130", "AWS Config ec2-imdsv2-check", "AWS Config ec2-launch-template-imdsv2-check"],
    },
    securityHubNote: "instances, launch templates",
};
