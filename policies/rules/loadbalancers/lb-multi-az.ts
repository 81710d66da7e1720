import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, Props } from "../util";
import { isLoadBalancer } from "./shared";

interface MultiAzConfig {
    minSubnets?: number;
}

function subnetCount(props: Props): number {
    const mappings = asArray(props.subnetMappings);
    return mappings.length > 0 ? mappings.length : asArray(props.subnets).length;
}

// AWS: an ALB must be enabled in at least two Availability Zones, one subnet per zone.
export const lbMultiAz: ResourceValidationPolicy = {
    name: "lb-multi-az",
    description:
        "Load balancers should span two or more subnets (one per Availability Zone) so that losing a zone " +
        "does not take the service down; AWS rejects an ALB with fewer than two zones at `pulumi up`. " +
        "Zones cannot be known from subnet IDs in a policy, so subnets are counted.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minSubnets: {
                type: "integer",
                minimum: 1,
                default: 2,
                description: "Minimum number of subnets (or subnet mappings), one per Availability Zone.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args)) {
            return;
        }
        const minSubnets = args.getConfig<MultiAzConfig>().minSubnets ?? 2;
        const count = subnetCount(args.props);
        if (count < minSubnets) {
            reportViolation(
                `Load balancer is placed in ${count} subnet(s): list at least ${minSubnets} subnets in ` +
                "different Availability Zones in subnets (or subnetMappings).",
            );
        }
    },
};

export const rule: RuleDefinition = {
    policy: lbMultiAz,
    severity: "medium",
    resources: "load balancers",
    equivalents: {
        securityHub: ["ELB.13"],
    },
};
