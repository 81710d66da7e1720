// Cross-field rules for the front-door features AWS added in 2024-2026 (issue 19): scheme,
// dualstack without public IPv4, authentication, rule transforms and regex conditions, response
// headers, keep-alive and idle timeouts, LCU reservation, IPv6 source NAT, IPAM, zonal shift and
// autoshift, DNS client routing, target group health and unhealthy connection termination, and
// health-check logs. Each is a rule AWS enforces only at `pulumi up` (or a setting that would do
// nothing), checked before any resource is declared.
import { forwardedGroups, MergedTraffic } from "./resolve";
import { Path, Problem } from "./rules";
import { AuthenticateInput, ZonalAutoshiftInput } from "./traffic";
import { AlbSettings, NlbSettings } from "./loadBalancers";

/** What these rules read from the parsed config. */
export interface FrontDoorView {
    alb: Pick<AlbSettings, "scheme" | "ipAddressType" | "minimumCapacityUnits" | "ipamPoolId" | "zonalShift" | "zonalAutoshift" | "healthCheckLogs" | "enableHttp2">;
    nlb: Pick<NlbSettings, "scheme" | "ipAddressType" | "ipv6SourceNatPrefix" | "minimumCapacityUnits" | "zonalShift" | "zonalAutoshift" | "crossZone" | "eipAllocationIds">;
    ingressIpv6Cidrs: string[];
    logBucket: { create: boolean };
}

/** Where the stack's values came from: which top-level keys the CLI marks secret, when known. */
export interface SecretKnowledge {
    /** Top-level config keys (without the project prefix) marked secret; undefined: unknown. */
    secretKeys?: string[];
}

type Add = (path: Path, message: string, value: unknown) => void;

const arnRegion = (arn: string) => arn.split(":")[3];

/** Every authenticate block on the ALB's listeners, with its config path and listener protocol. */
export function authentications(merged: MergedTraffic): { path: Path; protocol?: string; auth: AuthenticateInput }[] {
    const out: { path: Path; protocol?: string; auth: AuthenticateInput }[] = [];
    for (const [key, l] of merged.albListeners) {
        if (l.defaultAction?.type === "forward" && l.defaultAction.authenticate) {
            out.push({ path: ["albListeners", key, "defaultAction", "authenticate"], protocol: l.protocol, auth: l.defaultAction.authenticate });
        }
        for (const [name, r] of Object.entries(l.rules ?? {})) {
            if (r.action.type === "forward" && r.action.authenticate) out.push({ path: ["albListeners", key, "rules", name, "action", "authenticate"], protocol: l.protocol, auth: r.action.authenticate });
        }
    }
    return out;
}

function checkAuthentication(add: Add, merged: MergedTraffic, region: string, secrets: SecretKnowledge): void {
    // The stack file stores a secret set with --path inside the map; the CLI then marks the whole
    // albListeners key secret. Not marked secret: the client secret is in the stack file in plain text.
    const listenersSecret = secrets.secretKeys?.includes("albListeners");
    for (const { path, protocol, auth } of authentications(merged)) {
        // "You can configure user authentication only for HTTPS listeners" (ALB, "Authenticate users").
        if (protocol !== "HTTPS" && protocol !== undefined) add(path, `applies to HTTPS listeners only (this one is ${protocol}): the ALB authenticates over TLS`, auth.type);
        if (auth.type === "oidc" && secrets.secretKeys !== undefined && !listenersSecret) {
            add([...path, "clientSecret"], `is plain text in the stack config; store it as a stack secret: pulumi config set --secret --path '${path.join(".")}.clientSecret' <secret>`, "(not shown)");
        }
        if (auth.type === "cognito" && arnRegion(auth.userPoolArn) !== region) {
            // The ALB calls the user pool in its own region (AuthenticateCognitoActionConfig; the pool's domain is regional).
            add([...path, "userPoolArn"], `is in ${arnRegion(auth.userPoolArn)}; use a user pool in the ALB's region (${region})`, auth.userPoolArn);
        }
    }
}

