// The traffic path of an offline plan, as the twin runs it: load balancers, listeners, rules,
// target groups and what is registered in them, certificates and the names routed to each load
// balancer. Read from the recorded resources (the provider inputs the program declares), not from
// config: the twin runs what the program would create.
import { pemNames } from "../../infra/config/paths";
import { cognitoAuthorizeUrl } from "../../infra/frontDoorOutput";
import { RecordedResource } from "../engine/mockRun";
import { canonicalType, isSecret, prop, TYPES } from "../plan/resources";

export type Kind = "alb" | "nlb";

export interface HealthCheck {
    enabled: boolean;
    protocol: "HTTP" | "HTTPS" | "TCP";
    /** "traffic-port" or a port number. */
    port: string;
    path?: string;
    matcher?: string;
    interval: number;
    timeout: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
}

export type Target =
    | { kind: "instance"; instance: string; port: number }
    | { kind: "ip"; ip: string; port: number }
    | { kind: "lambda"; functionArn: string }
    | { kind: "alb"; loadBalancer: string; port: number };

interface GroupCommon {
    name: string;
    healthCheck: HealthCheck;
    proxyProtocolV2: boolean;
    /** ALB groups: lb_cookie stickiness (duration in seconds) when on. */
    cookieStickiness?: number;
    /** NLB groups: source_ip stickiness. */
    sourceIpStickiness: boolean;
    targets: Target[];
}

/** A target group by its target type: a Lambda group has no port or protocol (AWS). */
export type Group = GroupCommon & ({ targetType: "lambda" } | { protocol: string; port: number; targetType: "instance" | "ip" | "alb" });

/** path, host and header conditions match by AWS wildcards, or by regular expressions when `regex` is set (regexValues). */
export type Condition =
    | { kind: "path"; values: string[]; regex?: true }
    | { kind: "host"; values: string[]; regex?: true }
    | { kind: "method"; values: string[] }
    | { kind: "sourceIp"; values: string[] }
    | { kind: "header"; name: string; values: string[]; regex?: true }
    | { kind: "query"; values: { key?: string; value: string }[] };

/** What an ALB does before a forward: authenticate-oidc / authenticate-cognito (a browser login), or jwt-validation. */
export type Authenticate =
    | {
        type: "oidc" | "cognito";
        /** The identity provider's authorization endpoint (Cognito: the user pool domain's /oauth2/authorize). */
        authorizationEndpoint: string;
        clientId: string;
        scope: string;
        sessionCookieName: string;
        onUnauthenticatedRequest: "authenticate" | "deny" | "allow";
        extraParams: Record<string, string>;
    }
    | { type: "jwt"; issuer: string };

export type Action =
    | { type: "forward"; groups: { group: string; weight: number }[]; stickiness?: number; authenticate?: Authenticate }
    | { type: "redirect"; statusCode: "HTTP_301" | "HTTP_302"; protocol?: string; host?: string; port?: string; path?: string; query?: string }
    | { type: "fixed-response"; statusCode: string; contentType: string; messageBody: string };

/** A rule transform: the first match of `regex` replaced by `replace` ($1.. for its groups). */
export interface Rewrite {
    regex: string;
    replace: string;
}

export interface Rule {
    name: string;
    priority: number;
    conditions: Condition[];
    action: Action;
    transforms?: { urlRewrite?: Rewrite; hostHeaderRewrite?: Rewrite };
}

export interface Certificate {
    /** The ARN as the plan has it (the stack's own certificate, or one made elsewhere). */
    arn: string;
    /** Names on it; undefined when only its ARN is known (made elsewhere). */
    names?: string[];
}

export interface Listener {
    key: string;
    loadBalancer: string;
    kind: Kind;
    port: number;
    protocol: "HTTP" | "HTTPS" | "TCP" | "TLS" | "UDP" | "TCP_UDP";
    sslPolicy?: string;
    alpnPolicy?: string;
    certificates: Certificate[];
    mtls?: { mode: "verify" | "passthrough" };
    defaultAction: Action;
    rules: Rule[];
    /** ALB: headers the listener adds to every response (routing.http.response.*.header_value), in the order AWS lists them. */
    responseHeaders?: Record<string, string>;
    /** ALB: routing.http.response.server.enabled false: the Server header removed. */
    removeServerHeader?: boolean;
    /** ALB with enableHttp2 false: clients are offered HTTP/1.1 only. */
    http2?: false;
}

export interface LoadBalancer {
    name: string;
    kind: Kind;
    /** Its DNS name and the alias records that point at it. */
    dnsName: string;
    aliases: string[];
    /** NLB: its static IPs (one per AZ). */
    staticIps: string[];
    /** Scheme internal: on AWS reachable only from inside the VPC (the twin serves it on loopback all the same). */
    internal: boolean;
}

