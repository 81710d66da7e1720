// Cross-field rules: what AWS enforces across fields and resources (or what would deploy
// something that cannot work), checked before any resource is declared. Each problem names the
// config path, says what is allowed, and carries the value it got.
import { CONDITION_KINDS, ConditionInput, TargetGroupInput } from "./traffic";
import { aliasRecordsProblems, dnsCertificateProblems, listenerTrustStoreName, trustStoreNameProblems } from "./awsLimits";
import { pathProblems } from "./paths";
import { CertificateChoice, FleetChoice } from "./production";
import { ActionSpec, familyOf, forwardedGroups, groupPorts, hasPort, healthCheckOf, MergedTraffic, RuleSpec, TrafficDraft } from "./resolve";

export type Path = (string | number)[];
export interface Problem {
    path: Path;
    message: string;
    value: unknown;
}

class Problems {
    readonly list: Problem[] = [];
    add(path: Path, message: string, value: unknown): void {
        this.list.push({ path, message, value });
    }
}

// ---- Target groups -----------------------------------------------------------------------------

// Target group names: 1-32 alphanumerics and hyphens, not starting or ending with a hyphen
// (CreateTargetGroup). Pulumi appends "-" and 7 characters. AWS refuses the "internal-" prefix for
// load balancer names only (CreateLoadBalancer), not for target groups.
const TG_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,22}[A-Za-z0-9])?$/;

const ALB_ONLY = ["slowStart", "algorithm", "anomalyMitigation", "protocolVersion"] as const;
const NLB_ONLY = ["connectionTermination", "preserveClientIp", "proxyProtocolV2"] as const;

function checkTargetGroup(p: Problems, name: string, tg: TargetGroupInput): void {
    const at = (...rest: Path): Path => ["targetGroups", name, ...rest];
    if (!TG_NAME_RE.test(name)) {
        p.add(at(), "target group names must be 1-24 letters, digits and hyphens (AWS's 32 less Pulumi's 8-character suffix), not starting or ending with -", name);
    }
    const type = tg.targetType ?? "instance";
    const family = familyOf(tg);
    if (type === "lambda") {
        for (const k of ["protocol", "port", "protocolVersion"] as const) {
            if (tg[k] !== undefined) p.add(at(k), "does not apply to a Lambda target group; remove it", tg[k]);
        }
        const fns = (tg.targets ?? []);
        if (fns.length !== 1 || !fns[0].functionArn || fns[0].ip) p.add(at("targets"), "a Lambda target group takes exactly one target, {functionArn: arn:aws:lambda:...}", tg.targets);
        if (tg.stickiness) p.add(at("stickiness"), "Lambda target groups do not support stickiness", tg.stickiness);
        // TargetGroupAttribute (ELB API reference): deregistration_delay "is not supported" for a
        // Lambda target; slow_start and load_balancing.algorithm.type apply to instance and ip
        // targets only. Set on a Lambda group, the provider would drop them without a word.
        for (const k of ["deregistrationDelay", "slowStart", "algorithm", "anomalyMitigation"] as const) {
            if (tg[k] !== undefined) p.add(at(k), "does not apply to a Lambda target group (AWS supports it for instance and ip targets only); remove it", tg[k]);
        }
    } else {
        if (tg.protocol === undefined) p.add(at("protocol"), "is required: HTTP or HTTPS (ALB), TCP, TLS, UDP or TCP_UDP (NLB)", tg.protocol);
        if (tg.port === undefined) p.add(at("port"), "is required: the port the targets serve on, 1-65535", tg.port);
        if (tg.lambdaMultiValueHeaders !== undefined) p.add(at("lambdaMultiValueHeaders"), "applies to Lambda target groups only", tg.lambdaMultiValueHeaders);
    }
    if (type === "instance" && tg.targets !== undefined) {
        p.add(at("targets"), "instance groups register the web fleet itself; remove targets, or use targetType ip for addresses", tg.targets);
    }
    if (type === "ip") {
        const ips = tg.targets ?? [];
        if (ips.length === 0 || ips.some((t) => !t.ip || t.functionArn)) p.add(at("targets"), "an ip target group needs a list of {ip, port?, availabilityZone?}", tg.targets);
        const want = tg.ipAddressType ?? "ipv4";
        ips.forEach((t, i) => {
            if (t.ip && (t.ip.includes(":") ? "ipv6" : "ipv4") !== want) p.add(at("targets", i, "ip"), `is not an ${want} address, as ipAddressType ${want} requires`, t.ip);
        });
    } else if (tg.ipAddressType !== undefined) {
        p.add(at("ipAddressType"), "applies to ip target groups only", tg.ipAddressType);
    }
    if (type !== "ip" && type !== "lambda" && type !== "instance" && tg.targets !== undefined) {
        p.add(at("targets"), "an alb target group registers this stack's ALB itself; remove targets", tg.targets);
    }
    if (type === "alb") {
        // "The target group must use the TCP protocol" and HTTP/HTTPS health checks (ELB, ALB as a target of an NLB).
        if (tg.protocol !== undefined && tg.protocol !== "TCP") p.add(at("protocol"), "must be TCP for an alb target group (AWS: an NLB forwards to an ALB over TCP)", tg.protocol);
        if (tg.healthCheck?.protocol === "TCP") p.add(at("healthCheck", "protocol"), "must be HTTP or HTTPS for an alb target group", tg.healthCheck.protocol);
    }
    if (tg.protocolVersion !== undefined && family !== "alb") p.add(at("protocolVersion"), "applies to HTTP/HTTPS target groups only", tg.protocolVersion);

    const fieldsOfOther = family === "alb" ? NLB_ONLY : ALB_ONLY.filter((k) => k !== "protocolVersion");
    for (const k of fieldsOfOther) {
        if (tg[k] !== undefined) p.add(at(k), `applies to ${family === "alb" ? "NLB (TCP, TLS, UDP, TCP_UDP)" : "ALB (HTTP, HTTPS)"} target groups only`, tg[k]);
    }
    // "If the target group protocol is UDP or TCP_UDP, client IP preservation is enabled and can't
    // be disabled" (NLB target group attributes, preserve_client_ip.enabled).
    if (tg.preserveClientIp === false && (tg.protocol === "UDP" || tg.protocol === "TCP_UDP")) {
        p.add(at("preserveClientIp"), `can't be false on a ${tg.protocol} target group: AWS always preserves client IPs for UDP; remove it`, tg.preserveClientIp);
    }
    checkHealthCheck(p, at, tg, family);
    checkDefaultTimeout(p, at, tg);
    checkRouting(p, at, tg, family);
}

