// One target group and its registrations: the web fleet's instances, IP addresses, a Lambda
// function (with the permission ELB needs to invoke it) or this stack's ALB behind the NLB.
//
// The group is auto-named ("TG-ALB-1a2b3c4"): a fixed target group name makes a replacement
// collide with itself (DuplicateTargetGroupName). The seed's name stays in the Name tag.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TargetGroupDraft, TargetGroupSpec } from "./config";
import { fieldArgs, FieldTable, named, nameKey } from "./common";
import { v1Options } from "./aliases";

export interface WebTargetGroupArgs {
    spec: TargetGroupSpec;
    /** Not used by Lambda groups. */
    vpcId: pulumi.Input<string>;
    /** instance groups: the fleet's instances, each with a name-stable key (EC2_Web-<az>-<n>). */
    instances: { key: string; id: pulumi.Input<string>; /** v1's attachment key (EC2_Web-<n>), for the alias. */ v1Key?: string }[];
    /** alb groups: this stack's ALB and its listener on the group's port (AWS registers an ALB only once it listens there). */
    alb?: { arn: pulumi.Input<string>; listener: pulumi.Resource };
    tags: Record<string, string>;
}

function healthCheckArgs(h: TargetGroupSpec["healthCheck"]): aws.types.input.lb.TargetGroupHealthCheck {
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

/** DNS failover and unhealthy state routing thresholds; the provider types most of them as strings ("off" or a number). */
function targetGroupHealthArgs(h: NonNullable<TargetGroupSpec["targetGroupHealth"]>): aws.types.input.lb.TargetGroupTargetGroupHealth {
    const str = (v: number | "off" | undefined) => (v === undefined ? undefined : String(v));
    return {
        ...(h.dnsFailover ? { dnsFailover: { minimumHealthyTargetsCount: str(h.dnsFailover.minimumHealthyTargetsCount), minimumHealthyTargetsPercentage: str(h.dnsFailover.minimumHealthyTargetsPercentage) } } : {}),
        ...(h.unhealthyStateRouting ? { unhealthyStateRouting: { minimumHealthyTargetsCount: h.unhealthyStateRouting.minimumHealthyTargetsCount, minimumHealthyTargetsPercentage: str(h.unhealthyStateRouting.minimumHealthyTargetsPercentage) } } : {}),
    };
}

type Args = aws.lb.TargetGroupArgs;

/**
 * Target group spec fields -> aws.lb.TargetGroupArgs: the config's names and spellings where they
 * differ from the provider's. Which group takes what is the spec's type (a Lambda group has no
 * deregistration delay, an alb group no stickiness). A field not listed here reaches the provider
 * under its own name (port, protocol, protocolVersion, targetType, ipAddressType,
 * deregistrationDelay, slowStart, connectionTermination, proxyProtocolV2, and any attribute a stack
 * schema line adds with a provider name).
 */
export const TARGET_GROUP_FIELDS = {
    name: "component: the resource's name and Name tag; the group itself is auto-named (a fixed name collides with itself on replacement)",
    family: "component: which load balancer the group serves, decided from its protocol",
    targets: "component: registered as attachments",
    functionArn: "component: registered as the group's one target, with the permission to invoke it",
    healthCheck: (h) => ({ healthCheck: healthCheckArgs(h) }),
    algorithm: (v) => ({ loadBalancingAlgorithmType: v }),
    // AWS accepts anomaly mitigation only on weighted_random target groups.
    anomalyMitigation: (v, s) => (s.algorithm === "weighted_random" ? { loadBalancingAnomalyMitigation: v ? "on" : "off" } : {}),
    // NLB groups take source_ip without a duration.
    stickiness: (st) => ({
        stickiness: { type: st.type, enabled: st.enabled, ...(st.duration !== undefined ? { cookieDuration: st.duration } : {}), ...(st.cookieName ? { cookieName: st.cookieName } : {}) },
    }),
    // The provider types this attribute as a string.
    preserveClientIp: (v) => ({ preserveClientIp: String(v) }),
    lambdaMultiValueHeaders: (v) => ({ lambdaMultiValueHeadersEnabled: v }),
    targetGroupHealth: (h) => ({ targetGroupHealth: targetGroupHealthArgs(h) }),
    // Unhealthy target connection termination (TCP/TLS groups); AWS's default is on.
    unhealthyConnectionTermination: (v, s) => ({
        targetHealthStates: [{ enableUnhealthyConnectionTermination: v, ...(s.unhealthyDrainingInterval !== undefined ? { unhealthyDrainingInterval: s.unhealthyDrainingInterval } : {}) }],
    }),
    unhealthyDrainingInterval: "component: part of unhealthyConnectionTermination's targetHealthStates",
} satisfies FieldTable<TargetGroupDraft, Args>;


/**
 * The provider arguments from the spec's set fields, through TARGET_GROUP_FIELDS. The component
 * passes a complete spec; a draft maps the same way, without what it lacks.
 */
export function targetGroupArgs(s: TargetGroupDraft, vpcId: pulumi.Input<string>, tags: Record<string, string>): Args {
    return {
        ...fieldArgs<TargetGroupDraft, Args, typeof TARGET_GROUP_FIELDS>(s, TARGET_GROUP_FIELDS),
        ...(s.targetType === "lambda" ? {} : { vpcId }),
        tags: named(tags, s.name),
    };
}

export class WebTargetGroup extends pulumi.ComponentResource {
    readonly targetGroup: aws.lb.TargetGroup;
    readonly attachments: aws.lb.TargetGroupAttachment[] = [];

    constructor(name: string, args: WebTargetGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:targets:TargetGroup", name, {}, opts);
        const s = args.spec;
        this.targetGroup = new aws.lb.TargetGroup(name, targetGroupArgs(s, args.vpcId, args.tags), pulumi.mergeOptions({ parent: this }, v1Options("targetGroup")));
        const tg = this.targetGroup;
        const attach = (key: string, a: Omit<aws.lb.TargetGroupAttachmentArgs, "targetGroupArn">, o: { dependsOn?: pulumi.Resource[]; v1Key?: string } = {}) =>
            this.attachments.push(new aws.lb.TargetGroupAttachment(`${name}-${key}`, { targetGroupArn: tg.arn, ...a },
                pulumi.mergeOptions({ parent: this, ...(o.dependsOn ? { dependsOn: o.dependsOn } : {}) }, v1Options("attachment", { group: name, v1Key: o.v1Key }))));

        switch (s.targetType) {
            case "instance":
                for (const i of args.instances) {
                    attach(i.key, { targetId: i.id, port: s.port }, { v1Key: i.v1Key });
                }
                break;
            case "ip":
                for (const t of s.targets) {
                    const port = t.port ?? s.port;
                    attach(`ip-${nameKey(t.ip)}-${port}`, { targetId: t.ip, port, ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}) });
                }
                break;
            case "lambda": {
                // ELB must be allowed to invoke the function before the function can be registered,
                // and only from this target group (AWS, "Lambda functions as targets").
                const fn = s.functionArn;
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
