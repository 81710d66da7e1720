// The workload: what runs on the web servers and what it serves. Parsed once into a tagged union
// on `mode`:
//   greeting  the seed's user data: httpd and the greeting page on every instance port (default)
//   userData  the team's own user data file from the repo (shell or cloud-init), filled in from a
//             small template ({{webtier.region}}, {{webtier.port.<group>}}, ...), on amiId's image
//   ami       a golden AMI (an ID, or an SSM parameter path resolved at every deploy) that starts
//             the application itself: no user data of ours
// plus, for the team modes, what the processes serve (`serves`: per port the protocol and the
// health endpoint), and the application's permissions (SSM parameters and Secrets Manager secrets
// it reads at boot, extra managed policies, inline IAM statements).
//
// Every instance target group's traffic port and health check must land on something the workload
// serves; workloadProblems says so before any resource is declared. servedEndpoints tells others
// (verify, the twin) what each instance target group's health endpoint is.
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { bool, bytes, intRange, list, oneOf, pattern, port, taggedUnionError, text } from "./values";
import { forwardedGroups, hasPort, type HealthCheckSpec, type TargetGroupDraft, type TrafficDraft, type TrafficSpec } from "./resolve";
import type { Path, Problem } from "./rules";

/** The project directory (where Pulumi.yaml is): user data files are named relative to it. */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

// ---- Schema -------------------------------------------------------------------------------------

export const SERVED_PROTOCOLS = ["HTTP", "HTTPS", "TCP", "UDP", "TCP_UDP"] as const;
export type ServedProtocol = (typeof SERVED_PROTOCOLS)[number];

const healthPath = pattern(/^\/[\x21-\x7e]{0,1023}$/, "a path starting with / (at most 1024 printable characters), as a target group health check takes");

const servedPort = z.strictObject({
    port: port.describe("A port the workload's processes listen on, 1-65535."),
    protocol: oneOf(SERVED_PROTOCOLS).describe("What it speaks there: HTTP, HTTPS (TLS on the instance), TCP (any other TCP protocol), UDP or TCP_UDP."),
    healthPath: healthPath.optional().describe("HTTP/HTTPS: the path that answers health checks, such as /healthz (required when a target group health-checks this port over HTTP or HTTPS; a port checked elsewhere, such as a management port, may have none)."),
    protocolVersion: oneOf(["HTTP1", "HTTP2", "GRPC"] as const).optional()
        .describe("HTTP/HTTPS: what the process speaks there: HTTP1 (default), HTTP2 or GRPC; a target group must use the same protocolVersion."),
    healthStatus: intRange(0, 499).optional().describe("HTTP/HTTPS: what a healthy instance answers on healthPath: an HTTP status (200-499, default 200), or for GRPC a gRPC status code (0-99, default 0)."),
    proxyProtocol: bool().optional().describe("The process expects a proxy protocol v2 header on every connection (an NLB group with proxyProtocolV2 sends it). Default false."),
    instanceHeader: pattern(/^[A-Za-z0-9-]{1,64}$/, "an HTTP header name").optional()
        .describe("HTTP/HTTPS: a response header on healthPath whose value names the instance (such as X-Instance-Id); verify then waits until it has heard every instance."),
}, { error: "must be {port, protocol, healthPath?, healthStatus?, proxyProtocol?, instanceHeader?}" }).superRefine((s, ctx) => {
    const http = s.protocol === "HTTP" || s.protocol === "HTTPS";
    // healthPath is required only where a group health-checks the port over HTTP(S) (matchProblems):
    // AWS lets a group check another port than its traffic port (an application on 8080 with its
    // health endpoint on a management port 8081), and then the traffic port needs no health path.
    if (s.healthStatus !== undefined) {
        // ELB's matcher: HTTP codes 200-499 for HTTP/HTTPS health checks, gRPC codes 0-99 for GRPC groups.
        const [lo, hi] = s.protocolVersion === "GRPC" ? [0, 99] : [200, 499];
        if (s.healthStatus < lo || s.healthStatus > hi) ctx.addIssue({ code: "custom", path: ["healthStatus"], message: `must be ${lo}-${hi} for a ${s.protocolVersion === "GRPC" ? "GRPC port (a gRPC status code; 0 is OK)" : "port answering HTTP (an HTTP status)"}` });
    }
    for (const k of ["healthPath", "healthStatus", "instanceHeader", "protocolVersion"] as const) {
        if (!http && s[k] !== undefined) ctx.addIssue({ code: "custom", path: [k], message: `applies to HTTP and HTTPS ports only (this one is ${s.protocol})` });
    }
    if (s.proxyProtocol && (s.protocol === "UDP" || s.protocol === "TCP_UDP")) ctx.addIssue({ code: "custom", path: ["proxyProtocol"], message: "applies to TCP-based ports only" });
});
export type ServedPort = z.output<typeof servedPort>;

// IAM policy grammar for identity-based policies ("IAM JSON policy elements reference"): Sid is
// alphanumeric; Effect Allow or Deny; exactly one of Action / NotAction and one of Resource /
// NotResource; Condition maps an operator to keys to a value or list; no Principal (a role's own
// policies have none).
const iamAction = pattern(/^(\*|[a-zA-Z0-9-]+:[A-Za-z0-9*?]+)$/, "an IAM action such as s3:GetObject (service:action; * and ? wildcards) or *");
const iamResource = pattern(/^(\*|arn:[^\s]+)$/, "* or an ARN (arn:aws:...)");
const oneOrMore = <T extends z.ZodType>(item: T) => z.union([item, list(item).min(1, { error: "must list at least one value" })], { error: "must be a string or a non-empty list of strings" });
const conditionValue = z.union([z.string(), z.number(), z.boolean()]);
const conditionBlock = z.record(
    pattern(/^(ForAllValues:|ForAnyValue:)?[A-Za-z]+(IfExists)?$/, "a condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike"),
    z.record(z.string(), z.union([conditionValue, list(conditionValue).min(1)]), { error: "must map condition keys to a value or a list of values" }),
    { error: "must map condition operators to {key: value}" },
);

