// Entry-point settings AWS accepts only in some combinations, and response headers: rules on the
// load balancer and listener resources alone (no other resource needed).
import { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import {
    asArray,
    asRecord,
    asString,
    isApplicationLb,
    isInternetFacing,
    isNetworkLb,
    isOneOf,
    LISTENER_TYPES,
    listenerProtocol,
    LOAD_BALANCER_TYPES,
    loadBalancerKind,
} from "./util";

// ---- lb-ip-address-type-supported ------------------------------------------------------------------

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

// ---- nlb-internal-no-elastic-ips ---------------------------------------------------------------------

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

// ---- alb-https-hsts ----------------------------------------------------------------------------------

/** One year, the max-age the HSTS preload list and Security Hub's guidance ask for. */
export const HSTS_MIN_MAX_AGE = 31536000;

/** The max-age of a Strict-Transport-Security value, or undefined when it has none (RFC 6797 6.1.1). */
export function hstsMaxAge(value: string): number | undefined {
    const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
    return match ? Number(match[1]) : undefined;
}

// The listener attributes (provider 7.x, aws.lb.Listener routingHttpResponse*): ALB HTTP and HTTPS
// listeners only ("routing.http.response.*" in ModifyListenerAttributes).
const RESPONSE_HEADER_PROPS = [
    "routingHttpResponseStrictTransportSecurityHeaderValue",
    "routingHttpResponseContentSecurityPolicyHeaderValue",
    "routingHttpResponseXContentTypeOptionsHeaderValue",
    "routingHttpResponseXFrameOptionsHeaderValue",
    "routingHttpResponseServerEnabled",
    "routingHttpResponseAccessControlAllowCredentialsHeaderValue",
    "routingHttpResponseAccessControlAllowHeadersHeaderValue",
    "routingHttpResponseAccessControlAllowMethodsHeaderValue",
    "routingHttpResponseAccessControlAllowOriginHeaderValue",
    "routingHttpResponseAccessControlExposeHeadersHeaderValue",
    "routingHttpResponseAccessControlMaxAgeHeaderValue",
] as const;

export const albHttpsHsts: ResourceValidationPolicy = {
    name: "alb-https-hsts",
    description: "HTTPS listeners should send Strict-Transport-Security with a max-age of at least one year (31536000 s; " +
        "routingHttpResponseStrictTransportSecurityHeaderValue): without it a browser that once typed http:// can be " +
        "downgraded by anyone on the path before the redirect. Response-header attributes exist only on ALB (HTTP/HTTPS) " +
        "listeners.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isOneOf(args.type, LISTENER_TYPES)) {
            return;
        }
        const protocol = listenerProtocol(args.props);
        if (protocol !== "HTTP" && protocol !== "HTTPS") {
            const set = RESPONSE_HEADER_PROPS.filter(p => args.props[p] !== undefined && args.props[p] !== null);
            if (set.length > 0) {
                reportViolation(`${set.join(", ")} ${set.length === 1 ? "is" : "are"} set on a ${protocol ?? "Gateway"} listener: ` +
                    "response-header attributes apply only to ALB HTTP and HTTPS listeners; remove them.");
            }
            return;
        }
        if (protocol !== "HTTPS") {
            return;
        }
        const value = asString(args.props.routingHttpResponseStrictTransportSecurityHeaderValue);
        if (value === undefined || value.trim() === "") {
            reportViolation("routingHttpResponseStrictTransportSecurityHeaderValue is not set: set it to " +
                `"max-age=${HSTS_MIN_MAX_AGE}; includeSubDomains" (or longer).`);
            return;
        }
        const maxAge = hstsMaxAge(value);
        if (maxAge === undefined || maxAge < HSTS_MIN_MAX_AGE) {
            reportViolation(`routingHttpResponseStrictTransportSecurityHeaderValue is "${value}": its max-age must be at least ` +
                `${HSTS_MIN_MAX_AGE} (one year).`);
        }
    },
};

export const entryPolicies: Policies = [lbIpAddressTypeSupported, nlbInternalNoElasticIps, albHttpsHsts];
