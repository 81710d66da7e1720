// Auto Scaling groups: launch templates rather than launch configurations, several Availability
// Zones, an instance refresh so a new template version reaches running instances, and ELB health
// checks. (IMDSv2: compute/ec2-imdsv2-required on the launch template the group launches from.)
import { asRecord, asString, Props } from "../util";

/** The launch template a group names, directly or in its mixed instances policy. */
export function launchTemplateOf(props: Props): unknown {
    const direct = asRecord(props.launchTemplate);
    if (direct) {
        return direct;
    }
    return asRecord(asRecord(asRecord(props.mixedInstancesPolicy)?.launchTemplate)?.launchTemplateSpecification);
}

export function healthCheckTypeOf(props: Props): string {
    // AWS defaults an Auto Scaling group's health check type to EC2.
    return asString(props.healthCheckType)?.trim().toUpperCase() || "EC2";
}

export const ASG_FIX = `Set healthCheckType: "ELB" (and a healthCheckGracePeriod that covers boot time) so instances that fail the ` +
    `target group's health check are replaced, not just taken out of rotation.`;
