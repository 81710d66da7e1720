// ALB: internet-facing (or internal), one subnet in every chosen AZ, web_access_sg, and its
// listeners with their rules and SNI certificates; optionally authentication before the forward,
// rule transforms, response headers, LCU reservation and ARC zonal shift / autoshift. Children are
// named from the component's name: ALB, ALB-https, ALB-http, ALB-https-<rule>, ALB-autoshift.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogsChoice, AlbSettings, ListenerSpec } from "./config";
import { accessLogsArgs, fieldArgs, FieldTable, named, StackLogBucket } from "./common";
import { guarded, Protection } from "./protection";
import { listenerRules, TargetGroupArns, webListener } from "./listeners";
import { v1Options, v1RulesListenerKey } from "./aliases";

/** ARC zonal autoshift with its practice run configuration (required by AWS with autoshift on). */
export function zonalAutoshift(name: string, resourceArn: pulumi.Input<string>, a: ZonalAutoshiftSettings, opts: pulumi.CustomResourceOptions): aws.arczonalshift.ZonalAutoshiftConfiguration {
    const alarms = (arns: string[]) => arns.map((alarmIdentifier) => ({ alarmIdentifier, type: "CLOUDWATCH" }));
    return new aws.arczonalshift.ZonalAutoshiftConfiguration(`${name}-autoshift`, {
        resourceArn,
        zonalAutoshiftStatus: "ENABLED",
        outcomeAlarms: alarms(a.outcomeAlarms ?? []),
        ...(a.blockingAlarms ? { blockingAlarms: alarms(a.blockingAlarms) } : {}),
        ...(a.blockedDates ? { blockedDates: a.blockedDates } : {}),
        ...(a.blockedWindows ? { blockedWindows: a.blockedWindows } : {}),
        ...(a.allowedWindows ? { allowedWindows: a.allowedWindows } : {}),
    }, opts);
}

type Args = aws.lb.LoadBalancerArgs;
type ZonalAutoshiftSettings = AlbSettings["zonalAutoshift"];

/** Where the ALB writes its health-check and connection logs in the stack's log bucket. */
export const ALB_LOG_PREFIXES = { healthChecks: "alb-health-checks", connections: "alb-connections" } as const;

/** The LCU reservation (0: none; AWS: minimum_load_balancer_capacity). ALB and NLB alike. */
export const capacityArgs = (units: number): Partial<Args> => (units ? { minimumLoadBalancerCapacity: { capacityUnits: units } } : {});
/** ARC zonal shift; left out when off, so stacks from before the attribute plan unchanged. */
export const zonalShiftArgs = (on: boolean): Partial<Args> => (on ? { enableZonalShift: true } : {});

/**
 * The alb section's fields -> aws.lb.LoadBalancerArgs: the config's names and spellings where
 * they differ from the provider's, and what the component does with the rest. A field not listed
 * here reaches the provider under its own name (ipAddressType, idleTimeout,
 * dropInvalidHeaderFields, desyncMitigationMode, and any attribute a schema line in
 * infra/config/loadBalancers.ts adds with a provider name, such as enableWafFailOpen).
 */
export const ALB_FIELDS = {
    scheme: (v) => ({ internal: v === "internal" }),
    // Passed only when the stack changes AWS's default (3600), so existing stacks plan unchanged.
    clientKeepAlive: (v) => (v === 3600 ? {} : { clientKeepAlive: v }),
    minimumCapacityUnits: capacityArgs,
    ipamPoolId: (v) => (v ? { ipamPools: { ipv4IpamPoolId: v } } : {}),
    zonalShift: zonalShiftArgs,
    zonalAutoshift: "component: an aws.arczonalshift.ZonalAutoshiftConfiguration <name>-autoshift when enabled",
    healthCheckLogs: "component: written to the stack's log bucket under alb-health-checks",
    deletionProtection: (v) => ({ enableDeletionProtection: v }),
    accessLogs: "component: to the bucket config chose (accessLogs.alb: the stack's, yours, or none)",
    extraSecurityGroupIds: "component: in securityGroups, after web_access_sg",
} satisfies FieldTable<AlbSettings, Args>;


/** The provider arguments from the alb section, through ALB_FIELDS. */
export function albSettingsArgs(s: AlbSettings): Partial<Args> {
    return fieldArgs<AlbSettings, Args, typeof ALB_FIELDS>(s, ALB_FIELDS);
}