/**
 * The interval must exceed the timeout, and AWS applies its default timeout when the stack sets
 * none (ALB 5 s; NLB 6 s for HTTP, 10 s for TCP and HTTPS; Lambda 30 s): an interval of 5 on a
 * TCP group fails CreateTargetGroup although the stack never wrote a timeout.
 */
function checkDefaultTimeout(p: Problems, at: (...rest: Path) => Path, tg: TargetGroupInput): void {
    if (tg.healthCheck?.interval === undefined || tg.healthCheck.timeout !== undefined) return;
    if (tg.targetType !== "lambda" && tg.protocol === undefined) return;
    const hc = healthCheckOf(tg);
    if (hc.interval <= hc.timeout) {
        p.add(at("healthCheck", "interval"), `must be more than the health-check timeout, which AWS defaults to ${hc.timeout}s for ${hc.protocol ?? "Lambda"} checks on this group; raise the interval or set healthCheck.timeout below it`, hc.interval);
    }
}

function checkHealthCheck(p: Problems, at: (...rest: Path) => Path, tg: TargetGroupInput, family: "alb" | "nlb"): void {
    const h = tg.healthCheck;
    if (!h) return;
    const type = tg.targetType ?? "instance";
    // "If the target type is instance, ip or alb, health checks are always enabled and can't be disabled."
    if (h.enabled === false && type !== "lambda") p.add(at("healthCheck", "enabled"), "can be false only for Lambda target groups (AWS always checks instance, ip and alb targets)", h.enabled);
    if (family === "alb" && h.protocol === "TCP") p.add(at("healthCheck", "protocol"), "must be HTTP or HTTPS on an ALB target group", h.protocol);
    const protocol = h.protocol ?? (family === "alb" ? "HTTP" : type === "alb" ? "HTTP" : "TCP");
    if (protocol === "TCP") {
        for (const k of ["path", "matcher"] as const) {
            if (h[k] !== undefined) p.add(at("healthCheck", k), "applies to HTTP/HTTPS health checks only", h[k]);
        }
    }
    if (h.matcher !== undefined) {
        const grpc = tg.protocolVersion === "GRPC";
        const [low, high] = family === "alb" ? (grpc ? [0, 99] : [200, 499]) : [200, 599];
        if (h.matcher.split(/[,-]/).some((c) => Number(c) < low || Number(c) > high)) p.add(at("healthCheck", "matcher"), `codes must be from ${low} to ${high}`, h.matcher);
    }
    const interval = h.interval ?? (type === "lambda" ? 35 : 30);
    const timeout = h.timeout;
    // ELB rejects CreateTargetGroup when the timeout is not smaller than the interval.
    if (timeout !== undefined && timeout >= interval) p.add(at("healthCheck", "timeout"), `must be less than healthCheck.interval (${interval}s)`, timeout);
}

