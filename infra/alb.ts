// ALB: internet-facing (or internal), one subnet in every chosen AZ, web_access_sg, and its
// listeners with their rules and SNI certificates; optionally authentication before the forward,
// rule transforms, response headers, LCU reservation and ARC zonal shift / autoshift. Children are
// named from the component's name: ALB, ALB-https, ALB-http, ALB-https-<rule>, ALB-autoshift.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ListenerSpec } from "./config";
import { named } from "./common";
import { guarded, Protection } from "./protection";
import { listenerRules, TargetGroupArns, webListener } from "./listeners";
import { v1Options, v1RulesListenerKey } from "./aliases";

/** ARC zonal autoshift with its practice run configuration (required by AWS with autoshift on). */
export interface AutoshiftArgs {
    outcomeAlarms: string[];
    blockingAlarms?: string[];
    blockedDates?: string[];
    blockedWindows?: string[];
    allowedWindows?: string[];
}

export function zonalAutoshift(name: string, resourceArn: pulumi.Input<string>, a: AutoshiftArgs, opts: pulumi.CustomResourceOptions): aws.arczonalshift.ZonalAutoshiftConfiguration {
    const alarms = (arns: string[]) => arns.map((alarmIdentifier) => ({ alarmIdentifier, type: "CLOUDWATCH" }));
    return new aws.arczonalshift.ZonalAutoshiftConfiguration(`${name}-autoshift`, {
        resourceArn,
        zonalAutoshiftStatus: "ENABLED",
        outcomeAlarms: alarms(a.outcomeAlarms),
        ...(a.blockingAlarms ? { blockingAlarms: alarms(a.blockingAlarms) } : {}),
        ...(a.blockedDates ? { blockedDates: a.blockedDates } : {}),
        ...(a.blockedWindows ? { blockedWindows: a.blockedWindows } : {}),
        ...(a.allowedWindows ? { allowedWindows: a.allowedWindows } : {}),
    }, opts);
}

export interface AlbArgs {
    subnetIds: pulumi.Input<string>[];
    securityGroupId: pulumi.Input<string>;
    ipAddressType: "ipv4" | "dualstack" | "dualstack-without-public-ipv4";
    /** internal: private IPs only (the caller passes private subnets). */
    internal?: boolean;
    /** Seconds a client connection may live, 60-604800. */
    clientKeepAlive?: number;
    /** LCU reservation; 0 or undefined: none. */
    minimumCapacityUnits?: number;
    /** IPAM pool for the public IPv4 addresses. */
    ipamPoolId?: string;
    zonalShift?: boolean;
    autoshift?: AutoshiftArgs;
    healthCheckLogs?: aws.types.input.lb.LoadBalancerHealthCheckLogs;
    /** Send the X-Amzn-Tls-Version and X-Amzn-Tls-Cipher-Suite request headers. */
    tlsHeaders?: boolean;
    dropInvalidHeaderFields: boolean;
    desyncMitigationMode: string;
    idleTimeout: number;
    deletionProtection: boolean;
    accessLogs?: aws.types.input.lb.LoadBalancerAccessLogs;
    connectionLogs?: aws.types.input.lb.LoadBalancerConnectionLogs;
    listeners: ListenerSpec[];
    /** HTTPS listeners' mutual TLS, by listener key. */
    mutualAuthentication?: Record<string, pulumi.Input<aws.types.input.lb.ListenerMutualAuthentication>>;
    /** protect / retainOnDelete for the load balancer. */
    protection?: Protection;
    /** What the load balancer itself waits for (the log bucket's policy). */
    dependsOn?: pulumi.Resource[];
    targetGroupArns: TargetGroupArns;
    /** The stack's certificate, for HTTPS listeners without their own. */
    defaultCertificateArn?: pulumi.Input<string>;
    tags: Record<string, string>;
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

        this.loadBalancer = new aws.lb.LoadBalancer(name, {
            loadBalancerType: "application",
            internal: args.internal ?? false,
            ipAddressType: args.ipAddressType,
            ...(args.clientKeepAlive !== undefined ? { clientKeepAlive: args.clientKeepAlive } : {}),
            ...(args.minimumCapacityUnits ? { minimumLoadBalancerCapacity: { capacityUnits: args.minimumCapacityUnits } } : {}),
            ...(args.ipamPoolId ? { ipamPools: { ipv4IpamPoolId: args.ipamPoolId } } : {}),
            ...(args.zonalShift ? { enableZonalShift: true } : {}),
            ...(args.healthCheckLogs ? { healthCheckLogs: args.healthCheckLogs } : {}),
            ...(args.tlsHeaders ? { enableTlsVersionAndCipherSuiteHeaders: true } : {}),
            subnets: args.subnetIds,
            securityGroups: [args.securityGroupId],
            dropInvalidHeaderFields: args.dropInvalidHeaderFields,
            desyncMitigationMode: args.desyncMitigationMode,
            idleTimeout: args.idleTimeout,
            enableDeletionProtection: args.deletionProtection,
            accessLogs: args.accessLogs,
            ...(args.connectionLogs ? { connectionLogs: args.connectionLogs } : {}),
            tags: named(args.tags, name),
        }, guarded(this, args.protection, { dependsOn: args.dependsOn ?? [] }));

        const v1RulesListener = v1RulesListenerKey(args.listeners.map((l) => l.key));
        const listenerArgs = { loadBalancerArn: this.loadBalancer.arn, targetGroupArns: args.targetGroupArns, defaultCertificateArn: args.defaultCertificateArn, tags: args.tags };
        for (const l of args.listeners) {
            const listener = webListener(name, l, { ...listenerArgs, mutualAuthentication: args.mutualAuthentication?.[l.key] }, this);
            this.listeners[l.key] = listener;
            this.rules.push(...listenerRules(name, l, listener, { ...listenerArgs, v1: l.key === v1RulesListener }, this));
        }
        if (args.autoshift) this.autoshift = zonalAutoshift(name, this.loadBalancer.arn, args.autoshift, child);
        this.registerOutputs({ dnsName: this.loadBalancer.dnsName });
    }
}