export interface Instance {
    name: string;
    userData: string;
}

export interface TwinModel {
    stack: string;
    loadBalancers: LoadBalancer[];
    listeners: Listener[];
    groups: Group[];
    instances: Instance[];
    /** ip and Lambda targets: outside this stack, the twin runs stand-ins for them. */
    notes: string[];
}

const str = (v: unknown): string => String(isSecret(v) ? v.value : v ?? "");
const num = (v: unknown): number => Number(v);

/** The logical name in one of the mocks' placeholder ARNs (tools/engine/mocks.ts: `.../<name>-placeholder/...`). */
export function nameInArn(arn: string): string | undefined {
    return /(?:targetgroup|loadbalancer\/(?:app|net))\/(.+?)-placeholder\//.exec(arn)?.[1];
}

class Resources {
    constructor(readonly all: RecordedResource[]) {}
    ofType(type: string): RecordedResource[] {
        return this.all.filter((r) => canonicalType(r.type) === type);
    }
    byUrn(urn: string): RecordedResource | undefined {
        return this.all.find((r) => r.urn === urn);
    }
    /** The resources a property was computed from, of one type. */
    from(r: RecordedResource, property: string, type: string): RecordedResource[] {
        return (r.propertyDependencies[property] ?? []).map((u) => this.byUrn(u)).filter((x): x is RecordedResource => x !== undefined && canonicalType(x.type) === type);
    }
}

/** The Cognito user pool domain's authorization endpoint: a prefix domain (<prefix>.auth.<region>.amazoncognito.com) or a custom domain. */
const cognitoUrl = (userPoolDomain: string, userPoolArn: string) => cognitoAuthorizeUrl(userPoolDomain, userPoolArn.split(":")[3]);

function authenticate(a: Record<string, unknown>): Authenticate | undefined {
    const session = (c: Record<string, unknown>) => ({
        scope: str(c.scope ?? "openid"),
        sessionCookieName: str(c.sessionCookieName ?? "AWSELBAuthSessionCookie"),
        onUnauthenticatedRequest: str(c.onUnauthenticatedRequest ?? "authenticate") as "authenticate" | "deny" | "allow",
        extraParams: Object.fromEntries(Object.entries((c.authenticationRequestExtraParams as Record<string, unknown> | undefined) ?? {}).map(([k, v]) => [k, str(v)])),
    });
    if (a.type === "authenticate-oidc") {
        const c = a.authenticateOidc as Record<string, unknown>;
        return { type: "oidc", authorizationEndpoint: str(c.authorizationEndpoint), clientId: str(c.clientId), ...session(c) };
    }
    if (a.type === "authenticate-cognito") {
        const c = a.authenticateCognito as Record<string, unknown>;
        return { type: "cognito", authorizationEndpoint: cognitoUrl(str(c.userPoolDomain), str(c.userPoolArn)), clientId: str(c.userPoolClientId), ...session(c) };
    }
    if (a.type === "jwt-validation") return { type: "jwt", issuer: str((a.jwtValidation as Record<string, unknown>).issuer) };
    return undefined;
}

/** A listener's or rule's actions in order: an authentication (if any) and the action it guards. */
function actions(list: Record<string, unknown>[], groupName: (arn: string) => string): Action {
    const ordered = [...list].sort((a, b) => num(a.order ?? 0) - num(b.order ?? 0));
    const auth = ordered.length > 1 ? authenticate(ordered[0]) : undefined;
    const last = action(ordered[ordered.length - 1], groupName);
    return auth && last.type === "forward" ? { ...last, authenticate: auth } : last;
}

function action(a: Record<string, unknown>, groupName: (arn: string) => string): Action {
    const type = String(a.type);
    if (type === "forward") {
        if (a.targetGroupArn) return { type: "forward", groups: [{ group: groupName(str(a.targetGroupArn)), weight: 1 }] };
        const f = a.forward as { targetGroups: { arn: string; weight?: number }[]; stickiness?: { enabled?: boolean; duration?: number } };
        return {
            type: "forward",
            groups: f.targetGroups.map((g) => ({ group: groupName(str(g.arn)), weight: g.weight ?? 1 })),
            ...(f.stickiness?.enabled ? { stickiness: f.stickiness.duration ?? 3600 } : {}),
        };
    }
    if (type === "redirect") {
        const r = a.redirect as Record<string, string | undefined>;
        return { type: "redirect", statusCode: (r.statusCode ?? "HTTP_301") as "HTTP_301" | "HTTP_302", protocol: r.protocol, host: r.host, port: r.port, path: r.path, query: r.query };
    }
    const f = a.fixedResponse as Record<string, string | undefined>;
    return { type: "fixed-response", statusCode: String(f.statusCode), contentType: f.contentType ?? "text/plain", messageBody: f.messageBody ?? "" };
}

