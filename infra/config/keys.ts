// The key table: every stack config key, declared once with its Pulumi.yaml type, description,
// default and schema. Pulumi.yaml's `config:` block and the README's config reference are
// generated from it (`npm run docs`), nested fields included (from the schemas' descriptions).
import { z } from "zod";
import { bool, ipv4Cidr, ipv6Cidr, list, pattern, tagKey, tagValue } from "./values";
import { albListenersInput, nlbListenersInput, targetGroupsInput } from "./traffic";
import { ALB_DEFAULTS, albInput, NLB_DEFAULTS, nlbInput, REPLACED_LB_KEYS } from "./loadBalancers";
import { DEFAULT_WORKLOAD, SEED_GREETING, workloadInput, workloadWithMode } from "./workload";
import { certificateInput, dnsRecordsInput, fleetInput, logBucketInput, PRODUCTION_DEFAULTS, protectInput, retainInput, vpcInput, wafInput, withDefaults } from "./production";

export const PROJECT = "elb-web-tier";
export const DEFAULT_REGION = "ap-northeast-2";

export { SEED_GREETING };

export type PulumiConfigType = "string" | "integer" | "boolean" | "array" | "object";
export interface KeyMeta {
    /** Type as declared in Pulumi.yaml; "object" keys are declared with a `value` (Pulumi.yaml has no object type). */
    type: PulumiConfigType;
    items?: "string" | "integer";
    description: string;
    group: string;
}

export interface KeyDef<S extends z.ZodType = z.ZodType> {
    meta: KeyMeta;
    default: z.input<S>;
    schema: S;
    /** Object sections: the stack's partial value over the defaults, before the schema. */
    merge?: (value: unknown) => unknown;
}

function key<S extends z.ZodType>(group: string, type: PulumiConfigType, description: string, schema: S, defaultValue: z.input<S>, items?: "string" | "integer"): KeyDef<S> {
    return { meta: { type, description, group, ...(items ? { items } : {}) }, default: defaultValue, schema };
}

/** A key whose value is completed before its schema (workload: the greeting mode when none is given). */
function withMerge<S extends z.ZodType>(merge: (value: unknown) => unknown, def: KeyDef<S>): KeyDef<S> {
    return { ...def, merge };
}

/** An object section whose fields default one by one (a stack sets only what it changes). */
function section<S extends z.ZodType>(group: string, description: string, schema: S, defaults: Record<string, unknown>): KeyDef<S> {
    return { ...key(group, "object", description, schema, defaults as z.input<S>), merge: withDefaults(defaults) };
}

const stringList = <T extends z.ZodType<string>>(item: T) => list(item, "a list of strings");

