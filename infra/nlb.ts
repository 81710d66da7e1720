// NLB: internet-facing with one Elastic IP per AZ through subnet mappings (the seed's static IPs),
// or internal (private IPs, no Elastic IPs), and its TCP, TLS, UDP and TCP_UDP listeners; optionally
// dualstack with IPv6 source NAT prefixes, LCU reservation, DNS client routing policy and ARC
// zonal shift / autoshift. Children are named from the component's name: NLB, NLB-eip-<az>,
// NLB-<listener>, NLB-autoshift.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogsChoice, ListenerSpec, NlbSettings } from "./config";
import { Subnet } from "./network";
import { accessLogsArgs, FieldTable, fieldArgs, named, StackLogBucket } from "./common";
import { guarded, Protection } from "./protection";
import { TargetGroupArns, webListener } from "./listeners";
import { v1Options } from "./aliases";
import { capacityArgs, zonalAutoshift, zonalShiftArgs } from "./alb";

type Args = aws.lb.LoadBalancerArgs;

/**
 * The nlb section's fields -> aws.lb.LoadBalancerArgs: the config's names and spellings where
 * they differ from the provider's, and what the component does with the rest. A field not listed
 * here reaches the provider under its own name (ipAddressType, and any attribute a schema line in
 * infra/config/loadBalancers.ts adds with a provider name).
 */
export const NLB_FIELDS = {
    scheme: (v) => ({ internal: v === "internal" }),
    // The provider takes "on" / "off".
    ipv6SourceNatPrefix: (v) => (v ? { enablePrefixForIpv6SourceNat: "on" } : {}),
    minimumCapacityUnits: capacityArgs,
    // AWS's default is left out, so stacks from before the attribute plan unchanged.
    dnsClientRoutingPolicy: (v) => (v === "any_availability_zone" ? {} : { dnsRecordClientRoutingPolicy: v }),
    zonalShift: zonalShiftArgs,
    zonalAutoshift: "component: an aws.arczonalshift.ZonalAutoshiftConfiguration <name>-autoshift when enabled",
    crossZone: (v) => ({ enableCrossZoneLoadBalancing: v }),
    eipAllocationIds: "component: the subnet mappings' allocations (else it allocates one Elastic IP per AZ)",
    deletionProtection: (v) => ({ enableDeletionProtection: v }),
    accessLogs: "component: to the bucket config chose (accessLogs.nlb: the stack's, yours, or none)",
    extraSecurityGroupIds: "component: in securityGroups, after web_access_sg",
} satisfies FieldTable<NlbSettings, Args>;


/** The provider arguments from the nlb section, through NLB_FIELDS. */
export function nlbSettingsArgs(s: NlbSettings): Partial<Args> {
    return fieldArgs<NlbSettings, Args, typeof NLB_FIELDS>(s, NLB_FIELDS);
}

export interface NlbArgs {
    /** The nlb config section: each field reaches the load balancer through NLB_FIELDS or under its own name. */
    settings: NlbSettings;
    /** The caller picks them by scheme: internal NLBs live in the private (instance) subnets. */
    subnets: Subnet[];
    securityGroupId: pulumi.Input<string>;
    /** Where the access logs go, as config decided it. */
    accessLogs: AccessLogsChoice;
    /** The stack's log bucket, when it creates one: the NLB waits for its policy. */
    logBucket?: StackLogBucket;
    /** protect / retainOnDelete for the load balancer and for the Elastic IPs it allocates. */
    protection?: Protection;
    eipProtection?: Protection;
    /** Public IPs of settings.eipAllocationIds, when given. */
    existingEipPublicIps: string[];
    listeners: ListenerSpec[];
    targetGroupArns: TargetGroupArns;
    /** The stack's certificate, for TLS listeners without their own. */
    defaultCertificateArn?: pulumi.Input<string>;
    tags: Record<string, string>;
}

/**
 * The NLB's arguments: the section's fields, then what the component owns (network, logs, name).
 * `allocated`: the Elastic IPs the component allocated, used when the section names none.
 */
export function nlbArgs(name: string, args: NlbArgs, allocated: pulumi.Input<string>[]): Args {
    const internal = args.settings.scheme === "internal";
    const existing = args.settings.eipAllocationIds;
    const allocationIds = existing.length > 0 ? existing : allocated;
    return {
        loadBalancerType: "network",
        ...nlbSettingsArgs(args.settings),
        subnetMappings: args.subnets.map((s, i) => ({ subnetId: s.id, ...(internal ? {} : { allocationId: allocationIds[i] }) })),
        // An NLB gets security groups at creation or never (its last one can't be removed
        // either): web_access_sg is always there, so the team's own are added and removed in
        // place. web_access_sg filters clients here and lets the instances admit the NLB by
        // group reference.
        securityGroups: [args.securityGroupId, ...args.settings.extraSecurityGroupIds],
        accessLogs: accessLogsArgs(args.accessLogs, args.logBucket),
        tags: named(args.tags, name),
    };
}

const TYPE = "elb-web-tier:nlb:NetworkLoadBalancer";

export class NetworkLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly listeners: Record<string, aws.lb.Listener> = {};
    readonly eips: aws.ec2.Eip[];
    readonly staticIps: pulumi.Output<string[]>;
    readonly autoshift?: aws.arczonalshift.ZonalAutoshiftConfiguration;

    constructor(name: string, args: NlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super(TYPE, name, {}, pulumi.mergeOptions(v1Options("loadBalancer"), opts));
        // Children keep their URNs: a URN holds the parent's type, not its name.
        const child = { parent: this };
        const existing = args.settings.eipAllocationIds;
        const internal = args.settings.scheme === "internal";

        // An internal NLB takes no Elastic IPs (AWS allows them on internet-facing NLBs only).
        this.eips = existing.length > 0 || internal ? [] : args.subnets.map((s) =>
            new aws.ec2.Eip(`${name}-eip-${s.availabilityZone}`, { domain: "vpc", tags: named(args.tags, `${name} ${s.availabilityZone}`) }, guarded(this, args.eipProtection)));

        this.loadBalancer = new aws.lb.LoadBalancer(name, nlbArgs(name, args, this.eips.map((e) => e.allocationId)), guarded(this, args.protection, {
            // ELB checks that it may write to the log bucket when logging is turned on.
            dependsOn: args.logBucket ? [args.logBucket.policy] : [],
            // An Elastic IP belongs to one load balancer at a time: a replacement NLB can only
            // take the same EIPs after the old one is gone, so delete before replacing.
            deleteBeforeReplace: true,
        }));

        const listenerArgs = { loadBalancerArn: this.loadBalancer.arn, targetGroupArns: args.targetGroupArns, defaultCertificateArn: args.defaultCertificateArn, tags: args.tags };
        for (const l of args.listeners) this.listeners[l.key] = webListener(name, l, listenerArgs, this);

        if (args.settings.zonalAutoshift.enabled) this.autoshift = zonalAutoshift(name, this.loadBalancer.arn, args.settings.zonalAutoshift, child);
        this.staticIps = existing.length > 0 ? pulumi.output(args.existingEipPublicIps) : pulumi.all(this.eips.map((e) => e.publicIp));
        this.registerOutputs({ dnsName: this.loadBalancer.dnsName, staticIps: this.staticIps });
    }
}