export interface AlbArgs {
    /** The alb config section: each field reaches the load balancer through ALB_FIELDS or under its own name. */
    settings: AlbSettings;
    /** The caller picks them by scheme: internal ALBs live in the private (instance) subnets. */
    subnetIds: pulumi.Input<string>[];
    securityGroupId: pulumi.Input<string>;
    /** Where the access logs go, as config decided it. */
    accessLogs: AccessLogsChoice;
    /** The stack's log bucket, when it creates one: access (stackBucket), health-check and connection logs go there, and the ALB waits for its policy. */
    logBucket?: StackLogBucket;
    /** Also write connection logs to the stack's log bucket. */
    connectionLogs?: boolean;
    /** Send the X-Amzn-Tls-Version and X-Amzn-Tls-Cipher-Suite request headers. */
    tlsHeaders?: boolean;
    listeners: ListenerSpec[];
    /** HTTPS listeners' mutual TLS, by listener key. */
    mutualAuthentication?: Record<string, pulumi.Input<aws.types.input.lb.ListenerMutualAuthentication>>;
    /** protect / retainOnDelete for the load balancer. */
    protection?: Protection;
    targetGroupArns: TargetGroupArns;
    /** The stack's certificate, for HTTPS listeners without their own. */
    defaultCertificateArn?: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** The ALB's arguments: the section's fields, then what the component owns (network, logs, name). */
export function albArgs(name: string, args: AlbArgs): Args {
    const logs = args.logBucket;
    const stackLogs = (prefix: string) => (logs ? { bucket: logs.name, prefix, enabled: true } : undefined);
    const healthCheckLogs = args.settings.healthCheckLogs ? stackLogs(ALB_LOG_PREFIXES.healthChecks) : undefined;
    const connectionLogs = args.connectionLogs ? stackLogs(ALB_LOG_PREFIXES.connections) : undefined;
    return {
        loadBalancerType: "application",
        ...albSettingsArgs(args.settings),
        ...(healthCheckLogs ? { healthCheckLogs } : {}),
        ...(args.tlsHeaders ? { enableTlsVersionAndCipherSuiteHeaders: true } : {}),
        subnets: args.subnetIds,
        securityGroups: [args.securityGroupId, ...args.settings.extraSecurityGroupIds],
        accessLogs: accessLogsArgs(args.accessLogs, logs),
        ...(connectionLogs ? { connectionLogs } : {}),
        tags: named(args.tags, name),
    };
}

const TYPE = "elb-web-tier:alb:ApplicationLoadBalancer";

export class ApplicationLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    /** By listener key (http, https, ...). */
    readonly listeners: Record<string, aws.lb.Listener> = {};
    readonly rules: aws.lb.ListenerRule[] = [];
    readonly autoshift?: aws.arczonalshift.ZonalAutoshiftConfiguration;

    constructor(name: string, args: AlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE, name, {}, pulumi.mergeOptions(v1Options("loadBalancer"), opts));
        // Children keep their URNs: a URN holds the parent's type, not its name.
        const child = { parent: this };

        // ELB checks that it may write to the log bucket when logging is turned on.
        this.loadBalancer = new aws.lb.LoadBalancer(name, albArgs(name, args), guarded(this, args.protection, { dependsOn: args.logBucket ? [args.logBucket.policy] : [] }));

        const v1RulesListener = v1RulesListenerKey(args.listeners.map((l) => l.key));
        const listenerArgs = { loadBalancerArn: this.loadBalancer.arn, targetGroupArns: args.targetGroupArns, defaultCertificateArn: args.defaultCertificateArn, tags: args.tags };
        for (const l of args.listeners) {
            const listener = webListener(name, l, { ...listenerArgs, mutualAuthentication: args.mutualAuthentication?.[l.key] }, this);
            this.listeners[l.key] = listener;
            this.rules.push(...listenerRules(name, l, listener, { ...listenerArgs, v1: l.key === v1RulesListener }, this));
        }
        if (args.settings.zonalAutoshift.enabled) this.autoshift = zonalAutoshift(name, this.loadBalancer.arn, args.settings.zonalAutoshift, child);
        this.registerOutputs({ dnsName: this.loadBalancer.dnsName });
    }
}
