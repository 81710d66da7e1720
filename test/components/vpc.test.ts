// WebVpc: a dedicated VPC with public and private subnets, NAT modes, endpoints and flow logs.
import { expect } from "chai";
import { cidrSubnet, ipv6Subnet64, natGatewayCount, subnetCidrs, vpcArgsProblems, WebVpc, WebVpcArgs } from "../../infra/vpc";
import { Built, buildUnderMocks, describeFindings, MODES, prodFindings, TAGS } from "../support/components";
import { UNKNOWN } from "../support/program";

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    igw: "aws:ec2/internetGateway:InternetGateway",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    rt: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    assoc: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};

const AZS = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"];

function vpcArgs(overrides: Partial<WebVpcArgs> = {}): WebVpcArgs {
    return {
        cidrBlock: "10.20.0.0/16",
        // Out of order on purpose: the component orders by AZ name.
        availabilityZones: ["ap-northeast-2c", "ap-northeast-2a", "ap-northeast-2b"],
        region: "ap-northeast-2",
        accountId: "123456789012",
        natMode: "none",
        flowLogs: { destination: "cloudwatch", retentionDays: 365 },
        tags: TAGS,
        ...overrides,
    };
}

async function build(args: WebVpcArgs, preview = false): Promise<Built> {
    return buildUnderMocks(() => {
        const v = new WebVpc("prod", args);
        return { vpcId: v.vpcId, vpcCidr: v.vpcCidr, publicSubnets: v.publicSubnets, privateSubnets: v.privateSubnets, natPublicIps: v.natPublicIps };
    }, { preview });
}

/** The route a subnet's route table sends 0.0.0.0/0 to, by the target's resource name. */
function defaultRouteTargets(b: Built): Record<string, string> {
    const out: Record<string, string> = {};
    for (const route of b.plan.ofType(T.route)) {
        const table = b.plan.dependencyOf(route, "routeTableId")[0].name;
        const target = [...b.plan.dependencyOf(route, "gatewayId"), ...b.plan.dependencyOf(route, "natGatewayId")][0];
        expect(route.inputs.destinationCidrBlock).to.equal("0.0.0.0/0");
        out[table] = target.name;
    }
    return out;
}

