// The traffic model: target groups, ALB and NLB listeners, listener rules and their actions, as
// the stack writes them (every field optional) and as the components get them (resolved, every
// default filled in). The shapes follow terraform-aws-alb's maps and AWS's API names.
//
// Limits are AWS's: "Quotas for your Application Load Balancers", "Listener rules for your
// Application Load Balancer" (condition types), CreateTargetGroup and CreateListener.
import { z } from "zod";
import { bool, bytes, certificateArn, closestName, ELB_TLS_POLICIES, intRange, lambdaArn, list, namedMap, oneOf, pattern, port, s3BucketName, targetIp, taggedUnionError, text, topLevelLabelProblem, anyCidr } from "./values";
import ipaddr from "ipaddr.js";
import { DNS_LABEL } from "../../policies/facts/dns";
import { RECOMMENDED_TLS_POLICY } from "../../policies/facts/tls";

// Every security policy ELB offers (values.ts ELB_TLS_POLICIES): the config accepts what AWS
// accepts; the pack's lb-listener-tls-policy decides per environment (its default allowlist is
// Security Hub ELB.17's TLS 1.3 policies).
export const TLS_POLICIES = ELB_TLS_POLICIES;
export const DEFAULT_TLS_POLICY = RECOMMENDED_TLS_POLICY;

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

// Target group health (AWS, "Target group health" / ModifyTargetGroupAttributes:
// target_group_health.dns_failover.minimum_healthy_targets.count "off or 1 to the maximum number of
// targets", .percentage "off or 1-100"; target_group_health.unhealthy_state_routing.minimum_healthy_targets.count
// "1 to the maximum number of targets" (no off), .percentage "off or 1-100").
const offOr = (min: number, max: number, what: string) =>
    z.custom<"off" | number>((v) => v === "off" || (Number.isInteger(v) && (v as number) >= min && (v as number) <= max), { error: `must be off or ${what}` });
const targetGroupHealthInput = z.strictObject({
    dnsFailover: z.strictObject({
        minimumHealthyTargetsCount: offOr(1, 1000, "an integer from 1 to 1000 (at most the number of targets)").optional().describe("Healthy targets below which the zone is taken out of DNS: off (default) or 1 and up."),
        minimumHealthyTargetsPercentage: offOr(1, 100, "a percentage from 1 to 100").optional().describe("Healthy percentage below which the zone is taken out of DNS: off (default) or 1-100."),
    }, { error: "must be {minimumHealthyTargetsCount?, minimumHealthyTargetsPercentage?}" }).optional(),
    unhealthyStateRouting: z.strictObject({
        minimumHealthyTargetsCount: intRange(1, 1000).optional().describe("Healthy targets below which the load balancer routes to every target (fails open): 1 (default) and up."),
        minimumHealthyTargetsPercentage: offOr(1, 100, "a percentage from 1 to 100").optional().describe("Healthy percentage below which it fails open: off (default) or 1-100."),
    }, { error: "must be {minimumHealthyTargetsCount?, minimumHealthyTargetsPercentage?}" }).optional(),
}, { error: "must be {dnsFailover?, unhealthyStateRouting?}" });

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
    targetGroupHealth: targetGroupHealthInput.optional().describe("ALB and NLB groups: when a zone counts as unhealthy in DNS, and when the load balancer fails open to every target."),
    unhealthyConnectionTermination: bool().optional().describe("NLB TCP/TLS groups: close open connections to a target that turns unhealthy. Default AWS's: true."),
    unhealthyDrainingInterval: intRange(0, 360000).optional().describe("NLB TCP/TLS groups with unhealthyConnectionTermination false: seconds to let in-flight requests finish, 0-360000."),
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