function checkRouting(p: Problems, at: (...rest: Path) => Path, tg: TargetGroupInput, family: "alb" | "nlb"): void {
    const algorithm = tg.algorithm ?? "round_robin";
    if (tg.slowStart !== undefined && tg.slowStart > 0 && tg.slowStart < 30) p.add(at("slowStart"), "must be 0 (off) or from 30 to 900 seconds", tg.slowStart);
    // "You can't enable slow start mode with least outstanding requests or weighted random."
    if ((tg.slowStart ?? 0) > 0 && algorithm !== "round_robin") p.add(at("slowStart"), `works only with algorithm round_robin (the group uses ${algorithm})`, tg.slowStart);
    if (tg.anomalyMitigation && algorithm !== "weighted_random") p.add(at("anomalyMitigation"), `needs algorithm weighted_random (the group uses ${algorithm})`, tg.anomalyMitigation);
    const s = tg.stickiness;
    if (!s || tg.targetType === "lambda") return;
    const allowed = family === "alb" ? ["lb_cookie", "app_cookie"] : ["source_ip"];
    if (s.type && !allowed.includes(s.type)) p.add(at("stickiness", "type"), `must be ${allowed.join(" or ")} on ${family === "alb" ? "an ALB" : "an NLB"} target group`, s.type);
    if (s.type === "app_cookie" && !s.cookieName) p.add(at("stickiness", "cookieName"), "is required with type app_cookie: the name of your application's cookie", s.cookieName);
    if (s.cookieName && s.type !== "app_cookie") p.add(at("stickiness", "cookieName"), "applies to type app_cookie only", s.cookieName);
    if (s.duration !== undefined && family === "nlb") p.add(at("stickiness", "duration"), "applies to cookie stickiness (ALB) only", s.duration);
}

// ---- Listeners ----------------------------------------------------------------------------------

// NLB listener -> target group protocols (ELB CreateListener; "Listeners for your Network Load
// Balancers": "The target groups for a TCP_UDP listener must use the TCP_UDP protocol").
const NLB_PAIRS: Record<string, string[]> = {
    TCP: ["TCP", "TCP_UDP"],
    TLS: ["TCP", "TLS"],
    UDP: ["UDP", "TCP_UDP"],
    TCP_UDP: ["TCP_UDP"],
};

interface ListenerView {
    kind: "alb" | "nlb";
    key: string;
    port?: number;
    protocol?: string;
    certificateArn?: string;
    extraCertificateArns?: string[];
    sslPolicy?: string;
    alpnPolicy?: string;
    defaultAction?: ActionSpec;
    rules?: Record<string, Omit<RuleSpec, "name">>;
    isDefault: boolean;
}

const placeholderOnly: Record<string, string> = { protocol: "#{protocol}", port: "#{port}", host: "#{host}", path: "/#{path}" };

function checkRedirect(p: Problems, at: Path, a: Extract<ActionSpec, { type: "redirect" }>, l: ListenerView): void {
    // "You can't redirect HTTPS to HTTP" (ALB redirect actions).
    if (l.protocol === "HTTPS" && a.protocol === "HTTP") p.add([...at, "protocol"], "can't be HTTP on an HTTPS listener: the ALB does not redirect HTTPS to HTTP", a.protocol);
    // A redirect must change protocol, port, host or path, or it sends the client back to itself.
    const changes = (["protocol", "port", "host", "path"] as const).filter((k) => {
        const v = a[k];
        if (v === undefined || v === placeholderOnly[k]) return false;
        if (k === "protocol" && v === l.protocol) return false;
        if (k === "port" && Number(v) === l.port) return false;
        return true;
    });
    if (changes.length === 0) p.add(at, "must change at least one of protocol, port, host or path (placeholders or a query alone send the client back to the same URL: a loop)", a);
}

