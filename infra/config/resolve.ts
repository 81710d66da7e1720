// From the traffic maps a stack writes to the specs the components take: the seed's defaults
// merged under the stack's entries, and every field the stack left out filled with AWS's default
// for the group's protocol family (ALB: HTTP/HTTPS and Lambda; NLB: TCP/TLS/UDP/TCP_UDP).
import {
    ActionInput, AlbListenerInput, ConditionInput, MtlsHeaderNamesInput, MutualAuthenticationInput, ResponseHeadersInput, TransformsInput, DEFAULT_ALB_LISTENERS, DEFAULT_NLB_LISTENERS, DEFAULT_TARGET_GROUPS, DEFAULT_TLS_POLICY,
    NlbListenerInput, TargetGroupInput, TargetType, TgProtocol,
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

export interface TargetSpec {
    ip?: string;
    port?: number;
    availabilityZone?: string;
    functionArn?: string;
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

export interface TargetGroupSpec extends TargetGroupPassThrough {
    /** The map key, the seed's name for the defaults (TG-ALB, TG-NLB); also the Name tag. */
    name: string;
    /** Which load balancer family the group serves, by its protocol (Lambda: ALB). */
    family: LoadBalancerKind;
    protocol?: TgProtocol;
    port?: number;
    protocolVersion?: "HTTP1" | "HTTP2" | "GRPC";
    targetType: TargetType;
    ipAddressType?: "ipv4" | "ipv6";
    healthCheck: HealthCheckSpec;
    deregistrationDelay: number;
    slowStart?: number;
    algorithm?: "round_robin" | "least_outstanding_requests" | "weighted_random";
    anomalyMitigation?: boolean;
    stickiness?: { enabled: boolean; type: "lb_cookie" | "app_cookie" | "source_ip"; duration?: number; cookieName?: string };
    connectionTermination?: boolean;
    preserveClientIp?: boolean;
    proxyProtocolV2?: boolean;
    lambdaMultiValueHeaders?: boolean;
    /** DNS failover and unhealthy state routing thresholds, as written ("off" or a number). */
    targetGroupHealth?: TargetGroupInput["targetGroupHealth"];
    /** NLB TCP/TLS groups: close connections to unhealthy targets (AWS's default true), or drain them. */
    unhealthyConnectionTermination?: boolean;
    unhealthyDrainingInterval?: number;
    targets: TargetSpec[];
}

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

export interface TrafficSpec {
    targetGroups: TargetGroupSpec[];
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

function healthCheck(tg: TargetGroupInput, family: LoadBalancerKind): HealthCheckSpec {
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

export function resolveTargetGroup(name: string, tg: TargetGroupInput): TargetGroupSpec {
    const family = familyOf(tg);
    const targetType = tg.targetType ?? "instance";
    const lambda = targetType === "lambda";
    const common = {
        ...passThrough<TargetGroupPassThrough>(tg, RESOLVED_TARGET_GROUP_FIELDS),
        name,
        family,
        ...(lambda ? {} : { protocol: tg.protocol, port: tg.port }),
        targetType,
        healthCheck: healthCheck(tg, family),
        deregistrationDelay: tg.deregistrationDelay ?? 300,
        ...(tg.targetGroupHealth ? { targetGroupHealth: tg.targetGroupHealth } : {}),
        targets: tg.targets ?? [],
    };
    if (family === "alb") {
        return {
            ...common,
            ...(lambda ? { lambdaMultiValueHeaders: tg.lambdaMultiValueHeaders ?? false } : {
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
            }),
            ...(targetType === "ip" ? { ipAddressType: tg.ipAddressType ?? "ipv4" } : {}),
        };
    }
    // Client IP preservation defaults (AWS): on for instance targets and UDP/TCP_UDP groups, off
    // for TCP/TLS IP targets; not configurable for ALB targets.
    const udp = tg.protocol === "UDP" || tg.protocol === "TCP_UDP";
    return {
        ...common,
        connectionTermination: tg.connectionTermination ?? false,
        ...(targetType === "alb" ? {} : { preserveClientIp: tg.preserveClientIp ?? (targetType === "instance" || udp) }),
        proxyProtocolV2: tg.proxyProtocolV2 ?? false,
        ...(tg.unhealthyConnectionTermination !== undefined ? { unhealthyConnectionTermination: tg.unhealthyConnectionTermination } : {}),
        ...(tg.unhealthyDrainingInterval !== undefined ? { unhealthyDrainingInterval: tg.unhealthyDrainingInterval } : {}),
        stickiness: { enabled: tg.stickiness?.enabled ?? false, type: tg.stickiness?.type ?? "source_ip" },
        ...(targetType === "ip" ? { ipAddressType: tg.ipAddressType ?? "ipv4" } : {}),
    };
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

export function resolveTraffic(merged: MergedTraffic): TrafficSpec {
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
        targetGroups: merged.targetGroups.map(withAlbProtocol).map(([n, tg]) => resolveTargetGroup(n, tg)),
        albListeners: merged.albListeners.map(([k, l]) => resolveListener(k, l, httpDefault)),
        nlbListeners: merged.nlbListeners.map(([k, l]) => resolveListener(k, l as AnyListenerInput, () => ({ type: "forward", targetGroup: "TG-NLB" }))),
    };
}

/** The ports a group's targets are reached on: its traffic port, and a numeric health-check port. */
export function groupPorts(g: TargetGroupSpec): number[] {
    return [g.port!, ...(g.healthCheck.port === "traffic-port" ? [] : [Number(g.healthCheck.port)])];
}

/** Target group names an action sends to. */
export function forwardedGroups(a: ActionSpec): string[] {
    if (a.type !== "forward") return [];
    return [...(a.targetGroup ? [a.targetGroup] : []), ...(a.targetGroups ?? []).map((w) => w.targetGroup)];
}
