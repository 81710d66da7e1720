// NLB: internet-facing, one Elastic IP per AZ through subnet mappings (the seed's static IPs),
// TCP:80 -> TG-NLB.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WebTierConfig } from "./config";
import { Subnet } from "./network";
import { accessLogs, named } from "./common";

export interface NlbArgs {
    config: WebTierConfig;
    subnets: Subnet[];
    securityGroupId: pulumi.Input<string>;
    targetGroupArn: pulumi.Input<string>;
    /** Public IPs of config.nlbEipAllocationIds, when given. */
    existingEipPublicIps: string[];
}

export class NetworkLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly listener: aws.lb.Listener;
    readonly eips: aws.ec2.Eip[];
    readonly staticIps: pulumi.Output<string[]>;

    constructor(name: string, args: NlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:nlb:NetworkLoadBalancer", name, {}, opts);
        const c = args.config;
        const parent = { parent: this };
        const existing = c.nlbEipAllocationIds;

        this.eips = existing.length > 0 ? [] : args.subnets.map((s) =>
            new aws.ec2.Eip(`NLB-eip-${s.availabilityZone}`, { domain: "vpc", tags: named(c.tags, `NLB ${s.availabilityZone}`) }, parent));
        const allocationIds: pulumi.Input<string>[] = existing.length > 0 ? existing : this.eips.map((e) => e.allocationId);

        this.loadBalancer = new aws.lb.LoadBalancer("NLB", {
            loadBalancerType: "network",
            internal: false,
            ipAddressType: "ipv4",
            subnetMappings: args.subnets.map((s, i) => ({ subnetId: s.id, allocationId: allocationIds[i] })),
            // A security group can only be added to an NLB at creation. web_access_sg filters
            // clients here and lets the instances admit the NLB by group reference.
            securityGroups: [args.securityGroupId],
            enableCrossZoneLoadBalancing: c.nlbCrossZone,
            enableDeletionProtection: c.nlbDeletionProtection,
            accessLogs: accessLogs(c.nlbAccessLogsBucket, c.nlbAccessLogsPrefix),
            tags: named(c.tags, "NLB"),
        }, {
            ...parent,
            // An Elastic IP belongs to one load balancer at a time: a replacement NLB can only
            // take the same EIPs after the old one is gone, so delete before replacing.
            deleteBeforeReplace: true,
        });

        this.listener = new aws.lb.Listener("NLB-tcp", {
            loadBalancerArn: this.loadBalancer.arn,
            port: 80,
            protocol: "TCP",
            defaultActions: [{ type: "forward", targetGroupArn: args.targetGroupArn }],
            tags: named(c.tags, "NLB TCP:80"),
        }, parent);

        this.staticIps = existing.length > 0 ? pulumi.output(args.existingEipPublicIps) : pulumi.all(this.eips.map((e) => e.publicIp));
        this.registerOutputs({ dnsName: this.loadBalancer.dnsName, staticIps: this.staticIps });
    }
}