function checkForward(p: Problems, at: Path, a: Extract<ActionSpec, { type: "forward" }>, l: ListenerView, groups: Map<string, TargetGroupInput>): void {
    if ((a.targetGroup === undefined) === (a.targetGroups === undefined)) {
        p.add(at, "forward needs exactly one of targetGroup (one group) or targetGroups (weighted)", a);
        return;
    }
    if (a.stickiness !== undefined && !a.targetGroups) p.add([...at, "stickiness"], "applies to a weighted forward (targetGroups) only", a.stickiness);
    // Weighted forwards on an NLB too: weights 0-999 across its target groups ("Network Load
    // Balancers now support Weighted Target Groups", AWS Networking blog), though the
    // ForwardConfig reference still reads "For Network Load Balancers, you can specify a single target group".
    if (a.targetGroups) {
        const names = a.targetGroups.map((w) => w.targetGroup);
        const dupes = names.filter((n, i) => names.indexOf(n) !== i);
        if (dupes.length > 0) p.add([...at, "targetGroups"], `lists ${[...new Set(dupes)].join(", ")} more than once`, names);
        if (a.targetGroups.every((w) => w.weight === 0)) p.add([...at, "targetGroups"], "has every weight 0, so no request would be forwarded; give at least one group a weight above 0", a.targetGroups);
    }
    for (const name of forwardedGroups(a)) {
        const tg = groups.get(name);
        if (!tg) {
            p.add([...at], `forwards to ${name}, which is not in targetGroups (have: ${[...groups.keys()].join(", ") || "none"})`, name);
            continue;
        }
        // A group without a protocol is reported at its own key; its family is unknown.
        if (tg.protocol === undefined && tg.targetType !== "lambda") continue;
        const family = familyOf(tg);
        if (family !== l.kind) {
            p.add([...at], `forwards to ${name}, a ${tg.targetType === "lambda" ? "Lambda" : tg.protocol} group, which ${l.kind === "alb" ? "an ALB" : "an NLB"} can't use`, name);
            continue;
        }
        if (l.kind === "nlb" && l.protocol && tg.protocol && !NLB_PAIRS[l.protocol]?.includes(tg.protocol)) {
            p.add([...at], `forwards a ${l.protocol} listener to ${name} (${tg.protocol}); a ${l.protocol} listener takes ${NLB_PAIRS[l.protocol].join(" or ")} target groups`, name);
        }
        if (tg.targetType === "alb" && l.protocol !== "TCP") p.add([...at], `forwards to ${name}, an alb target group, which needs a TCP listener (AWS)`, l.protocol);
        // ALB target groups, "Considerations for the gRPC protocol version" and "... for the HTTP/2
        // protocol version": "The only supported listener protocol is HTTPS."
        if ((tg.protocolVersion === "GRPC" || tg.protocolVersion === "HTTP2") && l.kind === "alb" && l.protocol !== "HTTPS") {
            p.add([...at], `forwards a ${l.protocol} listener to ${name}, a ${tg.protocolVersion} group; AWS sends ${tg.protocolVersion === "GRPC" ? "gRPC" : "HTTP/2"} to targets only from HTTPS listeners`, name);
        }
    }
}

function checkAction(p: Problems, at: Path, a: ActionSpec, l: ListenerView, groups: Map<string, TargetGroupInput>): void {
    if (a.type === "redirect") checkRedirect(p, at, a, l);
    if (a.type === "forward") checkForward(p, at, a, l, groups);
}

function countWildcards(s: string): number {
    return s.replace(/\\[*?\\]/g, "").replace(/[^*?]/g, "").length;
}

function checkRule(p: Problems, at: Path, rule: Omit<RuleSpec, "name">): void {
    const seen = new Map<string, number>();
    let values = 0;
    let wildcards = 0;
    rule.conditions.forEach((c: ConditionInput, i) => {
        const kinds = CONDITION_KINDS.filter((k) => c[k] !== undefined);
        if (kinds.length !== 1) {
            p.add([...at, "conditions", i], `must set exactly one of ${CONDITION_KINDS.join(", ")} (each condition is one kind)`, c);
            return;
        }
        // A regex condition is a path-pattern / host-header condition with regexValues (one of each kind per rule).
        const kind = kinds[0] === "pathRegex" ? "pathPattern" : kinds[0] === "hostRegex" ? "hostHeader" : kinds[0];
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        values += (c.pathRegex?.length ?? 0) + (c.hostRegex?.length ?? 0);
        if (c.pathPattern) { values += c.pathPattern.length; wildcards += c.pathPattern.map(countWildcards).reduce((x, y) => x + y, 0); }
        if (c.hostHeader) { values += c.hostHeader.length; wildcards += c.hostHeader.map(countWildcards).reduce((x, y) => x + y, 0); }
        if (c.httpRequestMethod) values += c.httpRequestMethod.length;
        if (c.sourceIp) values += c.sourceIp.length;
        if (c.httpHeader) {
            const hv = c.httpHeader.values ?? [];
            values += hv.length + (c.httpHeader.regexValues?.length ?? 0);
            wildcards += hv.map(countWildcards).reduce((x, y) => x + y, 0);
        }
        if (c.queryString) {
            values += c.queryString.length;
            wildcards += c.queryString.map((q) => countWildcards(q.value) + countWildcards(q.key ?? "")).reduce((x, y) => x + y, 0);
        }
    });
    // "Each rule can include zero or one of the following conditions: host-header,
    // http-request-method, path-pattern, and source-ip. Each rule can also include zero or more of
    // the following conditions: http-header and query-string."
    for (const kind of ["pathPattern", "hostHeader", "httpRequestMethod", "sourceIp"]) {
        if ((seen.get(kind) ?? 0) > 1) p.add([...at, "conditions"], `has ${seen.get(kind)} ${kind} conditions; AWS allows one per rule (put the values in one list)`, rule.conditions.filter((c) => (c as Record<string, unknown>)[kind]));
    }
    if (values > 5) p.add([...at, "conditions"], `has ${values} condition values; AWS allows at most 5 per rule`, rule.conditions);
    if (wildcards > 5) p.add([...at, "conditions"], `has ${wildcards} wildcards; AWS allows at most 5 per rule`, rule.conditions);
}

