// From the traffic maps a stack writes to the specs the components take: the seed's defaults
// merged under the stack's entries, and every field the stack left out filled with AWS's default
// for the group's protocol family (ALB: HTTP/HTTPS and Lambda; NLB: TCP/TLS/UDP/TCP_UDP).
import {
    ActionInput, AlbListenerInput, ConditionInput, MtlsHeaderNamesInput, MutualAuthenticationInput, ResponseHeadersInput, TransformsInput, DEFAULT_ALB_LISTENERS, DEFAULT_NLB_LISTENERS, DEFAULT_TARGET_GROUPS, DEFAULT_TLS_POLICY,
    NlbListenerInput, TargetGroupInput, TgProtocol,
} from "./traffic";

export type LoadBalancerKind = "alb" | "nlb";

export interface HealthCheckSpec {
    enabled: boolean;
    protocol?: "HTTP" | "HTTPS" | "TCP";
    port: string;
    path?: string;
    interval: number;
    timeout: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
    matcher?: string;
}

/** An ip group's target: the address, its own port (default the group's), and "all" for an address outside the VPC. */
export interface IpTargetSpec {
    ip: string;
    port?: number;
    availabilityZone?: string;
}

/**
 * The target-group fields this file resolves (fills with AWS's default for the group's type, or
 * leaves out where they don't apply). Every other field of the schema (traffic.ts
 * targetGroupInput) reaches the component as the stack wrote it, and infra/targets.ts maps it to
 * the provider: a new attribute is a schema line, plus a line in targets.ts when its name or value
 * differs from aws.lb.TargetGroupArgs'.
 */
const RESOLVED_TARGET_GROUP_FIELDS = [
    "enabled", "protocol", "port", "protocolVersion", "targetType", "ipAddressType", "healthCheck", "deregistrationDelay", "slowStart", "algorithm", "anomalyMitigation",
    "stickiness", "connectionTermination", "preserveClientIp", "proxyProtocolV2", "lambdaMultiValueHeaders", "targetGroupHealth", "unhealthyConnectionTermination",
    "unhealthyDrainingInterval", "targets",
] as const satisfies readonly (keyof TargetGroupInput)[];
/** The schema's fields that pass through as written (none of today's; see RESOLVED_TARGET_GROUP_FIELDS). */
export type TargetGroupPassThrough = Omit<TargetGroupInput, (typeof RESOLVED_TARGET_GROUP_FIELDS)[number]>;

/** The fields of `entry` not in `resolved`, as written. */
function passThrough<T extends object>(entry: object, resolved: readonly string[]): T {
    return Object.fromEntries(Object.entries(entry).filter(([k, v]) => !resolved.includes(k) && v !== undefined)) as T;
}

interface TargetGroupCommon extends TargetGroupPassThrough {
    /** The map key, the seed's name for the defaults (TG-ALB, TG-NLB); also the Name tag. */
    name: string;
    healthCheck: HealthCheckSpec;
    /** DNS failover and unhealthy state routing thresholds, as written ("off" or a number). */
    targetGroupHealth?: TargetGroupInput["targetGroupHealth"];
}

/** Every type but Lambda: a port and protocol (CreateTargetGroup: required unless the target is a Lambda function), and the NLB attributes. */
interface PortTargetGroup<P extends TgProtocol> extends TargetGroupCommon {
    protocol: P;
    port: number;
    deregistrationDelay: number;
    connectionTermination?: boolean;
    proxyProtocolV2?: boolean;
    /** NLB TCP/TLS groups: close connections to unhealthy targets (AWS's default true), or drain them. */
    unhealthyConnectionTermination?: boolean;
    unhealthyDrainingInterval?: number;
}

/** instance and ip groups serve the ALB (HTTP, HTTPS) or the NLB (TCP, TLS, UDP, TCP_UDP), by their protocol; each family's attributes are set for it. */
interface HostTargetGroup extends PortTargetGroup<TgProtocol> {
    /** Which load balancer family the group serves, by its protocol. */
    family: LoadBalancerKind;
    protocolVersion?: "HTTP1" | "HTTP2" | "GRPC";
    slowStart?: number;
    algorithm?: "round_robin" | "least_outstanding_requests" | "weighted_random";
    anomalyMitigation?: boolean;
    stickiness?: { enabled: boolean; type: "lb_cookie" | "app_cookie" | "source_ip"; duration?: number; cookieName?: string };
    preserveClientIp?: boolean;
}

