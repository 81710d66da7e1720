// Resources that satisfy every load-balancing rule; tests break one property at a time.
// Index 0 of each *_TYPES pair is the aws.lb token, index 1 the aws.alb twin.
import { PlannedResource, resource, UNKNOWN } from "../support/policyHarness";

export {
    LISTENER_CERTIFICATE_TYPES,
    LISTENER_RULE_TYPES,
    LISTENER_TYPES,
    LOAD_BALANCER_TYPES as LB_TYPES,
    TARGET_GROUP_TYPES,
} from "../../policies/rules/tokens";
import {
    LISTENER_CERTIFICATE_TYPES,
    LISTENER_RULE_TYPES,
    LISTENER_TYPES,
    LOAD_BALANCER_TYPES as LB_TYPES,
    TARGET_GROUP_TYPES,
} from "../../policies/rules/tokens";

export const ACM_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-000000000001";
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

type Props = Record<string, unknown>;

export function goodAlb(): Props {
    return {
        loadBalancerType: "application",
        internal: false,
        subnets: ["subnet-a", "subnet-b"],
        securityGroups: ["sg-web"],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        desyncMitigationMode: "defensive",
        accessLogs: { bucket: "web-tier-logs", prefix: "alb", enabled: true },
    };
}

export function goodNlb(): Props {
    return {
        loadBalancerType: "network",
        internal: false,
        subnetMappings: [
            { subnetId: "subnet-a", allocationId: "eipalloc-1" },
            { subnetId: "subnet-b", allocationId: "eipalloc-2" },
        ],
        enableDeletionProtection: true,
        accessLogs: { bucket: "web-tier-logs", prefix: "nlb", enabled: true },
    };
}

export function httpsListener(loadBalancerArn: unknown = "arn:alb", targetGroupArn: unknown = "arn:tg-alb"): Props {
    return {
        loadBalancerArn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: ACM_ARN,
        defaultActions: [{ type: "forward", targetGroupArn }],
    };
}

export function httpRedirectListener(loadBalancerArn: unknown = "arn:alb"): Props {
    return {
        loadBalancerArn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    };
}

export function albTargetGroup(): Props {
    return {
        port: 80,
        protocol: "HTTP",
        vpcId: "vpc-1",
        targetType: "instance",
        deregistrationDelay: 30,
        healthCheck: { enabled: true, path: "/healthz", interval: 15, timeout: 5, healthyThreshold: 3, unhealthyThreshold: 3, matcher: "200-399" },
        stickiness: { type: "lb_cookie", enabled: true, cookieDuration: 3600 },
    };
}

export function nlbTargetGroup(): Props {
    return {
        port: 80,
        protocol: "TCP",
        vpcId: "vpc-1",
        targetType: "instance",
        healthCheck: { enabled: true, protocol: "TCP", interval: 10, timeout: 10, healthyThreshold: 3, unhealthyThreshold: 3 },
        preserveClientIp: "true",
    };
}

export function forwardRule(listenerArn: unknown, targetGroupArn: unknown, priority = 10): Props {
    return {
        listenerArn,
        priority,
        conditions: [{ pathPattern: { values: ["/api/*"] } }],
        actions: [{ type: "forward", targetGroupArn }],
    };
}

/**
 * The web tier the program builds: an ALB (HTTP->HTTPS redirect, HTTPS with an extra certificate
 * and a path rule) and an NLB with Elastic IPs (TCP), each forwarding to its own target group.
 * With `computed` set (UNKNOWN), every cross-reference and ID is unknown, as in a first preview;
 * the wiring is then only visible through propertyDependencies.
 */
export function wellFormedStack(family: number, computed?: typeof UNKNOWN): PlannedResource[] {
    const arn = (known: string): unknown => computed ?? known;
    const tgAlb = resource(TARGET_GROUP_TYPES[family], { ...albTargetGroup(), vpcId: arn("vpc-1") });
    const tgNlb = resource(TARGET_GROUP_TYPES[family], { ...nlbTargetGroup(), vpcId: arn("vpc-1") });
    const alb = resource(LB_TYPES[family], { ...goodAlb(), subnets: [arn("subnet-a"), arn("subnet-b")] });
    const nlb = resource(LB_TYPES[family], {
        ...goodNlb(),
        subnetMappings: [
            { subnetId: arn("subnet-a"), allocationId: arn("eipalloc-1") },
            { subnetId: arn("subnet-b"), allocationId: arn("eipalloc-2") },
        ],
    });
    const https = resource(LISTENER_TYPES[family], httpsListener(arn("arn:alb"), arn("arn:tg-alb")), {
        propertyDependencies: { loadBalancerArn: [alb.urn], defaultActions: [tgAlb.urn] },
    });
    const http = resource(LISTENER_TYPES[family], httpRedirectListener(arn("arn:alb")), {
        propertyDependencies: { loadBalancerArn: [alb.urn] },
    });
    const extraCert = resource(LISTENER_CERTIFICATE_TYPES[family], { listenerArn: arn("arn:https"), certificateArn: ACM_ARN }, {
        propertyDependencies: { listenerArn: [https.urn] },
    });
    const rule = resource(LISTENER_RULE_TYPES[family], forwardRule(arn("arn:https"), arn("arn:tg-alb")), {
        propertyDependencies: { listenerArn: [https.urn], actions: [tgAlb.urn] },
    });
    const tcp = resource(LISTENER_TYPES[family], {
        loadBalancerArn: arn("arn:nlb"),
        port: 80,
        protocol: "TCP",
        defaultActions: [{ type: "forward", targetGroupArn: arn("arn:tg-nlb") }],
    }, { propertyDependencies: { loadBalancerArn: [nlb.urn], defaultActions: [tgNlb.urn] } });
    return [tgAlb, tgNlb, alb, nlb, https, http, extraCert, rule, tcp];
}