function checkListener(p: Problems, l: ListenerView, groups: Map<string, TargetGroupInput>): void {
    const key = l.kind === "alb" ? "albListeners" : "nlbListeners";
    const at = (...rest: Path): Path => [key, l.key, ...rest];
    if (l.port === undefined) p.add(at("port"), "is required: 1-65535", l.port);
    if (l.protocol === undefined) p.add(at("protocol"), `is required: ${l.kind === "alb" ? "HTTP or HTTPS" : "TCP, TLS, UDP or TCP_UDP"}`, l.protocol);
    if (!l.isDefault && !l.defaultAction) p.add(at("defaultAction"), "is required for a listener the stack adds: {type: forward, targetGroup: <name>} (or redirect / fixed-response on the ALB)", l.defaultAction);
    const tls = l.protocol === "HTTPS" || l.protocol === "TLS";
    // The checks by protocol wait for one (a missing protocol is its own error, above).
    if (!tls && l.protocol !== undefined) {
        for (const k of ["certificateArn", "extraCertificateArns", "sslPolicy"] as const) {
            if (l[k] !== undefined) p.add(at(k), `applies to HTTPS and TLS listeners only (this one is ${l.protocol})`, l[k]);
        }
    }
    const mtls = (l as { mutualAuthentication?: { mode: string; caBundle?: unknown; revocationLists?: unknown } }).mutualAuthentication;
    if (mtls) {
        if (l.protocol !== "HTTPS" && l.protocol !== undefined) p.add(at("mutualAuthentication"), `applies to HTTPS listeners only (this one is ${l.protocol})`, mtls);
        if (mtls.mode === "verify" && !mtls.caBundle) p.add(at("mutualAuthentication", "caBundle"), "is required with mode verify: the CA bundle client certificates must chain to", mtls.caBundle);
        if (mtls.mode === "passthrough" && (mtls.caBundle || mtls.revocationLists)) p.add(at("mutualAuthentication"), "passthrough verifies nothing: remove caBundle and revocationLists, or use mode verify", mtls);
    }
    if (l.alpnPolicy !== undefined && l.protocol !== "TLS" && l.protocol !== undefined) p.add(at("alpnPolicy"), `applies to TLS listeners only (this one is ${l.protocol})`, l.alpnPolicy);
    if (l.extraCertificateArns && l.certificateArn && l.extraCertificateArns.includes(l.certificateArn)) {
        p.add(at("extraCertificateArns"), "repeats the listener's default certificateArn", l.extraCertificateArns);
    }
    if (l.defaultAction) checkAction(p, at("defaultAction"), l.defaultAction, l, groups);
    const rules = Object.entries(l.rules ?? {});
    if (rules.length > 100) p.add(at("rules"), `has ${rules.length} rules; AWS allows at most 100 per listener`, rules.length);
    const priorities = new Map<number, string>();
    for (const [name, rule] of rules) {
        if (!/^[A-Za-z0-9-]{1,40}$/.test(name)) p.add(at("rules", name), "rule names must be 1-40 letters, digits and hyphens", name);
        const other = priorities.get(rule.priority);
        if (other) p.add(at("rules", name, "priority"), `is also the priority of rule ${other}; priorities must be unique per listener`, rule.priority);
        priorities.set(rule.priority, name);
        checkRule(p, at("rules", name), rule);
        checkAction(p, at("rules", name, "action"), rule.action, l, groups);
    }
}

/**
 * A redirect that keeps the request's host (host unset or #{host}) sends the client back to this
 * ALB, on the protocol and port it names, each defaulting to the request's own (#{protocol},
 * #{port}: ELB's RedirectActionConfig). Where the ALB has no listener of that protocol on that port,
 * the client gets no answer: `{type: redirect, protocol: HTTPS}` on HTTP:80 sends it to
 * https://<host>:80/, and an HTTP listener redirecting to HTTPS:443 on an ALB without one goes
 * nowhere. (Same protocol and port is the loop checkRedirect reports.)
 */
