// The load balancers' own attributes as a stack writes them: one `alb` and one `nlb` section, each
// field defaulting on its own (a stack sets only what it changes). Their listeners, rules and
// target groups are the named maps of traffic.ts (albListeners, nlbListeners, targetGroups).
// A field named like an aws.lb.LoadBalancerArgs argument reaches the load balancer as is; one named
// otherwise needs its line in infra/alb.ts ALB_FIELDS or infra/nlb.ts NLB_FIELDS (tsc asks for it).
// A new provider attribute is best optional: unset, AWS's default stays and stacks plan unchanged.
import { z } from "zod";
import { bool, bucketName, intRange, list, logPrefix, oneOf, pattern } from "./values";
import { lcuReservation, zonalAutoshiftInput } from "./traffic";

/**
 * Security groups of the team's own beside web_access_sg (an organisation's mandated group, a
 * group other resources admit by reference). AWS: at most 5 security groups per load balancer
 * ("Quotas for your Application Load Balancers" / "... Network Load Balancers"), web_access_sg one
 * of them. Their rules are the team's: the pack sees only this stack's groups.
 */
const extraSecurityGroupIds = list(pattern(/^sg-[0-9a-f]{8,17}$/, "a security group ID such as sg-0123456789abcdef0"), "a list of security group IDs")
    .max(4, { error: "must list at most 4 security groups: AWS allows 5 per load balancer, and web_access_sg is one" });

const accessLogsInput = z.strictObject({
    bucket: bucketName.describe("Your S3 bucket for access logs (its policy must allow ELB log delivery). Empty: off, unless logBucket.create gives the stack's own."),
    prefix: logPrefix.describe("Key prefix for the access logs (in your bucket, or in the stack's log bucket)."),
}, { error: "must be a map of bucket and prefix" });

export const albInput = z.strictObject({
    scheme: oneOf(["internet-facing", "internal"] as const).describe("internet-facing (the seed's), or internal: private IPs only, in the instances' (private) subnets."),
    ipAddressType: oneOf(["ipv4", "dualstack", "dualstack-without-public-ipv4"] as const)
        .describe("ipv4, dualstack (needs subnets with IPv6 CIDRs), or dualstack-without-public-ipv4 (IPv6 only from the internet; internet-facing ALBs only)."),
    idleTimeout: intRange(1, 4000).describe("Idle connection timeout in seconds (1-4000)."),
    clientKeepAlive: intRange(60, 604800).describe("Client keep-alive: seconds a client connection may live before the ALB closes it, 60-604800 (AWS's default 3600)."),
    minimumCapacityUnits: lcuReservation(100).describe("LCU reservation: capacity the ALB keeps at all times, 0 (off) or at least 100 LCUs (15,000 per ALB unless AWS raises the quota). Billed hourly whether used or not (see the README's cost note)."),
    ipamPoolId: pattern(/^$|^ipam-pool-[0-9a-f]{17}$/, "empty or an IPAM pool ID such as ipam-pool-0123456789abcdef0").describe("An IPAM pool to take the ALB's public IPv4 addresses from (internet-facing ALBs). Empty: Amazon's pool."),
    zonalShift: bool().describe("ARC zonal shift integration: lets you (or autoshift) move traffic away from one Availability Zone."),
    zonalAutoshift: zonalAutoshiftInput.describe("ARC zonal autoshift (needs alb.zonalShift): AWS shifts traffic away from an impaired AZ and runs weekly practice runs judged by outcomeAlarms."),
    healthCheckLogs: bool().describe("Write the ALB's health-check logs to the stack's log bucket (needs logBucket.create), next to its access and connection logs."),
    dropInvalidHeaderFields: bool().describe("Drop HTTP headers with invalid field names."),
    desyncMitigationMode: oneOf(["monitor", "defensive", "strictest"] as const).describe("HTTP desync mitigation: monitor, defensive or strictest."),
    deletionProtection: bool().describe("Refuse to delete the ALB until this is turned off."),
    accessLogs: accessLogsInput.describe("Access logs to your own bucket ({bucket, prefix}); with logBucket.create only the prefix applies."),
    extraSecurityGroupIds: extraSecurityGroupIds.describe("Your security groups for the ALB besides web_access_sg (in the stack's VPC; at most 4). Their rules are yours: the policy pack checks only the stack's own groups."),
    // Provider-named attributes, passed as written; unset, AWS's default stays (stacks plan unchanged).
    enableHttp2: bool().optional().describe("HTTP/2 between clients and the ALB (AWS's default: on). Off, clients speak HTTP/1.1 only, so no HTTP2 or GRPC target group can be reached."),
    preserveHostHeader: bool().optional().describe("Send the request's Host header to the targets unchanged, port included (AWS's default: off)."),
    xffHeaderProcessingMode: oneOf(["append", "preserve", "remove"] as const).optional().describe("X-Forwarded-For: append the client's address (AWS's default), preserve the header as the client sent it, or remove it."),
    enableXffClientPort: bool().optional().describe("Add the client's source port to X-Forwarded-For (AWS's default: off)."),
}, { error: "must be a map of ALB settings" });