describe("WebVpc", () => {
    for (const mode of MODES) {
        describe(`without NAT, in ${mode.label}`, () => {
            let b: Built;
            before(async () => {
                b = await build(vpcArgs(), mode.preview);
            });

            it("creates the VPC with DNS support and hostnames (private DNS of the endpoints needs both)", () => {
                expect(b.plan.get(T.vpc, "prod-vpc").inputs).to.include({ cidrBlock: "10.20.0.0/16", enableDnsSupport: true, enableDnsHostnames: true });
            });

            it("carves a public and a private subnet per AZ, keyed by the AZ's letter, none mapping public IPs", () => {
                const subnets = Object.fromEntries(b.plan.ofType(T.subnet).map((s) => [s.name, s.inputs]));
                expect(Object.keys(subnets).sort()).to.deep.equal([
                    ...AZS.map((az) => `prod-private-${az}`), ...AZS.map((az) => `prod-public-${az}`),
                ]);
                expect(subnets["prod-public-ap-northeast-2a"]).to.include({ cidrBlock: "10.20.0.0/20", availabilityZone: "ap-northeast-2a", mapPublicIpOnLaunch: false });
                expect(subnets["prod-public-ap-northeast-2c"]).to.include({ cidrBlock: "10.20.32.0/20" });
                expect(subnets["prod-private-ap-northeast-2a"]).to.include({ cidrBlock: "10.20.128.0/20", mapPublicIpOnLaunch: false });
                expect(subnets["prod-private-ap-northeast-2b"]).to.include({ cidrBlock: "10.20.144.0/20" });
                for (const s of Object.values(subnets)) expect(s.mapPublicIpOnLaunch).to.equal(false);
            });

            it("outputs the subnets in AZ order with their AZs", () => {
                const ids = (prefix: string) => AZS.map((az) => ({ id: mode.preview ? UNKNOWN : `subnet-placeholder-prod-${prefix}-${az}`, availabilityZone: az }));
                expect(b.outputs.publicSubnets).to.deep.equal(ids("public"));
                expect(b.outputs.privateSubnets).to.deep.equal(ids("private"));
                expect(b.outputs.vpcCidr).to.equal("10.20.0.0/16");
            });

            it("routes the public subnets to the internet gateway and gives the private ones no default route", () => {
                expect(defaultRouteTargets(b)).to.deep.equal({ "prod-public-rt": "prod-igw" });
                const associations = b.plan.ofType(T.assoc).map((a) => `${b.plan.dependencyOf(a, "subnetId")[0].name} -> ${b.plan.dependencyOf(a, "routeTableId")[0].name}`);
                expect(associations.sort()).to.deep.equal([
                    ...AZS.map((az) => `prod-private-${az} -> prod-private-rt-${az}`),
                    ...AZS.map((az) => `prod-public-${az} -> prod-public-rt`),
                ]);
                expect(b.plan.ofType(T.nat)).to.have.length(0);
                expect(b.plan.ofType(T.eip)).to.have.length(0);
            });

            it("reaches S3 (Amazon Linux 2023's repositories) through a gateway endpoint on the private route tables", () => {
                const s3 = b.plan.get(T.endpoint, "prod-s3");
                expect(s3.inputs).to.include({ serviceName: "com.amazonaws.ap-northeast-2.s3", vpcEndpointType: "Gateway" });
                expect(b.plan.dependencyOf(s3, "routeTableIds").map((r) => r.name).sort()).to.deep.equal(AZS.map((az) => `prod-private-rt-${az}`));
            });

            it("adds Session Manager's interface endpoints with private DNS, behind a group admitting HTTPS from the VPC only", () => {
                for (const service of ["ssm", "ssmmessages", "ec2messages"]) {
                    const ep = b.plan.get(T.endpoint, `prod-${service}`);
                    expect(ep.inputs).to.include({ serviceName: `com.amazonaws.ap-northeast-2.${service}`, vpcEndpointType: "Interface", privateDnsEnabled: true });
                    expect(b.plan.dependencyOf(ep, "subnetIds").map((s) => s.name).sort()).to.deep.equal(AZS.map((az) => `prod-private-${az}`));
                    expect(b.plan.dependencyOf(ep, "securityGroupIds").map((s) => s.name)).to.deep.equal(["prod-endpoints-sg"]);
                }
                const rules = b.plan.ofType(T.ingress);
                expect(rules.map((r) => r.inputs)).to.deep.equal([{
                    securityGroupId: mode.preview ? UNKNOWN : "sg-placeholder-prod-endpoints-sg",
                    ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.20.0.0/16",
                    description: "HTTPS from the VPC to the interface endpoints",
                    tags: { ...TAGS, Name: "prod-endpoints HTTPS from VPC" },
                }]);
            });

            it("strips every rule from the default security group (Security Hub EC2.2)", () => {
                expect(b.plan.get(T.defaultSg, "prod-default-sg").inputs).to.deep.include({ ingress: [], egress: [] });
            });

            it("writes flow logs of all traffic to a retained log group through a role only vpc-flow-logs can assume, for this account", () => {
                const flow = b.plan.get(T.flowLog, "prod-flow-logs");
                expect(flow.inputs).to.include({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
                expect(b.plan.dependencyOf(flow, "logDestination").map((r) => r.name)).to.deep.equal(["prod-flow-logs"]);
                expect(b.plan.dependencyOf(flow, "iamRoleArn").map((r) => r.type)).to.deep.equal([T.role]);
                expect(b.plan.get(T.logGroup, "prod-flow-logs").inputs.retentionInDays).to.equal(365);
                const trust = JSON.parse(String(b.plan.get(T.role, "prod-flow-logs").inputs.assumeRolePolicy));
                expect(trust.Statement[0].Principal).to.deep.equal({ Service: "vpc-flow-logs.amazonaws.com" });
                expect(trust.Statement[0].Condition).to.deep.equal({
                    StringEquals: { "aws:SourceAccount": "123456789012" },
                    ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-northeast-2:123456789012:vpc-flow-log/*" },
                });
                const policy = b.plan.get(T.rolePolicy, "prod-flow-logs").inputs.policy;
                if (mode.preview) expect(policy).to.equal(UNKNOWN);
                else expect(JSON.parse(String(policy)).Statement[0].Resource).to.deep.equal([
                    "arn:aws:logs:ap-northeast-2:123456789012:log-group:prod-flow-logs-placeholder",
                    "arn:aws:logs:ap-northeast-2:123456789012:log-group:prod-flow-logs-placeholder:*",
                ]);
            });

            it("passes the pack under the prod policy config (tags on every taggable resource)", async () => {
                const findings = await prodFindings(b, mode.preview);
                expect(findings, describeFindings(findings)).to.deep.equal([]);
            });
        });
    }

    it("perAz: a NAT gateway with its own Elastic IP in each public subnet, each AZ's private subnets routed to its own", async () => {
        const b = await build(vpcArgs({ natMode: "perAz" }));
        const nats = b.plan.ofType(T.nat);
        expect(nats.map((n) => `${n.name} in ${b.plan.dependencyOf(n, "subnetId")[0].name} with ${b.plan.dependencyOf(n, "allocationId")[0].name}`)).to.deep.equal(
            AZS.map((az) => `prod-nat-${az} in prod-public-${az} with prod-nat-eip-${az}`));
        for (const n of nats) expect(n.dependencies).to.include(b.plan.get(T.igw, "prod-igw").urn);
        expect(defaultRouteTargets(b)).to.deep.equal({
            "prod-public-rt": "prod-igw",
            ...Object.fromEntries(AZS.map((az) => [`prod-private-rt-${az}`, `prod-nat-${az}`])),
        });
        expect(b.outputs.natPublicIps).to.have.length(3);
        // With NAT, Session Manager goes out through it: no interface endpoints unless asked.
        expect(b.plan.ofType(T.endpoint).map((e) => e.name)).to.deep.equal(["prod-s3"]);
    });

    it("retains the NAT gateways' Elastic IPs when asked, so partners' allowlists survive a NAT change", async () => {
        const b = await build(vpcArgs({ natMode: "perAz", natEipProtection: { retainOnDelete: true } }));
        for (const eip of b.plan.ofType(T.eip)) expect([eip.name, eip.retainOnDelete, eip.protect]).to.deep.equal([eip.name, true, false]);
        expect(b.plan.ofType(T.nat).every((n) => !n.retainOnDelete)).to.equal(true);
    });

    it("counts the Elastic IPs each NAT mode takes from the region's quota", () => {
        expect([natGatewayCount("perAz", 4), natGatewayCount("single", 4), natGatewayCount("none", 4)]).to.deep.equal([4, 1, 0]);
    });

    it("single: one NAT gateway in the first AZ serves every private subnet", async () => {
        const b = await build(vpcArgs({ natMode: "single", ssmEndpoints: true }));
        expect(b.plan.ofType(T.nat).map((n) => n.name)).to.deep.equal(["prod-nat-ap-northeast-2a"]);
        expect(b.plan.ofType(T.eip)).to.have.length(1);
        expect(defaultRouteTargets(b)).to.deep.equal({
            "prod-public-rt": "prod-igw",
            ...Object.fromEntries(AZS.map((az) => [`prod-private-rt-${az}`, "prod-nat-ap-northeast-2a"])),
        });
        expect(b.plan.ofType(T.endpoint).map((e) => e.name)).to.include("prod-ssm");
    });

    it("adds the extra interface endpoints asked for, beside or without the SSM ones", async () => {
        const withSsm = await build(vpcArgs({ extraInterfaceEndpoints: ["ec2", "ssm"] }));
        expect(withSsm.plan.ofType(T.endpoint).map((e) => e.name)).to.deep.equal(["prod-s3", "prod-ssm", "prod-ssmmessages", "prod-ec2messages", "prod-ec2"]);
        const withNat = await build(vpcArgs({ natMode: "single", extraInterfaceEndpoints: ["ec2"] }));
        expect(withNat.plan.ofType(T.endpoint).map((e) => e.name)).to.deep.equal(["prod-s3", "prod-ec2"]);
        expect(withNat.plan.get(T.endpoint, "prod-ec2").inputs).to.include({ serviceName: "com.amazonaws.ap-northeast-2.ec2", privateDnsEnabled: true });
        expect(withNat.plan.ofType(T.sg).map((g) => g.name)).to.deep.equal(["prod-endpoints-sg"]);
    });

    it("flow logs to S3 need no role or log group", async () => {
        const bucketArn = "arn:aws:s3:::prod-logs";
        const b = await build(vpcArgs({ flowLogs: { destination: "s3", bucketArn } }));
        expect(b.plan.get(T.flowLog, "prod-flow-logs").inputs).to.include({ logDestinationType: "s3", logDestination: bucketArn, trafficType: "ALL" });
        expect(b.plan.ofType(T.role)).to.have.length(0);
        expect(b.plan.ofType(T.logGroup)).to.have.length(0);
    });

    for (const mode of MODES) {
        it(`dual stack: an IPv6 /64 per public subnet from the VPC's /56, routed to the internet gateway, in ${mode.label}`, async () => {
            const b = await build(vpcArgs({ ipv6: true }), mode.preview);
            expect(b.plan.get(T.vpc, "prod-vpc").inputs.assignGeneratedIpv6CidrBlock).to.equal(true);
            const subnet = (n: string) => b.plan.get(T.subnet, n).inputs;
            const v6 = (block: string) => (mode.preview ? UNKNOWN : block);
            expect(subnet("prod-public-ap-northeast-2a")).to.include({ ipv6CidrBlock: v6("2001:db8:1234::/64"), assignIpv6AddressOnCreation: false });
            expect(subnet("prod-public-ap-northeast-2c")).to.include({ ipv6CidrBlock: v6("2001:db8:1234:2::/64") });
            expect(subnet("prod-private-ap-northeast-2a")).to.not.have.property("ipv6CidrBlock");
            const route = b.plan.get(T.route, "prod-public-default-ipv6");
            expect(route.inputs.destinationIpv6CidrBlock).to.equal("::/0");
            expect(b.plan.dependencyOf(route, "gatewayId").map((r) => r.name)).to.deep.equal(["prod-igw"]);
            expect((b.outputs.publicSubnets as { ipv6CidrBlock: string }[]).map((p) => p.ipv6CidrBlock)).to.deep.equal(
                [v6("2001:db8:1234::/64"), v6("2001:db8:1234:1::/64"), v6("2001:db8:1234:2::/64")]);
        });
    }

    it("IPv4 only by default: no IPv6 anywhere", async () => {
        const b = await build(vpcArgs());
        expect(b.plan.get(T.vpc, "prod-vpc").inputs).to.not.have.property("assignGeneratedIpv6CidrBlock");
        expect(b.plan.ofType(T.subnet).filter((sn) => "ipv6CidrBlock" in sn.inputs)).to.have.length(0);
        expect(b.plan.find(T.route, "prod-public-default-ipv6")).to.equal(undefined);
    });

    it("adding an AZ leaves the other AZs' subnets as they were", async () => {
        const cidrs = async (azs: string[]) => Object.fromEntries((await build(vpcArgs({ availabilityZones: azs }))).plan.ofType(T.subnet).map((s) => [s.name, s.inputs.cidrBlock]));
        const before = await cidrs(["ap-northeast-2a", "ap-northeast-2c"]);
        const after = await cidrs(["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"]);
        expect(after).to.deep.include(before);
    });
});

describe("VPC CIDR arithmetic and argument rules", () => {
    it("cidrSubnet works like Terraform's cidrsubnet", () => {
        expect(cidrSubnet("10.0.0.0/16", 4, 0)).to.equal("10.0.0.0/20");
        expect(cidrSubnet("10.0.0.0/16", 4, 15)).to.equal("10.0.240.0/20");
        expect(cidrSubnet("192.168.4.0/24", 4, 9)).to.equal("192.168.4.144/28");
        expect(() => cidrSubnet("10.0.0.0/16", 4, 16)).to.throw(/no subnet 16/);
    });

    it("ipv6Subnet64 numbers the /64s of a /56 and writes them in RFC 5952 form", () => {
        expect(ipv6Subnet64("2001:db8:1234::/56", 0)).to.equal("2001:db8:1234::/64");
        expect(ipv6Subnet64("2600:1f18:abcd:ef00::/56", 3)).to.equal("2600:1f18:abcd:ef03::/64");
        expect(ipv6Subnet64("2001:0DB8:0000:0100::/56", 0)).to.equal("2001:db8:0:100::/64");
        expect(ipv6Subnet64("2001:db8:0:ff00::/56", 255)).to.equal("2001:db8:0:ffff::/64");
        expect(() => ipv6Subnet64("2001:db8:1234::/56", 256)).to.throw(/no \/64 number 256/);
    });

    it("subnetCidrs puts public subnets in the low half and private ones in the high half", () => {
        expect(subnetCidrs("10.1.0.0/16", "us-east-1f")).to.deep.equal({ public: "10.1.80.0/20", private: "10.1.208.0/20" });
    });

    const cases: [string, Partial<WebVpcArgs>, RegExp][] = [
        ["host bits in the CIDR", { cidrBlock: "10.0.0.1/16" }, /not an IPv4 CIDR in canonical form/],
        ["leading zeros", { cidrBlock: "010.0.0.0/16" }, /canonical form/],
        ["a CIDR too small for 16 subnets", { cidrBlock: "10.0.0.0/26" }, /must be \/16 to \/24/],
        ["a CIDR larger than AWS allows", { cidrBlock: "10.0.0.0/8" }, /must be \/16 to \/24/],
        ["one AZ", { availabilityZones: ["ap-northeast-2a"] }, /at least two/],
        ["an AZ of another region", { availabilityZones: ["ap-northeast-2a", "us-east-1a"] }, /us-east-1a is not a standard AZ of ap-northeast-2/],
        ["a Local Zone", { availabilityZones: ["ap-northeast-2a", "ap-northeast-2-xyz-1a"] }, /not a standard AZ/],
        ["duplicates", { availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] }, /duplicates/],
        ["a flow-log retention CloudWatch doesn't offer", { flowLogs: { destination: "cloudwatch", retentionDays: 100 } }, /flowLogs.retentionDays must be one of CloudWatch Logs' retention values .*; got 100/],
    ];
    for (const [label, overrides, message] of cases) {
        it(`rejects ${label}, before registering anything`, () => {
            expect(vpcArgsProblems(vpcArgs(overrides)).join("\n")).to.match(message);
            expect(() => new WebVpc("bad", vpcArgs(overrides))).to.throw(/^WebVpc bad: /);
        });
    }
});
