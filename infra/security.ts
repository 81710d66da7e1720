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
import { named } from "./common";

export interface WebSecurityArgs {
    vpcId: string;
    ingressCidrs: string[];
    ingressIpv6Cidrs: string[];
    /** Ports the instances serve the load balancers on (target and health-check ports). */
    instancePorts: number[];
    /** Also admit ingressCidrs straight to the instances on these ports. */
    directInstancePorts: number[];
    tags: Record<string, string>;
}

const WEB_PORTS = [
    { port: 80, name: "http", label: "HTTP" },
    { port: 443, name: "https", label: "HTTPS" },
];

/**
 * Rule names are keyed by CIDR, not list position, so removing one CIDR replaces only its rules.
 * ("::" can't appear in a resource name: it separates URN parts.)
 */
function cidrKey(cidr: string): string {
    if (cidr === "0.0.0.0/0") return "anywhere-ipv4";
    if (cidr === "::/0") return "anywhere-ipv6";
    return cidr.replace(/[.:/]/g, "-");
}

function cidrSources(args: WebSecurityArgs) {
    return [
        ...args.ingressCidrs.map((cidr) => ({ key: cidrKey(cidr), cidrIpv4: cidr, cidr })),
        ...args.ingressIpv6Cidrs.map((cidr) => ({ key: cidrKey(cidr), cidrIpv6: cidr, cidr })),
    ];
}

export class WebSecurity extends pulumi.ComponentResource {
    /** web_access_sg: attached to the ALB and the NLB. */
    readonly webAccess: aws.ec2.SecurityGroup;
    /** The instances' group: the load balancers' traffic and health checks only. */
    readonly instances: aws.ec2.SecurityGroup;

    constructor(name: string, args: WebSecurityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:security:WebSecurity", name, {}, opts);
        const parent = { parent: this };
        const tags = args.tags;

        // No inline rules: inline and standalone rules on one group fight each other.
        this.webAccess = new aws.ec2.SecurityGroup("web_access_sg", {
            vpcId: args.vpcId,
            description: "web_access_sg: HTTP and HTTPS from the allowed CIDRs to the load balancers; no SSH",
            tags: named(tags, "web_access_sg"),
        }, parent);
        this.instances = new aws.ec2.SecurityGroup("web_instances_sg", {
            vpcId: args.vpcId,
            description: "EC2_Web instances: HTTP from the load balancers (web_access_sg) only; no SSH",
            tags: named(tags, "web_instances_sg"),
        }, parent);

        for (const source of cidrSources(args)) {
            for (const web of WEB_PORTS) {
                const { key, cidr, ...peer } = source;
                new aws.vpc.SecurityGroupIngressRule(`web_access_sg-${web.name}-${key}`, {
                    securityGroupId: this.webAccess.id,
                    ipProtocol: "tcp",
                    fromPort: web.port,
                    toPort: web.port,
                    ...peer,
                    description: `${web.label} from ${cidr}`,
                    tags: named(tags, `web_access_sg ${web.label} ${cidr}`),
                }, parent);
            }
        }

        for (const port of args.instancePorts) {
            // Load balancers need an egress rule to reach their targets.
            new aws.vpc.SecurityGroupEgressRule(`web_access_sg-to-instances-${port}`, {
                securityGroupId: this.webAccess.id,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: this.instances.id,
                description: `Traffic and health checks to the instances on ${port}`,
                tags: named(tags, `web_access_sg to instances ${port}`),
            }, parent);
            new aws.vpc.SecurityGroupIngressRule(`web_instances_sg-from-lb-${port}`, {
                securityGroupId: this.instances.id,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: this.webAccess.id,
                description: `Traffic and health checks from the load balancers on ${port}`,
                tags: named(tags, `web_instances_sg from load balancers ${port}`),
            }, parent);
        }

        for (const port of args.directInstancePorts) {
            for (const { key, cidr, ...peer } of cidrSources(args)) {
                new aws.vpc.SecurityGroupIngressRule(`web_instances_sg-direct-${port}-${key}`, {
                    securityGroupId: this.instances.id,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                    ...peer,
                    description: `Direct HTTP to the instances from ${cidr} (allowDirectInstanceHttp)`,
                    tags: named(tags, `web_instances_sg direct ${port} ${cidr}`),
                }, parent);
            }
        }

        // Instances install httpd with yum at boot: package repositories over HTTP and HTTPS.
        for (const web of WEB_PORTS) {
            for (const [key, peer] of [["v4", { cidrIpv4: "0.0.0.0/0" }], ["v6", { cidrIpv6: "::/0" }]] as const) {
                new aws.vpc.SecurityGroupEgressRule(`web_instances_sg-out-${web.name}-${key}`, {
                    securityGroupId: this.instances.id,
                    ipProtocol: "tcp",
                    fromPort: web.port,
                    toPort: web.port,
                    ...peer,
                    description: `${web.label} out for package installs`,
                    tags: named(tags, `web_instances_sg ${web.label} out`),
                }, parent);
            }
        }

        this.registerOutputs({ webAccessId: this.webAccess.id, instancesId: this.instances.id });
    }
}