function condition(c: Record<string, unknown>): Condition {
    const values = (k: string) => (prop(c, k, "values") as string[] | undefined) ?? [];
    const regexValues = (k: string) => prop(c, k, "regexValues") as string[] | undefined;
    if (c.pathPattern) return regexValues("pathPattern") ? { kind: "path", values: regexValues("pathPattern")!, regex: true } : { kind: "path", values: values("pathPattern") };
    if (c.hostHeader) return regexValues("hostHeader") ? { kind: "host", values: regexValues("hostHeader")!, regex: true } : { kind: "host", values: values("hostHeader") };
    if (c.httpRequestMethod) return { kind: "method", values: values("httpRequestMethod") };
    if (c.sourceIp) return { kind: "sourceIp", values: values("sourceIp") };
    if (c.httpHeader) {
        const name = String(prop(c, "httpHeader", "httpHeaderName"));
        return regexValues("httpHeader") ? { kind: "header", name, values: regexValues("httpHeader")!, regex: true } : { kind: "header", name, values: values("httpHeader") };
    }
    return { kind: "query", values: ((c.queryStrings as { key?: string; value: string }[]) ?? []).map((q) => ({ ...(q.key !== undefined ? { key: q.key } : {}), value: q.value })) };
}

function healthCheck(h: Record<string, unknown> | undefined): HealthCheck {
    const x = h ?? {};
    return {
        enabled: x.enabled !== false,
        protocol: (x.protocol as HealthCheck["protocol"]) ?? "HTTP",
        port: String(x.port ?? "traffic-port"),
        ...(x.path !== undefined ? { path: String(x.path) } : {}),
        ...(x.matcher !== undefined ? { matcher: String(x.matcher) } : {}),
        interval: num(x.interval ?? 30),
        timeout: num(x.timeout ?? 5),
        healthyThreshold: num(x.healthyThreshold ?? 5),
        unhealthyThreshold: num(x.unhealthyThreshold ?? 2),
    };
}

/** The stack's own certificate's names: DNS-validated (domain and SANs), self-signed, or imported PEM. */
function ownCertificateNames(rs: Resources, cert: RecordedResource): string[] | undefined {
    const i = cert.inputs;
    if (i.domainName) return [str(i.domainName), ...((i.subjectAlternativeNames as string[] | undefined) ?? []).map(str)];
    const selfSigned = rs.from(cert, "certificateBody", "tls:index/selfSignedCert:SelfSignedCert")[0];
    if (selfSigned) return ((selfSigned.inputs.dnsNames as string[] | undefined) ?? []).map(str);
    return i.certificateBody ? pemNames(str(i.certificateBody)) : undefined;
}

function userDataOf(r: RecordedResource): string {
    if (r.inputs.userData !== undefined) {
        const text = str(r.inputs.userData);
        // Launch templates take base64; instances the script itself.
        return canonicalType(r.type) === "aws:ec2/launchTemplate:LaunchTemplate" ? Buffer.from(text, "base64").toString("utf8") : text;
    }
    return Buffer.from(str(r.inputs.userDataBase64), "base64").toString("utf8");
}

function transforms(list: Record<string, unknown>[] | undefined): Pick<Rule, "transforms"> {
    const rewrite = (t: Record<string, unknown> | undefined, config: string): Rewrite | undefined => {
        const r = (t?.[config] as { rewrite?: { regex: unknown; replace: unknown } } | undefined)?.rewrite;
        return r ? { regex: str(r.regex), replace: str(r.replace) } : undefined;
    };
    const url = rewrite(list?.find((t) => t.type === "url-rewrite"), "urlRewriteConfig");
    const host = rewrite(list?.find((t) => t.type === "host-header-rewrite"), "hostHeaderRewriteConfig");
    if (!url && !host) return {};
    return { transforms: { ...(url ? { urlRewrite: url } : {}), ...(host ? { hostHeaderRewrite: host } : {}) } };
}

