// The one typed, validated view of stack config. Nothing else in infra/ reads config.
//
// Every key is declared once, in `keys` below, with its Pulumi.yaml type, description, default
// and validation. Pulumi.yaml's `config:` block and the README's config reference are generated
// from this table (`npm run docs`), and a test keeps them in step.
//
// Rules AWS itself enforces only at `pulumi up` (minutes in, after other resources exist) are
// checked here, so a bad input fails before any resource is declared.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

export const PROJECT = "elb-web-tier";
export const DEFAULT_REGION = "ap-northeast-2";

/** The seed's greeting: "Hello, this is InnoStudy." (followed by the host name on the page). */
export const SEED_GREETING = "안녕하세요. 이노스터디 입니다.";

/** A config error that Pulumi prints without a stack trace: one line per problem. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(`Invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

// ---------------------------------------------------------------------------------------------
// Value schemas, each with a message that says what is allowed.

const intRange = (min: number, max: number) =>
    z.int({ error: `must be an integer from ${min} to ${max}` }).min(min, { error: `must be from ${min} to ${max}` }).max(max, { error: `must be from ${min} to ${max}` });

const bool = () => z.boolean({ error: "must be true or false" });

const pattern = (re: RegExp, allowed: string) =>
    z.string({ error: `must be a string: ${allowed}` }).regex(re, { error: `must be ${allowed}` });

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { error: `must be one of ${values.join(", ")}` });

const stringList = (item: z.ZodType<string>) => z.array(item, { error: "must be a list of strings" });

function isIpv4Cidr(value: string): boolean {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
    if (!m) return false;
    const octets = m.slice(1, 5).map(Number);
    const bits = Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 32) return false;
    // AWS stores the network address; a CIDR with host bits set (10.0.0.1/8) shows as a
    // perpetual diff, so ask for the canonical form.
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const hostBits = 2 ** (32 - bits);
    return address % hostBits === 0;
}

function isIpv6Cidr(value: string): boolean {
    const m = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(value);
    if (!m || Number(m[2]) > 128) return false;
    const parts = m[1].split("::");
    if (parts.length > 2) return false;
    const groups = parts.flatMap((p) => (p === "" ? [] : p.split(":")));
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return false;
    return parts.length === 2 ? groups.length < 8 : groups.length === 8;
}

const ipv4Cidr = z.string().refine(isIpv4Cidr, { error: "must be an IPv4 CIDR in canonical form, such as 0.0.0.0/0 or 203.0.113.0/24" });
const ipv6Cidr = z.string().refine(isIpv6Cidr, { error: "must be an IPv6 CIDR, such as ::/0 or 2001:db8::/32" });
const anyCidr = z.string().refine((v) => isIpv4Cidr(v) || isIpv6Cidr(v), { error: "must be an IPv4 or IPv6 CIDR" });

// Tag values: AWS allows letters, numbers, spaces and _ . : / = + - @, up to 256 characters.
const tagValue = z.string({ error: "must be a string" }).max(256, { error: "must be at most 256 characters" })
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, { error: "may contain only letters, numbers, spaces and _ . : / = + - @" });
const tagKey = z.string().min(1).max(128, { error: "tag keys must be 1 to 128 characters" })
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, { error: "tag keys may contain only letters, numbers, spaces and _ . : / = + - @" })
    .refine((k) => !k.toLowerCase().startsWith("aws:"), { error: "tag keys must not start with aws: (reserved by AWS)" });

// S3 bucket naming rules: 3-63 characters, lowercase letters, digits, dots and hyphens,
// beginning and ending with a letter or digit.
const bucketName = pattern(/^$|^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens) or empty");
// ELB access-log prefixes must not contain "AWSLogs" and must not start or end with "/".
const logPrefix = z.string().max(256).refine((p) => !p.includes("AWSLogs") && !p.startsWith("/") && !p.endsWith("/"), {
    error: "must not contain AWSLogs and must not start or end with /",
});

// Health check settings AWS enforces for every target group (CreateTargetGroup API reference).
const healthCheckPath = pattern(/^\/[\x21-\x7e]{0,1023}$/, "a path starting with / (at most 1024 printable characters)");
const healthCheckPort = pattern(/^(traffic-port|[1-9]\d{0,4})$/, "traffic-port or a port number from 1 to 65535")
    .refine((p) => p === "traffic-port" || Number(p) <= 65535, { error: "must be traffic-port or a port number from 1 to 65535" });
const matcher = (low: number, high: number) =>
    pattern(/^\d{3}((,\d{3})*|-\d{3})$/, `HTTP codes from ${low} to ${high}: a code (200), a list (200,202) or a range (200-299)`)
        .refine((m) => m.split(/[,-]/).every((c) => Number(c) >= low && Number(c) <= high), { error: `codes must be from ${low} to ${high}` });

// Current TLS 1.3 security policies with TLS 1.2 as the floor and no legacy CBC/SHA-1 ciphers
// (AWS, "Security policies for your Application Load Balancer"); the -Ext variants, which add
// those ciphers back, are left out, as in the policy pack's default allowlist. The -PQ- policies
// add hybrid post-quantum key exchange; ...-Res-PQ-2025-09 is AWS's recommendation.
export const TLS_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
] as const;

// ---------------------------------------------------------------------------------------------
// ALB listener rules. Limits from "Quotas for your Application Load Balancers" and "Condition
// types for listener rules": priorities 1-50000, at most one of each of host-header, path-pattern,
// http-request-method and source-ip per rule, at most 3 values per condition, at most 5
// condition values and 5 wildcards per rule,
// 128 characters per host or path pattern; fixed responses 2XX/4XX/5XX with a body up to 1024
// bytes; redirects HTTP_301 or HTTP_302.

const hostPattern = pattern(/^[A-Za-z0-9\-_.*?]{1,128}$/, "a host name pattern of up to 128 characters: letters, digits, - _ . * ?")
    .refine((h) => h.includes("."), { error: "must include at least one '.'" });
const pathPattern = pattern(/^[A-Za-z0-9_\-.$/~"'@:+&*?]{1,128}$/, "a path pattern of up to 128 characters: letters, digits and _ - . $ / ~ \" ' @ : + & * ?");
const httpMethod = pattern(/^[A-Z_-]{1,40}$/, "an HTTP method name in upper case (GET, POST, ...)");

const forwardAction = z.strictObject({ type: z.literal("forward") });
const fixedResponseAction = z.strictObject({
    type: z.literal("fixed-response"),
    statusCode: pattern(/^[245]\d\d$/, "a 2XX, 4XX or 5XX status code"),
    contentType: oneOf(["text/plain", "text/css", "text/html", "application/javascript", "application/json"] as const).default("text/plain"),
    messageBody: z.string().refine((b) => Buffer.byteLength(b, "utf8") <= 1024, { error: "must be at most 1024 bytes" }).default(""),
});
const redirectAction = z.strictObject({
    type: z.literal("redirect"),
    statusCode: oneOf(["HTTP_301", "HTTP_302"] as const).default("HTTP_301"),
    protocol: oneOf(["HTTP", "HTTPS", "#{protocol}"] as const).optional(),
    host: z.string().min(1).max(128).optional(),
    port: pattern(/^(#\{port\}|[1-9]\d{0,4})$/, "#{port} or a port number").optional(),
    path: pattern(/^\/.{0,127}$/, "a path starting with / (at most 128 characters)").optional(),
    query: z.string().max(128).optional(),
}).refine((r) => r.protocol || r.host || r.port || r.path || r.query !== undefined, {
    error: "a redirect must change at least one of protocol, host, port, path or query (otherwise it loops)",
});

const conditionValues = (item: z.ZodType<string>) =>
    stringList(item).min(1, { error: "must list at least one value (or leave the condition out)" })
        .max(3, { error: "AWS allows at most 3 values per condition" });

const listenerRule = z.strictObject({
    priority: intRange(1, 50000),
    pathPatterns: conditionValues(pathPattern).optional(),
    hostHeaders: conditionValues(hostPattern).optional(),
    httpRequestMethods: conditionValues(httpMethod).optional(),
    sourceIps: conditionValues(anyCidr).optional(),
    action: z.discriminatedUnion("type", [forwardAction, fixedResponseAction, redirectAction], {
        error: "must be forward, fixed-response or redirect",
    }),
}).superRefine((rule, ctx) => {
    const values = [rule.pathPatterns, rule.hostHeaders, rule.httpRequestMethods, rule.sourceIps].flatMap((v) => v ?? []);
    if (values.length === 0) {
        ctx.addIssue({ code: "custom", message: "needs at least one condition (pathPatterns, hostHeaders, httpRequestMethods or sourceIps)" });
    }
    if (values.length > 5) {
        ctx.addIssue({ code: "custom", message: `has ${values.length} condition values; AWS allows at most 5 per rule` });
    }
    const wildcards = [...(rule.pathPatterns ?? []), ...(rule.hostHeaders ?? [])].join("").replace(/[^*?]/g, "").length;
    if (wildcards > 5) {
        ctx.addIssue({ code: "custom", message: `has ${wildcards} wildcards; AWS allows at most 5 per rule` });
    }
});
export type ListenerRuleConfig = z.infer<typeof listenerRule>;

// ---------------------------------------------------------------------------------------------
// The key table.

export type PulumiConfigType = "string" | "integer" | "boolean" | "array" | "object";
export interface KeyMeta {
    /** Type as declared in Pulumi.yaml; "object" keys are declared with a `value` (Pulumi.yaml has no object type). */
    type: PulumiConfigType;
    items?: "string" | "integer";
    description: string;
    group: string;
}