export const nlbInput = z.strictObject({
    scheme: oneOf(["internet-facing", "internal"] as const).describe("internet-facing (the seed's, with Elastic IPs), or internal: private IPs in the instances' (private) subnets, no Elastic IPs."),
    ipAddressType: oneOf(["ipv4", "dualstack"] as const).describe("ipv4, or dualstack (needs subnets with IPv6 CIDRs; UDP listeners then need nlb.ipv6SourceNatPrefix)."),
    ipv6SourceNatPrefix: bool().describe("Dualstack NLB: give each subnet an IPv6 /80 source NAT prefix (required for UDP listeners on a dualstack NLB)."),
    minimumCapacityUnits: lcuReservation(2750).describe("LCU reservation: 0 (off) or the LCUs the NLB keeps at all times, 2,750 to 45,000 per AZ (1 LCU = 2.2 Mbps; not with TLS listeners). Billed hourly whether used or not."),
    dnsClientRoutingPolicy: oneOf(["any_availability_zone", "availability_zone_affinity", "partial_availability_zone_affinity"] as const)
        .describe("How clients are sent to zones by DNS: any_availability_zone (default), availability_zone_affinity or partial_availability_zone_affinity."),
    zonalShift: bool().describe("ARC zonal shift integration (with cross-zone on, every target group must be TCP or TLS, not alb, without unhealthy connection termination)."),
    zonalAutoshift: zonalAutoshiftInput.describe("ARC zonal autoshift for the NLB (needs nlb.zonalShift), as alb.zonalAutoshift."),
    crossZone: bool().describe("Cross-zone load balancing. Off needs an instance in every AZ, or a static IP in an AZ without targets answers nothing."),
    eipAllocationIds: list(pattern(/^eipalloc-[0-9a-f]{8,17}$/, "an allocation ID such as eipalloc-0123456789abcdef0"), "a list of strings")
        .describe("Existing Elastic IP allocations, one per AZ in AZ order, to keep the static IPs across NLB replacement. Empty: new ones are allocated."),
    deletionProtection: bool().describe("Refuse to delete the NLB until this is turned off."),
    accessLogs: accessLogsInput.describe("Access logs to your own bucket ({bucket, prefix}; NLBs log TLS listeners only); with logBucket.create only the prefix applies."),
    extraSecurityGroupIds: extraSecurityGroupIds.describe("Your security groups for the NLB besides web_access_sg (in the stack's VPC; at most 4), added in place. Their rules are yours: the policy pack checks only the stack's own groups."),
}, { error: "must be a map of NLB settings" });

export type AlbSettings = z.output<typeof albInput>;
export type NlbSettings = z.output<typeof nlbInput>;

export const ALB_DEFAULTS = {
    scheme: "internet-facing", ipAddressType: "ipv4", idleTimeout: 60, clientKeepAlive: 3600, minimumCapacityUnits: 0, ipamPoolId: "",
    zonalShift: false, zonalAutoshift: {}, healthCheckLogs: false, dropInvalidHeaderFields: true, desyncMitigationMode: "defensive",
    deletionProtection: false, accessLogs: { bucket: "", prefix: "" }, extraSecurityGroupIds: [],
} as const;

export const NLB_DEFAULTS = {
    scheme: "internet-facing", ipAddressType: "ipv4", ipv6SourceNatPrefix: false, minimumCapacityUnits: 0, dnsClientRoutingPolicy: "any_availability_zone",
    zonalShift: false, zonalAutoshift: {}, crossZone: true, eipAllocationIds: [], deletionProtection: false, accessLogs: { bucket: "", prefix: "" },
    extraSecurityGroupIds: [],
} as const;

/** The flat keys of v2 (one per attribute) and the section field that replaced each. */
export const REPLACED_LB_KEYS: Record<string, string> = Object.fromEntries((["alb", "nlb"] as const).flatMap((lb) => {
    const fields = Object.keys(lb === "alb" ? albInput.shape : nlbInput.shape).filter((f) => f !== "accessLogs");
    return [
        ...fields.map((f) => [`${lb}${f[0].toUpperCase()}${f.slice(1)}`, `${lb}.${f}`]),
        [`${lb}AccessLogsBucket`, `${lb}.accessLogs.bucket`],
        [`${lb}AccessLogsPrefix`, `${lb}.accessLogs.prefix`],
    ];
}));

/**
 * Where a load balancer's access logs go, decided once (load.ts, after the rules made sure the
 * two are not both set): the bucket this stack creates (logBucket.create, under the section's
 * prefix or the load balancer's own), your bucket (accessLogs.bucket), or nowhere.
 */
export type AccessLogsChoice =
    | { mode: "stackBucket"; prefix: string }
    | { mode: "existing"; bucket: string; prefix: string }
    | { mode: "none" };

export function accessLogsChoice(lb: "alb" | "nlb", given: AlbSettings["accessLogs"], stackBucket: boolean): AccessLogsChoice {
    if (stackBucket) return { mode: "stackBucket", prefix: given.prefix || lb };
    if (given.bucket) return { mode: "existing", bucket: given.bucket, prefix: given.prefix };
    return { mode: "none" };
}

/**
 * AWS writes an NLB's access logs for TLS listeners only ("Access logs for your Network Load
 * Balancer": "created only if the load balancer has a TLS listener"): a bucket the stack names for
 * an NLB without one is accepted and never written to. The plan says so (AWS does not refuse it).
 * The stack's own log bucket (logBucket.create) is left out: it is set for the ALB, not asked for
 * the NLB.
 */
export function nlbAccessLogsWarning(c: { accessLogs: { nlb: AccessLogsChoice }; traffic: { nlbListeners: readonly { protocol: string }[] } }): string | undefined {
    const logs = c.accessLogs.nlb;
    if (logs.mode !== "existing" || c.traffic.nlbListeners.some((l) => l.protocol === "TLS")) return undefined;
    const protocols = [...new Set(c.traffic.nlbListeners.map((l) => l.protocol))].join(", ");
    return `warning: nlb.accessLogs.bucket is ${logs.bucket}, but the NLB has no TLS listener (only ${protocols}): AWS writes NLB access logs for TLS listeners only, so none will arrive; add a TLS listener, or drop nlb.accessLogs (VPC flow logs record TCP and UDP connections)`;
}