function checkRedirectLandings(p: Problems, resolved: TrafficDraft): void {
    const listens = resolved.albListeners.map((l) => `${l.protocol}:${l.port}`);
    for (const l of resolved.albListeners) {
        const actions: [Path, ActionSpec][] = [[["albListeners", l.key, "defaultAction"], l.defaultAction], ...l.rules.map((r): [Path, ActionSpec] => [["albListeners", l.key, "rules", r.name, "action"], r.action])];
        for (const [at, a] of actions) {
            if (a.type !== "redirect" || (a.host !== undefined && a.host !== "#{host}")) continue;
            const protocol = a.protocol === undefined || a.protocol === "#{protocol}" ? l.protocol : a.protocol;
            const portGiven = a.port !== undefined && a.port !== "#{port}";
            const port = portGiven ? Number(a.port) : l.port;
            if ((protocol === l.protocol && port === l.port) || listens.includes(`${protocol}:${port}`)) continue;
            const where = `on the request's own host, where this ALB has no ${protocol} listener on port ${port} (it listens on ${listens.join(", ")}): clients would get no answer`;
            if (portGiven) p.add([...at, "port"], `redirects to ${protocol}:${port} ${where}; redirect to a port it listens on, or to another host`, a.port);
            else p.add([...at, "port"], `is not set, so the redirect keeps the request's port (#{port}) and sends ${protocol} to port ${port} ${where}; set port, such as "${protocol === "HTTPS" ? 443 : 80}"`, a.port);
        }
    }
}

function listenerViews(kind: "alb" | "nlb", entries: [string, object][], defaults: string[]): ListenerView[] {
    return entries.map(([key, l]) => ({ ...(l as Omit<ListenerView, "kind" | "key" | "isDefault">), kind, key, isDefault: defaults.includes(key) }));
}

/** Rules across groups and listeners, on the merged maps (before defaults are filled in). */
export function trafficProblems(merged: MergedTraffic, resolved: TrafficDraft): Problem[] {
    const p = new Problems();
    const groups = new Map(merged.targetGroups);
    for (const [name, tg] of merged.targetGroups) checkTargetGroup(p, name, tg);

    const alb = listenerViews("alb", merged.albListeners, ["http", "https"]);
    const nlb = listenerViews("nlb", merged.nlbListeners, ["tcp"]);
    if (alb.length === 0) p.add(["albListeners"], "leaves the ALB without listeners; keep at least one", {});
    if (nlb.length === 0) p.add(["nlbListeners"], "leaves the NLB without listeners; keep at least one", {});
    for (const views of [alb, nlb]) {
        const byPort = new Map<number, string>();
        for (const l of views) {
            checkListener(p, l, groups);
            if (l.port === undefined) continue;
            const other = byPort.get(l.port);
            // One listener per port on a load balancer (TCP and UDP on one port: TCP_UDP).
            if (other) p.add([l.kind === "alb" ? "albListeners" : "nlbListeners", l.key, "port"], `is also the port of listener ${other}; a load balancer takes one listener per port`, l.port);
            byPort.set(l.port, l.key);
        }
    }

    // Which load balancer uses each group: a target group serves one load balancer.
    const users = new Map<string, Set<string>>();
    const use = (group: string, lb: string) => users.set(group, new Set([...(users.get(group) ?? []), lb]));
    for (const l of resolved.albListeners) {
        for (const g of [l.defaultAction, ...l.rules.map((r) => r.action)].flatMap(forwardedGroups)) use(g, "ALB");
    }
    for (const l of resolved.nlbListeners) forwardedGroups(l.defaultAction).forEach((g) => use(g, "NLB"));
    for (const [name] of merged.targetGroups) {
        const by = users.get(name);
        if (!by) p.add(["targetGroups", name], "is not used by any listener or rule; forward to it, or set enabled: false", merged.targetGroups.find(([n]) => n === name)?.[1]);
        else if (by.size > 1) p.add(["targetGroups", name], "is used by both the ALB and the NLB; AWS lets a target group serve one load balancer", [...by]);
    }
    const albPorts = resolved.albListeners.map((l) => l.port);
    for (const [name, tg] of merged.targetGroups) {
        // The ALB-type target group's port must match one of the ALB's listener ports (AWS).
        if (tg.targetType === "alb" && tg.port !== undefined && !albPorts.includes(tg.port)) {
            p.add(["targetGroups", name, "port"], `must equal one of the ALB's listener ports (${albPorts.join(", ")}) for an alb target group`, tg.port);
        }
    }
    checkProxyProtocolPorts(p, resolved);
    checkRedirectLandings(p, resolved);
    return p.list;
}