function checkListeners(add: Add, merged: MergedTraffic): void {
    for (const [key, l] of merged.albListeners) {
        const at = (...rest: Path): Path => ["albListeners", key, ...rest];
        const h = l.responseHeaders;
        // RFC 6797 8.1: a browser ignores Strict-Transport-Security received over plain HTTP.
        if (h?.strictTransportSecurity && l.protocol !== "HTTPS" && l.protocol !== undefined) add(at("responseHeaders", "strictTransportSecurity"), `is ignored by browsers on an ${l.protocol} listener (RFC 6797); set it on the HTTPS listener`, h.strictTransportSecurity);
        // Fetch standard: credentials are refused when Access-Control-Allow-Origin is *.
        if (h?.accessControlAllowCredentials && h.accessControlAllowOrigin === "*") add(at("responseHeaders", "accessControlAllowCredentials"), "can't be used with accessControlAllowOrigin * (browsers refuse credentials for a wildcard origin); name the origin", h.accessControlAllowOrigin);
        if (l.mtlsHeaderNames && l.protocol !== "HTTPS" && l.protocol !== undefined) add(at("mtlsHeaderNames"), `applies to HTTPS listeners only (this one is ${l.protocol})`, l.mtlsHeaderNames);
        const certHeaders = Object.keys(l.mtlsHeaderNames ?? {}).filter((k) => k.startsWith("clientCert"));
        // The ALB adds X-Amzn-Mtls-Clientcert* headers only for mutual TLS (verify or passthrough).
        if (certHeaders.length > 0 && !l.mutualAuthentication) add(at("mtlsHeaderNames"), `renames ${certHeaders.join(", ")}, which the ALB sends only with mutualAuthentication; set it or remove them`, l.mtlsHeaderNames);
        if (l.mtlsHeaderNames) {
            const names = Object.values(l.mtlsHeaderNames).filter((n): n is string => n !== undefined).map((n) => n.toLowerCase());
            const dupes = names.filter((n, i) => names.indexOf(n) !== i);
            if (dupes.length > 0) add(at("mtlsHeaderNames"), `gives two headers the name ${[...new Set(dupes)].join(", ")}; each needs its own`, l.mtlsHeaderNames);
        }
        for (const [name, r] of Object.entries(l.rules ?? {})) {
            r.conditions.forEach((c, i) => {
                if (c.httpHeader && (c.httpHeader.values === undefined) === (c.httpHeader.regexValues === undefined)) {
                    add(at("rules", name, "conditions", i, "httpHeader"), "needs exactly one of values (wildcards) or regexValues (regular expressions)", c.httpHeader);
                }
            });
        }
    }
    for (const [key, l] of merged.nlbListeners) {
        // "TCP idle timeout ... can only be set if protocol is TCP" (provider; AWS tcp.idle_timeout.seconds).
        if (l.tcpIdleTimeout !== undefined && l.protocol !== "TCP" && l.protocol !== undefined) add(["nlbListeners", key, "tcpIdleTimeout"], `applies to TCP listeners only (this one is ${l.protocol})`, l.tcpIdleTimeout);
    }
}

function checkTargetGroups(add: Add, merged: MergedTraffic): void {
    for (const [name, tg] of merged.targetGroups) {
        const at = (...rest: Path): Path => ["targetGroups", name, ...rest];
        if (tg.targetGroupHealth && tg.targetType === "lambda") add(at("targetGroupHealth"), "does not apply to a Lambda target group", tg.targetGroupHealth);
        const tcpOrTls = tg.protocol === "TCP" || tg.protocol === "TLS";
        // Unhealthy target connection termination: NLB TCP and TLS target groups (AWS, "Edit target group attributes").
        for (const k of ["unhealthyConnectionTermination", "unhealthyDrainingInterval"] as const) {
            if (tg[k] !== undefined && !tcpOrTls && (tg.protocol !== undefined || tg.targetType === "lambda")) add(at(k), `applies to NLB TCP and TLS target groups only (this one is ${tg.targetType === "lambda" ? "Lambda" : tg.protocol})`, tg[k]);
        }
        // target_health_state.unhealthy.draining_interval_seconds: only when termination is off.
        if (tg.unhealthyDrainingInterval !== undefined && tg.unhealthyConnectionTermination !== false) {
            add(at("unhealthyDrainingInterval"), "needs unhealthyConnectionTermination: false (AWS drains only connections it does not terminate)", tg.unhealthyDrainingInterval);
        }
    }
}

