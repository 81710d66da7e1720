import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, TYPES } from "../util";
import { RuleDefinition } from "../meta";

interface MultiAzConfig {
    minZones: number;
}

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

export const rule: RuleDefinition = {
    policy: asgMultiAz,
    severity: "medium",
    resources: "Auto Scaling groups",
    equivalents: {
        securityHub: ["AutoScaling.2"],
    },
};