/** The listener attributes for response headers (infra/listeners.ts responseHeaderArgs) as header name -> value. */
export const RESPONSE_HEADER_ATTRIBUTES: [string, string][] = [
    ["routingHttpResponseStrictTransportSecurityHeaderValue", "Strict-Transport-Security"],
    ["routingHttpResponseContentSecurityPolicyHeaderValue", "Content-Security-Policy"],
    ["routingHttpResponseXContentTypeOptionsHeaderValue", "X-Content-Type-Options"],
    ["routingHttpResponseXFrameOptionsHeaderValue", "X-Frame-Options"],
    ["routingHttpResponseAccessControlAllowOriginHeaderValue", "Access-Control-Allow-Origin"],
    ["routingHttpResponseAccessControlAllowMethodsHeaderValue", "Access-Control-Allow-Methods"],
    ["routingHttpResponseAccessControlAllowHeadersHeaderValue", "Access-Control-Allow-Headers"],
    ["routingHttpResponseAccessControlAllowCredentialsHeaderValue", "Access-Control-Allow-Credentials"],
    ["routingHttpResponseAccessControlExposeHeadersHeaderValue", "Access-Control-Expose-Headers"],
    ["routingHttpResponseAccessControlMaxAgeHeaderValue", "Access-Control-Max-Age"],
];

function responseHeaders(i: Record<string, unknown>): Pick<Listener, "responseHeaders" | "removeServerHeader"> {
    const headers = Object.fromEntries(RESPONSE_HEADER_ATTRIBUTES.filter(([attr]) => i[attr] !== undefined && i[attr] !== null).map(([attr, name]) => [name, str(i[attr])]));
    return {
        ...(Object.keys(headers).length > 0 ? { responseHeaders: headers } : {}),
        ...(i.routingHttpResponseServerEnabled === false ? { removeServerHeader: true } : {}),
    };
}

