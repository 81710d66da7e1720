import { ResourceValidationPolicy } from "@pulumi/policy";
import { isInternetFacing, isNetworkLb } from "../util";
import { RuleDefinition } from "../meta";
import { internalElasticIpProblems, internetFacingStaticIpProblems, isLoadBalancer } from "./shared";

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