export const KEYS = {
    // General
    team: key("General", "string", "Owning team, written to the Team tag of every resource.", tagValue.pipe(z.string().min(1, { error: "must not be empty" })), "platform"),
    extraTags: key("General", "object", "Additional tags for every taggable resource, as a map of key to value (for example CostCenter). Numbers are written as text.",
        z.record(tagKey, tagValue, { error: (iss) => (iss.code === "invalid_type" ? "must be a map of tag key to tag value" : undefined) }), {}),

    // Network
    vpc: section("Network", "Where the tier runs: the region's default VPC (availabilityZones), your VPC (id, subnetIds, instanceSubnetIds), or a dedicated VPC created here (create: public subnets for the load balancers, private ones for the instances).", vpcInput, PRODUCTION_DEFAULTS.vpc),

    // Ingress
    ingressCidrs: key("Ingress", "array", "IPv4 CIDRs allowed to reach the load balancers on their listener ports. Must not be empty: the NLB is IPv4-only.", stringList(ipv4Cidr), ["0.0.0.0/0"], "string"),
    ingressIpv6Cidrs: key("Ingress", "array", "IPv6 CIDRs allowed to reach the load balancers on their listener ports (used by a dualstack ALB).", stringList(ipv6Cidr), ["::/0"], "string"),
    ingressPrefixListIds: key("Ingress", "array", "Managed prefix lists allowed to reach the load balancers on their listener ports, beside ingressCidrs: CloudFront's origin-facing list (com.amazonaws.global.cloudfront.origin-facing) for an ALB behind CloudFront, or your organisation's own. AWS counts each reference as the list's maximum entries against the group's 60 inbound rules (CloudFront's: 55); the plan says what this stack uses.",
        stringList(pattern(/^pl-[0-9a-f]{8,17}$/, "a prefix list ID such as pl-0123456789abcdef0")), [], "string"),
    allowDirectInstanceHttp: key("Ingress", "boolean", "Also admit ingressCidrs to the instances on TG-ALB's port, as the seed's \"open the instance's public IP\" step does. Needs fleet.associatePublicIp.", bool(), false),

    // Instances
    workload: withMerge(workloadWithMode, key("Instances", "object", "What the web servers run and serve: the seed's greeting (default), your user data file, or your golden AMI; with the ports and health endpoints it serves and the instance role's permissions (see \"Ship your application\" in README.md).",
        workloadInput, DEFAULT_WORKLOAD)),
    fleet: section("Instances", "The web servers: the seed's instances (mode instances, instanceCount), or an Auto Scaling group with rolling instance refresh, ELB health checks and target tracking (mode autoscaling); their instance type, AMI, public IPs and monitoring.", fleetInput, PRODUCTION_DEFAULTS.fleet),

    // Production
    certificate: section("Production", "The stack's certificate for HTTPS and TLS listeners without their own, one of: an existing ACM certificate (arn), a new DNS-validated one (domainName + hostedZoneId), or your own imported from PEM (certificateBody, and privateKey set with --secret). Default: self-signed.", certificateInput, PRODUCTION_DEFAULTS.certificate),
    dnsRecords: section("Production", "Route53 alias records for the load balancers.", dnsRecordsInput, PRODUCTION_DEFAULTS.dnsRecords),
    logBucket: section("Production", "The access-log bucket this stack creates for the ALB and NLB.", logBucketInput, PRODUCTION_DEFAULTS.logBucket),
    waf: section("Production", "WAFv2 on the ALB.", wafInput, PRODUCTION_DEFAULTS.waf),
    protect: section("Production", "protect: Pulumi fails an update that would delete or replace these.", protectInput, PRODUCTION_DEFAULTS.protect),
    retainOnDelete: section("Production", "retainOnDelete: when Pulumi deletes these, AWS keeps them (allocated and billed; adopt an Elastic IP again through nlb.eipAllocationIds).", retainInput, PRODUCTION_DEFAULTS.retainOnDelete),

    // Traffic
    targetGroups: key("Traffic", "object", "Target groups by name. TG-ALB (HTTP:80) and TG-NLB (TCP:80) exist by default; set their fields with `pulumi config set --path 'targetGroups.TG-ALB.port' 8080`, add more, or drop one with enabled: false.",
        targetGroupsInput, {}),
    albListeners: key("Traffic", "object", "ALB listeners by name. http (HTTP:80, redirects to HTTPS) and https (HTTPS:443, forwards to TG-ALB) exist by default; each may carry rules by name.",
        albListenersInput, {}),
    nlbListeners: key("Traffic", "object", "NLB listeners by name. tcp (TCP:80, forwards to TG-NLB) exists by default; add TLS, UDP or TCP_UDP listeners.",
        nlbListenersInput, {}),

    // Load balancers
    alb: section("ALB", "The Application Load Balancer's own attributes: scheme, address type, timeouts, capacity reservation, zonal shift, header handling, deletion protection, access logs.", albInput, ALB_DEFAULTS),
    nlb: section("NLB", "The Network Load Balancer's own attributes: scheme, address type, Elastic IPs, DNS routing, cross-zone, capacity reservation, zonal shift, deletion protection, access logs.", nlbInput, NLB_DEFAULTS),
};
export type KeyName = keyof typeof KEYS;

/** Keys of earlier versions: setting one fails with its replacement, never silently ignored. */
export const REPLACED_KEYS: Record<string, string> = {
    ...Object.fromEntries([
        ["Port", "port"], ["HealthCheckPath", "healthCheck.path"], ["HealthCheckPort", "healthCheck.port"], ["HealthCheckProtocol", "healthCheck.protocol"],
        ["HealthCheckInterval", "healthCheck.interval"], ["HealthCheckTimeout", "healthCheck.timeout"], ["HealthyThreshold", "healthCheck.healthyThreshold"],
        ["UnhealthyThreshold", "healthCheck.unhealthyThreshold"], ["HealthCheckMatcher", "healthCheck.matcher"], ["DeregistrationDelay", "deregistrationDelay"],
        ["SlowStart", "slowStart"], ["Algorithm", "algorithm"], ["AnomalyMitigation", "anomalyMitigation"], ["Stickiness", "stickiness.enabled"],
        ["StickinessDuration", "stickiness.duration"], ["ConnectionTermination", "connectionTermination"], ["PreserveClientIp", "preserveClientIp"],
        ["ProxyProtocolV2", "proxyProtocolV2"],
    ].flatMap(([suffix, field]) => [[`tgAlb${suffix}`, `targetGroups.TG-ALB.${field}`], [`tgNlb${suffix}`, `targetGroups.TG-NLB.${field}`]])),
    albHttps: "albListeners.https.enabled",
    albCertificateArn: "certificate.arn (or albListeners.https.certificateArn)",
    certificateArn: "certificate.arn",
    albSslPolicy: "albListeners.https.sslPolicy",
    albHttpRedirect: "albListeners.http.defaultAction",
    albListenerRules: "albListeners.https.rules (a map of rule name to {priority, conditions, action})",
    greeting: "workload.greeting",
    ...REPLACED_LB_KEYS,
    vpcId: "vpc.id",
    ...Object.fromEntries(["subnetIds", "instanceSubnetIds", "availabilityZones"].map((k) => [k, `vpc.${k}`])),
    ...Object.fromEntries(["instanceCount", "instanceType", "amiId", "associatePublicIp", "detailedMonitoring"].map((k) => [k, `fleet.${k}`])),
};
