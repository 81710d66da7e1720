// The traffic model: target groups, ALB and NLB listeners, listener rules and their actions, as
// the stack writes them (every field optional) and as the components get them (resolved, every
// default filled in). The shapes follow terraform-aws-alb's maps and AWS's API names.
//
// Limits are AWS's: "Quotas for your Application Load Balancers", "Listener rules for your
// Application Load Balancer" (condition types), CreateTargetGroup and CreateListener.
import { z } from "zod";
import { bool, bytes, certificateArn, closestName, ELB_TLS_POLICIES, intRange, lambdaArn, list, namedMap, oneOf, pattern, port, s3BucketName, targetIp, text, topLevelLabelProblem, anyCidr } from "./values";
import ipaddr from "ipaddr.js";

// Every security policy ELB offers (values.ts ELB_TLS_POLICIES): the config accepts what AWS
// accepts; the pack's lb-listener-tls-policy decides per environment (its default allowlist is
// Security Hub ELB.17's TLS 1.3 policies).
export const TLS_POLICIES = ELB_TLS_POLICIES;
export const DEFAULT_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

export const ALB_TG_PROTOCOLS = ["HTTP", "HTTPS"] as const;
export const NLB_TG_PROTOCOLS = ["TCP", "TLS", "UDP", "TCP_UDP"] as const;
export type TgProtocol = (typeof ALB_TG_PROTOCOLS)[number] | (typeof NLB_TG_PROTOCOLS)[number];
export type TargetType = "instance" | "ip" | "lambda" | "alb";

// ---- Target groups (as written) ---------------------------------------------------------------

const healthCheckPort = pattern(/^(traffic-port|[1-9]\d{0,4})$/, "traffic-port or a port number from 1 to 65535")
    .refine((p) => p === "traffic-port" || Number(p) <= 65535, { error: "must be traffic-port or a port number from 1 to 65535" });

const healthCheckInput = z.strictObject({
    enabled: bool().optional().describe("Health checks on (off is allowed for Lambda targets only)."),
    protocol: oneOf(["HTTP", "HTTPS", "TCP"] as const).optional().describe("HTTP or HTTPS (ALB groups); TCP, HTTP or HTTPS (NLB groups). Default: the group's protocol family (HTTP / TCP)."),
    port: healthCheckPort.optional().describe("traffic-port (default) or a port number."),
    path: pattern(/^\/[\x21-\x7e]{0,1023}$/, "a path starting with / (at most 1024 printable characters)").optional().describe("HTTP/HTTPS health checks only. Default /."),
    interval: intRange(5, 300).optional().describe("Seconds between checks, 5-300, more than the timeout. Default 30 (35 for Lambda)."),
    timeout: intRange(2, 120).optional().describe("Seconds to wait, 2-120. Default 5 on ALB groups, 6 (HTTP) or 10 on NLB groups, 30 for Lambda."),
    healthyThreshold: intRange(2, 10).optional().describe("Consecutive successes before healthy, 2-10. Default 5."),
    unhealthyThreshold: intRange(2, 10).optional().describe("Consecutive failures before unhealthy, 2-10. Default 2."),
    matcher: pattern(/^\d{1,3}((,\d{1,3})*|-\d{1,3})$/, "HTTP codes: a code (200), a list (200,202) or a range (200-299)").optional()
        .describe("Healthy HTTP codes: 200-499 on ALB groups (gRPC: 0-99), 200-599 on NLB groups. Default 200 (ALB), 200-399 (NLB)."),
}, { error: "must be a map of health-check settings" });

