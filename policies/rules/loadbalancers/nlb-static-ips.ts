import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, elements, isInternetFacing, isNetworkLb, Props, tryRead, UNRESOLVED } from "../util";
import { RuleDefinition } from "../meta";
import { isLoadBalancer } from "./shared";

function internetFacingStaticIpProblems(props: Props): string[] {
    const mappings = asArray(props.subnetMappings);
    if (mappings.length === 0) {
        return [
            "Internet-facing NLB has no subnetMappings, so AWS assigns addresses that change on replacement: " +
            "replace subnets with subnetMappings [{ subnetId, allocationId: <aws.ec2.Eip>.allocationId }, ...].",
        ];
    }
    const problems: string[] = [];
    if (asArray(props.subnets).length > 0) {
        problems.push("NLB sets both subnets and subnetMappings: remove subnets and keep only subnetMappings.");
    }
    elements(mappings).forEach((mapping, i) => {
        if (mapping !== UNRESOLVED && !hasAllocationId(mapping)) {
            problems.push(
                `subnetMappings[${i}] has no allocationId: attach an Elastic IP ` +
                "(allocationId: <aws.ec2.Eip>.allocationId) to every subnet mapping.",
            );
        }
    });
    return problems;
}

function internalElasticIpProblems(props: Props): string[] {
    return elements(props.subnetMappings).flatMap((mapping, i) => mapping !== UNRESOLVED && hasAllocationId(mapping)
        ? [`subnetMappings[${i}] sets allocationId on an internal NLB, which AWS rejects: remove allocationId ` +
            "(use privateIpv4Address for a fixed private address) or make the NLB internet-facing."]
        : []);
}

/** An Elastic IP created in the same stack has an unknown allocation ID during preview: that is set. */
function hasAllocationId(mapping: unknown): boolean {
    const record = asRecord(mapping);
    if (record === undefined) {
        return false;
    }
    const id = tryRead(() => record.allocationId);
    return id === UNRESOLVED || (typeof id === "string" && id.trim() !== "");
}

// AWS: "You can specify one Elastic IP address per subnet if you need static IP addresses for your
// internet-facing load balancer"; an internal NLB takes privateIpv4Address, never an allocationId.
export const nlbStaticIps: ResourceValidationPolicy = {
    name: "nlb-static-ips",
    description:
        "Internet-facing Network Load Balancers must attach an Elastic IP to every subnet " +
        "(subnetMappings[].allocationId) so their addresses survive replacement and can be allowlisted by " +
        "clients; plain `subnets` gets AWS-assigned addresses that change. Internal NLBs cannot take Elastic IPs.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args) || !isNetworkLb(args.props)) {
            return;
        }
        const problems = isInternetFacing(args.props)
            ? internetFacingStaticIpProblems(args.props)
            : internalElasticIpProblems(args.props);
        problems.forEach(p => reportViolation(p));
    },
};

export const rule: RuleDefinition = {
    policy: nlbStaticIps,
    severity: "high",
    resources: "load balancers (NLB)",
    equivalents: {},
};
