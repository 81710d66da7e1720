// NLB: internet-facing with one Elastic IP per AZ through subnet mappings (the seed's static IPs),
// or internal (private IPs, no Elastic IPs), and its TCP, TLS, UDP and TCP_UDP listeners; optionally
// dualstack with IPv6 source NAT prefixes, LCU reservation, DNS client routing policy and ARC
// zonal shift / autoshift. Children are named from the component's name: NLB, NLB-eip-<az>,
// NLB-<listener>, NLB-autoshift.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ListenerSpec } from "./config";
import { Subnet } from "./network";
import { named } from "./common";
import { guarded, Protection } from "./protection";
import { TargetGroupArns, webListener } from "./listeners";
import { v1Options } from "./aliases";
import { AutoshiftArgs, zonalAutoshift } from "./alb";

export interface NlbArgs {
    subnets: Subnet[];
    securityGroupId: pulumi.Input<string>;
    crossZone: boolean;
    /** internal: private IPs, no Elastic IPs (the caller passes private subnets). */
    internal?: boolean;
    ipAddressType?: "ipv4" | "dualstack";
    /** Dualstack: an IPv6 /80 source NAT prefix per subnet, assigned by AWS. */
    ipv6SourceNatPrefix?: boolean;
    minimumCapacityUnits?: number;
    dnsClientRoutingPolicy?: string;
    zonalShift?: boolean;
    autoshift?: AutoshiftArgs;
    deletionProtection: boolean;
    accessLogs?: aws.types.input.lb.LoadBalancerAccessLogs;
    /** protect / retainOnDelete for the load balancer and for the Elastic IPs it allocates. */
    protection?: Protection;
    eipProtection?: Protection;
    /** What the load balancer itself waits for (the log bucket's policy). */
    dependsOn?: pulumi.Resource[];
    /** Existing Elastic IP allocations, one per subnet in order; empty: allocate new ones. */
    eipAllocationIds: string[];
    /** Public IPs of eipAllocationIds, when given. */
    existingEipPublicIps: string[];
    listeners: ListenerSpec[];
    targetGroupArns: TargetGroupArns;
    /** The stack's certificate, for TLS listeners without their own. */
    defaultCertificateArn?: pulumi.Input<string>;
    tags: Record<string, string>;
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
        const existing = args.eipAllocationIds;
        const internal = args.internal ?? false;

        // An internal NLB takes no Elastic IPs (AWS allows them on internet-facing NLBs only).
        this.eips = existing.length > 0 || internal ? [] : args.subnets.map((s) =>
            new aws.ec2.Eip(`${name}-eip-${s.availabilityZone}`, { domain: "vpc", tags: named(args.tags, `${name} ${s.availabilityZone}`) }, guarded(this, args.eipProtection)));
        const allocationIds: pulumi.Input<string>[] = existing.length > 0 ? existing : this.eips.map((e) => e.allocationId);

        this.loadBalancer = new aws.lb.LoadBalancer(name, {
            loadBalancerType: "network",
            internal,
            ipAddressType: args.ipAddressType ?? "ipv4",
            subnetMappings: args.subnets.map((s, i) => ({ subnetId: s.id, ...(internal ? {} : { allocationId: allocationIds[i] }) })),
            ...(args.ipv6SourceNatPrefix ? { enablePrefixForIpv6SourceNat: "on" } : {}),
            ...(args.minimumCapacityUnits ? { minimumLoadBalancerCapacity: { capacityUnits: args.minimumCapacityUnits } } : {}),
            ...(args.dnsClientRoutingPolicy ? { dnsRecordClientRoutingPolicy: args.dnsClientRoutingPolicy } : {}),
            ...(args.zonalShift ? { enableZonalShift: true } : {}),
            // A security group can only be added to an NLB at creation. web_access_sg filters
            // clients here and lets the instances admit the NLB by group reference.
            securityGroups: [args.securityGroupId],
            enableCrossZoneLoadBalancing: args.crossZone,
            enableDeletionProtection: args.deletionProtection,
            accessLogs: args.accessLogs,
            tags: named(args.tags, name),
        }, guarded(this, args.protection, {
            dependsOn: args.dependsOn ?? [],
            // An Elastic IP belongs to one load balancer at a time: a replacement NLB can only
            // take the same EIPs after the old one is gone, so delete before replacing.
            deleteBeforeReplace: true,
        }));

        const listenerArgs = { loadBalancerArn: this.loadBalancer.arn, targetGroupArns: args.targetGroupArns, defaultCertificateArn: args.defaultCertificateArn, tags: args.tags };
        for (const l of args.listeners) this.listeners[l.key] = webListener(name, l, listenerArgs, this);

        if (args.autoshift) this.autoshift = zonalAutoshift(name, this.loadBalancer.arn, args.autoshift, child);
        this.staticIps = existing.length > 0 ? pulumi.output(args.existingEipPublicIps) : pulumi.all(this.eips.map((e) => e.publicIp));
        this.registerOutputs({ dnsName: this.loadBalancer.dnsName, staticIps: this.staticIps });
    }
}