export const iamStatement = z.strictObject({
    Sid: pattern(/^[A-Za-z0-9]*$/, "letters and digits only (IAM's Sid)").optional().describe("Statement ID: letters and digits."),
    Effect: oneOf(["Allow", "Deny"] as const).describe("Allow or Deny."),
    Action: oneOrMore(iamAction).optional().describe("Actions (service:action), one or a list; or NotAction."),
    NotAction: oneOrMore(iamAction).optional().describe("Every action but these."),
    Resource: oneOrMore(iamResource).optional().describe("ARNs (or *), one or a list; or NotResource."),
    NotResource: oneOrMore(iamResource).optional().describe("Every resource but these."),
    Condition: conditionBlock.optional().describe("Condition operators to {key: value or values}."),
    Principal: z.unknown().optional().describe("Not allowed: a role's own policy has no principal."),
    NotPrincipal: z.unknown().optional().describe("Not allowed, as Principal."),
}, { error: "must be an IAM policy statement {Sid?, Effect, Action | NotAction, Resource | NotResource, Condition?}" }).superRefine((s, ctx) => {
    for (const k of ["Principal", "NotPrincipal"] as const) {
        if (s[k] !== undefined) ctx.addIssue({ code: "custom", path: [k], message: "is not allowed in a role's own (identity-based) policy: the role is the principal" });
    }
    if ((s.Action === undefined) === (s.NotAction === undefined)) ctx.addIssue({ code: "custom", path: ["Action"], message: "give exactly one of Action and NotAction" });
    if ((s.Resource === undefined) === (s.NotResource === undefined)) ctx.addIssue({ code: "custom", path: ["Resource"], message: "give exactly one of Resource and NotResource" });
});
export type IamStatement = Omit<z.output<typeof iamStatement>, "Principal" | "NotPrincipal">;

// SSM parameter names: letters, digits and . - _ / in a hierarchy of at most 15 levels (AWS,
// "Parameter hierarchies"). A trailing / names every parameter below that path.
const parameterName = pattern(/^\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*\/?$/, "an SSM parameter name starting with / (letters, digits, . - _), or a path ending in / for every parameter below it")
    .refine((n) => n.split("/").filter(Boolean).length <= 15, { error: "must be at most 15 levels deep (AWS's limit for parameter hierarchies)" })
    .refine((n) => n.length <= 1011, { error: "must be at most 1011 characters" });
// Secrets Manager: names of letters, digits and /_+=.@- up to 512 characters, or a secret's ARN.
const secretRef = pattern(/^([A-Za-z0-9/_+=.@-]{1,512}|arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6})$/,
    "a Secrets Manager secret name (letters, digits, /_+=.@-) or its full ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)");
const managedPolicyArn = pattern(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]{1,512}$/, "a managed policy ARN (arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>)");

const permissions = {
    parameters: list(parameterName, "a list of SSM parameter names").optional()
        .describe("SSM parameters the application reads at boot (a name, or a path ending in / for everything below it): the instance role may read these and nothing else of SSM's parameters."),
    secrets: list(secretRef, "a list of secret names or ARNs").optional()
        .describe("Secrets Manager secrets the application reads (names, or ARNs): the instance role may read these. Never put a secret in user data."),
    managedPolicyArns: list(managedPolicyArn, "a list of managed policy ARNs").optional().describe("More managed policies for the instance role (at most 9: one of AWS's 10 per role is Session Manager's)."),
    policyStatements: list(iamStatement, "a list of IAM policy statements").optional().describe("Inline IAM statements for the instance role (identity-based policy JSON)."),
};

/** The seed's greeting: "Hello, this is InnoStudy." (followed by the host name on the page). */
export const SEED_GREETING = "안녕하세요. 이노스터디 입니다.";

const greetingText = text("a string").pipe(z.string().min(1, { error: "must not be empty" }).max(200, { error: "must be at most 200 characters" }))
    .refine((g) => !/[\p{Cc}]/u.test(g), { error: "must not contain control characters (newlines, tabs)" });

const greetingWorkload = z.strictObject({
    mode: z.literal("greeting").describe("greeting (the seed's httpd page, default), userData (your user data file) or ami (your golden AMI)."),
    greeting: greetingText.default(SEED_GREETING)
        .describe(`greeting: the text on each instance's page, followed by its host name; UTF-8 is kept as is. Default: ${SEED_GREETING}`),
    ...permissions,
});
const userDataWorkload = z.strictObject({
    mode: z.literal("userData"),
    userData: pattern(/^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/, "a path relative to the project directory (where Pulumi.yaml is), inside it")
        .describe("userData: the user data file, relative to the project directory: a shell script (#!) or cloud-init (#cloud-config), with {{webtier.<name>}} filled in (see README)."),
    serves: list(servedPort, "a list of served ports").min(1, { error: "must list at least one port" }).describe("userData, ami: what the workload's processes serve, per port."),
    ...permissions,
});
const amiWorkload = z.strictObject({
    mode: z.literal("ami"),
    image: pattern(/^(ami-[0-9a-f]{8,17}|\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*)$/, "an AMI ID (ami-0123456789abcdef0) or an SSM parameter path that holds one (/team/app/ami)")
        .describe("ami: the golden AMI: its ID, or an SSM parameter path resolved at every deploy (it floats: a new value replaces or rolls the instances)."),
    serves: list(servedPort, "a list of served ports").min(1, { error: "must list at least one port" }),
    ...permissions,
});

