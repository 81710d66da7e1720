// Auto Scaling groups: launch templates rather than launch configurations, several Availability
// Zones, and an instance refresh so a new template version reaches running instances.
// (ELB health checks: asg-elb-health-check in compute.ts; IMDSv2: ec2-imdsv2-required on the
// launch template the group launches from.)
import { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, asString, isNonBlank, Props, TYPES } from "./util";

/** The launch template a group names, directly or in its mixed instances policy. */
function launchTemplateOf(props: Props): unknown {
    const direct = asRecord(props.launchTemplate);
    if (direct) {
        return direct;
    }
    return asRecord(asRecord(asRecord(props.mixedInstancesPolicy)?.launchTemplate)?.launchTemplateSpecification);
}

// AWS "Launch configurations": deprecated; accounts created after 1 October 2024 cannot create
// them, and they never get new instance types or EC2 features (IMDSv2 defaults, several types).
// Equivalents: Security Hub AutoScaling.9 (AutoScaling.3 and .5 then have nothing to check).
export const asgLaunchTemplate: ResourceValidationPolicy = {
    name: "asg-launch-template",
    description: "Auto Scaling groups must launch from a launch template, never a launch configuration: AWS has deprecated " +
        "launch configurations, newer accounts cannot create them at all, and they lack IMDSv2 defaults and newer instance types.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.launchConfiguration) {
            reportViolation("aws.ec2.LaunchConfiguration is deprecated by AWS: declare an aws.ec2.LaunchTemplate instead.");
            return;
        }
        if (args.type !== TYPES.autoscalingGroup) {
            return;
        }
        if (isNonBlank(args.props.launchConfiguration)) {
            reportViolation("launchConfiguration is set: use launchTemplate { id: <aws.ec2.LaunchTemplate>.id, version: \"$Latest\" } instead.");
        } else if (launchTemplateOf(args.props) === undefined) {
            reportViolation("the group names no launch template: set launchTemplate { id, version } " +
                "(or mixedInstancesPolicy.launchTemplate.launchTemplateSpecification).");
        }
    },
};

interface MultiAzConfig {
    minZones: number;
}

// Equivalents: Security Hub AutoScaling.2; cdk-nag has none (checks ELB side).
export const asgMultiAz: ResourceValidationPolicy = {
    name: "asg-multi-az",
    description: "Auto Scaling groups should span at least two Availability Zones (subnets in vpcZoneIdentifiers, one per " +
        "zone): a group in one zone goes down with it, and Auto Scaling can only rebalance across zones it was given.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minZones: { type: "integer", minimum: 1, default: 2, description: "Minimum number of subnets or Availability Zones." },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.autoscalingGroup) {
            return;
        }
        const { minZones } = args.getConfig<MultiAzConfig>();
        const subnets = asArray(args.props.vpcZoneIdentifiers).length;
        const zones = asArray(args.props.availabilityZones).length;
        const count = Math.max(subnets, zones);
        if (count < minZones) {
            reportViolation(`the group has ${count} subnet(s)/zone(s): list at least ${minZones} subnets in different ` +
                "Availability Zones in vpcZoneIdentifiers.");
        }
    },
};

// Without instanceRefresh, a new launch template version only applies to instances launched
// later: running instances keep the old AMI and user data until something replaces them.
export const asgInstanceRefresh: ResourceValidationPolicy = {
    name: "asg-instance-refresh",
    description: "Auto Scaling groups that launch from a template should declare an instance refresh (strategy Rolling), so " +
        "that a new template version (AMI, user data, IMDS settings) replaces running instances gradually instead of never.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.autoscalingGroup || launchTemplateOf(args.props) === undefined) {
            return;
        }
        const refresh = asRecord(args.props.instanceRefresh);
        if (asString(refresh?.strategy) !== "Rolling") {
            reportViolation("instanceRefresh is not set: add instanceRefresh { strategy: \"Rolling\", preferences: " +
                "{ minHealthyPercentage: 90 } } so template changes roll out to running instances.");
        }
    },
};

export const autoscalingPolicies: Policies = [asgLaunchTemplate, asgMultiAz, asgInstanceRefresh];
