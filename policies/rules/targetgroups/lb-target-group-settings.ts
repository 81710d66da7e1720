import { ResourceValidationPolicy } from "@pulumi/policy";
import { asNumber, asRecord, asString, isOneOf, isTrue, Props, showValue, TARGET_GROUP_TYPES, upper } from "../util";
import { RuleDefinition } from "../meta";

/** Which kind of load balancer a target group can serve, from its protocol. */
type TargetGroupFamily = "application" | "network" | "gateway";

const NETWORK_PROTOCOLS = ["TCP", "UDP", "TLS", "TCP_UDP", "QUIC", "TCP_QUIC"];

function targetGroupFamily(props: Props): TargetGroupFamily | undefined {
    if (asString(props.targetType) === "lambda") {
        return "application"; // Lambda targets take no protocol and are ALB-only
    }
    const protocol = upper(props.protocol);
    if (protocol === "HTTP" || protocol === "HTTPS") {
        return "application";
    }
    if (protocol !== undefined && NETWORK_PROTOCOLS.includes(protocol)) {
        return "network";
    }
    return protocol === "GENEVE" ? "gateway" : undefined;
}

interface Range {
    path: string;
    value: unknown;
    min: number;
    max: number;
    unit: string;
}

function rangeProblem(r: Range): string | undefined {
    if (r.value === undefined || r.value === null) {
        return undefined;
    }
    const n = asNumber(r.value);
    if (n === undefined || !Number.isInteger(n) || n < r.min || n > r.max) {
        return `${r.path} is ${showValue(r.value)}; AWS accepts ${r.min}-${r.max} ${r.unit}: set it within that range`;
    }
    return undefined;
}

function rangeProblems(props: Props, healthCheck: Props | undefined): string[] {
    const stickiness = asRecord(props.stickiness);
    const ranges: Range[] = [
        { path: "healthCheck.healthyThreshold", value: healthCheck?.healthyThreshold, min: 2, max: 10, unit: "checks" },
        { path: "healthCheck.unhealthyThreshold", value: healthCheck?.unhealthyThreshold, min: 2, max: 10, unit: "checks" },
        { path: "healthCheck.interval", value: healthCheck?.interval, min: 5, max: 300, unit: "seconds" },
        { path: "healthCheck.timeout", value: healthCheck?.timeout, min: 2, max: 120, unit: "seconds" },
        { path: "deregistrationDelay", value: props.deregistrationDelay, min: 0, max: 3600, unit: "seconds" },
        { path: "stickiness.cookieDuration", value: stickiness?.cookieDuration, min: 1, max: 604800, unit: "seconds" },
    ];
    const problems = ranges.map(rangeProblem).filter((p): p is string => p !== undefined);
    // Slow start: 30-900 seconds, or 0 to disable.
    const slowStart = asNumber(props.slowStart);
    if (props.slowStart !== undefined && (slowStart === undefined || (slowStart !== 0 && (slowStart < 30 || slowStart > 900)))) {
        problems.push(`slowStart is ${showValue(props.slowStart)}; AWS accepts 0 (off) or 30-900 seconds: set it within that range`);
    }
    return problems;
}

function healthCheckProblems(family: TargetGroupFamily | undefined, healthCheck: Props | undefined, lambda: boolean): string[] {
    if (healthCheck === undefined) {
        return []; // AWS defaults: enabled, interval 30s, timeout below it
    }
    const problems: string[] = [];
    // Lambda target groups have health checks off by default: a function has no host to fail.
    if (healthCheck.enabled === false && !lambda) {
        problems.push("healthCheck.enabled is false, so failed targets keep receiving traffic: remove it or set it to true");
    }
    const interval = asNumber(healthCheck.interval);
    const timeout = asNumber(healthCheck.timeout);
    if (interval !== undefined && timeout !== undefined) {
        // HTTP/HTTPS (ALB) groups: AWS answers "Health check interval must be greater than the timeout".
        // NLB groups (custom timeouts since Nov 2022) only require timeout <= interval.
        if (family === "application" && timeout >= interval) {
            problems.push(`healthCheck.timeout (${timeout}s) must be smaller than healthCheck.interval (${interval}s) for HTTP/HTTPS target groups: lower the timeout or raise the interval`);
        } else if (family === "network" && timeout > interval) {
            problems.push(`healthCheck.timeout (${timeout}s) must not exceed healthCheck.interval (${interval}s): lower the timeout or raise the interval`);
        }
    }
    // AWS: "The TCP protocol is not supported for health checks if the protocol of the target group is HTTP or HTTPS."
    if (family === "application" && upper(healthCheck.protocol) === "TCP") {
        problems.push("healthCheck.protocol is TCP, which AWS rejects for HTTP/HTTPS target groups: use HTTP or HTTPS");
    }
    return problems;
}

