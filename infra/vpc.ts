// WebVpc: a dedicated VPC for the web tier. Public subnets hold the load balancers, private
// subnets the instances; instances reach packages and Session Manager through NAT or through VPC
// endpoints, never through a public IP of their own.
//
// Subnet CIDRs are keyed by the AZ's letter, not by its position in the list: adding or removing
// an AZ creates or deletes only that AZ's subnets, and the others keep their addresses.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { canonicalCidr, parseCidr, subnetOf } from "../policies/facts/cidr";
import { named } from "./common";
import { arnPartition } from "./partition";
import { guarded, Protection } from "./protection";
import { retentionProblem } from "./config/awsLimits";

/** perAz: a NAT gateway in each AZ (survives an AZ outage); single: one, in the first AZ (cheaper); none: no internet egress. */
export type NatMode = "perAz" | "single" | "none";

export type FlowLogDestination =
    /** CloudWatch Logs, in a log group created here, kept this many days (a CloudWatch retention value, e.g. 90, 365). */
    | { destination: "cloudwatch"; retentionDays: number }
    /**
     * An S3 bucket ARN, optionally followed by /<prefix>, whose policy lets delivery.logs.amazonaws.com
     * write there: e.g. `${logBucket.arn}/flow` with LogBucket prefixes.vpcFlowLogs "flow".
     */
    | { destination: "s3"; bucketArn: pulumi.Input<string>; /** The bucket's policy: created first, or AWS attaches a policy of its own to the bucket when the flow log is created ("Amazon S3 bucket permissions for flow logs"). */ bucketPolicy?: pulumi.Resource };

export interface WebVpcArgs {
    /** The VPC's IPv4 CIDR in canonical form, /16 to /24 (AWS allows /16-/28; each subnet takes 1/16 of it). */
    cidrBlock: string;
    /** Standard AZs of `region` (e.g. ap-northeast-2a), at least two (an ALB needs two). */
    availabilityZones: string[];
    /** The stack's region, for the VPC endpoint service names. */
    region: string;
    /** The account ID, for the flow-log role's confused-deputy conditions. */
    accountId: pulumi.Input<string>;
    natMode: NatMode;
    /**
     * protect / retainOnDelete for the NAT gateways' Elastic IPs: partners often allowlist the
     * instances' outbound addresses, and a released address can't be had back.
     */
    natEipProtection?: Protection;
    /**
     * Interface endpoints for ssm, ssmmessages and ec2messages, so Session Manager works without
     * internet egress. Default: on when natMode is "none". Each costs per AZ and hour.
     */
    ssmEndpoints?: boolean;
    /**
     * More interface endpoints by service name, e.g. ["ec2", "logs", "kms"] (Security Hub EC2.10
     * asks for "ec2"). Same subnets, security group and private DNS as the SSM ones.
     */
    extraInterfaceEndpoints?: string[];
    flowLogs: FlowLogDestination;
    /**
     * Dual stack for the load balancers: an Amazon-provided IPv6 /56 on the VPC, a /64 on each
     * public subnet (routed ::/0 to the internet gateway), so the ALB and NLB can be dualstack.
     * The private subnets and the instances stay IPv4: the load balancers talk to them over IPv4.
     */
    ipv6?: boolean;
    tags: Record<string, string>;
}

export interface VpcSubnet {
    id: pulumi.Output<string>;
    availabilityZone: string;
    /** Public subnets of a dual-stack VPC: the subnet's IPv6 /64 (known after the VPC exists). */
    ipv6CidrBlock?: pulumi.Output<string>;
}

/** Subnet slots: public subnets take slots 0-7 by AZ letter (a=0), private ones 8-15. */
const SUBNET_BITS = 4;
const PRIVATE_OFFSET = 8;

/** The prefix of a canonical IPv4 CIDR (no host bits, no leading zeros); undefined if it is not one. */
function canonicalIpv4Prefix(cidr: string): number | undefined {
    return canonicalCidr(cidr, "ipv4") === cidr ? parseCidr(cidr)?.prefix : undefined;
}

/** The `slot`-th subnet of `cidr` with `newBits` more prefix bits (like Terraform's cidrsubnet). */
export function cidrSubnet(cidr: string, newBits: number, slot: number): string {
    if (canonicalIpv4Prefix(cidr) === undefined) throw new Error(`${cidr} is not an IPv4 CIDR in canonical form`);
    return subnetOf(cidr, newBits, slot);
}