export const workloadInput = z.discriminatedUnion("mode", [greetingWorkload, userDataWorkload, amiWorkload], {
    error: (iss) => (iss.code === "invalid_union" ? taggedUnionError("must be greeting, userData or ami", ["greeting", "userData", "ami"])(iss)
        : iss.code === "invalid_type" ? "must be a map with mode greeting, userData or ami" : undefined),
});
export type WorkloadConfig = z.output<typeof workloadInput>;
export const DEFAULT_WORKLOAD: z.input<typeof workloadInput> = { mode: "greeting" };

/** Fields only the team modes take: a workload that names one is not the greeting by default. */
const TEAM_FIELDS = [...Object.keys(userDataWorkload.shape), ...Object.keys(amiWorkload.shape)].filter((k) => !(k in greetingWorkload.shape));

/**
 * The greeting is the default mode, so a workload without a mode is the greeting's:
 * `pulumi config set --path workload.greeting Hi` on a stack without a workload stores
 * {greeting: Hi} and nothing else. A map with a team mode's fields but no mode stays without one
 * (the union then says which modes there are).
 */
export function workloadWithMode(value: unknown): unknown {
    if (value === null || typeof value !== "object" || Array.isArray(value) || "mode" in value) return value;
    return TEAM_FIELDS.some((k) => k in value) ? value : { mode: "greeting", ...value };
}

// ---- What the workload serves -------------------------------------------------------------------

/** The greeting's httpd serves the page at / on every instance port, and /healthz when a group checks it. */
export const GREETING_PATHS = ["/", "/healthz"] as const;

/** A health check path without its query: httpd serves /healthz?deep=1 as /healthz, and ALB path
 * patterns match the path only ("not its query parameters"). */
const pathOf = (p: string) => p.split("?")[0];

export interface ServedEndpoint {
    /** The instance target group. */
    targetGroup: string;
    /** Where its health checks go: the traffic port, or the numeric health-check port. */
    port: number;
    /** The health check's protocol (TCP: a connection is enough; no path). */
    protocol: "HTTP" | "HTTPS" | "TCP";
    /** HTTP/HTTPS: the health endpoint. */
    path?: string;
    /** HTTP/HTTPS: the status a healthy instance answers there. */
    expectedStatus?: number;
    /** The response header that names the instance, when the workload declares one. */
    instanceHeader?: string;
    /** The traffic port of the group (what listeners forward to). */
    trafficPort: number;
}

const healthPort = (g: { port: number; healthCheck: HealthCheckSpec }) => (g.healthCheck.port === "traffic-port" ? g.port : Number(g.healthCheck.port));

/** The groups the web servers are registered in. */
const instanceGroups = <G extends TargetGroupDraft>(t: TrafficSpec<G>) =>
    t.targetGroups.filter((g): g is Extract<G, { targetType: "instance" }> => g.targetType === "instance").filter((g) => g.healthCheck.enabled);

/**
 * Per instance target group, the health endpoint the workload serves: port, protocol, path and the
 * expected status. For the greeting: httpd's page (or /healthz) with 200; for a team workload: the
 * `serves` entry of the health-check port. Valid config only (loadConfig checked the match).
 */
export function servedEndpoints(c: { workload: WorkloadConfig; traffic: TrafficSpec }): ServedEndpoint[] {
    return instanceGroups(c.traffic).map((g) => {
        const port = healthPort(g);
        const protocol = (g.healthCheck.protocol ?? "TCP") as ServedEndpoint["protocol"];
        const base = { targetGroup: g.name, port, protocol, trafficPort: g.port };
        if (protocol === "TCP") return base;
        if (c.workload.mode === "greeting") return { ...base, path: g.healthCheck.path ?? "/", expectedStatus: 200 };
        const s = c.workload.serves.find((x) => x.port === port)!;
        return { ...base, path: s.healthPath, expectedStatus: s.healthStatus ?? (s.protocolVersion === "GRPC" ? 0 : 200), ...(s.instanceHeader ? { instanceHeader: s.instanceHeader } : {}) };
    });
}

/** The greeting writes a /healthz page only when a group checks it (so dev's user data is the seed's). */
export const greetingHealthPage = (t: TrafficDraft) => instanceGroups(t).some((g) => g.healthCheck.path !== undefined && pathOf(g.healthCheck.path) === "/healthz");

/** Does an ELB matcher ("200", "200,202", "200-299") accept this status? */
export function matcherAccepts(matcher: string, status: number): boolean {
    if (matcher.includes("-")) {
        const [lo, hi] = matcher.split("-").map(Number);
        return status >= lo && status <= hi;
    }
    return matcher.split(",").map(Number).includes(status);
}

/** Which target group protocols a served protocol can take (TLS groups connect with TLS: HTTPS). */
const CARRIES: Record<string, ServedProtocol[]> = {
    HTTP: ["HTTP"],
    HTTPS: ["HTTPS"],
    TCP: ["HTTP", "HTTPS", "TCP", "TCP_UDP"],
    TLS: ["HTTPS"],
    UDP: ["UDP", "TCP_UDP"],
    TCP_UDP: ["TCP_UDP"],
};

