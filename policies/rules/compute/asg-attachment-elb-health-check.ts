import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validateAttachments } from "./shared";

export const asgAttachmentElbHealthCheck: StackValidationPolicy = {
    name: "asg-attachment-elb-health-check",
    description: "Auto Scaling groups attached to a target group through aws.autoscaling.Attachment should use ELB health " +
        "checks: with the default EC2 check an instance whose web server has died keeps running and is never replaced " +
        "(asg-elb-health-check cannot see such an attachment on the group itself).",
    enforcementLevel: "advisory",
    validateStack: validateAttachments,
};

export const rule: RuleDefinition = {
    policy: asgAttachmentElbHealthCheck,
    severity: "medium",
    resources: "stack: `aws.autoscaling.Attachment` → group",
    equivalents: {
        securityHub: ["AutoScaling.1"],
        checkov: ["CKV2_AWS_15"],
        cdkNag: ["AutoScalingGroupELBHealthCheckRequired"],
    },
};
