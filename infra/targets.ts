// TG-ALB (HTTP) and TG-NLB (TCP), instance targets, every instance registered in both.
//
// Names are left to Pulumi's auto-naming ("TG-ALB-1a2b3c4"): a fixed target group name makes a
// replacement collide with itself (DuplicateTargetGroupName). The seed's name stays in the Name tag.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WebTierConfig } from "./config";
import { named } from "./common";

export interface TargetGroupsArgs {
    config: WebTierConfig;
    vpcId: string;
    instanceIds: pulumi.Input<string>[];
}

const healthCheckPortNumber = (port: string) => (port === "traffic-port" ? undefined : Number(port));

/** Target and health-check ports the instances must admit from the load balancers. */
export function instancePorts(c: WebTierConfig): number[] {
    const ports = [c.tgAlbPort, c.tgNlbPort, healthCheckPortNumber(c.tgAlbHealthCheckPort), healthCheckPortNumber(c.tgNlbHealthCheckPort)];
    return [...new Set(ports.filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
}

function albTargetGroupArgs(c: WebTierConfig, vpcId: string): aws.lb.TargetGroupArgs {
    return {
        port: c.tgAlbPort,
        protocol: "HTTP",
        protocolVersion: "HTTP1",
        targetType: "instance",
        vpcId,
        healthCheck: {
            enabled: true,
            path: c.tgAlbHealthCheckPath,
            port: c.tgAlbHealthCheckPort,
            protocol: c.tgAlbHealthCheckProtocol,
            interval: c.tgAlbHealthCheckInterval,
            timeout: c.tgAlbHealthCheckTimeout,
            healthyThreshold: c.tgAlbHealthyThreshold,
            unhealthyThreshold: c.tgAlbUnhealthyThreshold,
            matcher: c.tgAlbHealthCheckMatcher,
        },
        deregistrationDelay: c.tgAlbDeregistrationDelay,
        slowStart: c.tgAlbSlowStart,
        loadBalancingAlgorithmType: c.tgAlbAlgorithm,
        // AWS accepts anomaly mitigation only on weighted_random target groups.
        ...(c.tgAlbAlgorithm === "weighted_random" ? { loadBalancingAnomalyMitigation: c.tgAlbAnomalyMitigation ? "on" : "off" } : {}),
        stickiness: { type: "lb_cookie", enabled: c.tgAlbStickiness, cookieDuration: c.tgAlbStickinessDuration },
        tags: named(c.tags, "TG-ALB"),
    };
}

function nlbTargetGroupArgs(c: WebTierConfig, vpcId: string): aws.lb.TargetGroupArgs {
    const httpCheck = c.tgNlbHealthCheckProtocol !== "TCP";
    return {
        port: c.tgNlbPort,
        protocol: "TCP",
        targetType: "instance",
        vpcId,
        healthCheck: {
            enabled: true,
            protocol: c.tgNlbHealthCheckProtocol,
            port: c.tgNlbHealthCheckPort,
            interval: c.tgNlbHealthCheckInterval,
            timeout: c.tgNlbHealthCheckTimeout,
            healthyThreshold: c.tgNlbHealthyThreshold,
            unhealthyThreshold: c.tgNlbUnhealthyThreshold,
            // A path or matcher on a TCP health check is rejected by AWS.
            ...(httpCheck ? { path: c.tgNlbHealthCheckPath, matcher: c.tgNlbHealthCheckMatcher } : {}),
        },
        deregistrationDelay: c.tgNlbDeregistrationDelay,
        connectionTermination: c.tgNlbConnectionTermination,
        // The provider types this attribute as a string.
        preserveClientIp: String(c.tgNlbPreserveClientIp),
        proxyProtocolV2: c.tgNlbProxyProtocolV2,
        stickiness: { type: "source_ip", enabled: c.tgNlbStickiness },
        tags: named(c.tags, "TG-NLB"),
    };
}

export class TargetGroups extends pulumi.ComponentResource {
    readonly alb: aws.lb.TargetGroup;
    readonly nlb: aws.lb.TargetGroup;

    constructor(name: string, args: TargetGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:targets:TargetGroups", name, {}, opts);
        const c = args.config;
        this.alb = new aws.lb.TargetGroup("TG-ALB", albTargetGroupArgs(c, args.vpcId), { parent: this });
        this.nlb = new aws.lb.TargetGroup("TG-NLB", nlbTargetGroupArgs(c, args.vpcId), { parent: this });
        for (const [tgName, tg, port] of [["TG-ALB", this.alb, c.tgAlbPort], ["TG-NLB", this.nlb, c.tgNlbPort]] as const) {
            args.instanceIds.forEach((targetId, i) => {
                new aws.lb.TargetGroupAttachment(`${tgName}-EC2_Web-${i + 1}`, { targetGroupArn: tg.arn, targetId, port }, { parent: this });
            });
        }
        this.registerOutputs({ albArn: this.alb.arn, nlbArn: this.nlb.arn });
    }
}