function checkHealthCheck(add: (path: Path, message: string, value: unknown) => void, g: { name: string; port: number; healthCheck: HealthCheckSpec }, at: Path, served: (port: number) => ServedPort | undefined, greeting: boolean, servedAt: (s: ServedPort) => Path): void {
    const h: HealthCheckSpec = g.healthCheck;
    const port = healthPort(g);
    const hcAt: Path = [...at, "healthCheck"];
    if (greeting) {
        if (h.protocol === "HTTPS") add([...hcAt, "protocol"], "asks for HTTPS, but the greeting workload's httpd serves plain HTTP; use HTTP, or a workload that serves HTTPS (workload.mode userData or ami)", h.protocol);
        if (h.path !== undefined && !(GREETING_PATHS as readonly string[]).includes(pathOf(h.path))) {
            add([...hcAt, "path"], `is not served by the greeting workload: httpd answers ${GREETING_PATHS.join(" and ")} (anything else is 404 and every target stays unhealthy)`, h.path);
        }
        if (h.matcher !== undefined && !matcherAccepts(h.matcher, 200)) add([...hcAt, "matcher"], "must accept 200: the greeting's pages answer 200", h.matcher);
        return;
    }
    const s = served(port);
    if (!s) {
        add(h.port === "traffic-port" ? [...at, "port"] : [...hcAt, "port"], `health checks go to port ${port}, which workload.serves does not list; add it there, or check a port the workload serves`, port);
        return;
    }
    if (h.protocol === "TCP") {
        if (s.protocol === "UDP") add([...hcAt, "protocol"], `is TCP, but port ${port} serves UDP only (workload.serves): a TCP health check needs a TCP listener on the instance; serve TCP_UDP or check another port`, h.protocol);
        return;
    }
    if (s.protocol !== h.protocol) add([...hcAt, "protocol"], `is ${h.protocol}, but port ${port} serves ${s.protocol} (workload.serves)`, h.protocol);
    if (s.healthPath === undefined) {
        add([...servedAt(s), "healthPath"], `is required for an ${s.protocol} port that a target group health-checks over ${h.protocol} (targetGroups.${g.name} checks ${h.path ?? "/"} on port ${port}): give the path that answers health checks there, or point the group's healthCheck.port at a port that has one`, undefined);
        return;
    }
    if (h.path !== s.healthPath) add([...hcAt, "path"], `is not the health endpoint port ${port} serves: workload.serves gives ${s.healthPath}`, h.path);
    const grpc = s.protocolVersion === "GRPC";
    const status = s.healthStatus ?? (grpc ? 0 : 200);
    if (h.matcher !== undefined && !matcherAccepts(h.matcher, status)) add([...hcAt, "matcher"], `does not accept ${status}, the ${grpc ? "gRPC code" : "status"} workload.serves says a healthy instance answers on ${s.healthPath}`, h.matcher);
}

function servesProblems(add: (path: Path, message: string, value: unknown) => void, serves: ServedPort[]): void {
    serves.forEach((s, i) => {
        if (serves.findIndex((x) => x.port === s.port) !== i) add(["workload", "serves", i, "port"], "is listed more than once; one entry per port", s.port);
    });
}

/** Every instance target group reaches a port the workload serves, with what it serves there. */
function matchProblems(add: (path: Path, message: string, value: unknown) => void, w: WorkloadConfig, t: TrafficDraft): void {
    const greeting = w.mode === "greeting";
    const serves = w.mode === "greeting" ? [] : w.serves;
    const served = (p: number) => serves.find((s) => s.port === p);
    // A group without port or protocol is already a problem of its own (rules.ts).
    for (const g of t.targetGroups.filter((x) => x.targetType === "instance").filter(hasPort)) {
        if (g.protocol === undefined) continue;
        const at: Path = ["targetGroups", g.name];
        if (greeting && !["HTTP", "TCP"].includes(g.protocol)) {
            add([...at, "protocol"], `is ${g.protocol}, but the greeting workload's httpd serves plain HTTP over TCP; use HTTP or TCP, or a workload that serves ${g.protocol} (workload.mode userData or ami)`, g.protocol);
        }
        // What the load balancer speaks to the target must be what the process speaks: an HTTP/1.1
        // server sent HTTP/2 or gRPC frames (or the reverse) fails every request and health check.
        const version = g.protocolVersion ?? "HTTP1";
        if (greeting && version !== "HTTP1") {
            add([...at, "protocolVersion"], `is ${version}, but the greeting workload's httpd speaks HTTP/1.1 only; use HTTP1, or a workload that serves ${version} (workload.serves protocolVersion)`, version);
        }
        if (!greeting && (g.protocol === "HTTP" || g.protocol === "HTTPS")) {
            const s = served(g.port);
            const speaks = s?.protocolVersion ?? "HTTP1";
            if (s && speaks !== version) add([...at, "protocolVersion"], `is ${version}, but port ${g.port} serves ${speaks} (workload.serves protocolVersion); the two must match`, version);
        }
        if (!greeting) {
            const s = served(g.port);
            if (!s) add([...at, "port"], `is not a port the workload serves (workload.serves lists ${serves.map((x) => x.port).join(", ")}); add it there or forward to a served port`, g.port);
            else if (!CARRIES[g.protocol].includes(s.protocol)) add([...at, "protocol"], `is ${g.protocol}, but port ${g.port} serves ${s.protocol} (workload.serves); allowed here: ${CARRIES[g.protocol].join(", ")}`, g.protocol);
            // The NLB sends the header on traffic and health checks alike; a process that does not
            // expect it reads garbage, and one that expects it drops connections without it.
            for (const p of new Set([g.port, healthPort(g)])) {
                const sp = served(p);
                if (sp && Boolean(g.proxyProtocolV2) !== Boolean(sp.proxyProtocol)) {
                    add([...at, "proxyProtocolV2"], `is ${Boolean(g.proxyProtocolV2)}, but workload.serves says port ${p} ${sp.proxyProtocol ? "expects" : "does not expect"} a proxy protocol header`, Boolean(g.proxyProtocolV2));
                }
            }
        }
        if (g.healthCheck.enabled) checkHealthCheck(add, g, at, served, greeting, (s) => ["workload", "serves", serves.indexOf(s)]);
    }
}

