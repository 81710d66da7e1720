// One target group and its registrations: the web fleet's instances, IP addresses, a Lambda
// function (with the permission ELB needs to invoke it) or this stack's ALB behind the NLB.
//
// The group is auto-named ("TG-ALB-1a2b3c4"): a fixed target group name makes a replacement
// collide with itself (DuplicateTargetGroupName). The seed's name stays in the Name tag.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TargetGroupSpec } from "./config";
import { movedFrom, named, nameKey } from "./common";

export interface WebTargetGroupArgs {
    spec: TargetGroupSpec;
    /** Not used by Lambda groups. */
    vpcId: pulumi.Input<string>;
    /** instance groups: the fleet's instances, each with a name-stable key (EC2_Web-1, ...). */
    instances: { key: string; id: pulumi.Input<string>; /** v1's attachment key (EC2_Web-<n>), for the alias. */ v1Key?: string }[];
    /** alb groups: this stack's ALB and its listener on the group's port (AWS registers an ALB only once it listens there). */
    alb?: { arn: pulumi.Input<string>; listener: pulumi.Resource };
    tags: Record<string, string>;
}

/** v1 declared every group under one TargetGroups component named "web". */
const V1_PARENT_TYPE = "elb-web-tier:targets:TargetGroups";
const V1_PARENT = movedFrom(V1_PARENT_TYPE, "web");

function healthCheckArgs(s: TargetGroupSpec): aws.types.input.lb.TargetGroupHealthCheck {
    const h = s.healthCheck;
    if (!h.enabled) return { enabled: false };
    return {
        enabled: true,
        ...(h.path !== undefined ? { path: h.path } : {}),
        ...(h.protocol !== undefined ? { protocol: h.protocol } : {}),
        port: h.port,
        interval: h.interval,
        timeout: h.timeout,
        healthyThreshold: h.healthyThreshold,
        unhealthyThreshold: h.unhealthyThreshold,
        ...(h.matcher !== undefined ? { matcher: h.matcher } : {}),
    };
}

function albFamilyArgs(s: TargetGroupSpec): Partial<aws.lb.TargetGroupArgs> {
    if (s.targetType === "lambda") return { lambdaMultiValueHeadersEnabled: s.lambdaMultiValueHeaders };
    const st = s.stickiness!;
    return {
        protocolVersion: s.protocolVersion,
        deregistrationDelay: s.deregistrationDelay,
        slowStart: s.slowStart,
        loadBalancingAlgorithmType: s.algorithm,
        // AWS accepts anomaly mitigation only on weighted_random target groups.
        ...(s.algorithm === "weighted_random" ? { loadBalancingAnomalyMitigation: s.anomalyMitigation ? "on" : "off" } : {}),
        stickiness: { type: st.type, enabled: st.enabled, cookieDuration: st.duration, ...(st.cookieName ? { cookieName: st.cookieName } : {}) },
    };
}

function nlbFamilyArgs(s: TargetGroupSpec): Partial<aws.lb.TargetGroupArgs> {
    return {
        deregistrationDelay: s.deregistrationDelay,
        connectionTermination: s.connectionTermination,
        // The provider types this attribute as a string; ALB targets don't take it.
        ...(s.preserveClientIp !== undefined ? { preserveClientIp: String(s.preserveClientIp) } : {}),
        proxyProtocolV2: s.proxyProtocolV2,
        // Unhealthy target connection termination (TCP/TLS groups); AWS's default is on.
        ...(s.unhealthyConnectionTermination !== undefined ? {
            targetHealthStates: [{ enableUnhealthyConnectionTermination: s.unhealthyConnectionTermination, ...(s.unhealthyDrainingInterval !== undefined ? { unhealthyDrainingInterval: s.unhealthyDrainingInterval } : {}) }],
        } : {}),
        // Stickiness is not available for ALB-type target groups.
        ...(s.targetType === "alb" ? {} : { stickiness: { type: "source_ip", enabled: s.stickiness!.enabled } }),
    };
}