function checkAutoshift(add: Add, lb: "alb" | "nlb", a: ZonalAutoshiftInput, zonalShift: boolean, region: string): void {
    if (!a.enabled) {
        if (Object.keys(a).some((k) => k !== "enabled")) add([lb, "zonalAutoshift", "enabled"], "is not true, so the practice run settings would do nothing; set enabled: true or remove them", a.enabled);
        return;
    }
    const shiftKey = `${lb}.zonalShift`;
    // ARC manages a load balancer only once its zonal shift integration is on.
    if (!zonalShift) add([lb, "zonalAutoshift", "enabled"], `needs ${shiftKey}: true (ARC can only shift a load balancer with zonal shift integration on)`, a.enabled);
    // "Specifying an outcome alarm is required" (ARC, create a practice run configuration).
    if (!a.outcomeAlarms || a.outcomeAlarms.length === 0) add([lb, "zonalAutoshift", "outcomeAlarms"], "needs at least one CloudWatch alarm: AWS requires an outcome alarm for the weekly practice runs", a.outcomeAlarms);
    if (a.allowedWindows && a.blockedWindows) add([lb, "zonalAutoshift", "allowedWindows"], "can't be combined with blockedWindows (ARC takes one or the other)", a.allowedWindows);
    for (const field of ["outcomeAlarms", "blockingAlarms"] as const) {
        (a[field] ?? []).forEach((arn, i) => {
            // "You must use alarms that are in the same Region that your resource is deployed in."
            if (arnRegion(arn) !== region) add([lb, "zonalAutoshift", field, i], `is in ${arnRegion(arn)}; practice run alarms must be in the load balancer's region (${region})`, arn);
        });
    }
}