// ---- Permissions --------------------------------------------------------------------------------

/** AWS: "Role policy size cannot exceed 10,240 characters" (aggregate inline policies, whitespace not counted). */
export const INLINE_POLICY_LIMIT = 10240;
/** AWS's default quota: 10 managed policies per role; Session Manager's takes one. */
export const MAX_EXTRA_MANAGED_POLICIES = 9;

export interface AccountFacts {
    partition: string;
    region: string;
    accountId: string;
}

/** SSM parameter ARNs for a name (the leading / is not repeated) or, for a path ending in /, the
 * path itself (GetParametersByPath) and everything below it. */
export function parameterArns(name: string, a: AccountFacts): string[] {
    const base = `arn:${a.partition}:ssm:${a.region}:${a.accountId}:parameter`;
    if (!name.endsWith("/")) return [`${base}${name}`];
    const pathName = name.slice(0, -1);
    return [`${base}${pathName}`, `${base}${pathName}/*`];
}

/** A secret's ARN ends in -<6 random characters>; AWS's advice for a policy on a name: "-??????". */
export function secretArn(ref: string, a: AccountFacts): string {
    return ref.startsWith("arn:") ? ref : `arn:${a.partition}:secretsmanager:${a.region}:${a.accountId}:secret:${ref}-??????`;
}

/**
 * The AWS services the workload's reads call from the instances: SSM for its parameters, Secrets
 * Manager for its secrets. Instances without a NAT gateway reach them only through interface
 * endpoints (a VPC the stack creates with natGateways none makes these, infra/webTier.ts).
 */
export function workloadApiServices(w: WorkloadConfig): string[] {
    return [...((w.parameters ?? []).length > 0 ? ["ssm"] : []), ...((w.secrets ?? []).length > 0 ? ["secretsmanager"] : [])];
}

/** The instance role's inline statements: reads of the named parameters and secrets, then the stack's own. */
export function roleStatements(w: WorkloadConfig, a: AccountFacts): IamStatement[] {
    const out: IamStatement[] = [];
    const params = w.parameters ?? [];
    const secrets = w.secrets ?? [];
    if (params.length > 0) {
        out.push({ Sid: "ReadWorkloadParameters", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], Resource: [...new Set(params.flatMap((p) => parameterArns(p, a)))] });
    }
    if (secrets.length > 0) {
        out.push({ Sid: "ReadWorkloadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: [...new Set(secrets.map((s) => secretArn(s, a)))] });
    }
    for (const s of w.policyStatements ?? []) {
        const { Principal: _p, NotPrincipal: _n, ...statement } = s as z.output<typeof iamStatement>;
        void _p; void _n;
        out.push(statement);
    }
    return out;
}

/** Does the workload need an instance role of its own (instances mode makes one only then)? */
export const needsRole = (w: WorkloadConfig) =>
    [w.parameters, w.secrets, w.managedPolicyArns, w.policyStatements].some((l) => (l ?? []).length > 0);

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function permissionProblems(add: (path: Path, message: string, value: unknown) => void, w: WorkloadConfig, region: string): void {
    (w.policyStatements ?? []).forEach((s, i) => {
        if (s.Effect !== "Allow") return;
        const actions = asList(s.Action);
        const resources = asList(s.Resource);
        // Security Hub IAM.1 / IAM.21: no "Action": "*" on "Resource": "*"; iam:PassRole on "*"
        // lets the instance hand any role to any service.
        if (actions.includes("*") && resources.includes("*")) add(["workload", "policyStatements", i], "allows every action on every resource (Security Hub IAM.1); name the actions and resources the application needs", s);
        if (actions.some((x) => /^iam:(\*|Pass\*|PassRole)$/i.test(x)) && resources.includes("*")) {
            add(["workload", "policyStatements", i], "allows iam:PassRole on every role (Security Hub IAM.21 style); name the role ARNs", s);
        }
    });
    const extra = w.managedPolicyArns ?? [];
    if (extra.length > MAX_EXTRA_MANAGED_POLICIES) add(["workload", "managedPolicyArns"], `lists ${extra.length}; AWS attaches at most 10 managed policies to a role by default, and Session Manager's is one`, extra.length);
    extra.forEach((arn, i) => { if (extra.indexOf(arn) !== i) add(["workload", "managedPolicyArns", i], "is listed more than once", arn); });
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: roleStatements(w, { partition: "aws-us-gov", region, accountId: "000000000000" }) });
    const size = doc.replace(/\s/g, "").length;
    if (size > INLINE_POLICY_LIMIT) add(["workload", "policyStatements"], `make an inline policy of ${size} characters with the parameter and secret reads; AWS allows ${INLINE_POLICY_LIMIT} per role (use managedPolicyArns for more)`, size);
}