const stickinessInput = z.strictObject({
    enabled: bool().optional().describe("Stickiness on. Default false."),
    type: oneOf(["lb_cookie", "app_cookie", "source_ip"] as const).optional().describe("lb_cookie or app_cookie (ALB groups), source_ip (NLB groups)."),
    duration: intRange(1, 604800).optional().describe("Cookie lifetime in seconds, 1-604800 (cookie types). Default 86400."),
    cookieName: pattern(/^(?!AWSALB|AWSALBAPP|AWSALBTG)[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,128}$/, "a cookie name without the reserved AWSALB prefixes").optional()
        .describe("Your application's cookie (app_cookie only)."),
}, { error: "must be a map of stickiness settings" });

const targetInput = z.strictObject({
    ip: targetIp.optional().describe("IP target: a private IPv4 or an IPv6 address."),
    port: port.optional().describe("Port for this target. Default: the group's port."),
    availabilityZone: text("an Availability Zone name or all").optional().describe("IP targets outside the VPC (peered, on premises): all."),
    functionArn: lambdaArn.optional().describe("Lambda target: the function's ARN (one per group)."),
}, { error: "must be a target: {ip, port?, availabilityZone?} or {functionArn}" });

export const targetGroupInput = z.strictObject({
    enabled: bool().optional().describe("false removes the group (for TG-ALB or TG-NLB)."),
    protocol: oneOf([...ALB_TG_PROTOCOLS, ...NLB_TG_PROTOCOLS] as const).optional().describe("HTTP, HTTPS (ALB); TCP, TLS, UDP, TCP_UDP (NLB). Not for Lambda groups."),
    port: port.optional().describe("Port the targets serve on, 1-65535. Not for Lambda groups."),
    protocolVersion: oneOf(["HTTP1", "HTTP2", "GRPC"] as const).optional().describe("HTTP/HTTPS groups: HTTP1 (default), HTTP2 or GRPC."),
    targetType: oneOf(["instance", "ip", "lambda", "alb"] as const).optional().describe("instance (the web fleet, default), ip, lambda (ALB only) or alb (this stack's ALB behind the NLB)."),
    ipAddressType: oneOf(["ipv4", "ipv6"] as const).optional().describe("ip groups: ipv4 (default) or ipv6."),
    healthCheck: healthCheckInput.optional(),
    deregistrationDelay: intRange(0, 3600).optional().describe("Seconds to drain a deregistering target, 0-3600. Default 300."),
    slowStart: intRange(0, 900).optional().describe("ALB groups: ramp-up seconds, 0 (off) or 30-900, round_robin only. Default 0."),
    algorithm: oneOf(["round_robin", "least_outstanding_requests", "weighted_random"] as const).optional().describe("ALB groups: routing algorithm. Default round_robin."),
    anomalyMitigation: bool().optional().describe("ALB groups: automatic target weights, weighted_random only. Default false."),
    stickiness: stickinessInput.optional(),
    connectionTermination: bool().optional().describe("NLB groups: close connections when the deregistration delay ends. Default false."),
    preserveClientIp: bool().optional().describe("NLB groups: pass the client IP through. Default AWS's: on for instance targets and UDP, off for TCP/TLS IP targets."),
    proxyProtocolV2: bool().optional().describe("NLB groups: send a proxy protocol v2 header (httpd on instance targets reads it). Default false."),
    lambdaMultiValueHeaders: bool().optional().describe("Lambda groups: pass multi-value headers and query strings as lists. Default false."),
    targets: list(targetInput, "a list of targets").optional().describe("ip groups: the addresses; lambda groups: one {functionArn}. instance and alb groups register the fleet / the ALB themselves."),
}, { error: "must be a map of target group settings" });
export type TargetGroupInput = z.output<typeof targetGroupInput>;

// ---- Listener rules and actions (as written) ---------------------------------------------------

// Condition values: at most 128 bytes each (the provider counts bytes).
const conditionValue = (allowed: string, re: RegExp) =>
    pattern(re, allowed).refine((v) => bytes(v) <= 128, { error: "must be at most 128 bytes (the provider counts bytes, not characters)" });
const hostPattern = conditionValue("a host name pattern: letters, digits, - _ . * ?", /^[\p{L}\p{N}\-_.*?]+$/u)
    .refine((h) => h.includes("."), { error: "must include at least one '.'" });
