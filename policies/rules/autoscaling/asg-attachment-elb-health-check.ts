import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asString, checkEach, referencedUrns, TYPES } from "../util";
import { ASG_FIX, healthCheckTypeOf } from "./shared";

function attachesLoadBalancer(attachment: PolicyResource): boolean {
    const props = attachment.props;
    return asString(props.lbTargetGroupArn) !== undefined || asString(props.elb) !== undefined;
}

function attachedGroups(attachment: PolicyResource, groups: PolicyResource[]): PolicyResource[] {
    const referenced = referencedUrns(attachment, "autoscalingGroupName");
    const byDependency = groups.filter(g => referenced.has(g.urn));
    if (byDependency.length > 0) {
        return byDependency;
    }
    // No dependency information: fall back to matching the group's literal name.
    const name = asString(attachment.props.autoscalingGroupName);
    return name === undefined ? [] : groups.filter(g => asString(g.props.name) === name);
}

function validateAttachments(args: StackValidationArgs, report: ReportViolation): void {
    const groups = args.resources.filter(r => r.type === TYPES.autoscalingGroup);
    const attachments = args.resources.filter(r => r.type === TYPES.autoscalingAttachment);
    checkEach(attachments, attachment => {
        if (!attachesLoadBalancer(attachment)) {
            return;
        }
        for (const group of attachedGroups(attachment, groups)) {
            const current = healthCheckTypeOf(group.props);
            if (current !== "ELB") {
                report(`Auto Scaling group '${group.name}' is attached to a load balancer by aws.autoscaling.Attachment ` +
                    `'${attachment.name}' but its healthCheckType is "${current}". ${ASG_FIX}`, group.urn);
            }
        }
    });
}

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