// ---- User data ----------------------------------------------------------------------------------

/** "User data is limited to 16 KB, in raw form, before it is base64-encoded" (EC2 user guide). */
export const USER_DATA_LIMIT = 16 * 1024;

export interface TemplateValues {
    project: string;
    stack: string;
    region: string;
    team: string;
    /** Instance target group name -> its traffic port (undefined while the group's config lacks one: a problem of its own). */
    groupPorts: Record<string, number | undefined>;
    /** Every port the workload serves. */
    ports: number[];
    parameters: string[];
    secrets: string[];
}

/** The names a user data file may use, as {{webtier.<name>}}, and their values (all shell-safe words). */
export function templateNames(v: TemplateValues): Map<string, string> {
    return new Map<string, string>([
        ["project", v.project],
        ["stack", v.stack],
        ["region", v.region],
        ["team", v.team],
        ["ports", v.ports.join(" ")],
        ["parameters", v.parameters.join(" ")],
        ["secrets", v.secrets.join(" ")],
        ...Object.entries(v.groupPorts).map(([g, p]) => [`port.${g}`, String(p)] as [string, string]),
    ]);
}

const PLACEHOLDER = /\{\{\s*webtier\.([A-Za-z0-9_.-]*)\s*\}\}/g;

export type Rendered = { ok: true; text: string } | { ok: false; problems: string[] };

/**
 * Fills {{webtier.<name>}} in a user data template. Other {{...}} (cloud-init's own jinja) are left
 * alone. Unknown names are problems (line number and the names allowed), not blanks.
 */
export function renderTemplate(template: string, v: TemplateValues): Rendered {
    const names = templateNames(v);
    const problems: string[] = [];
    template.split("\n").forEach((line, i) => {
        for (const m of line.matchAll(PLACEHOLDER)) {
            if (!names.has(m[1])) problems.push(`line ${i + 1}: {{webtier.${m[1]}}} is not a known value; known: ${[...names.keys()].map((n) => `webtier.${n}`).join(", ")}`);
        }
    });
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, text: template.replace(PLACEHOLDER, (_m, name: string) => names.get(name)!) };
}

/** cloud-init runs a part by its first line: #! (a script) or #cloud-config; a jinja header may come first. */
function formatProblem(text: string): string | undefined {
    const lines = text.split("\n");
    const first = lines[0] === "## template: jinja" ? lines[1] ?? "" : lines[0];
    if (text.includes("\r")) return "has Windows line endings (\\r\\n): cloud-init runs #!/bin/bash\\r and fails; save it with \\n line endings";
    if (!first.startsWith("#!") && first.trimEnd() !== "#cloud-config") return `starts with ${JSON.stringify(first.slice(0, 40))}; cloud-init runs a file that starts with #! (a script) or #cloud-config`;
    return undefined;
}

export interface UserDataFile {
    file: string;
    text: string;
}

/** Reads and renders the team's user data, or lists why it can't be used. */
export function teamUserData(w: Extract<WorkloadConfig, { mode: "userData" }>, v: TemplateValues, projectDir = PROJECT_DIR): { ok: true; userData: UserDataFile } | { ok: false; problems: string[] } {
    const file = path.resolve(projectDir, w.userData);
    let template: string;
    try {
        template = fs.readFileSync(file, "utf8");
    } catch (e) {
        return { ok: false, problems: [`can't be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the path is relative to ${projectDir}`] };
    }
    const format = formatProblem(template);
    if (format) return { ok: false, problems: [format] };
    const rendered = renderTemplate(template, v);
    if (!rendered.ok) return rendered;
    const size = bytes(rendered.text);
    if (size > USER_DATA_LIMIT) return { ok: false, problems: [`renders to ${size} bytes; EC2 takes at most ${USER_DATA_LIMIT} bytes of user data before base64 (fetch the application from S3 or bake it into an AMI)`] };
    return { ok: true, userData: { file, text: rendered.text } };
}

// ---- All of it ----------------------------------------------------------------------------------

export interface WorkloadView {
    workload: WorkloadConfig;
    fleet: { amiId: string };
    team: string;
}

export function templateValues(c: WorkloadView, t: TrafficDraft, stack: { project: string; stack: string; region: string }): TemplateValues {
    const w = c.workload;
    return {
        project: stack.project,
        stack: stack.stack,
        region: stack.region,
        team: c.team,
        groupPorts: Object.fromEntries(t.targetGroups.filter((g) => g.targetType === "instance").map((g) => [g.name, g.port])),
        ports: w.mode === "greeting" ? [] : [...new Set(w.serves.map((s) => s.port))].sort((a, b) => a - b),
        parameters: w.parameters ?? [],
        secrets: w.secrets ?? [],
    };
}

/** Every workload problem, with config paths: the match with the target groups, the user data
 * file, the image and the permissions. */
export function workloadProblems(c: WorkloadView, t: TrafficDraft, stack: { project: string; stack: string; region: string }, projectDir = PROJECT_DIR): Problem[] {
    const out: Problem[] = [];
    const add = (p: Path, message: string, value: unknown) => out.push({ path: p, message, value });
    const w = c.workload;
    if (w.mode !== "greeting") servesProblems(add, w.serves);
    matchProblems(add, w, t);
    if (w.mode === "ami" && c.fleet.amiId) add(["fleet", "amiId"], `can't be combined with workload.mode ami: the golden AMI is workload.image (${w.image}); remove fleet.amiId`, c.fleet.amiId);
    if (w.mode === "userData") {
        const r = teamUserData(w, templateValues(c, t, stack), projectDir);
        if (!r.ok) for (const m of r.problems) add(["workload", "userData"], `${w.userData} ${m}`, w.userData);
    }
    permissionProblems(add, w, stack.region);
    albGroupHealthProblems(add, w, t);
    return out;
}