/** The web fleet's instances (the component registers them). */
export interface InstanceTargetGroupSpec extends HostTargetGroup {
    targetType: "instance";
}

/** Addresses the stack lists. */
export interface IpTargetGroupSpec extends HostTargetGroup {
    targetType: "ip";
    ipAddressType: "ipv4" | "ipv6";
    targets: IpTargetSpec[];
}

/** One Lambda function behind the ALB: no port, protocol or deregistration delay ("not supported" for a Lambda target, AWS). */
export interface LambdaTargetGroupSpec extends TargetGroupCommon {
    targetType: "lambda";
    family: "alb";
    functionArn: string;
    lambdaMultiValueHeaders: boolean;
}

/** This stack's ALB behind the NLB (the component registers it): over TCP, without stickiness or a client IP setting (AWS). */
export interface AlbTargetGroupSpec extends PortTargetGroup<"TCP"> {
    targetType: "alb";
    family: "nlb";
}

/** A target group, by its target type: the choice is made once (resolveTargetGroup), and the type carries it. */
export type TargetGroupSpec = InstanceTargetGroupSpec | IpTargetGroupSpec | LambdaTargetGroupSpec | AlbTargetGroupSpec;
/** The groups with a port and protocol: every type but Lambda. */
export type PortTargetGroupSpec = Exclude<TargetGroupSpec, LambdaTargetGroupSpec>;

type Unchecked<G extends PortTargetGroupSpec> = Omit<G, "port" | "protocol"> & { port?: number; protocol?: TgProtocol };
/**
 * A group resolved from config not yet validated (what the cross-field rules read): its type's
 * spec, but the port and protocol, or the Lambda function, may be missing, and the protocol be one
 * the type does not take. Each gap is a config error of its own (rules.ts checkTargetGroup), and
 * validateConfig hands on only complete groups (checkedTraffic).
 */
export type TargetGroupDraft =
    | Unchecked<InstanceTargetGroupSpec> | Unchecked<IpTargetGroupSpec> | Unchecked<AlbTargetGroupSpec>
    | (Omit<LambdaTargetGroupSpec, "functionArn"> & { functionArn?: string });

export type ActionSpec = ActionInput;
export type ConditionSpec = ConditionInput;

export interface RuleSpec {
    name: string;
    priority: number;
    conditions: ConditionSpec[];
    action: ActionSpec;
    transforms?: TransformsInput;
}

/** The listener fields resolveListener resolves; every other schema field passes through as written (infra/listeners.ts LISTENER_FIELDS maps it). */
const RESOLVED_LISTENER_FIELDS = [
    "enabled", "port", "protocol", "certificateArn", "extraCertificateArns", "sslPolicy", "alpnPolicy", "mutualAuthentication", "responseHeaders", "mtlsHeaderNames", "tcpIdleTimeout",
    "defaultAction", "rules",
] as const satisfies readonly (keyof AlbListenerInput | keyof NlbListenerInput)[];
type ResolvedListenerField = (typeof RESOLVED_LISTENER_FIELDS)[number];
/** The listener schemas' fields that pass through as written (none of today's). */
export type ListenerPassThrough = Partial<Omit<AlbListenerInput, ResolvedListenerField>> & Partial<Omit<NlbListenerInput, ResolvedListenerField>>;

export interface ListenerSpec extends ListenerPassThrough {
    /** The map key (http, https, tcp, ...); child names derive from it. */
    key: string;
    port: number;
    protocol: "HTTP" | "HTTPS" | "TCP" | "TLS" | "UDP" | "TCP_UDP";
    /** HTTPS/TLS: the default certificate ARN, or undefined for the stack's certificate. */
    certificateArn?: string;
    extraCertificateArns: string[];
    sslPolicy?: string;
    alpnPolicy?: string;
    defaultAction: ActionSpec;
    rules: RuleSpec[];
    /** HTTPS: mutual TLS. */
    mutualAuthentication?: MutualAuthenticationInput;
    /** ALB: headers added to (or removed from) every response. */
    responseHeaders?: ResponseHeadersInput;
    /** ALB HTTPS: renamed mTLS/TLS request headers. */
    mtlsHeaderNames?: MtlsHeaderNamesInput;
    /** NLB TCP: idle timeout in seconds. */
    tcpIdleTimeout?: number;
}

