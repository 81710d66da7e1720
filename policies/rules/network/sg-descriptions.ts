import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validateDescriptions } from "./shared";

export const securityGroupDescriptions: ResourceValidationPolicy = {
    name: "sg-descriptions",
    description: "Security groups and their rules must carry descriptions: during an incident or an audit the description is " +
        "the only record of why a port is open, and an undocumented rule is one nobody dares remove.",
    enforcementLevel: "advisory",
    validateResource: validateDescriptions,
};

export const rule: RuleDefinition = {
    policy: securityGroupDescriptions,
    severity: "low",
    resources: "security groups and inline rules, `aws.ec2.SecurityGroupRule`, `aws.vpc` ingress/egress rules",
    equivalents: {
        checkov: ["CKV_AWS_23"],
        cdkNag: ["EC2SecurityGroupDescription"],
        others: ["trivy AVD-AWS-0099", "trivy AVD-AWS-0124"],
    },
};