/** An ALB path pattern (case-sensitive; * any run of characters, ? one) against a path. */
function pathMatches(pattern: string, path: string): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(path);
}

/**
 * What the workload answers on an instance group's port for a path: the greeting serves / and, when
 * a group checks it, /healthz; a team workload serves what it declares. undefined: not declared.
 */
function answers(w: WorkloadConfig, t: TrafficDraft, port: number, path: string): number | undefined {
    if (w.mode === "greeting") return pathOf(path) === "/" || (pathOf(path) === "/healthz" && greetingHealthPage(t)) ? 200 : 404;
    const s = w.serves.find((x) => x.port === port);
    return s && s.healthPath === path ? s.healthStatus ?? 200 : undefined;
}

/**
 * An `alb` target group's health check is an HTTP(S) request to the ALB listener on the group's
 * port (ELB: "Health checks for Application Load Balancer targets"), and the ALB routes it like any
 * request: its Host is an address, so no host-header rule matches; the first rule whose conditions
 * are all path patterns that match, else the default action. It succeeds only when the answer is
 * in the group's matcher (default 200-399): a path the workload behind the route does not serve
 * leaves the ALB unhealthy, and the NLB then fails open instead of failing over.
 */
function albGroupHealthProblems(add: (p: Path, m: string, v: unknown) => void, w: WorkloadConfig, t: TrafficDraft): void {
    for (const g of t.targetGroups.filter((x) => x.targetType === "alb")) {
        if (g.healthCheck.enabled === false) continue;
        const listener = t.albListeners.find((l) => l.port === g.port);
        if (!listener) continue;
        const path = g.healthCheck.path ?? "/";
        const matcher = g.healthCheck.matcher ?? "200-399";
        const rule = [...listener.rules].sort((a, b) => a.priority - b.priority)
            .find((r) => r.conditions.length > 0 && r.conditions.every((c) => c.pathPattern !== undefined && Object.keys(c).length === 1 && c.pathPattern.some((p) => pathMatches(p, pathOf(path)))));
        const action = rule ? rule.action : listener.defaultAction;
        const route = rule ? `albListeners.${listener.key}.rules.${rule.name}` : `albListeners.${listener.key}.defaultAction`;
        const at: Path = ["targetGroups", g.name, "healthCheck", "path"];
        if (action.type === "fixed-response" || action.type === "redirect") {
            const status = action.type === "redirect" ? (action.statusCode === "HTTP_302" ? 302 : 301) : Number(action.statusCode);
            if (!matcherAccepts(matcher, status)) add(at, `reaches ${route}, which answers ${status}, outside the group's matcher ${matcher}: the NLB would mark the ALB unhealthy`, path);
            continue;
        }
        for (const name of forwardedGroups(action)) {
            const target = t.targetGroups.find((x) => x.name === name);
            // The NLB's check is an HTTP/1.1 request, and an ALB answers an HTTP/1.1 request
            // forwarded to a gRPC or HTTP/2 group with 464 ("Troubleshoot your Application Load
            // Balancers": the request protocol is HTTP/1.1 while the group's version is gRPC or HTTP/2).
            const version = (target?.targetType === "instance" || target?.targetType === "ip" ? target.protocolVersion : undefined) ?? "HTTP1";
            if (version !== "HTTP1") {
                add(at, `reaches ${route} and ${name}, a ${version} group: the NLB's health check is an HTTP/1.1 request, which the ALB answers with 464 for ${version} groups, so the NLB would mark the ALB unhealthy; send the check to a path a rule answers itself (a pathPattern rule with a fixed-response 200) or one routed to an HTTP1 group`, path);
                continue;
            }
            if (target?.targetType !== "instance" || target.port === undefined) continue;
            const status = answers(w, t, target.port, path);
            if (status === undefined) {
                add(at, `reaches ${route} and ${name} (port ${target.port}), where the workload declares no ${path} (workload.serves); ask for its health path, or the NLB marks the ALB unhealthy and fails open`, path);
            } else if (!matcherAccepts(matcher, status)) {
                add(at, `reaches ${route} and ${name} (port ${target.port}), which answers ${path} with ${status}, outside the group's matcher ${matcher}: the NLB would mark the ALB unhealthy`, path);
            }
        }
    }
}

/** Where the image comes from: fleet.amiId or AWS's Amazon Linux parameter (greeting, userData), or the golden AMI. */
export type ImageSource = { kind: "id"; id: string } | { kind: "parameter"; name: string; aws: boolean };

export function imageSource(c: { workload: WorkloadConfig; fleet: { amiId: string } }, linuxParameter: string): ImageSource {
    if (c.workload.mode === "ami") return c.workload.image.startsWith("ami-") ? { kind: "id", id: c.workload.image } : { kind: "parameter", name: c.workload.image, aws: false };
    return c.fleet.amiId ? { kind: "id", id: c.fleet.amiId } : { kind: "parameter", name: linuxParameter, aws: true };
}

/** Production stacks are the ones whose name's last part is prod (the pack's rule: payments-prod -> prod.json). */
export const isProductionStack = (stack: string) => (stack.split("/").pop() ?? stack).split("-").pop() === "prod";