export interface TrafficSpec<G extends TargetGroupDraft = TargetGroupSpec> {
    targetGroups: G[];
    albListeners: ListenerSpec[];
    nlbListeners: ListenerSpec[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A stack's value over its defaults: fields replace, nested setting maps merge one level, and the
 * fields named in `whole` replace whole (an action of another type shares no fields).
 */
export function mergeOver<T extends object>(base: T | undefined, over: T | undefined, whole: readonly string[] = []): T {
    const out: Record<string, unknown> = { ...(base ?? {}) };
    for (const [k, v] of Object.entries(over ?? {})) {
        out[k] = !whole.includes(k) && isObject(v) && isObject(out[k]) ? { ...(out[k] as object), ...v } : v;
    }
    return out as T;
}

const mergeEntry = <T extends object>(base: T | undefined, over: T | undefined): T => mergeOver(base, over, ["defaultAction"]);

/** Defaults merged with the stack's map; entries with `enabled: false` dropped. Order: defaults first, then the stack's. */
export function mergeMap<T extends { enabled?: boolean }>(defaults: Record<string, T>, stack: Record<string, T>): [string, T][] {
    const names = [...new Set([...Object.keys(defaults), ...Object.keys(stack)])];
    return names.map((n) => [n, mergeEntry(defaults[n], stack[n])] as [string, T]).filter(([, v]) => v.enabled !== false);
}

export function familyOf(tg: TargetGroupInput): LoadBalancerKind {
    if (tg.targetType === "lambda") return "alb";
    return tg.protocol === "HTTP" || tg.protocol === "HTTPS" ? "alb" : "nlb";
}

/** The group's health check with AWS's defaults for its type and family. */
export function healthCheckOf(tg: TargetGroupInput, family: LoadBalancerKind = familyOf(tg)): HealthCheckSpec {
    const h = tg.healthCheck ?? {};
    const lambda = tg.targetType === "lambda";
    // AWS's defaults: ALB groups check the group's protocol; NLB groups TCP, except ALB targets
    // (HTTP: an ALB answers health checks only over HTTP/HTTPS); Lambda checks are off by default.
    const protocol = lambda ? undefined : h.protocol ?? (family === "alb" ? (tg.protocol as "HTTP" | "HTTPS") : tg.targetType === "alb" ? "HTTP" : "TCP");
    const http = lambda || protocol !== "TCP";
    const nlbTimeout = protocol === "HTTP" ? 6 : 10;
    return {
        enabled: h.enabled ?? !lambda,
        protocol,
        port: h.port ?? "traffic-port",
        ...(http ? { path: h.path ?? "/", matcher: h.matcher ?? (family === "alb" ? (tg.protocolVersion === "GRPC" ? "12" : "200") : "200-399") } : {}),
        interval: h.interval ?? (lambda ? 35 : 30),
        timeout: h.timeout ?? (lambda ? 30 : family === "alb" ? 5 : nlbTimeout),
        healthyThreshold: h.healthyThreshold ?? 5,
        unhealthyThreshold: h.unhealthyThreshold ?? 2,
    };
}

/** ALB instance and ip groups: routing and stickiness, AWS's defaults filled in. */
function albAttributes(tg: TargetGroupInput) {
    return {
        protocolVersion: tg.protocolVersion ?? "HTTP1",
        slowStart: tg.slowStart ?? 0,
        algorithm: tg.algorithm ?? "round_robin",
        anomalyMitigation: tg.anomalyMitigation ?? false,
        stickiness: {
            enabled: tg.stickiness?.enabled ?? false,
            type: tg.stickiness?.type ?? "lb_cookie",
            duration: tg.stickiness?.duration ?? 86400,
            ...(tg.stickiness?.cookieName ? { cookieName: tg.stickiness.cookieName } : {}),
        },
    };
}

/** NLB groups (alb targets included): connection handling, AWS's defaults filled in. */
function nlbAttributes(tg: TargetGroupInput) {
    return {
        connectionTermination: tg.connectionTermination ?? false,
        proxyProtocolV2: tg.proxyProtocolV2 ?? false,
        ...(tg.unhealthyConnectionTermination !== undefined ? { unhealthyConnectionTermination: tg.unhealthyConnectionTermination } : {}),
        ...(tg.unhealthyDrainingInterval !== undefined ? { unhealthyDrainingInterval: tg.unhealthyDrainingInterval } : {}),
    };
}

/**
 * The group as its target type's spec, with AWS's defaults filled in, from config that may not be
 * valid yet: what the type needs and the stack left out stays out (checkedTargetGroup), and fields
 * the type does not take are dropped (rules.ts checkTargetGroup reports both, in the same run).
 */
export function draftTargetGroup(name: string, tg: TargetGroupInput): TargetGroupDraft {
    const family = familyOf(tg);
    const common = {
        ...passThrough<TargetGroupPassThrough>(tg, RESOLVED_TARGET_GROUP_FIELDS),
        name,
        healthCheck: healthCheckOf(tg, family),
        ...(tg.targetGroupHealth ? { targetGroupHealth: tg.targetGroupHealth } : {}),
    };
    const targetType = tg.targetType ?? "instance";
    if (targetType === "lambda") {
        const functionArn = tg.targets?.length === 1 ? tg.targets[0].functionArn : undefined;
        return { ...common, targetType, family: "alb", ...(functionArn ? { functionArn } : {}), lambdaMultiValueHeaders: tg.lambdaMultiValueHeaders ?? false };
    }
    const withPort = { ...common, protocol: tg.protocol, port: tg.port, deregistrationDelay: tg.deregistrationDelay ?? 300 };
    if (targetType === "alb") return { ...withPort, targetType, family: "nlb", ...nlbAttributes(tg) };
    // Client IP preservation defaults (AWS): on for instance targets and UDP/TCP_UDP groups, off
    // for TCP/TLS IP targets.
    const udp = tg.protocol === "UDP" || tg.protocol === "TCP_UDP";
    const host = {
        ...withPort,
        family,
        ...(family === "alb" ? albAttributes(tg) : {
            ...nlbAttributes(tg),
            preserveClientIp: tg.preserveClientIp ?? (targetType === "instance" || udp),
            stickiness: { enabled: tg.stickiness?.enabled ?? false, type: tg.stickiness?.type ?? "source_ip" },
        }),
    };
    if (targetType === "instance") return { ...host, targetType };
    return { ...host, targetType, ipAddressType: tg.ipAddressType ?? "ipv4", targets: (tg.targets ?? []).filter((t): t is IpTargetSpec => t.ip !== undefined) };
}

/** The spec of a group whose config is valid; throws on one validateConfig refuses (no port or protocol, an alb group not on TCP, a Lambda group without its function). */
function checkedTargetGroup(g: TargetGroupDraft): TargetGroupSpec {
    if (g.targetType === "lambda") {
        if (g.functionArn !== undefined) return { ...g, functionArn: g.functionArn };
    } else if (g.port !== undefined && g.protocol !== undefined) {
        if (g.targetType !== "alb") return { ...g, port: g.port, protocol: g.protocol };
        if (g.protocol === "TCP") return { ...g, port: g.port, protocol: g.protocol };
    }
    throw new Error(`targetGroups.${g.name} lacks what a ${g.targetType} target group needs (validateConfig reports it)`);
}

/** A valid group's spec (what the components take). */
export const resolveTargetGroup = (name: string, tg: TargetGroupInput): TargetGroupSpec => checkedTargetGroup(draftTargetGroup(name, tg));

/** The traffic model of a validated config, every group complete. */
export function checkedTraffic(t: TrafficDraft): TrafficSpec {
    return { ...t, targetGroups: t.targetGroups.map(checkedTargetGroup) };
}

type AnyListenerInput = Omit<AlbListenerInput, "protocol" | "defaultAction"> & { protocol?: string; alpnPolicy?: string; tcpIdleTimeout?: number; defaultAction?: ActionSpec };

function resolveListener(key: string, l: AnyListenerInput, fallbackAction: () => ActionSpec): ListenerSpec {
    const tls = l.protocol === "HTTPS" || l.protocol === "TLS";
    return {
        ...passThrough<ListenerPassThrough>(l, RESOLVED_LISTENER_FIELDS),
        key,
        port: l.port as number,
        protocol: l.protocol as ListenerSpec["protocol"],
        ...(l.certificateArn ? { certificateArn: l.certificateArn } : {}),
        extraCertificateArns: l.extraCertificateArns ?? [],
        ...(tls ? { sslPolicy: l.sslPolicy ?? DEFAULT_TLS_POLICY } : {}),
        ...(l.protocol === "TLS" ? { alpnPolicy: l.alpnPolicy ?? "None" } : {}),
        ...(l.mutualAuthentication ? { mutualAuthentication: l.mutualAuthentication } : {}),
        ...(l.responseHeaders ? { responseHeaders: l.responseHeaders } : {}),
        ...(l.mtlsHeaderNames ? { mtlsHeaderNames: l.mtlsHeaderNames } : {}),
        ...(l.tcpIdleTimeout !== undefined ? { tcpIdleTimeout: l.tcpIdleTimeout } : {}),
        defaultAction: l.defaultAction ?? fallbackAction(),
        rules: Object.entries(l.rules ?? {}).map(([name, r]) => ({ name, ...r })),
    };
}

/** The traffic model as the cross-field rules read it, before the config is known to be valid. */
export type TrafficDraft = TrafficSpec<TargetGroupDraft>;

export interface TrafficInput {
    targetGroups: Record<string, TargetGroupInput>;
    albListeners: Record<string, AlbListenerInput>;
    nlbListeners: Record<string, NlbListenerInput>;
}

/** The merged (not yet validated) maps: what the cross-field rules check, with their config paths. */
export function mergeTraffic(input: TrafficInput) {
    return {
        targetGroups: mergeMap(DEFAULT_TARGET_GROUPS, input.targetGroups),
        albListeners: mergeMap(DEFAULT_ALB_LISTENERS, input.albListeners),
        nlbListeners: mergeMap(DEFAULT_NLB_LISTENERS, input.nlbListeners),
    };
}
export type MergedTraffic = ReturnType<typeof mergeTraffic>;

export function resolveTraffic(merged: MergedTraffic): TrafficDraft {
    const hasHttps443 = merged.albListeners.some(([, l]) => l.protocol === "HTTPS" && l.port === 443);
    // The seed's HTTP:80 redirects to HTTPS when there is HTTPS:443 to redirect to, else forwards.
    const httpDefault = (): ActionSpec => (hasHttps443
        ? { type: "redirect", protocol: "HTTPS", port: "443", statusCode: "HTTP_301" }
        : { type: "forward", targetGroup: "TG-ALB" });
    // An alb group's health check reaches the ALB's listener on its port: by default it speaks
    // that listener's protocol (AWS's own default, HTTP, fails against an HTTPS listener).
    const albPortProtocol = (port: number) => merged.albListeners.find(([, l]) => l.port === port)?.[1].protocol;
    const withAlbProtocol = ([n, tg]: [string, TargetGroupInput]): [string, TargetGroupInput] => {
        const hcPort = tg.healthCheck?.port && tg.healthCheck.port !== "traffic-port" ? Number(tg.healthCheck.port) : tg.port;
        const protocol = tg.targetType === "alb" && !tg.healthCheck?.protocol && hcPort !== undefined ? albPortProtocol(hcPort) : undefined;
        return protocol ? [n, { ...tg, healthCheck: { ...tg.healthCheck, protocol } }] : [n, tg];
    };
    return {
        targetGroups: merged.targetGroups.map(withAlbProtocol).map(([n, tg]) => draftTargetGroup(n, tg)),
        albListeners: merged.albListeners.map(([k, l]) => resolveListener(k, l, httpDefault)),
        nlbListeners: merged.nlbListeners.map(([k, l]) => resolveListener(k, l as AnyListenerInput, () => ({ type: "forward", targetGroup: "TG-NLB" }))),
    };
}

/** A group whose port is set (a draft without one has a config error of its own). */
export const hasPort = <G extends { port?: number }>(g: G): g is G & { port: number } => g.port !== undefined;

/** The ports a group's targets are reached on: its traffic port, and a numeric health-check port. */
export function groupPorts(g: { port: number; healthCheck: HealthCheckSpec }): number[] {
    return [g.port, ...(g.healthCheck.port === "traffic-port" ? [] : [Number(g.healthCheck.port)])];
}

/** Target group names an action sends to. */
export function forwardedGroups(a: ActionSpec): string[] {
    if (a.type !== "forward") return [];
    return [...(a.targetGroup ? [a.targetGroup] : []), ...(a.targetGroups ?? []).map((w) => w.targetGroup)];
}