// Regular expressions in rule conditions and transforms. AWS ("Listener rules for your Application
// Load Balancer", rule basics): no lookaheads, lookbehinds, backreferences, atomic groups,
// possessive quantifiers, subroutines, recursion or Unicode character classes such as \p{L}.
// The expression must also compile; JavaScript's RegExp is the parser at hand (PCRE syntax AWS
// refuses anyway is refused by the list above).
const UNSUPPORTED_REGEX: [RegExp, string][] = [
    [/\(\?<?[=!]/, "lookaheads and lookbehinds"],
    [/\\[1-9]|\\k[<{']/, "backreferences"],
    [/\(\?>/, "atomic groups"],
    [/(?<!\\)[*+?}]\+/, "possessive quantifiers"],
    [/\(\?(R|\d|&|P>)/, "subroutines and recursion"],
    [/\\[pP][{A-Za-z]/, "Unicode character classes (\\p{...})"],
];
export function regexProblem(re: string): string | undefined {
    const bad = UNSUPPORTED_REGEX.find(([test]) => test.test(re));
    if (bad) return `uses ${bad[1]}, which AWS's rule regular expressions do not support`;
    try {
        // PCRE spellings JavaScript does not parse, (?P<name>...) and inline flags (?i) / (?i:...), are mapped before compiling.
        new RegExp(re.replace(/\(\?P</g, "(?<").replace(/\(\?[imsx]+\)/g, "").replace(/\(\?[imsx]*-?[imsx]*:/g, "(?:"));
    } catch (e) {
        return `is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, "")})`;
    }
    return undefined;
}
/** A regular expression of minLen..maxLen characters (AWS counts characters here). */
export const regex = (minLen: number, maxLen: number) => text("a regular expression").superRefine((v, ctx) => {
    if (v.length < minLen || v.length > maxLen) ctx.addIssue({ code: "custom", message: `must be ${minLen} to ${maxLen} characters` });
    else {
        const problem = regexProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
});
// Regex condition values: "The maximum length of each string is 128 characters" (provider, ListenerRule condition regexValues).
const conditionRegex = regex(1, 128);

const values3 = <T extends z.ZodType>(item: T) => list(item, "a list of values").min(1, { error: "must list at least one value" })
    .max(3, { error: "AWS allows at most 3 values per condition" });

const conditionInput = z.strictObject({
    pathPattern: values3(pathPattern).optional().describe("Path patterns (case sensitive, * and ? wildcards)."),
    hostHeader: values3(hostPattern).optional().describe("Host names (* and ? wildcards)."),
    pathRegex: values3(conditionRegex).optional().describe("Regular expressions on the path (a path-pattern condition: not with pathPattern on one rule)."),
    hostRegex: values3(conditionRegex).optional().describe("Regular expressions on the host (a host-header condition: not with hostHeader on one rule)."),
    httpRequestMethod: values3(httpMethod).optional().describe("HTTP methods (GET, POST, ...)."),
    sourceIp: values3(anyCidr).optional().describe("Client CIDRs (IPv4 or IPv6)."),
    httpHeader: z.strictObject({
        name: headerName.describe("Header name (not Host), up to 40 characters."),
        values: values3(anyValue).optional().describe("Header values (* and ? wildcards)."),
        regexValues: values3(conditionRegex).optional().describe("Regular expressions on the header value (instead of values)."),
    }, { error: "must be {name, values} or {name, regexValues}" }).optional(),
    queryString: values3(z.strictObject({
        key: queryPart.optional().describe("Query key (optional: any key)."),
        value: queryPart.describe("Query value (* and ? wildcards; \\* for a literal *)."),
    }, { error: "must be {key?, value}" })).optional().describe("Query key/value pairs, any of which matches."),
}, { error: "must be a condition such as {pathPattern: [/api/*]}" });
export type ConditionInput = z.output<typeof conditionInput>;
export const CONDITION_KINDS = ["pathPattern", "hostHeader", "pathRegex", "hostRegex", "httpRequestMethod", "sourceIp", "httpHeader", "queryString"] as const;

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
// ---- Authentication (ALB, HTTPS listeners) ----------------------------------------------------
// AWS, "Authenticate users using an Application Load Balancer" and AuthenticateOidcActionConfig /
// AuthenticateCognitoActionConfig / JwtValidationActionConfig (API reference):
// - the IdP endpoints must be full https:// URLs (scheme, domain and path);
// - SessionTimeout 1-604800 seconds (default 604800), SessionCookieName default AWSELBAuthSessionCookie,
//   Scope default openid, OnUnauthenticatedRequest deny | allow | authenticate (default authenticate);
// - AuthenticationRequestExtraParams: at most 10 query parameters;
// - JWT validation: Issuer, JwksEndpoint (https URL), AdditionalClaims with Format single-string |
//   string-array | space-separated-values; exp, iss, nbf and iat are always validated and can't be named.
const httpsUrl = text("an https:// URL").superRefine((v, ctx) => {
    let u: URL | undefined;
    try {
        u = new URL(v);
    } catch {
        u = undefined;
    }
    if (!u || u.protocol !== "https:" || !u.hostname.includes(".")) ctx.addIssue({ code: "custom", message: "must be a full https:// URL (scheme, domain and path), as AWS requires for identity provider endpoints" });
    else if (v.length > 2048) ctx.addIssue({ code: "custom", message: "must be at most 2048 characters" });
});
const sessionFields = {
    scope: text("OAuth scopes separated by spaces").refine((s) => s.length > 0 && s.length <= 512, { error: "must be 1 to 512 characters" }).optional().describe("authenticate: scopes to request. Default openid."),
    sessionCookieName: pattern(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,128}$/, "a cookie name of 1-128 token characters").optional().describe("authenticate: the session cookie. Default AWSELBAuthSessionCookie."),
    sessionTimeout: intRange(1, 604800).optional().describe("authenticate: session lifetime in seconds, 1-604800. Default 604800 (7 days)."),
    onUnauthenticatedRequest: oneOf(["authenticate", "deny", "allow"] as const).optional().describe("authenticate: authenticate (redirect to the IdP, default), deny (401) or allow (forward without claims)."),
    extraParams: z.record(z.string(), text("a string"), { error: "must be a map of query parameter to value" })
        .refine((m) => Object.keys(m).length <= 10, { error: "AWS allows at most 10 extra authentication request parameters" }).optional()
        .describe("authenticate: extra query parameters for the IdP's authorization endpoint (at most 10)."),
};
const oidcAuth = z.strictObject({
    type: z.literal("oidc"),
    issuer: httpsUrl.describe("oidc: the IdP's issuer identifier (https URL)."),
    authorizationEndpoint: httpsUrl.describe("oidc: authorization endpoint (https URL)."),
    tokenEndpoint: httpsUrl.describe("oidc: token endpoint (https URL)."),
    userInfoEndpoint: httpsUrl.describe("oidc: user info endpoint (https URL)."),
    clientId: text("an OAuth client ID").refine((v) => v.length > 0 && v.length <= 256, { error: "must be 1 to 256 characters" }).describe("oidc: OAuth 2.0 client ID."),
    clientSecret: text("an OAuth client secret").refine((v) => v.length > 0, { error: "must not be empty" })
        .describe("oidc: OAuth 2.0 client secret. Must be a stack secret: pulumi config set --secret --path '<path>.clientSecret'."),
    ...sessionFields,
}, { error: "must be {type: oidc, issuer, authorizationEndpoint, tokenEndpoint, userInfoEndpoint, clientId, clientSecret, ...}" });
// Cognito user pool ARN: arn:<partition>:cognito-idp:<region>:<account>:userpool/<region>_<id> (IAM, "Resource types defined by Amazon Cognito user pools").
export const USER_POOL_ARN_RE = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/([a-z0-9-]+)_[A-Za-z0-9]+$/;
const cognitoAuth = z.strictObject({
    type: z.literal("cognito"),
    userPoolArn: pattern(USER_POOL_ARN_RE, "a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>)")
        .refine((a) => { const m = USER_POOL_ARN_RE.exec(a); return !m || m[1] === m[2]; }, { error: "names two regions: the pool ID starts with the pool's region" }).describe("cognito: the user pool's ARN."),
    userPoolClientId: pattern(/^[a-z0-9]{1,128}$/, "a Cognito app client ID (lowercase letters and digits)").describe("cognito: the app client ID."),
    userPoolDomain: pattern(new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`), "a Cognito domain prefix or a custom domain name").describe("cognito: the user pool domain prefix, or its custom domain."),
    ...sessionFields,
}, { error: "must be {type: cognito, userPoolArn, userPoolClientId, userPoolDomain, ...}" });
const jwtAuth = z.strictObject({
    type: z.literal("jwt"),
    issuer: text("the token issuer").refine((v) => v.length > 0 && v.length <= 2048, { error: "must be 1 to 2048 characters" }).describe("jwt: the iss every token must carry."),
    jwksEndpoint: httpsUrl.describe("jwt: the JWKS endpoint with the signing keys (full https URL)."),
    additionalClaims: list(z.strictObject({
        name: pattern(/^[\x21-\x7e]{1,256}$/, "a claim name").refine((n) => !["exp", "iss", "nbf", "iat"].includes(n), { error: "is validated by AWS always (exp, iss, nbf, iat); name another claim" }).describe("Claim name (not exp, iss, nbf, iat)."),
        format: oneOf(["single-string", "string-array", "space-separated-values"] as const).describe("single-string, string-array or space-separated-values."),
        values: list(text("a string"), "a list of values").min(1, { error: "must list at least one value" }).describe("Accepted values."),
    }, { error: "must be {name, format, values}" }), "a list of claims").max(10, { error: "AWS allows at most 10 additional claims" }).optional()
        .describe("jwt: more claims to check, at most 10."),
}, { error: "must be {type: jwt, issuer, jwksEndpoint, additionalClaims?}" });
export const authenticateInput = z.discriminatedUnion("type", [oidcAuth, cognitoAuth, jwtAuth], {
    error: taggedUnionError("must be an authentication with type oidc, cognito or jwt", ["oidc", "cognito", "jwt"]),
});
export type AuthenticateInput = z.output<typeof authenticateInput>;

/** The ALB's forward: optionally behind authentication (authenticate-oidc / -cognito / jwt-validation, then forward). */
const albForwardAction = forwardAction.extend({
    authenticate: authenticateInput.optional().describe("forward on HTTPS listeners: authenticate first (oidc, cognito or jwt), then forward."),
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
export const actionInput = z.discriminatedUnion("type", [albForwardAction, redirectAction, fixedResponseAction], {
    error: taggedUnionError("must be an action with type forward, redirect or fixed-response", ["forward", "redirect", "fixed-response"]),
});
export type ActionInput = z.output<typeof actionInput>;

// Rule transforms (AWS, "Transforms for listener rules"; RewriteConfig): one host-header-rewrite and
// one url-rewrite per rule, never on a default rule; Regex 1-1024 characters, Replace 0-1024, with
// $1, $2 ... for capture groups.
const rewrite = z.strictObject({
    regex: regex(1, 1024).describe("Regular expression to match."),
    replace: text("a replacement string").refine((r) => r.length <= 1024, { error: "must be at most 1024 characters" }).describe("Replacement ($1, $2 ... for capture groups), at most 1024 characters."),
}, { error: "must be {regex, replace}" });
const transformsInput = z.strictObject({
    urlRewrite: rewrite.optional().describe("Rewrite the path and query before forwarding."),
    hostHeaderRewrite: rewrite.optional().describe("Rewrite the Host header before forwarding."),
}, { error: "must be {urlRewrite?, hostHeaderRewrite?}" });
export type TransformsInput = z.output<typeof transformsInput>;

const ruleInput = z.strictObject({
    priority: intRange(1, 50000).describe("1-50000, unique on the listener; lower wins."),
    conditions: list(conditionInput, "a list of conditions").min(1, { error: "needs at least one condition" }).describe("Conditions, all of which must match."),
    action: actionInput,
    transforms: transformsInput.optional().describe("One URL rewrite and one host header rewrite, applied before the request goes to the targets."),
}, { error: "must be a rule: {priority, conditions, action}" });
export type RuleInput = z.output<typeof ruleInput>;

// ---- Listeners (as written) ---------------------------------------------------------------------

const certificateFields = {
    certificateArn: certificateArn.optional().describe("HTTPS/TLS: the default certificate. Default: the stack's certificate (the certificate section: an existing ARN, DNS-validated, imported or self-signed)."),
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

// Response headers the ALB sets and mTLS/TLS header names (AWS, "HTTP header modification for your
// Application Load Balancer" and the routing.http.response.* / routing.http.request.x_amzn_*
// listener attributes): HTTP and HTTPS listeners only; attribute values at most 1024 characters;
// X-Content-Type-Options only nosniff; X-Frame-Options DENY, SAMEORIGIN or ALLOW-FROM <uri>;
// Access-Control-Allow-Credentials only true; Access-Control-Max-Age 0-86400.
const headerValue = text("a header value").refine((v) => v.length > 0 && v.length <= 1024 && !/[\r\n]/.test(v), { error: "must be 1 to 1024 characters on one line" });
const HSTS_RE = /^max-age=\d+(\s*;\s*includeSubDomains)?(\s*;\s*preload)?$/i;
const CORS_METHODS = ["GET", "HEAD", "POST", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
const commaList = (allowed: string[], what: string) => headerValue.refine((v) => v.split(",").map((x) => x.trim()).every((x) => allowed.includes(x)), { error: `must be ${what}` });
const responseHeadersInput = z.strictObject({
    strictTransportSecurity: headerValue.refine((v) => HSTS_RE.test(v), { error: "must be max-age=<seconds>[; includeSubDomains][; preload]" }).optional()
        .describe("Strict-Transport-Security, such as max-age=31536000; includeSubDomains; preload."),
    contentSecurityPolicy: headerValue.optional().describe("Content-Security-Policy, such as default-src 'self'."),
    xContentTypeOptions: oneOf(["nosniff"] as const).optional().describe("X-Content-Type-Options: nosniff."),
    xFrameOptions: headerValue.refine((v) => v === "DENY" || v === "SAMEORIGIN" || /^ALLOW-FROM https?:\/\/\S+$/.test(v), { error: "must be DENY, SAMEORIGIN or ALLOW-FROM <uri>" }).optional()
        .describe("X-Frame-Options: DENY, SAMEORIGIN or ALLOW-FROM <uri>."),
    accessControlAllowOrigin: headerValue.refine((v) => v === "*" || /^https?:\/\/[^\s/]+$/.test(v), { error: "must be * or an origin such as https://example.com" }).optional()
        .describe("Access-Control-Allow-Origin: * or an origin."),
    accessControlAllowMethods: commaList([...CORS_METHODS, "*"], `* or a comma-separated list of ${CORS_METHODS.join(", ")}`).optional().describe("Access-Control-Allow-Methods, comma-separated."),
    accessControlAllowHeaders: headerValue.optional().describe("Access-Control-Allow-Headers, comma-separated (or *)."),
    accessControlAllowCredentials: z.literal(true, { error: "must be true (AWS's only value; leave it out to send no header)" }).optional().describe("Access-Control-Allow-Credentials: true."),
    accessControlExposeHeaders: headerValue.optional().describe("Access-Control-Expose-Headers, comma-separated (or *)."),
    accessControlMaxAge: intRange(0, 86400).optional().describe("Access-Control-Max-Age in seconds, 0-86400."),
    server: bool().optional().describe("false removes the Server: awselb/2.0 header. Default true."),
}, { error: "must be a map of response headers" });
export type ResponseHeadersInput = z.output<typeof responseHeadersInput>;

// Renamed mTLS/TLS request headers: HTTP header names of 1-40 token characters (the same rule as header conditions).
const renamedHeader = pattern(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,40}$/, "an HTTP header name of 1-40 token characters");
const MTLS_HEADERS = ["clientCert", "clientCertSerialNumber", "clientCertIssuer", "clientCertSubject", "clientCertValidity", "clientCertLeaf", "tlsVersion", "tlsCipherSuite"] as const;
const mtlsHeaderNamesInput = z.strictObject(Object.fromEntries(MTLS_HEADERS.map((h) => [h, renamedHeader.optional()])) as Record<(typeof MTLS_HEADERS)[number], z.ZodOptional<typeof renamedHeader>>,
    { error: `must be a map of ${MTLS_HEADERS.join(", ")} to header names` })
    .describe("HTTPS: names for the X-Amzn-Mtls-Clientcert* and X-Amzn-Tls-* request headers.");
export type MtlsHeaderNamesInput = z.output<typeof mtlsHeaderNamesInput>;

export const albListenerInput = z.strictObject({
    enabled: bool().optional().describe("false removes the listener (for http or https)."),
    port: port.optional().describe("1-65535."),
    protocol: oneOf(["HTTP", "HTTPS"] as const).optional().describe("HTTP or HTTPS."),
    ...certificateFields,
    mutualAuthentication: mutualAuthenticationInput.optional().describe("HTTPS: mutual TLS for clients with certificates."),
    responseHeaders: responseHeadersInput.optional().describe("Headers the ALB adds to every response (HSTS, CSP, CORS ...) or removes (server)."),
    mtlsHeaderNames: mtlsHeaderNamesInput.optional(),
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
    // AWS, "Update the TCP idle timeout for your Network Load Balancer": TCP listeners, 60-6000 seconds, default 350.
    tcpIdleTimeout: intRange(60, 6000).optional().describe("TCP listeners: idle timeout in seconds, 60-6000. Default AWS's 350."),
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

// ---- Load balancer level (flat keys in keys.ts) ---------------------------------------------------

/**
 * LCU reservation (MinimumLoadBalancerCapacity.CapacityUnits): 0 leaves it off; otherwise at least
 * `min` (ALB: 100 LCUs; NLB: 2,750 per AZ, checked against the AZ count with the network). The
 * upper bounds are quotas AWS raises on request ("Reserved ... LCUs per load balancer", 15,000 per
 * ALB by default; aws-cdk#34582 shows the cost of hard-coding one), so they are not config errors;
 * the regional quota starts at 0 and must be raised first.
 */
export const lcuReservation = (min: number) => z.int({ error: `must be 0 (off) or an integer of at least ${min}` })
    .refine((n) => n === 0 || n >= min, { error: `must be 0 (off) or an integer of at least ${min}` });

/** NLB LCU reservations are spread evenly over the AZs; AWS takes 2,750 to 45,000 per AZ (as aws-cdk checks). */
export const NLB_LCU_PER_AZ = { min: 2750, max: 45000 } as const;

// Zonal autoshift (ARC CreatePracticeRunConfiguration / UpdateZonalAutoshiftConfiguration): a
// practice run configuration is required and needs an outcome alarm (CloudWatch, same region);
// blocking alarms, blocked dates (YYYY-MM-DD) and blocked or allowed windows (Day:HH:MM-Day:HH:MM,
// not both) are optional.
const alarmArn = pattern(/^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.{1,255}$/, "a CloudWatch alarm ARN (arn:aws:cloudwatch:<region>:<account>:alarm:<name>)");
const window = pattern(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d-(Mon|Tue|Wed|Thu|Fri|Sat|Sun):([01]\d|2[0-3]):[0-5]\d$/, "a window such as Mon:09:00-Mon:17:00");
export const zonalAutoshiftInput = z.strictObject({
    enabled: bool().optional().describe("Autoshift on. Default false."),
    outcomeAlarms: list(alarmArn, "a list of CloudWatch alarm ARNs").max(10, { error: "lists more than 10 alarms" }).optional().describe("Alarms that judge practice runs (at least one is required with enabled)."),
    blockingAlarms: list(alarmArn, "a list of CloudWatch alarm ARNs").max(10, { error: "lists more than 10 alarms" }).optional().describe("Alarms that block practice runs while in ALARM."),
    blockedDates: list(pattern(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD"), "a list of dates").max(15, { error: "lists more than 15 dates" }).optional().describe("Dates without practice runs (YYYY-MM-DD)."),
    blockedWindows: list(window, "a list of windows").max(15, { error: "lists more than 15 windows" }).optional().describe("Weekly windows without practice runs (Day:HH:MM-Day:HH:MM)."),
    allowedWindows: list(window, "a list of windows").max(15, { error: "lists more than 15 windows" }).optional().describe("Weekly windows practice runs are limited to (not with blockedWindows)."),
}, { error: "must be {enabled, outcomeAlarms, blockingAlarms?, blockedDates?, blockedWindows?, allowedWindows?}" });
export type ZonalAutoshiftInput = z.output<typeof zonalAutoshiftInput>;