/** The `slot`-th /64 of an IPv6 /56 (or larger) block, in RFC 5952 form as the provider wants it. */
export function ipv6Subnet64(cidr: string, slot: number): string {
    const parsed = parseCidr(cidr);
    if (parsed?.family !== "ipv6" || parsed.prefix > 64 || slot < 0 || slot >= 2 ** (64 - parsed.prefix)) throw new Error(`${cidr} has no /64 number ${slot}`);
    return subnetOf(cidr, 64 - parsed.prefix, slot);
}

const azLetterIndex = (az: string) => az.charCodeAt(az.length - 1) - "a".charCodeAt(0);

/** The public and private subnet CIDRs of one AZ. */
export function subnetCidrs(vpcCidr: string, az: string): { public: string; private: string } {
    const slot = azLetterIndex(az);
    return { public: cidrSubnet(vpcCidr, SUBNET_BITS, slot), private: cidrSubnet(vpcCidr, SUBNET_BITS, PRIVATE_OFFSET + slot) };
}

export function vpcArgsProblems(args: WebVpcArgs): string[] {
    const problems: string[] = [];
    const prefix = canonicalIpv4Prefix(args.cidrBlock);
    if (prefix === undefined) problems.push(`cidrBlock ${args.cidrBlock} is not an IPv4 CIDR in canonical form (no host bits, no leading zeros)`);
    // AWS: VPC CIDRs are /16 to /28, subnets at least /28; a sixteenth of a /24 is a /28.
    else if (prefix < 16 || prefix > 24) problems.push(`cidrBlock ${args.cidrBlock} must be /16 to /24, so each of its 16 subnet slots is at least a /28`);
    if (args.flowLogs.destination === "cloudwatch") {
        const retention = retentionProblem("flowLogs.retentionDays", args.flowLogs.retentionDays);
        if (retention) problems.push(retention);
    }
    if (args.availabilityZones.length < 2) problems.push(`availabilityZones lists ${args.availabilityZones.length}; an ALB needs subnets in at least two`);
    if (new Set(args.availabilityZones).size !== args.availabilityZones.length) problems.push(`availabilityZones has duplicates: ${args.availabilityZones.join(", ")}`);
    for (const az of args.availabilityZones) {
        const letter = azLetterIndex(az);
        if (!az.startsWith(args.region) || !/^[a-z]$/.test(az.slice(args.region.length)) || letter >= PRIVATE_OFFSET) {
            problems.push(`availabilityZones: ${az} is not a standard AZ of ${args.region} (<region><letter a-h>)`);
        }
    }
    return problems;
}

const sortedByName = (azs: string[]) => [...azs].sort();

/**
 * NAT gateways (and so Elastic IPs) a VPC with this mode allocates: each public NAT gateway takes
 * one of the region's 5 Elastic IPs by default, beside the NLB's one per AZ.
 */
export function natGatewayCount(natMode: NatMode, azCount: number): number {
    return natMode === "perAz" ? azCount : natMode === "single" ? 1 : 0;
}