/** httpd reads the proxy protocol header on a port or not at all: a port can't serve both kinds. */
function checkProxyProtocolPorts(p: Problems, t: TrafficDraft): void {
    const instanceGroups = t.targetGroups.filter((g) => g.targetType === "instance").filter(hasPort);
    for (const pp of instanceGroups.filter((g) => g.proxyProtocolV2)) {
        // The NLB sends the header on health checks too, so a numeric health-check port is a proxy-protocol port as well.
        for (const [field, port] of groupPorts(pp).map((x, i) => [i === 0 ? ["port"] : ["healthCheck", "port"], x] as const)) {
            const clash = instanceGroups.find((g) => !g.proxyProtocolV2 && groupPorts(g).includes(port));
            if (clash) {
                p.add(["targetGroups", pp.name, ...field], `is also used by ${clash.name}, which sends no proxy protocol header; httpd expects the header on every connection to a proxy-protocol port, so give ${pp.name} its own port`, field.length === 1 ? port : String(port));
            }
        }
    }
}

// ---- Production posture -------------------------------------------------------------------------

interface ProductionView {
    fleet: FleetChoice;
    vpc: { id: string; create: boolean; cidr: string };
    allowDirectInstanceHttp: boolean;
    certificate: CertificateChoice;
    dnsRecords: { hostedZoneId?: string; albName?: string; nlbName?: string };
    logBucket: { create: boolean };
    alb: { accessLogs: { bucket: string } };
    nlb: { accessLogs: { bucket: string } };
    waf: { enabled: boolean; webAclArn?: string };
}

export function productionProblems(c: ProductionView, t: TrafficDraft): Problem[] {
    const p = new Problems();
    componentProblems(p, c, t);
    for (const x of pathProblems(c, t)) p.add(x.path, x.message, x.value);
    const f = c.fleet;
    if (f.mode === "autoscaling") {
        // AWS: MinSize <= DesiredCapacity <= MaxSize.
        if (f.minSize > f.maxSize) p.add(["fleet", "minSize"], `must not exceed fleet.maxSize (${f.maxSize})`, f.minSize);
        if (f.desiredCapacity < f.minSize || f.desiredCapacity > f.maxSize) p.add(["fleet", "desiredCapacity"], `must be from fleet.minSize (${f.minSize}) to fleet.maxSize (${f.maxSize})`, f.desiredCapacity);
        // Instance refresh: "MaxHealthyPercentage ... must be at most 100 more than MinHealthyPercentage".
        const r = f.instanceRefresh;
        if (r.maxHealthyPercentage - r.minHealthyPercentage > 100) p.add(["fleet", "instanceRefresh", "maxHealthyPercentage"], `may be at most 100 above minHealthyPercentage (${r.minHealthyPercentage})`, r.maxHealthyPercentage);
        if (f.scaling.metric === "cpu" && f.scaling.targetValue > 100) p.add(["fleet", "scaling", "targetValue"], "is a CPU percentage with metric cpu: 1-100", f.scaling.targetValue);
        if (f.scaling.metric === "requestCountPerTarget") {
            const g = t.targetGroups.find((x) => x.name === f.scaling.targetGroup);
            if (!g || g.family !== "alb" || g.targetType !== "instance") {
                p.add(["fleet", "scaling", "targetGroup"], `must name an ALB target group of the fleet's instances (have: ${t.targetGroups.filter((x) => x.family === "alb" && x.targetType === "instance").map((x) => x.name).join(", ") || "none"}); the request count per target is an ALB metric`, f.scaling.targetGroup);
            }
        }
    }
    if (c.vpc.create) {
        if (c.vpc.id) p.add(["vpc", "create"], "can't be combined with vpc.id: deploy into your VPC (vpc.id, vpc.subnetIds) or create one, not both", c.vpc.id);
        const bits = Number(c.vpc.cidr.split("/")[1]);
        if (bits < 16 || bits > 24) p.add(["vpc", "cidr"], "must be a /16 to /24 (AWS allows /16-/28; each subnet takes a sixteenth)", c.vpc.cidr);
        // Instances in the created VPC's private subnets have no route to the internet for a public IP.
        if (c.fleet.associatePublicIp) p.add(["fleet", "associatePublicIp"], "must be false with vpc.create: the instances run in private subnets and are reached only through the load balancers", c.fleet.associatePublicIp);
        if (c.allowDirectInstanceHttp) p.add(["allowDirectInstanceHttp"], "can't be used with vpc.create: private instances are not reachable directly", c.allowDirectInstanceHttp);
    }
    const d = c.dnsRecords;
    if ((d.albName || d.nlbName) && !d.hostedZoneId) p.add(["dnsRecords", "hostedZoneId"], "is required with albName or nlbName", d.hostedZoneId);
    if (c.logBucket.create && (c.alb.accessLogs.bucket || c.nlb.accessLogs.bucket)) {
        p.add(["logBucket", "create"], "can't be combined with alb.accessLogs.bucket / nlb.accessLogs.bucket: log to the bucket this stack creates, or to yours", [c.alb.accessLogs.bucket, c.nlb.accessLogs.bucket].filter(Boolean));
    }
    if (c.waf.webAclArn && !c.waf.enabled) p.add(["waf", "enabled"], "must be true to associate waf.webAclArn with the ALB", c.waf.enabled);
    return p.list;
}