/**
 * The plan's warning for a production stack whose AMI floats: resolved from an SSM parameter at
 * every `up`, so a new value replaces every instance (instances mode) or rolls the fleet (fleet
 * mode) on an unrelated update, with an image nobody tested with this release.
 */
export function floatingAmiWarning(c: { workload: WorkloadConfig; fleet: { mode: string; amiId: string } }, stack: string): string | undefined {
    if (!isProductionStack(stack)) return undefined;
    const src = imageSource(c, "/aws/service/ami-amazon-linux-latest/...");
    if (src.kind === "id") return undefined;
    const what = src.aws ? "fleet.amiId is empty, so the AMI is the newest Amazon Linux 2023 at every pulumi up" : `workload.image is the SSM parameter ${src.name}, read at every pulumi up`;
    const cost = c.fleet.mode === "autoscaling"
        ? "each new AMI rolls an instance refresh through the whole fleet on whatever update comes next"
        : "each new AMI replaces every instance at once on whatever update comes next (downtime while they boot)";
    return `warning: the AMI floats in production stack ${stack}: ${what}; ${cost}, with an image not tested with this release and no way back but pinning the old ID. Pin ${src.aws ? "fleet.amiId" : "workload.image"} to an AMI ID`;
}

/**
 * The greeting's user data installs httpd at boot (infra/user-data.sh: yum install), and a team's
 * user data may download too. An instance without a public IP reaches Amazon Linux's repositories
 * (S3 buckets) only through a NAT gateway or an S3 gateway endpoint. A VPC this stack creates has
 * both (infra/vpc.ts); the default VPC has neither unless someone added them, and a VPC of the
 * team's own is not known offline. Without the way out every target stays unhealthy.
 */
export function bootEgressWarning(c: { workload: WorkloadConfig; fleet: { associatePublicIp?: boolean }; vpc: { create: boolean; id: string } }): string | undefined {
    if (c.workload.mode === "ami" || c.vpc.create || c.fleet.associatePublicIp) return undefined;
    const greeting = c.workload.mode === "greeting";
    const what = greeting ? "the greeting's boot-time yum install httpd" : "what your user data fetches at boot";
    // Packages come from S3; AWS APIs a team's script calls (SSM, Secrets Manager) need a NAT
    // gateway or their own interface endpoints.
    const fix = greeting
        ? "a NAT gateway or an S3 gateway endpoint (Amazon Linux's repositories are S3 buckets)"
        : "a NAT gateway, or an S3 gateway endpoint for packages (Amazon Linux's repositories are S3 buckets) and interface endpoints for the AWS APIs it calls (ssm, secretsmanager, ...)";
    return c.vpc.id
        ? `assumed, not known offline: the instances' subnets in ${c.vpc.id} (no public IPs) have ${fix}; without it, ${what} fails and every target stays unhealthy`
        : `warning: the instances get no public IP in the default VPC, which has no NAT gateway or VPC endpoints unless you added them: ${what} fails and every target stays unhealthy. Set fleet.associatePublicIp true, add ${fix}, or let the stack create its VPC (vpc.create)`;
}

// ---- What verify checks -------------------------------------------------------------------------

/** One listener's health check for `npm run verify`: the endpoint its default action's instance
 * group serves, asked through the load balancer. */
export interface ListenerHealthCheck {
    loadBalancer: "alb" | "nlb";
    listener: string;
    port: number;
    /** https when the listener terminates TLS (HTTPS, TLS) or passes the target's TLS through. */
    scheme: "http" | "https";
    targetGroup: string;
    path: string;
    expectedStatus: number;
    instanceHeader?: string;
}

/**
 * For a team workload, per listener whose default action forwards to an instance group with an
 * HTTP(S) endpoint: where verify asks and what it expects. Listeners that redirect, answer
 * themselves or forward elsewhere (IP, Lambda, ALB targets) and UDP listeners are left out.
 */
export function listenerHealthChecks(c: { workload: WorkloadConfig; traffic: TrafficSpec }): ListenerHealthCheck[] {
    if (c.workload.mode === "greeting") return [];
    const serves = c.workload.serves;
    const groups = new Map(instanceGroups(c.traffic).map((g) => [g.name, g]));
    const out: ListenerHealthCheck[] = [];
    const listeners = [...c.traffic.albListeners.map((l) => ["alb", l] as const), ...c.traffic.nlbListeners.map((l) => ["nlb", l] as const)];
    for (const [lb, l] of listeners) {
        const a = l.defaultAction;
        if (a.type !== "forward") continue;
        const name = a.targetGroup ?? a.targetGroups?.[0]?.targetGroup;
        const g = name ? groups.get(name) : undefined;
        // Through the listener the request reaches the traffic port; what answers there is the served entry.
        const s = g ? serves.find((x) => x.port === g.port) : undefined;
        if (!g || !s || !s.healthPath) continue;
        // verify asks with HTTP/1.1: a gRPC or HTTP/2-only service is not its to check.
        if ((s.protocolVersion ?? "HTTP1") !== "HTTP1") continue;
        const terminates = l.protocol === "HTTPS" || l.protocol === "TLS";
        if (l.protocol === "UDP" || l.protocol === "TCP_UDP") continue;
        out.push({
            loadBalancer: lb,
            listener: l.key,
            port: l.port,
            scheme: terminates || s.protocol === "HTTPS" ? "https" : "http",
            targetGroup: g.name,
            path: s.healthPath,
            expectedStatus: s.healthStatus ?? 200,
            ...(s.instanceHeader ? { instanceHeader: s.instanceHeader } : {}),
        });
    }
    return out;
}
