import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString, isApplicationLb, isInternetFacing, isOneOf, LOAD_BALANCER_TYPES, loadBalancerKind } from "../util";
import { RuleDefinition } from "../meta";

// ELB API, CreateLoadBalancer IpAddressType: "dualstack-without-public-ipv4" is for
// internet-facing Application Load Balancers only (public IPv6, private IPv4); an NLB, a Gateway
// LB or an internal ALB with it is refused by the API at `pulumi up`.
export const lbIpAddressTypeSupported: ResourceValidationPolicy = {
    name: "lb-ip-address-type-supported",
    description: "ipAddressType \"dualstack-without-public-ipv4\" must be used only on internet-facing Application Load " +
        "Balancers (AWS CreateLoadBalancer): on a Network Load Balancer or an internal ALB the API refuses it at `pulumi up`.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isOneOf(args.type, LOAD_BALANCER_TYPES) || asString(args.props.ipAddressType) !== "dualstack-without-public-ipv4") {
            return;
        }
        if (!isApplicationLb(args.props)) {
            reportViolation(`ipAddressType is "dualstack-without-public-ipv4" on a ${loadBalancerKind(args.props)} load balancer: ` +
                "only internet-facing Application Load Balancers take it; use \"ipv4\" or \"dualstack\".");
        } else if (!isInternetFacing(args.props)) {
            reportViolation("ipAddressType is \"dualstack-without-public-ipv4\" on an internal ALB: it exists to give an " +
                "internet-facing ALB public IPv6 without public IPv4; use \"ipv4\" or \"dualstack\".");
        }
    },
};

export const rule: RuleDefinition = {
    policy: lbIpAddressTypeSupported,
    severity: "high",
    resources: "load balancers",
    equivalents: {},
    rationale: "AWS CreateLoadBalancer: `dualstack-without-public-ipv4` only on internet-facing ALBs.",
};