const pathPattern = conditionValue("a path pattern: letters, digits and _ - . $ / ~ \" ' @ : + & * ?", /^[\p{L}\p{N}_\-.$/~"'@:+&*?]+$/u);
const httpMethod = pattern(/^[A-Z_-]{1,40}$/, "an HTTP method name in upper case (GET, POST, ...), at most 40 characters");
const headerName = pattern(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,40}$/, "an HTTP header name of 1-40 token characters")
    .refine((n) => n.toLowerCase() !== "host", { error: "must not be Host: use a hostHeader condition" });
const anyValue = text("a string").pipe(z.string().min(1, { error: "must not be empty" }))
    .refine((v) => bytes(v) <= 128, { error: "must be at most 128 bytes (the provider counts bytes, not characters)" });
// In query-string conditions * and ? are wildcards; a literal one is written \* or \? (AWS).
const queryPart = anyValue.refine((v) => !/\\(?![*?\\])/.test(v), { error: "may use \\ only to escape * ? or \\ (write \\* for a literal *)" });

const values3 = <T extends z.ZodType>(item: T) => list(item, "a list of values").min(1, { error: "must list at least one value" })
    .max(3, { error: "AWS allows at most 3 values per condition" });

const conditionInput = z.strictObject({
    pathPattern: values3(pathPattern).optional().describe("Path patterns (case sensitive, * and ? wildcards)."),
    hostHeader: values3(hostPattern).optional().describe("Host names (* and ? wildcards)."),
    httpRequestMethod: values3(httpMethod).optional().describe("HTTP methods (GET, POST, ...)."),
    sourceIp: values3(anyCidr).optional().describe("Client CIDRs (IPv4 or IPv6)."),
    httpHeader: z.strictObject({
        name: headerName.describe("Header name (not Host), up to 40 characters."),
        values: values3(anyValue).describe("Header values (* and ? wildcards)."),
    }, { error: "must be {name, values}" }).optional(),
    queryString: values3(z.strictObject({
        key: queryPart.optional().describe("Query key (optional: any key)."),
        value: queryPart.describe("Query value (* and ? wildcards; \\* for a literal *)."),
    }, { error: "must be {key?, value}" })).optional().describe("Query key/value pairs, any of which matches."),
}, { error: "must be a condition such as {pathPattern: [/api/*]}" });
export type ConditionInput = z.output<typeof conditionInput>;
export const CONDITION_KINDS = ["pathPattern", "hostHeader", "httpRequestMethod", "sourceIp", "httpHeader", "queryString"] as const;

const weightedGroup = z.strictObject({
    targetGroup: z.string({ error: "must be a target group name" }).describe("A target group name."),
    weight: intRange(0, 999).describe("Relative weight, 0-999."),
}, { error: "must be {targetGroup, weight}" });

const forwardAction = z.strictObject({
    type: z.literal("forward").describe("forward: send requests to one target group (targetGroup) or spread them by weight (targetGroups)."),
    targetGroup: z.string({ error: "must be a target group name" }).optional().describe("forward: the one target group."),
    targetGroups: list(weightedGroup, "a list of {targetGroup, weight}").min(1).max(5, { error: "AWS allows at most 5 target groups per forward action" }).optional()
        .describe("forward: up to 5 {targetGroup, weight} (canary, blue/green)."),
    stickiness: intRange(1, 604800).optional().describe("forward with targetGroups: keep a client on its group for this many seconds."),
});
const redirectAction = z.strictObject({
    type: z.literal("redirect").describe("redirect: answer with an HTTP redirect to a URL built from protocol, host, port, path and query (each defaults to the request's)."),
    statusCode: oneOf(["HTTP_301", "HTTP_302"] as const).optional().describe("redirect: HTTP_301 (default) or HTTP_302."),
    protocol: oneOf(["HTTP", "HTTPS", "#{protocol}"] as const).optional().describe("redirect: HTTP, HTTPS or #{protocol}."),
    host: text("a host name").refine((h) => h.length > 0 && bytes(h) <= 128, { error: "must be 1 to 128 bytes" }).superRefine((h, ctx) => {
        // A literal host (no #{...} placeholder, not an IP address) must be a DNS name.
        const problem = h.includes("#{") || ipaddr.isValid(h) ? undefined : topLevelLabelProblem(h);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    }).optional().describe("redirect: host (may use #{host})."),
    port: pattern(/^(#\{port\}|[1-9]\d{0,4})$/, "#{port} or a port number from 1 to 65535").refine((p) => p === "#{port}" || Number(p) <= 65535, { error: "must be #{port} or a port number from 1 to 65535" })
        .optional().describe("redirect: port 1-65535 or #{port}."),
    path: text("a path starting with /").refine((p) => p.startsWith("/") && bytes(p) <= 128, { error: "must start with / and be at most 128 bytes" }).optional().describe("redirect: path (may use #{path})."),
    query: text("a query string without the leading ?").refine((q) => !q.startsWith("?") && bytes(q) <= 128, { error: "must be at most 128 bytes, without the leading ?" }).optional().describe("redirect: query (may use #{query})."),
});
const fixedResponseAction = z.strictObject({
    type: z.literal("fixed-response").describe("fixed-response: the load balancer answers itself with statusCode, contentType and messageBody."),
    statusCode: pattern(/^[245]\d\d$/, "a 2XX, 4XX or 5XX status code").describe("fixed-response (required): the HTTP status code to answer with, 2XX, 4XX or 5XX, such as 200 or 503."),
    contentType: oneOf(["text/plain", "text/css", "text/html", "application/javascript", "application/json"] as const).optional().describe("fixed-response: content type. Default text/plain."),
    messageBody: text("a string").refine((b) => bytes(b) <= 1024, { error: "must be at most 1024 bytes" }).optional().describe("fixed-response: body, at most 1024 bytes."),
});
export const actionInput = z.discriminatedUnion("type", [forwardAction, redirectAction, fixedResponseAction], {
    error: "must be an action with type forward, redirect or fixed-response",
});
export type ActionInput = z.output<typeof actionInput>;

const ruleInput = z.strictObject({
    priority: intRange(1, 50000).describe("1-50000, unique on the listener; lower wins."),
    conditions: list(conditionInput, "a list of conditions").min(1, { error: "needs at least one condition" }).describe("Conditions, all of which must match."),
    action: actionInput,
}, { error: "must be a rule: {priority, conditions, action}" });
export type RuleInput = z.output<typeof ruleInput>;

// ---- Listeners (as written) ---------------------------------------------------------------------

const certificateFields = {
    certificateArn: certificateArn.optional().describe("HTTPS/TLS: the default certificate. Default: the stack's certificate (certificateArn key, or the self-signed one)."),
    extraCertificateArns: list(certificateArn, "a list of ACM certificate ARNs").max(25, { error: "AWS allows 25 certificates per listener besides the default" }).optional()
        .describe("HTTPS/TLS: more certificates, chosen by SNI."),
    sslPolicy: text("an ELB security policy name").superRefine((v, ctx) => {
        if ((TLS_POLICIES as readonly string[]).includes(v)) return;
        const hint = closestName(v, TLS_POLICIES);
        ctx.addIssue({ code: "custom", message: `must be a security policy ELB offers${hint ? `; did you mean ${hint}?` : ", such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"} (AWS: Security policies for your Application Load Balancer)` });
    }).optional().describe(`HTTPS/TLS: security policy, any ELB offers (the policy pack decides which each environment allows). Default ${DEFAULT_TLS_POLICY}.`),
};

const s3Object = z.strictObject({
    bucket: s3BucketName.describe("S3 bucket (in the stack's region)."),
    key: text("an S3 object key").refine((k) => k.length > 0 && bytes(k) <= 1024, { error: "must be 1 to 1024 bytes" }).describe("Object key."),
    version: text("an S3 object version").optional().describe("Object version; required for mutual TLS verify objects (a new object at the same key reaches the trust store only through a new version)."),
}, { error: "must be {bucket, key, version?}" });

const mutualAuthenticationInput = z.strictObject({
    mode: oneOf(["verify", "passthrough"] as const).describe("verify: the ALB checks client certificates against the trust store; passthrough: it forwards them to the targets."),
    caBundle: s3Object.optional().describe("verify: the PEM CA bundle in S3."),
    revocationLists: namedMap(s3Object, "{bucket, key, version?}").optional().describe("verify: certificate revocation lists in S3, by name."),
    ignoreClientCertificateExpiry: bool().optional().describe("verify: accept expired client certificates. Default false."),
}, { error: "must be {mode, caBundle?, revocationLists?, ignoreClientCertificateExpiry?}" });
export type MutualAuthenticationInput = z.output<typeof mutualAuthenticationInput>;

export const albListenerInput = z.strictObject({
    enabled: bool().optional().describe("false removes the listener (for http or https)."),
    port: port.optional().describe("1-65535."),
    protocol: oneOf(["HTTP", "HTTPS"] as const).optional().describe("HTTP or HTTPS."),
    ...certificateFields,
    mutualAuthentication: mutualAuthenticationInput.optional().describe("HTTPS: mutual TLS for clients with certificates."),
    defaultAction: actionInput.optional().describe("The default action. http's default: redirect to HTTPS when an HTTPS:443 listener exists, else forward to TG-ALB."),
    rules: namedMap(ruleInput, "listener rule").optional().describe("Listener rules by name."),
}, { error: "must be a map of listener settings" });
export type AlbListenerInput = z.output<typeof albListenerInput>;

export const nlbListenerInput = z.strictObject({
    enabled: bool().optional().describe("false removes the listener (for tcp)."),
    port: port.optional().describe("1-65535."),
    protocol: oneOf(["TCP", "TLS", "UDP", "TCP_UDP"] as const).optional().describe("TCP, TLS, UDP or TCP_UDP."),
    ...certificateFields,
    alpnPolicy: oneOf(["HTTP1Only", "HTTP2Only", "HTTP2Optional", "HTTP2Preferred", "None"] as const).optional().describe("TLS: ALPN policy. Default None. HTTP/2 policies need targets that speak HTTP/2; the web fleet's httpd speaks HTTP/1.1 (use HTTP1Only)."),
    defaultAction: forwardAction.optional().describe("forward to one target group or weighted across several."),
}, { error: "must be a map of listener settings" });
export type NlbListenerInput = z.output<typeof nlbListenerInput>;

export const targetGroupsInput = namedMap(targetGroupInput, "target group settings");
export const albListenersInput = namedMap(albListenerInput, "listener settings");
export const nlbListenersInput = namedMap(nlbListenerInput, "listener settings");

/** The seed's groups and listeners; a stack overrides their fields and adds more. */
export const DEFAULT_TARGET_GROUPS: Record<string, TargetGroupInput> = {
    "TG-ALB": { protocol: "HTTP", port: 80 },
    "TG-NLB": { protocol: "TCP", port: 80 },
};
export const DEFAULT_ALB_LISTENERS: Record<string, AlbListenerInput> = {
    http: { port: 80, protocol: "HTTP" },
    https: { port: 443, protocol: "HTTPS", defaultAction: { type: "forward", targetGroup: "TG-ALB" } },
};
export const DEFAULT_NLB_LISTENERS: Record<string, NlbListenerInput> = {
    tcp: { port: 80, protocol: "TCP", defaultAction: { type: "forward", targetGroup: "TG-NLB" } },
};
