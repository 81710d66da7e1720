// web_access_sg (the seed's group: HTTP and HTTPS, never SSH) on both load balancers, and a
// least-privilege group for the instances that admits only the load balancers.
//
// Why referencing web_access_sg is enough for the instances: the NLB is created with
// web_access_sg attached, and "referencing the security group associated with your Network Load
// Balancer in the security groups associated with your targets ensures that your targets accept
// traffic from your NLB even if you enable client IP preservation" (AWS, "Update the security
// groups for your Network Load Balancer"). The same reference admits the ALB and the health checks.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { named, nameKey } from "./common";

/** A protocol and port traffic uses (UDP listeners and groups need UDP rules). */
export interface Flow {
    protocol: "tcp" | "udp";
    port: number;
}

export interface WebSecurityArgs {
    vpcId: pulumi.Input<string>;
    ingressCidrs: string[];
    ingressIpv6Cidrs: string[];
    /** Managed prefix lists admitted like the CIDRs (a rule each, by prefixListId). */
    ingressPrefixListIds: string[];
    /** The load balancers' listener ports, admitted from the ingress CIDRs and prefix lists. */
    listenerFlows: Flow[];
    /** Ports the instances serve the load balancers on (target and health-check ports). */
    instanceFlows: Flow[];
    /** IP targets the load balancers send to (target and health-check ports). */
    ipTargetFlows: (Flow & { cidr: string })[];
    /** ALB listener ports the NLB sends to (alb target groups): web_access_sg to itself. */
    albTargetPorts: number[];
    /** Also admit ingressCidrs straight to the instances on these ports. */
    directInstancePorts: number[];
    tags: Record<string, string>;
}

/** The seed's rules keep their names (http, https); other ports are named by protocol and port. */
function flowName(f: Flow): { name: string; label: string } {
    if (f.protocol === "tcp" && f.port === 80) return { name: "http", label: "HTTP" };
    if (f.protocol === "tcp" && f.port === 443) return { name: "https", label: "HTTPS" };
    return { name: `${f.protocol}-${f.port}`, label: `${f.protocol.toUpperCase()} ${f.port}` };
}

/** Instance-side rule names keep v1's plain port for TCP. */
const portName = (f: Flow) => (f.protocol === "tcp" ? String(f.port) : `udp-${f.port}`);

/**
 * The ingress sources: CIDRs and managed prefix lists (AWS counts a prefix list reference as the
 * list's maximum entries against the group's 60 inbound rules; the plan notes what this adds up to).
 * Rule names are keyed by CIDR (or list ID), not list position, so removing one replaces only its rules.
 * ("::" can't appear in a resource name: it separates URN parts.)
 */
function cidrSources(args: WebSecurityArgs) {
    return [
        ...args.ingressCidrs.map((cidr) => ({ key: nameKey(cidr), cidrIpv4: cidr, cidr })),
        ...args.ingressIpv6Cidrs.map((cidr) => ({ key: nameKey(cidr), cidrIpv6: cidr, cidr })),
        ...args.ingressPrefixListIds.map((id) => ({ key: id, prefixListId: id, cidr: id })),
    ];
}

const PACKAGE_PORTS: Flow[] = [{ protocol: "tcp", port: 80 }, { protocol: "tcp", port: 443 }];

export class WebSecurity extends pulumi.ComponentResource {
    /** web_access_sg: attached to the ALB and the NLB. */
    readonly webAccess: aws.ec2.SecurityGroup;
    /** The instances' group: the load balancers' traffic and health checks only. */
    readonly instances: aws.ec2.SecurityGroup;