// AWS: stickiness lb_cookie/app_cookie on ALB groups, source_ip on NLB groups,
// source_ip_dest_ip/source_ip_dest_ip_proto on Gateway LB (GENEVE) groups.
const STICKINESS_FAMILY: Record<string, TargetGroupFamily> = {
    lb_cookie: "application",
    app_cookie: "application",
    source_ip: "network",
    source_ip_dest_ip: "gateway",
    source_ip_dest_ip_proto: "gateway",
};

const FAMILY_PROTOCOLS: Record<TargetGroupFamily, string> = {
    application: "HTTP/HTTPS",
    network: "TCP/UDP/TLS/TCP_UDP",
    gateway: "GENEVE",
};

function stickinessProblems(family: TargetGroupFamily | undefined, props: Props): string[] {
    const stickiness = asRecord(props.stickiness);
    if (family === undefined || stickiness === undefined || stickiness.enabled === false) {
        return [];
    }
    const type = asString(stickiness.type);
    const fits = type === undefined ? undefined : STICKINESS_FAMILY[type];
    if (fits === undefined) {
        return [`stickiness.type '${showValue(stickiness.type)}' is not an AWS stickiness type: use one of ${Object.keys(STICKINESS_FAMILY).join(", ")} (snake_case)`];
    }
    if (fits !== family) {
        return [`stickiness.type '${type}' only works on ${FAMILY_PROTOCOLS[fits]} target groups, but this one is ${FAMILY_PROTOCOLS[family]}: use ${Object.keys(STICKINESS_FAMILY).filter(k => STICKINESS_FAMILY[k] === family).join(" or ")}`];
    }
    return [];
}

function algorithmProblems(family: TargetGroupFamily | undefined, props: Props): string[] {
    const problems: string[] = [];
    const algorithm = asString(props.loadBalancingAlgorithmType);
    const slowStart = asNumber(props.slowStart) ?? 0;
    const anomalyMitigation = asString(props.loadBalancingAnomalyMitigation);
    // AWS "Edit target group attributes": slow start is supported only with round robin.
    if (slowStart > 0 && (algorithm === "least_outstanding_requests" || algorithm === "weighted_random")) {
        problems.push(`slowStart cannot be combined with loadBalancingAlgorithmType '${algorithm}': set slowStart to 0 or use 'round_robin'`);
    }
    // Target anomaly mitigation (automatic target weights) exists only for weighted_random.
    if (anomalyMitigation === "on" && algorithm !== "weighted_random") {
        problems.push("loadBalancingAnomalyMitigation 'on' requires loadBalancingAlgorithmType 'weighted_random': set both, or turn mitigation off");
    }
    if (family !== undefined && family !== "application") {
        const albOnly = [
            slowStart > 0 ? "slowStart" : undefined,
            algorithm !== undefined && algorithm !== "round_robin" ? "loadBalancingAlgorithmType" : undefined,
            anomalyMitigation === "on" ? "loadBalancingAnomalyMitigation" : undefined,
        ].filter((a): a is string => a !== undefined);
        albOnly.forEach(a => problems.push(`${a} only applies to HTTP/HTTPS (ALB) target groups: remove it from this ${FAMILY_PROTOCOLS[family]} target group`));
    }
    return problems;
}

function nlbOnlyAttributeProblems(family: TargetGroupFamily | undefined, props: Props): string[] {
    if (family !== "application") {
        return [];
    }
    return ["connectionTermination", "preserveClientIp", "proxyProtocolV2"]
        .filter(attribute => isTrue(props[attribute]))
        .map(attribute => `${attribute} only applies to Network Load Balancer (TCP/UDP/TLS) target groups: remove it from this HTTP/HTTPS target group`);
}

// Ranges: AWS CreateTargetGroup API (thresholds 2-10, interval 5-300 s, timeout 2-120 s) and target
// group attributes (deregistration delay 0-3600 s, slow start 30-900 s or 0, lb_cookie 1-604800 s).
export const lbTargetGroupSettings: ResourceValidationPolicy = {
    name: "lb-target-group-settings",
    description:
        "Target groups must keep health checks on and use settings AWS accepts: values in AWS's ranges, a " +
        "health-check timeout below the interval, slow start only with round robin, stickiness and attributes " +
        "that fit the group's protocol (ALB vs NLB). AWS rejects these only at `pulumi up`, minutes in.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isOneOf(args.type, TARGET_GROUP_TYPES)) {
            return;
        }
        const props: Props = args.props;
        const family = targetGroupFamily(props);
        const healthCheck = asRecord(props.healthCheck);
        [
            ...healthCheckProblems(family, healthCheck, props.targetType === "lambda"),
            ...rangeProblems(props, healthCheck),
            ...stickinessProblems(family, props),
            ...algorithmProblems(family, props),
            ...nlbOnlyAttributeProblems(family, props),
        ].forEach(p => reportViolation(`Target group ${p}.`));
    },
};

export const rule: RuleDefinition = {
    policy: lbTargetGroupSettings,
    severity: "low",
    resources: "target groups",
    equivalents: {
        checkov: ["CKV_AWS_261"],
    },
};