/** The twin's model of a plan's resources and outputs. */
export function twinModel(stack: string, resources: RecordedResource[], outputs: Record<string, unknown>): TwinModel {
    const rs = new Resources(resources);
    const notes: string[] = [];
    const groupsByName = new Map<string, Group>();
    const groupName = (arn: string) => {
        const n = nameInArn(arn);
        if (!n || !groupsByName.has(n)) throw new Error(`the plan forwards to ${arn}, which is no target group of this stack`);
        return n;
    };

    // Instances: the seed's EC2_Web instances, or the Auto Scaling group's desired capacity.
    const instances: Instance[] = rs.ofType(TYPES.instance).map((r) => ({ name: r.name, userData: userDataOf(r) }));
    const asgs = rs.ofType("aws:autoscaling/group:Group");
    for (const asg of asgs) {
        const lt = rs.from(asg, "launchTemplate", "aws:ec2/launchTemplate:LaunchTemplate")[0];
        for (let i = 1; i <= num(asg.inputs.desiredCapacity ?? asg.inputs.minSize ?? 1); i++) instances.push({ name: `${asg.name}-${i}`, userData: userDataOf(lt) });
    }

    for (const r of rs.ofType(TYPES.targetGroup)) {
        const i = r.inputs;
        const st = i.stickiness as { enabled?: boolean; type?: string; cookieDuration?: number } | undefined;
        const targetType = str(i.targetType || "instance") as Group["targetType"];
        groupsByName.set(r.name, {
            name: r.name,
            ...(targetType === "lambda" ? { targetType } : { protocol: str(i.protocol), port: num(i.port), targetType }),
            healthCheck: healthCheck(i.healthCheck as Record<string, unknown>),
            proxyProtocolV2: i.proxyProtocolV2 === true,
            ...(st?.enabled && st.type === "lb_cookie" ? { cookieStickiness: st.cookieDuration ?? 86400 } : {}),
            sourceIpStickiness: st?.enabled === true && st.type === "source_ip",
            targets: [],
        });
    }
    for (const a of rs.ofType("aws:lb/targetGroupAttachment:TargetGroupAttachment")) {
        const g = groupsByName.get(groupName(str(a.inputs.targetGroupArn)))!;
        if (g.targetType === "lambda") {
            g.targets.push({ kind: "lambda", functionArn: str(a.inputs.targetId) });
            continue;
        }
        const port = num(a.inputs.port ?? g.port);
        const instance = rs.from(a, "targetId", TYPES.instance)[0];
        const lb = rs.from(a, "targetId", TYPES.loadBalancer)[0];
        if (instance) g.targets.push({ kind: "instance", instance: instance.name, port });
        else if (lb) g.targets.push({ kind: "alb", loadBalancer: lb.name, port });
        else g.targets.push({ kind: "ip", ip: str(a.inputs.targetId), port });
    }
    for (const asg of asgs) {
        const capacity = num(asg.inputs.desiredCapacity ?? asg.inputs.minSize ?? 1);
        for (const tg of rs.from(asg, "targetGroupArns", TYPES.targetGroup)) {
            const g = groupsByName.get(tg.name)!;
            // An Auto Scaling group registers into instance groups only.
            if (g.targetType === "lambda") continue;
            for (let i = 1; i <= capacity; i++) g.targets.push({ kind: "instance", instance: `${asg.name}-${i}`, port: g.port });
        }
    }
    for (const g of groupsByName.values()) {
        if (g.targetType === "ip") notes.push(`${g.name}: its IP targets (${g.targets.map((t) => (t.kind === "ip" ? `${t.ip}:${t.port}` : "")).join(", ")}) are outside the stack; stand-ins answer its health check`);
        if (g.targetType === "lambda") notes.push(`${g.name}: a Lambda function; a stand-in answers 200 for it`);
    }

    const staticIps = (outputs.nlbStaticIps as string[] | undefined) ?? [];
    const loadBalancers: LoadBalancer[] = rs.ofType(TYPES.loadBalancer).map((r) => {
        const kind: Kind = r.inputs.loadBalancerType === "network" ? "nlb" : "alb";
        const dnsName = str(kind === "alb" ? outputs.albDnsName : outputs.nlbDnsName);
        const aliases = rs.ofType("aws:route53/record:Record").filter((rec) => rs.from(rec, "aliases", TYPES.loadBalancer).some((lb) => lb.name === r.name)).map((rec) => str(rec.inputs.name));
        const internal = r.inputs.internal === true;
        if (internal) notes.push(`${r.name} is internal: on AWS it is reachable only from inside its VPC; the twin serves it on loopback all the same`);
        return { name: r.name, kind, dnsName, aliases: [...new Set(aliases)], staticIps: kind === "nlb" ? staticIps : [], internal };
    });

    const extra = rs.ofType("aws:lb/listenerCertificate:ListenerCertificate");
    // A DNS-validated certificate reaches the listener through its validation.
    const ownCertificate = (r: RecordedResource, property: string): RecordedResource | undefined =>
        rs.from(r, property, "aws:acm/certificate:Certificate")[0]
        ?? rs.from(r, property, "aws:acm/certificateValidation:CertificateValidation").flatMap((v) => rs.from(v, "certificateArn", "aws:acm/certificate:Certificate"))[0];
    const certificate = (arn: string, own: RecordedResource | undefined): Certificate => (own ? { arn, names: ownCertificateNames(rs, own) } : { arn });
    const listeners: Listener[] = rs.ofType(TYPES.listener).map((r) => {
        const lb = rs.from(r, "loadBalancerArn", TYPES.loadBalancer)[0];
        const kind: Kind = lb.inputs.loadBalancerType === "network" ? "nlb" : "alb";
        const i = r.inputs;
        const sni = extra.filter((c) => rs.from(c, "listenerArn", TYPES.listener).some((l) => l.urn === r.urn)).map((c) => certificate(str(c.inputs.certificateArn), ownCertificate(c, "certificateArn")));
        const rules: Rule[] = rs.ofType(TYPES.listenerRule).filter((rule) => rs.from(rule, "listenerArn", TYPES.listener).some((l) => l.urn === r.urn)).map((rule) => ({
            name: rule.name,
            priority: num(rule.inputs.priority),
            conditions: ((rule.inputs.conditions as Record<string, unknown>[]) ?? []).map(condition),
            action: actions(rule.inputs.actions as Record<string, unknown>[], groupName),
            ...transforms(rule.inputs.transforms as Record<string, unknown>[] | undefined),
        })).sort((a, b) => a.priority - b.priority);
        const m = i.mutualAuthentication as { mode?: string } | undefined;
        return {
            key: r.name,
            loadBalancer: lb.name,
            kind,
            port: num(i.port),
            protocol: str(i.protocol) as Listener["protocol"],
            ...(i.sslPolicy ? { sslPolicy: str(i.sslPolicy) } : {}),
            ...(i.alpnPolicy ? { alpnPolicy: str(i.alpnPolicy) } : {}),
            certificates: [...(i.certificateArn ? [certificate(str(i.certificateArn), ownCertificate(r, "certificateArn"))] : []), ...sni],
            ...(m?.mode === "verify" || m?.mode === "passthrough" ? { mtls: { mode: m.mode } } : {}),
            defaultAction: actions(i.defaultActions as Record<string, unknown>[], groupName),
            rules,
            ...responseHeaders(i),
            ...(kind === "alb" && lb.inputs.enableHttp2 === false ? { http2: false as const } : {}),
        };
    });
    return { stack, loadBalancers, listeners, groups: [...groupsByName.values()], instances, notes };
}
