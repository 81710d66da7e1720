import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, isInternetFacing, isNetworkLb, isOneOf, LOAD_BALANCER_TYPES } from "../util";
import { RuleDefinition } from "../meta";

// ELB API, SubnetMapping.AllocationId: "[Network Load Balancers] The allocation ID of the Elastic
// IP address for an internet-facing load balancer"; an internal NLB takes privateIpv4Address.
export const nlbInternalNoElasticIps: ResourceValidationPolicy = {
    name: "nlb-internal-no-elastic-ips",
    description: "An internal Network Load Balancer must not name Elastic IPs (subnetMappings[].allocationId): AWS attaches " +
        "Elastic IPs only to internet-facing NLBs and refuses the mapping at `pulumi up`; use privateIpv4Address for fixed " +
        "internal addresses.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isOneOf(args.type, LOAD_BALANCER_TYPES) || !isNetworkLb(args.props) || isInternetFacing(args.props)) {
            return;
        }
        asArray(args.props.subnetMappings).forEach((m, i) => {
            if (asRecord(m)?.allocationId !== undefined && asRecord(m)?.allocationId !== null) {
                reportViolation(`subnetMappings[${i}].allocationId is set on an internal NLB: remove it (use privateIpv4Address), ` +
                    "or make the NLB internet-facing.");
            }
        });
    },
};

export const rule: RuleDefinition = {
    policy: nlbInternalNoElasticIps,
    severity: "high",
    resources: "load balancers (internal NLB `subnetMappings[].allocationId`)",
    equivalents: {},
    rationale: "AWS SubnetMapping: Elastic IPs only on internet-facing NLBs.",
};