function key<S extends z.ZodType>(group: string, type: PulumiConfigType, description: string, schema: S, defaultValue: z.input<S>, items?: "string" | "integer") {
    const meta: KeyMeta = { type, description, group, ...(items ? { items } : {}) };
    return schema.default(defaultValue as never).meta(meta as unknown as Record<string, unknown>);
}

const keys = {
    // General
    team: key("General", "string", "Owning team, written to the Team tag of every resource.", tagValue.min(1, { error: "must not be empty" }), "platform"),
    extraTags: key("General", "object", "Additional tags for every taggable resource, as a map of key to value (for example CostCenter).",
        z.record(tagKey, tagValue, { error: (iss) => (iss.code === "invalid_type" ? "must be a map of tag key to tag value" : undefined) }), {}),

    // Network
    vpcId: key("Network", "string", "Existing VPC to deploy into. Empty: the region's default VPC, as the seed does.",
        pattern(/^$|^vpc-[0-9a-f]{8,17}$/, "empty or a VPC ID such as vpc-0123456789abcdef0"), ""),
    subnetIds: key("Network", "array", "Public subnets in vpcId, one per Availability Zone (at least two). Required with vpcId, not allowed without it.",
        stringList(pattern(/^subnet-[0-9a-f]{8,17}$/, "a subnet ID such as subnet-0123456789abcdef0")), [], "string"),
    availabilityZones: key("Network", "array", "Availability Zones to use in the default VPC (at least two). Empty: every standard AZ of the region, as the seed does.",
        stringList(pattern(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "an Availability Zone name such as ap-northeast-2a")), [], "string"),

    // Ingress
    ingressCidrs: key("Ingress", "array", "IPv4 CIDRs allowed to reach the load balancers on HTTP 80 and HTTPS 443.", stringList(ipv4Cidr), ["0.0.0.0/0"], "string"),
    ingressIpv6Cidrs: key("Ingress", "array", "IPv6 CIDRs allowed to reach the load balancers on HTTP 80 and HTTPS 443.", stringList(ipv6Cidr), ["::/0"], "string"),
    allowDirectInstanceHttp: key("Ingress", "boolean", "Also admit ingressCidrs to the instances on their HTTP port, as the seed's \"open the instance's public IP\" step does. Needs associatePublicIp.", bool(), false),

    // Instances
    instanceCount: key("Instances", "integer", "Number of EC2_Web instances, spread round-robin across the Availability Zones.", intRange(1, 20), 2),
    instanceType: key("Instances", "string", "EC2 instance type. Graviton types (t4g, m7g, ...) get the arm64 AMI.",
        pattern(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an instance type such as t3.micro or t4g.small"), "t3.micro"),
    amiId: key("Instances", "string", "AMI to launch. Empty: the current Amazon Linux 2023 AMI, resolved at deploy time from SSM (a newer AMI replaces the instances on the next up).",
        pattern(/^$|^ami-[0-9a-f]{8,17}$/, "empty or an AMI ID such as ami-0123456789abcdef0"), ""),
    greeting: key("Instances", "string", "Greeting on each instance's page, followed by its host name. UTF-8 is kept as is.",
        z.string().min(1, { error: "must not be empty" }).max(200, { error: "must be at most 200 characters" })
            .refine((g) => !/[\p{Cc}]/u.test(g), { error: "must not contain control characters (newlines, tabs)" }), SEED_GREETING),
    associatePublicIp: key("Instances", "boolean", "Give instances a public IP. The seed's instances have one, and without it they need a NAT gateway or VPC endpoints to install httpd.", bool(), true),
    detailedMonitoring: key("Instances", "boolean", "Enable 1-minute CloudWatch detailed monitoring on the instances.", bool(), false),

    // TG-ALB
    tgAlbPort: key("Target group TG-ALB", "integer", "Port the instances serve the ALB on (HTTP).", intRange(1, 65535), 80),
    tgAlbHealthCheckPath: key("Target group TG-ALB", "string", "Health check path.", healthCheckPath, "/"),
    tgAlbHealthCheckPort: key("Target group TG-ALB", "string", "Health check port: traffic-port or a number.", healthCheckPort, "traffic-port"),
    tgAlbHealthCheckProtocol: key("Target group TG-ALB", "string", "Health check protocol: HTTP or HTTPS.", oneOf(["HTTP", "HTTPS"] as const), "HTTP"),
    tgAlbHealthCheckInterval: key("Target group TG-ALB", "integer", "Seconds between health checks (5-300; more than the timeout).", intRange(5, 300), 30),
    tgAlbHealthCheckTimeout: key("Target group TG-ALB", "integer", "Seconds to wait for a health check response (2-120; less than the interval).", intRange(2, 120), 5),
    tgAlbHealthyThreshold: key("Target group TG-ALB", "integer", "Consecutive successes before a target is healthy (2-10).", intRange(2, 10), 5),
    tgAlbUnhealthyThreshold: key("Target group TG-ALB", "integer", "Consecutive failures before a target is unhealthy (2-10).", intRange(2, 10), 2),
    tgAlbHealthCheckMatcher: key("Target group TG-ALB", "string", "HTTP codes that mean healthy: 200, 200,202 or 200-299 (ALB allows 200-499).", matcher(200, 499), "200"),
    tgAlbDeregistrationDelay: key("Target group TG-ALB", "integer", "Seconds to drain in-flight requests before a target is deregistered (0-3600).", intRange(0, 3600), 300),
    tgAlbSlowStart: key("Target group TG-ALB", "integer", "Seconds a new target ramps up its share of requests: 0 (off) or 30-900. Only with round_robin.", intRange(0, 900), 0),
    tgAlbAlgorithm: key("Target group TG-ALB", "string", "Routing algorithm: round_robin, least_outstanding_requests or weighted_random.",
        oneOf(["round_robin", "least_outstanding_requests", "weighted_random"] as const), "round_robin"),
    tgAlbAnomalyMitigation: key("Target group TG-ALB", "boolean", "Automatic target weights (anomaly mitigation). Only with weighted_random.", bool(), false),
    tgAlbStickiness: key("Target group TG-ALB", "boolean", "Keep a client's session on one instance with the ALB's lb_cookie.", bool(), false),
    tgAlbStickinessDuration: key("Target group TG-ALB", "integer", "lb_cookie lifetime in seconds (1-604800).", intRange(1, 604800), 86400),

    // TG-NLB
    tgNlbPort: key("Target group TG-NLB", "integer", "Port the instances serve the NLB on (TCP). Must differ from tgAlbPort when tgNlbProxyProtocolV2 is on.", intRange(1, 65535), 80),
    tgNlbHealthCheckProtocol: key("Target group TG-NLB", "string", "Health check protocol: TCP, HTTP or HTTPS.", oneOf(["TCP", "HTTP", "HTTPS"] as const), "TCP"),
    tgNlbHealthCheckPath: key("Target group TG-NLB", "string", "Health check path (HTTP/HTTPS health checks only).", healthCheckPath, "/"),
    tgNlbHealthCheckPort: key("Target group TG-NLB", "string", "Health check port: traffic-port or a number.", healthCheckPort, "traffic-port"),
    tgNlbHealthCheckInterval: key("Target group TG-NLB", "integer", "Seconds between health checks (5-300; more than the timeout).", intRange(5, 300), 30),
    tgNlbHealthCheckTimeout: key("Target group TG-NLB", "integer", "Seconds to wait for a health check response (2-120; less than the interval).", intRange(2, 120), 10),
    tgNlbHealthyThreshold: key("Target group TG-NLB", "integer", "Consecutive successes before a target is healthy (2-10).", intRange(2, 10), 5),
    tgNlbUnhealthyThreshold: key("Target group TG-NLB", "integer", "Consecutive failures before a target is unhealthy (2-10).", intRange(2, 10), 2),
    tgNlbHealthCheckMatcher: key("Target group TG-NLB", "string", "HTTP codes that mean healthy for HTTP/HTTPS health checks (NLB allows 200-599).", matcher(200, 599), "200-399"),
    tgNlbDeregistrationDelay: key("Target group TG-NLB", "integer", "Seconds before a deregistering target stops receiving new connections (0-3600).", intRange(0, 3600), 300),
    tgNlbConnectionTermination: key("Target group TG-NLB", "boolean", "Close open connections when the deregistration delay ends.", bool(), false),
    tgNlbPreserveClientIp: key("Target group TG-NLB", "boolean", "Pass the client's IP address through to the instances (AWS's default for instance targets).", bool(), true),
    tgNlbProxyProtocolV2: key("Target group TG-NLB", "boolean", "Send a proxy protocol v2 header; httpd is configured to read it on tgNlbPort. Needs a TCP health check.", bool(), false),
    tgNlbStickiness: key("Target group TG-NLB", "boolean", "Keep a client on one instance by source IP.", bool(), false),

    // ALB
    albIpAddressType: key("ALB", "string", "ipv4, or dualstack (needs subnets with IPv6 CIDRs).", oneOf(["ipv4", "dualstack"] as const), "ipv4"),
    albHttps: key("ALB", "boolean", "Add the HTTPS:443 listener.", bool(), true),
    albCertificateArn: key("ALB", "string", "ACM certificate for HTTPS, in the stack's region. Empty: a self-signed certificate is generated once and imported into ACM (browsers warn).",
        pattern(/^$|^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "empty or an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)"), ""),
    albSslPolicy: key("ALB", "string", "TLS security policy of the HTTPS listener (a TLS 1.3 policy with TLS 1.2 as the floor).", oneOf(TLS_POLICIES), "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"),
    albHttpRedirect: key("ALB", "boolean", "When HTTPS is on, the HTTP:80 listener redirects to HTTPS (301); otherwise it forwards to TG-ALB.", bool(), true),
    albListenerRules: key("ALB", "object", "Listener rules on the HTTPS listener (the HTTP one when HTTPS is off): a list of {priority, pathPatterns?, hostHeaders?, httpRequestMethods?, sourceIps?, action: {type: forward | fixed-response | redirect, ...}}.",
        z.array(listenerRule, { error: "must be a list of listener rules" }).max(100, { error: "AWS allows at most 100 rules per load balancer" }), []),
    albDropInvalidHeaderFields: key("ALB", "boolean", "Drop HTTP headers with invalid field names.", bool(), true),
    albDesyncMitigationMode: key("ALB", "string", "HTTP desync mitigation: monitor, defensive or strictest.", oneOf(["monitor", "defensive", "strictest"] as const), "defensive"),
    albIdleTimeout: key("ALB", "integer", "Idle connection timeout in seconds (1-4000).", intRange(1, 4000), 60),
    albDeletionProtection: key("ALB", "boolean", "Refuse to delete the ALB until this is turned off.", bool(), false),
    albAccessLogsBucket: key("ALB", "string", "S3 bucket for access logs (its policy must allow ELB log delivery). Empty: off.", bucketName, ""),
    albAccessLogsPrefix: key("ALB", "string", "Key prefix for access logs.", logPrefix, ""),

    // NLB
    nlbCrossZone: key("NLB", "boolean", "Cross-zone load balancing. Off needs an instance in every AZ, or a static IP in an AZ without targets answers nothing.", bool(), true),
    nlbEipAllocationIds: key("NLB", "array", "Existing Elastic IP allocations, one per AZ in AZ order, to keep the static IPs across NLB replacement. Empty: new ones are allocated.",
        stringList(pattern(/^eipalloc-[0-9a-f]{8,17}$/, "an allocation ID such as eipalloc-0123456789abcdef0")), [], "string"),
    nlbDeletionProtection: key("NLB", "boolean", "Refuse to delete the NLB until this is turned off.", bool(), false),
    nlbAccessLogsBucket: key("NLB", "string", "S3 bucket for access logs (NLBs log TLS listeners only). Empty: off.", bucketName, ""),
    nlbAccessLogsPrefix: key("NLB", "string", "Key prefix for access logs.", logPrefix, ""),
};

const configSchema = z.strictObject(keys).superRefine(crossFieldRules);
type RawConfig = z.output<typeof configSchema>;

/** Everything the program needs from config, plus stack facts. */
export interface WebTierConfig extends RawConfig {
    project: string;
    stack: string;
    region: string;
    tags: Record<string, string>;
}

/** Metadata for Pulumi.yaml and the README: key -> {type, description, group, default}. */
export function keyReference(): { key: string; meta: KeyMeta; default: unknown }[] {
    return Object.entries(keys).map(([k, schema]) => ({
        key: k,
        meta: schema.meta() as unknown as KeyMeta,
        default: (schema as unknown as { _zod: { def: { defaultValue: unknown } } })._zod.def.defaultValue,
    }));
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules AWS enforces (or that would otherwise deploy something that cannot work).

type Ctx = z.RefinementCtx;
function issue(ctx: Ctx, path: string, message: string) {
    ctx.addIssue({ code: "custom", path: [path], message });
}

function crossFieldRules(c: z.output<z.ZodObject<typeof keys>>, ctx: Ctx): void {
    if (c.vpcId && c.subnetIds.length === 0) issue(ctx, "subnetIds", "is required with vpcId: list one public subnet per Availability Zone");
    if (!c.vpcId && c.subnetIds.length > 0) issue(ctx, "subnetIds", "needs vpcId; without vpcId the default VPC's subnets are used");
    if (c.subnetIds.length === 1) issue(ctx, "subnetIds", "lists one subnet; an ALB needs subnets in at least two Availability Zones");
    if (c.vpcId && c.availabilityZones.length > 0) issue(ctx, "availabilityZones", "is for the default VPC; with vpcId the subnets decide the AZs");
    if (c.availabilityZones.length === 1) issue(ctx, "availabilityZones", "lists one AZ; an ALB needs at least two");
    for (const [k, list] of [["subnetIds", c.subnetIds], ["availabilityZones", c.availabilityZones], ["nlbEipAllocationIds", c.nlbEipAllocationIds]] as const) {
        const dupes = list.filter((v, i) => list.indexOf(v) !== i);
        if (dupes.length > 0) issue(ctx, k, `lists ${dupes.join(", ")} more than once`);
    }
    if (c.ingressCidrs.length + c.ingressIpv6Cidrs.length === 0) {
        issue(ctx, "ingressCidrs", "and ingressIpv6Cidrs are both empty, so nothing could reach the load balancers; list at least one CIDR");
    }
    if (c.allowDirectInstanceHttp && !c.associatePublicIp) issue(ctx, "allowDirectInstanceHttp", "needs associatePublicIp: true (an instance without a public IP can't be opened directly)");

    for (const tg of ["tgAlb", "tgNlb"] as const) {
        const interval = c[`${tg}HealthCheckInterval`];
        const timeout = c[`${tg}HealthCheckTimeout`];
        // ELB rejects CreateTargetGroup when the timeout is not smaller than the interval.
        if (timeout >= interval) issue(ctx, `${tg}HealthCheckTimeout`, `is ${timeout}s; it must be less than ${tg}HealthCheckInterval (${interval}s)`);
    }
    if (c.tgAlbSlowStart > 0 && c.tgAlbSlowStart < 30) issue(ctx, "tgAlbSlowStart", `is ${c.tgAlbSlowStart}; it must be 0 (off) or from 30 to 900 seconds`);
    // "You can't enable slow start mode with least outstanding requests or weighted random."
    if (c.tgAlbSlowStart > 0 && c.tgAlbAlgorithm !== "round_robin") {
        issue(ctx, "tgAlbSlowStart", `is ${c.tgAlbSlowStart}, but slow start works only with tgAlbAlgorithm round_robin (got ${c.tgAlbAlgorithm})`);
    }
    if (c.tgAlbAnomalyMitigation && c.tgAlbAlgorithm !== "weighted_random") {
        issue(ctx, "tgAlbAnomalyMitigation", `needs tgAlbAlgorithm weighted_random (got ${c.tgAlbAlgorithm})`);
    }
    if (c.tgNlbProxyProtocolV2 && c.tgNlbPort === c.tgAlbPort) {
        issue(ctx, "tgNlbProxyProtocolV2", `needs tgNlbPort different from tgAlbPort (both ${c.tgNlbPort}): httpd expects the proxy header on every connection to that port, and the ALB does not send one`);
    }
    if (c.tgNlbProxyProtocolV2 && c.tgNlbHealthCheckProtocol !== "TCP") {
        issue(ctx, "tgNlbProxyProtocolV2", `needs tgNlbHealthCheckProtocol TCP (got ${c.tgNlbHealthCheckProtocol}): HTTP health checks carry no proxy header and would fail`);
    }
    if (c.albAccessLogsPrefix && !c.albAccessLogsBucket) issue(ctx, "albAccessLogsPrefix", "is set but albAccessLogsBucket is empty");
    if (c.nlbAccessLogsPrefix && !c.nlbAccessLogsBucket) issue(ctx, "nlbAccessLogsPrefix", "is set but nlbAccessLogsBucket is empty");
    if (!c.albHttps && c.albCertificateArn) issue(ctx, "albCertificateArn", "is set but albHttps is false; turn HTTPS on or remove the ARN");

    const reserved = ["Project", "Environment", "Team", "ManagedBy", "Name"];
    for (const k of Object.keys(c.extraTags)) {
        if (reserved.includes(k)) issue(ctx, "extraTags", `sets ${k}, which the program manages; choose another key`);
    }
    // AWS allows 50 tags per resource; the program sets up to five of its own.
    if (Object.keys(c.extraTags).length > 45) issue(ctx, "extraTags", `has ${Object.keys(c.extraTags).length} tags; at most 45 fit beside the program's own (AWS allows 50)`);

    const priorities = c.albListenerRules.map((r) => r.priority);
    const dupes = priorities.filter((p, i) => priorities.indexOf(p) !== i);
    if (dupes.length > 0) issue(ctx, "albListenerRules", `uses priority ${[...new Set(dupes)].join(", ")} more than once; priorities must be unique per listener`);
}

// ---------------------------------------------------------------------------------------------
// Reading.

/** Parses a raw config string the way the Pulumi SDK's getNumber/getBoolean/getObject would. */
function parseRaw(raw: string, type: PulumiConfigType): unknown {
    if (type === "string") return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw; // leave it to the schema to report, with the value the user gave
    }
}

function describeValue(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? "nothing" : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function valueAt(input: Record<string, unknown>, path: PropertyKey[]): unknown {
    let v: unknown = input;
    for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
    return v;
}

function formatPath(path: PropertyKey[]): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/**
 * Validates raw config values (already parsed from strings) and returns the typed config, or
 * throws a ConfigError listing every problem as "<project>:<key>: <what is wrong>; got <value>".
 */
export function validateConfig(values: Record<string, unknown>, stack: { project: string; stack: string; region?: string }): WebTierConfig {
    const problems: string[] = [];
    const region = stack.region ?? DEFAULT_REGION;
    if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)) problems.push(`aws:region: must be an AWS region such as ap-northeast-2; got ${describeValue(region)}`);

    const result = configSchema.safeParse(values);
    if (!result.success) {
        for (const i of result.error.issues) {
            if (i.code === "unrecognized_keys") {
                for (const k of i.keys) {
                    const at = formatPath([...i.path, k]);
                    problems.push(i.path.length === 0
                        ? `${stack.project}:${k}: is not a known key (see the config reference in README.md); remove it or fix its spelling`
                        : `${stack.project}:${at}: is not a known field`);
                }
                continue;
            }
            const at = formatPath(i.path);
            if (i.code === "invalid_key") {
                // A map key failed its schema: report the key itself, not its value.
                problems.push(`${stack.project}:${at}: ${i.issues.map((x) => x.message).join("; ")}; got key ${describeValue(i.path[i.path.length - 1])}`);
                continue;
            }
            problems.push(`${stack.project}:${at}: ${i.message}; got ${describeValue(valueAt(values, i.path))}`);
        }
        throw new ConfigError(problems);
    }
    const c = result.data;
    if (c.albCertificateArn && c.albCertificateArn.split(":")[3] !== region) {
        problems.push(`${stack.project}:albCertificateArn: is in ${c.albCertificateArn.split(":")[3]}, but an ALB can only use an ACM certificate from its own region (${region}); got ${describeValue(c.albCertificateArn)}`);
    }
    for (const az of c.availabilityZones) {
        if (!az.startsWith(region)) problems.push(`${stack.project}:availabilityZones: ${az} is not in the stack's region ${region}; got ${describeValue(c.availabilityZones)}`);
    }
    if (problems.length > 0) throw new ConfigError(problems);

    const tags: Record<string, string> = {
        ...c.extraTags,
        Project: stack.project,
        Environment: stack.stack,
        Team: c.team,
        ManagedBy: "pulumi",
    };
    return { ...c, project: stack.project, stack: stack.stack, region, tags };
}

/** Reads and validates all stack config of the current Pulumi project and stack. */
export function loadConfig(): WebTierConfig {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const prefix = `${project}:`;
    const all = pulumi.runtime.allConfig();
    const types = new Map(keyReference().map((k) => [k.key, k.meta.type]));
    const values: Record<string, unknown> = {};
    for (const [fullKey, raw] of Object.entries(all)) {
        if (!fullKey.startsWith(prefix)) continue;
        const k = fullKey.slice(prefix.length);
        values[k] = parseRaw(raw, types.get(k) ?? "string");
    }
    const region = new pulumi.Config("aws").get("region") ?? DEFAULT_REGION;
    return validateConfig(values, { project, stack, region });
}