    constructor(name: string, args: WebSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:security:WebSecurity", name, {}, opts);
        const parent = { parent: this };
        const tags = args.tags;
        const access = `${name}_access_sg`;
        const inst = `${name}_instances_sg`;

        // No inline rules: inline and standalone rules on one group fight each other.
        this.webAccess = new aws.ec2.SecurityGroup(access, {
            vpcId: args.vpcId,
            description: `${access}: HTTP and HTTPS from the allowed CIDRs to the load balancers; no SSH`,
            tags: named(tags, access),
        }, parent);
        this.instances = new aws.ec2.SecurityGroup(inst, {
            vpcId: args.vpcId,
            description: `EC2_Web instances: HTTP from the load balancers (${access}) only; no SSH`,
            tags: named(tags, inst),
        }, parent);

        for (const source of cidrSources(args)) {
            for (const flow of args.listenerFlows) {
                const { key, cidr, ...peer } = source;
                const f = flowName(flow);
                new aws.vpc.SecurityGroupIngressRule(`${access}-${f.name}-${key}`, {
                    securityGroupId: this.webAccess.id,
                    ipProtocol: flow.protocol,
                    fromPort: flow.port,
                    toPort: flow.port,
                    ...peer,
                    description: `${f.label} from ${cidr}`,
                    tags: named(tags, `${access} ${f.label} ${cidr}`),
                }, parent);
            }
        }

        for (const flow of args.instanceFlows) {
            // Load balancers need an egress rule to reach their targets.
            new aws.vpc.SecurityGroupEgressRule(`${access}-to-instances-${portName(flow)}`, {
                securityGroupId: this.webAccess.id,
                ipProtocol: flow.protocol,
                fromPort: flow.port,
                toPort: flow.port,
                referencedSecurityGroupId: this.instances.id,
                description: `Traffic and health checks to the instances on ${flow.protocol.toUpperCase() === "TCP" ? "" : "UDP "}${flow.port}`,
                tags: named(tags, `${access} to instances ${portName(flow)}`),
            }, parent);
            new aws.vpc.SecurityGroupIngressRule(`${inst}-from-lb-${portName(flow)}`, {
                securityGroupId: this.instances.id,
                ipProtocol: flow.protocol,
                fromPort: flow.port,
                toPort: flow.port,
                referencedSecurityGroupId: this.webAccess.id,
                description: `Traffic and health checks from the load balancers on ${flow.protocol.toUpperCase() === "TCP" ? "" : "UDP "}${flow.port}`,
                tags: named(tags, `${inst} from load balancers ${portName(flow)}`),
            }, parent);
        }

        for (const flow of args.ipTargetFlows) {
            new aws.vpc.SecurityGroupEgressRule(`${access}-to-ip-${nameKey(flow.cidr)}-${portName(flow)}`, {
                securityGroupId: this.webAccess.id,
                ipProtocol: flow.protocol,
                fromPort: flow.port,
                toPort: flow.port,
                ...(flow.cidr.includes(":") ? { cidrIpv6: flow.cidr } : { cidrIpv4: flow.cidr }),
                description: `Traffic and health checks to the IP target ${flow.cidr} on ${flow.port}`,
                tags: named(tags, `${access} to ${flow.cidr} ${portName(flow)}`),
            }, parent);
        }

        // The NLB forwards to the ALB (alb target groups): both carry web_access_sg.
        for (const port of args.albTargetPorts) {
            new aws.vpc.SecurityGroupEgressRule(`${access}-nlb-to-alb-${port}`, {
                securityGroupId: this.webAccess.id, ipProtocol: "tcp", fromPort: port, toPort: port, referencedSecurityGroupId: this.webAccess.id,
                description: `The NLB to the ALB on ${port}`, tags: named(tags, `${access} NLB to ALB ${port}`),
            }, parent);
            new aws.vpc.SecurityGroupIngressRule(`${access}-alb-from-nlb-${port}`, {
                securityGroupId: this.webAccess.id, ipProtocol: "tcp", fromPort: port, toPort: port, referencedSecurityGroupId: this.webAccess.id,
                description: `The ALB from the NLB on ${port}`, tags: named(tags, `${access} ALB from NLB ${port}`),
            }, parent);
        }

        for (const port of args.directInstancePorts) {
            for (const { key, cidr, ...peer } of cidrSources(args)) {
                new aws.vpc.SecurityGroupIngressRule(`${inst}-direct-${port}-${key}`, {
                    securityGroupId: this.instances.id,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    ...peer,
                    description: `Direct HTTP to the instances from ${cidr} (allowDirectInstanceHttp)`,
                    tags: named(tags, `${inst} direct ${port} ${cidr}`),
                }, parent);
            }
        }

        // Instances install httpd with yum at boot: package repositories over HTTP and HTTPS.
        for (const flow of PACKAGE_PORTS) {
            const f = flowName(flow);
            for (const [key, peer] of [["v4", { cidrIpv4: "0.0.0.0/0" }], ["v6", { cidrIpv6: "::/0" }]] as const) {
                new aws.vpc.SecurityGroupEgressRule(`${inst}-out-${f.name}-${key}`, {
                    securityGroupId: this.instances.id,
                    ipProtocol: "tcp",
                    fromPort: flow.port,
                    toPort: flow.port,
                    ...peer,
                    description: `${f.label} out for package installs`,
                    tags: named(tags, `${inst} ${f.label} out`),
                }, parent);
            }
        }

        this.registerOutputs({ webAccessId: this.webAccess.id, instancesId: this.instances.id });
    }
}