export class WebVpc extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: string;
    /** One per AZ, in AZ order: the load balancers' subnets. */
    readonly publicSubnets: VpcSubnet[];
    /** One per AZ, in AZ order: the instances' subnets. */
    readonly privateSubnets: VpcSubnet[];
    /** Public IPs of the NAT gateways (each takes an Elastic IP from the region's quota of 5). */
    readonly natPublicIps: pulumi.Output<string>[];

    constructor(name: string, args: WebVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = vpcArgsProblems(args);
        if (problems.length > 0) throw new Error(`WebVpc ${name}: ${problems.join("; ")}`);
        super("elb-web-tier:network:WebVpc", name, {}, opts);
        const parent = { parent: this };
        const tags = args.tags;
        const azs = sortedByName(args.availabilityZones);

        // DNS hostnames and support: interface endpoints' private DNS needs both.
        this.vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: args.cidrBlock,
            enableDnsSupport: true,
            enableDnsHostnames: true,
            assignGeneratedIpv6CidrBlock: args.ipv6 ? true : undefined,
            tags: named(tags, name),
        }, parent);
        this.vpcId = this.vpc.id;
        this.vpcCidr = args.cidrBlock;

        // Security Hub EC2.2: the default security group allows nothing. Adopting it removes its rules.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, {
            vpcId: this.vpc.id,
            ingress: [],
            egress: [],
            tags: named(tags, `${name} default (no rules)`),
        }, parent);

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id, tags: named(tags, name) }, parent);

        // Security Hub EC2.15: no public IPs on launch, even in public subnets (the load balancers need none).
        const dualStack = (tier: "public" | "private", az: string) => (args.ipv6 && tier === "public"
            ? {
                // Same slot as the IPv4 subnet: the AZ's letter.
                ipv6CidrBlock: this.vpc.ipv6CidrBlock.apply((block) => ipv6Subnet64(block, azLetterIndex(az))),
                assignIpv6AddressOnCreation: false,
            }
            : {});
        const subnet = (tier: "public" | "private", az: string) => new aws.ec2.Subnet(`${name}-${tier}-${az}`, {
            vpcId: this.vpc.id,
            availabilityZone: az,
            cidrBlock: subnetCidrs(args.cidrBlock, az)[tier],
            mapPublicIpOnLaunch: false,
            ...dualStack(tier, az),
            tags: { ...named(tags, `${name}-${tier}-${az}`), Tier: tier },
        }, parent);
        const publics = azs.map((az) => subnet("public", az));
        const privates = azs.map((az) => subnet("private", az));
        this.publicSubnets = publics.map((s, i) => ({
            id: s.id,
            availabilityZone: azs[i],
            ...(args.ipv6 ? { ipv6CidrBlock: s.ipv6CidrBlock } : {}),
        }));
        this.privateSubnets = privates.map((s, i) => ({ id: s.id, availabilityZone: azs[i] }));

        const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: this.vpc.id, tags: named(tags, `${name}-public`) }, parent);
        // Separate Route resources: inline routes on a route table conflict with standalone ones.
        new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, parent);
        if (args.ipv6) new aws.ec2.Route(`${name}-public-default-ipv6`, { routeTableId: publicRt.id, destinationIpv6CidrBlock: "::/0", gatewayId: igw.id }, parent);
        publics.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-public-${azs[i]}`, { subnetId: s.id, routeTableId: publicRt.id }, parent));

        const nats = this.natGateways(name, args, azs, publics, igw);
        this.natPublicIps = nats.map((n) => n.publicIp);

        // A route table per AZ whatever the NAT mode, so switching modes changes routes, not tables.
        const privateRts = azs.map((az, i) => {
            const rt = new aws.ec2.RouteTable(`${name}-private-rt-${az}`, { vpcId: this.vpc.id, tags: named(tags, `${name}-private-${az}`) }, parent);
            new aws.ec2.RouteTableAssociation(`${name}-private-${az}`, { subnetId: privates[i].id, routeTableId: rt.id }, parent);
            const nat = args.natMode === "perAz" ? nats[i] : nats[0];
            if (nat) new aws.ec2.Route(`${name}-private-default-${az}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, parent);
            return rt;
        });

        this.endpoints(name, args, privates, privateRts);
        this.flowLogs(name, args);
        this.registerOutputs({ vpcId: this.vpcId, publicSubnets: this.publicSubnets, privateSubnets: this.privateSubnets });
    }

    /** perAz: one per AZ; single: one in the first AZ by name (removing that AZ moves it, with a new address). */
    private natGateways(name: string, args: WebVpcArgs, azs: string[], publics: aws.ec2.Subnet[], igw: aws.ec2.InternetGateway): aws.ec2.NatGateway[] {
        const natAzs = azs.slice(0, natGatewayCount(args.natMode, azs.length));
        return natAzs.map((az, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-eip-${az}`, { domain: "vpc", tags: named(args.tags, `${name}-nat-${az}`) }, guarded(this, args.natEipProtection));
            // AWS: a public NAT gateway needs the VPC's internet gateway attached first.
            return new aws.ec2.NatGateway(`${name}-nat-${az}`, {
                allocationId: eip.id,
                subnetId: publics[i].id,
                connectivityType: "public",
                tags: named(args.tags, `${name}-nat-${az}`),
            }, { parent: this, dependsOn: [igw] });
        });
    }

    private endpoints(name: string, args: WebVpcArgs, privates: aws.ec2.Subnet[], privateRts: aws.ec2.RouteTable[]): void {
        const parent = { parent: this };
        // S3 gateway endpoint, free, in every mode. Without NAT it is the only way to Amazon Linux
        // 2023's package repositories: dnf's mirror list is in an AWS-owned S3 bucket per region
        // (https://al2023-repos-<region>-de612dc2.s3.dualstack.<region>.amazonaws.com/...), which
        // a gateway endpoint serves over IPv4 through the route tables. The default endpoint
        // policy (full access) allows that bucket. With NAT it keeps package and S3
        // traffic off the NAT's per-GB charge.
        new aws.ec2.VpcEndpoint(`${name}-s3`, {
            vpcId: this.vpc.id,
            serviceName: `com.amazonaws.${args.region}.s3`,
            vpcEndpointType: "Gateway",
            routeTableIds: privateRts.map((rt) => rt.id),
            tags: named(args.tags, `${name}-s3`),
        }, parent);

        // The three endpoints Session Manager needs without internet access (AWS Systems Manager
        // user guide, "Improve the security of EC2 instances by using VPC endpoints").
        const ssm = (args.ssmEndpoints ?? args.natMode === "none") ? ["ssm", "ssmmessages", "ec2messages"] : [];
        const services = [...new Set([...ssm, ...(args.extraInterfaceEndpoints ?? [])])];
        if (services.length === 0) return;
        const sg = new aws.ec2.SecurityGroup(`${name}-endpoints-sg`, {
            vpcId: this.vpc.id,
            description: "VPC interface endpoints: HTTPS from inside the VPC only",
            tags: named(args.tags, `${name}-endpoints`),
        }, parent);
        new aws.vpc.SecurityGroupIngressRule(`${name}-endpoints-https`, {
            securityGroupId: sg.id,
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: args.cidrBlock,
            description: "HTTPS from the VPC to the interface endpoints",
            tags: named(args.tags, `${name}-endpoints HTTPS from VPC`),
        }, parent);
        for (const service of services) {
            new aws.ec2.VpcEndpoint(`${name}-${service}`, {
                vpcId: this.vpc.id,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Interface",
                subnetIds: privates.map((s) => s.id),
                securityGroupIds: [sg.id],
                privateDnsEnabled: true,
                tags: named(args.tags, `${name}-${service}`),
            }, parent);
        }
    }

    /** Security Hub EC2.6: VPC flow logs, all traffic. */
    private flowLogs(name: string, args: WebVpcArgs): void {
        const parent = { parent: this };
        const common = { vpcId: this.vpc.id, trafficType: "ALL", tags: named(args.tags, `${name} flow logs`) };
        if (args.flowLogs.destination === "s3") {
            new aws.ec2.FlowLog(`${name}-flow-logs`, { ...common, logDestinationType: "s3", logDestination: args.flowLogs.bucketArn }, pulumi.mergeOptions(parent, { dependsOn: args.flowLogs.bucketPolicy ? [args.flowLogs.bucketPolicy] : [] }));
            return;
        }
        const group = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            retentionInDays: args.flowLogs.retentionDays,
            tags: named(args.tags, `${name} flow logs`),
        }, parent);
        const role = new aws.iam.Role(`${name}-flow-logs`, {
            assumeRolePolicy: pulumi.output(args.accountId).apply((account) => JSON.stringify(flowLogsTrustPolicy(args.region, account))),
            tags: named(args.tags, `${name} flow logs`),
        }, parent);
        new aws.iam.RolePolicy(`${name}-flow-logs`, {
            role: role.id,
            policy: group.arn.apply((arn) => JSON.stringify(flowLogsWritePolicy(arn))),
        }, parent);
        new aws.ec2.FlowLog(`${name}-flow-logs`, { ...common, logDestinationType: "cloud-watch-logs", logDestination: group.arn, iamRoleArn: role.arn }, parent);
    }
}

/** vpc-flow-logs may assume the role only for this account's flow logs (AWS VPC guide, "IAM role for publishing flow logs"). */
export function flowLogsTrustPolicy(region: string, account: string): object {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": account },
                ArnLike: { "aws:SourceArn": `arn:${arnPartition(region)}:ec2:${region}:${account}:vpc-flow-log/*` },
            },
        }],
    };
}

export function flowLogsWritePolicy(logGroupArn: string): object {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, `${logGroupArn}:*`],
        }],
    };
}