function checkLoadBalancers(add: Add, c: FrontDoorView, merged: MergedTraffic, region: string): void {
    const albInternal = c.alb.scheme === "internal";
    const nlbInternal = c.nlb.scheme === "internal";
    // "dualstack-without-public-ipv4 ... only for internet-facing Application Load Balancers" (CreateLoadBalancer IpAddressType).
    if (c.alb.ipAddressType === "dualstack-without-public-ipv4" && albInternal) add(["alb", "ipAddressType"], "is for internet-facing ALBs only; an internal ALB has no public IPv4 to leave out (use dualstack)", c.alb.ipAddressType);
    if (c.alb.ipAddressType === "dualstack-without-public-ipv4" && c.ingressIpv6Cidrs.length === 0) add(["ingressIpv6Cidrs"], "is empty, so an ALB reachable from the internet only over IPv6 would admit nobody; list an IPv6 CIDR", c.ingressIpv6Cidrs);
    // IPAM pools supply the public IPv4 addresses of an internet-facing ALB (IpamPools.Ipv4IpamPoolId).
    if (c.alb.ipamPoolId && albInternal) add(["alb", "ipamPoolId"], "gives public IPv4 addresses; an internal ALB has none", c.alb.ipamPoolId);
    if (c.alb.ipamPoolId && c.alb.ipAddressType === "dualstack-without-public-ipv4") add(["alb", "ipamPoolId"], "gives public IPv4 addresses; alb.ipAddressType dualstack-without-public-ipv4 has none", c.alb.ipamPoolId);
    // "You can't assign Elastic IP addresses to an internal Network Load Balancer" (subnet mappings).
    if (nlbInternal && c.nlb.eipAllocationIds.length > 0) add(["nlb", "eipAllocationIds"], "can't be used with nlb.scheme internal: an internal NLB takes private IPs, never Elastic IPs", c.nlb.eipAllocationIds);
    // enable_prefix_for_ipv6_source_nat: dualstack NLBs only; required for UDP listeners on them (AWS, "IPv6 source NAT prefixes").
    if (c.nlb.ipv6SourceNatPrefix && c.nlb.ipAddressType !== "dualstack") add(["nlb", "ipv6SourceNatPrefix"], "needs nlb.ipAddressType dualstack (source NAT prefixes are IPv6)", c.nlb.ipv6SourceNatPrefix);
    const udp = merged.nlbListeners.filter(([, l]) => l.protocol === "UDP" || l.protocol === "TCP_UDP").map(([k]) => k);
    if (c.nlb.ipAddressType === "dualstack" && udp.length > 0 && !c.nlb.ipv6SourceNatPrefix) {
        add(["nlb", "ipv6SourceNatPrefix"], `must be true: a dualstack NLB with UDP listeners (${udp.join(", ")}) needs IPv6 source NAT prefixes`, c.nlb.ipv6SourceNatPrefix);
    }
    // "LCU reservation is not supported on Network Load Balancers using TLS listeners."
    const tls = merged.nlbListeners.filter(([, l]) => l.protocol === "TLS").map(([k]) => k);
    if (c.nlb.minimumCapacityUnits > 0 && tls.length > 0) add(["nlb", "minimumCapacityUnits"], `can't be used with TLS listeners (${tls.join(", ")}); AWS does not reserve capacity on NLBs with TLS listeners`, c.nlb.minimumCapacityUnits);
    // Zonal shift on a cross-zone NLB (AWS, "Enable zonal shift for your Network Load Balancer",
    // prerequisites): every target group TCP or TLS, not of type alb, with connection termination
    // for unhealthy targets disabled (AWS's default is enabled).
    if (c.nlb.zonalShift && c.nlb.crossZone) {
        const used = new Set(merged.nlbListeners.flatMap(([, l]) => [l.defaultAction?.targetGroup, ...(l.defaultAction?.targetGroups ?? []).map((w) => w.targetGroup)]));
        for (const [name, tg] of merged.targetGroups.filter(([n]) => used.has(n))) {
            if (tg.protocol !== "TCP" && tg.protocol !== "TLS") add(["targetGroups", name, "protocol"], "must be TCP or TLS for nlb.zonalShift on a cross-zone NLB (or turn nlb.crossZone off)", tg.protocol);
            if (tg.targetType === "alb") add(["targetGroups", name, "targetType"], "can't be alb for nlb.zonalShift on a cross-zone NLB (or turn nlb.crossZone off)", tg.targetType);
            else if (tg.unhealthyConnectionTermination !== false && (tg.protocol === "TCP" || tg.protocol === "TLS")) {
                add(["targetGroups", name, "unhealthyConnectionTermination"], "must be false for nlb.zonalShift on a cross-zone NLB (AWS's default is true; or turn nlb.crossZone off)", tg.unhealthyConnectionTermination);
            }
        }
    }
    // HTTP/2 off: clients reach the ALB over HTTP/1.1 only, and the ALB answers an HTTP/1.1
    // request routed to an HTTP2 or gRPC group with 464 ("Troubleshoot your Application Load
    // Balancers", HTTP 464: the request protocol is incompatible with the group's protocol version).
    if (c.alb.enableHttp2 === false) {
        for (const [key, l] of merged.albListeners) {
            const actions = [l.defaultAction, ...Object.values(l.rules ?? {}).map((r) => r.action)];
            const names = new Set(actions.flatMap((a) => (a ? forwardedGroups(a) : [])));
            for (const [name, tg] of merged.targetGroups.filter(([n]) => names.has(n))) {
                if (tg.protocolVersion === "HTTP2" || tg.protocolVersion === "GRPC") {
                    add(["alb", "enableHttp2"], `is false, so clients reach albListeners.${key} over HTTP/1.1 only, and it forwards to ${name}, a ${tg.protocolVersion} group, which the ALB answers with 464; keep HTTP/2 on, or make ${name} HTTP1`, c.alb.enableHttp2);
                }
            }
        }
    }
    checkAutoshift(add, "alb", c.alb.zonalAutoshift, c.alb.zonalShift, region);
    checkAutoshift(add, "nlb", c.nlb.zonalAutoshift, c.nlb.zonalShift, region);
    if (c.alb.healthCheckLogs && !c.logBucket.create) add(["alb", "healthCheckLogs"], "needs logBucket.create: true (health-check logs go to the stack's log bucket, beside the access logs)", c.alb.healthCheckLogs);
}

/** Every front-door problem, on the merged traffic maps and the parsed flat keys. */
export function frontDoorProblems(c: FrontDoorView, merged: MergedTraffic, region: string, secrets: SecretKnowledge = {}): Problem[] {
    const out: Problem[] = [];
    const add: Add = (path, message, value) => out.push({ path, message, value });
    checkAuthentication(add, merged, region, secrets);
    checkListeners(add, merged);
    checkTargetGroups(add, merged);
    checkLoadBalancers(add, c, merged, region);
    return out;
}