/**
 * The components check their own args (names AWS would refuse, limits of the resource) when they
 * are constructed, which under `pulumi up` is after other resources are registered. Run the same
 * checks here, on what the config will give them, so such a value fails before anything is.
 */
function componentProblems(p: Problems, c: ProductionView, t: TrafficDraft): void {
    const cert = c.certificate;
    if (cert.mode === "dns") {
        // Each name checked on its own, so the problem names its field (domainName or the SAN).
        const check = (name: string) => dnsCertificateProblems({ domainName: name });
        for (const m of check(cert.domainName)) p.add(["certificate", "domainName"], m, cert.domainName);
        cert.subjectAlternativeNames.forEach((san, i) => {
            // The 64-octet limit is ACM's for the first name only.
            for (const m of check(san).filter((x) => !x.startsWith("domainName "))) p.add(["certificate", "subjectAlternativeNames", i], m, san);
        });
        const names = [cert.domainName, ...cert.subjectAlternativeNames];
        const dupes = names.filter((n, i) => names.indexOf(n) !== i);
        if (dupes.length > 0) p.add(["certificate", "subjectAlternativeNames"], `lists ${[...new Set(dupes)].join(", ")} twice (domainName counts)`, cert.subjectAlternativeNames);
    }
    const d = c.dnsRecords;
    const records = [d.albName, d.nlbName].filter((n): n is string => n !== undefined).map((name) => ({ name }));
    for (const m of aliasRecordsProblems({ records })) p.add(["dnsRecords"], m, records.map((r) => r.name));
    for (const l of t.albListeners.filter((x) => x.mutualAuthentication?.mode === "verify")) {
        for (const m of trustStoreNameProblems(listenerTrustStoreName("ALB", l.key))) p.add(["albListeners", l.key, "mutualAuthentication"], `makes a trust store AWS can't name: ${m}; use a shorter listener name`, l.key);
    }
}

// ---- Certificates and address types across keys ------------------------------------------------

/**
 * What only the whole stack shows: a certificate.arn no listener uses (every HTTPS and TLS listener
 * names its own, or there is none), and IPv6 target groups behind a load balancer that has no IPv6
 * address ("IPv6 target groups are supported only by dualstack load balancers": the NLB here is
 * IPv4-only, the ALB is dualstack with alb.ipAddressType dualstack).
 */
export function stackWideProblems(c: { certificate: CertificateChoice; alb: { ipAddressType: string } }, t: TrafficDraft): Problem[] {
    const p = new Problems();
    const tls = [...t.albListeners, ...t.nlbListeners].filter((l) => l.protocol === "HTTPS" || l.protocol === "TLS");
    if (c.certificate.mode === "existing" && !tls.some((l) => !l.certificateArn)) {
        p.add(["certificate", "arn"], tls.length === 0
            ? "is not used: the stack has no HTTPS or TLS listener; remove it, or add an HTTPS listener"
            : `is not used: every HTTPS and TLS listener names its own certificateArn (${tls.map((l) => l.key).join(", ")}); remove it, or drop a listener's own`, c.certificate.arn);
    }
    const ipv6 = new Set(t.targetGroups.filter((g) => g.targetType === "ip" && g.ipAddressType === "ipv6").map((g) => g.name));
    const check = (kind: "albListeners" | "nlbListeners", listeners: TrafficDraft["albListeners"], ipv4Only: boolean, lb: string) => {
        if (!ipv4Only) return;
        for (const l of listeners) {
            const actions: [Path, ActionSpec][] = [[[kind, l.key, "defaultAction"], l.defaultAction], ...l.rules.map((r): [Path, ActionSpec] => [[kind, l.key, "rules", r.name, "action"], r.action])];
            for (const [at, a] of actions) {
                for (const g of forwardedGroups(a).filter((x) => ipv6.has(x))) p.add(at, `forwards to ${g}, an IPv6 target group, but ${lb}`, g);
            }
        }
    };
    check("albListeners", t.albListeners, c.alb.ipAddressType !== "dualstack", "the ALB is IPv4-only: set alb.ipAddressType dualstack (AWS: IPv6 target groups need a dualstack load balancer)");
    check("nlbListeners", t.nlbListeners, true, "the NLB is IPv4-only here (AWS: IPv6 target groups need a dualstack load balancer)");
    return p.list;
}