/** DNS failover and unhealthy state routing thresholds; the provider types most of them as strings ("off" or a number). */
function targetGroupHealthArgs(h: NonNullable<TargetGroupSpec["targetGroupHealth"]>): aws.types.input.lb.TargetGroupTargetGroupHealth {
    const str = (v: number | "off" | undefined) => (v === undefined ? undefined : String(v));
    return {
        ...(h.dnsFailover ? { dnsFailover: { minimumHealthyTargetsCount: str(h.dnsFailover.minimumHealthyTargetsCount), minimumHealthyTargetsPercentage: str(h.dnsFailover.minimumHealthyTargetsPercentage) } } : {}),
        ...(h.unhealthyStateRouting ? { unhealthyStateRouting: { minimumHealthyTargetsCount: h.unhealthyStateRouting.minimumHealthyTargetsCount, minimumHealthyTargetsPercentage: str(h.unhealthyStateRouting.minimumHealthyTargetsPercentage) } } : {}),
    };
}

export function targetGroupArgs(s: TargetGroupSpec, vpcId: pulumi.Input<string>, tags: Record<string, string>): aws.lb.TargetGroupArgs {
    return {
        targetType: s.targetType,
        ...(s.targetType === "lambda" ? {} : { port: s.port, protocol: s.protocol, vpcId }),
        ...(s.ipAddressType ? { ipAddressType: s.ipAddressType } : {}),
        healthCheck: healthCheckArgs(s),
        ...(s.family === "alb" ? albFamilyArgs(s) : nlbFamilyArgs(s)),
        ...(s.targetGroupHealth ? { targetGroupHealth: targetGroupHealthArgs(s.targetGroupHealth) } : {}),
        tags: named(tags, s.name),
    };
}

export class WebTargetGroup extends pulumi.ComponentResource {
    readonly targetGroup: aws.lb.TargetGroup;
    readonly attachments: aws.lb.TargetGroupAttachment[] = [];

    constructor(name: string, args: WebTargetGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:targets:TargetGroup", name, {}, opts);
        const s = args.spec;
        const child = { parent: this, aliases: V1_PARENT };
        this.targetGroup = new aws.lb.TargetGroup(name, targetGroupArgs(s, args.vpcId, args.tags), child);
        const tg = this.targetGroup;
        const attach = (key: string, a: Omit<aws.lb.TargetGroupAttachmentArgs, "targetGroupArn">, extra: pulumi.CustomResourceOptions = {}) =>
            this.attachments.push(new aws.lb.TargetGroupAttachment(`${name}-${key}`, { targetGroupArn: tg.arn, ...a }, { ...child, ...extra }));

        switch (s.targetType) {
            case "instance":
                for (const i of args.instances) {
                    attach(i.key, { targetId: i.id, port: s.port }, i.v1Key ? { aliases: movedFrom(V1_PARENT_TYPE, "web").map((a) => ({ ...a, name: `${name}-${i.v1Key}` })) } : {});
                }
                break;
            case "ip":
                for (const t of s.targets) {
                    const port = t.port ?? s.port;
                    attach(`ip-${nameKey(t.ip!)}-${port}`, { targetId: t.ip!, port, ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}) });
                }
                break;
            case "lambda": {
                // ELB must be allowed to invoke the function before the function can be registered,
                // and only from this target group (AWS, "Lambda functions as targets").
                const fn = s.targets[0].functionArn!;
                const permission = new aws.lambda.Permission(`${name}-invoke`, {
                    action: "lambda:InvokeFunction",
                    function: fn,
                    principal: "elasticloadbalancing.amazonaws.com",
                    sourceArn: tg.arn,
                }, { parent: this });
                attach("lambda", { targetId: fn }, { dependsOn: [permission] });
                break;
            }
            case "alb":
                attach("alb", { targetId: args.alb!.arn, port: s.port }, { dependsOn: [args.alb!.listener] });
                break;
        }
        this.registerOutputs({ arn: tg.arn });
    }
}
