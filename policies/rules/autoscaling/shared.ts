// Auto Scaling groups: launch templates rather than launch configurations, several Availability
// Zones, and an instance refresh so a new template version reaches running instances.
// (ELB health checks: asg-elb-health-check in compute.ts; IMDSv2: ec2-imdsv2-required on the
// launch template the group launches from.)
import { asRecord, Props } from "../util";

/** The launch template a group names, directly or in its mixed instances policy. */
export function launchTemplateOf(props: Props): unknown {
    const direct = asRecord(props.launchTemplate);
    if (direct) {
        return direct;
    }
    return asRecord(asRecord(asRecord(props.mixedInstancesPolicy)?.launchTemplate)?.launchTemplateSpecification);
}
