// The components take narrow specs and name their children from their own name, so a program can
// hold two of each without a collision.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { WebTierMocks } from "../../tools/engine/mocks";
import { resolveTargetGroup, ListenerSpec } from "../../infra/config";
import { WebTargetGroup } from "../../infra/targets";
import { ApplicationLoadBalancer } from "../../infra/alb";
import { NetworkLoadBalancer } from "../../infra/nlb";
import { WebServers } from "../../infra/web";
import { RecordedResource, recordRegistrations } from "../../tools/engine/mockRun";
import { ALB_DEFAULTS, albInput, NLB_DEFAULTS, nlbInput } from "../../infra/config/loadBalancers";

const tags = { Project: "p" };
const albSettings = albInput.parse(ALB_DEFAULTS);
const nlbSettings = nlbInput.parse(NLB_DEFAULTS);
const noLogs = { mode: "none" } as const;
const urns = async (rs: pulumi.Resource[]) => Promise.all(rs.map((r) => new Promise<string>((ok) => r.urn.apply(ok))));

describe("components", () => {
    before(async () => {
        await pulumi.runtime.setMocks(new WebTierMocks({ region: "ap-northeast-2" }), "demo", "test", false);
    });

    it("two target groups, ALBs and NLBs in one program have distinct URNs", async () => {
        const spec = resolveTargetGroup("g", { protocol: "HTTP", port: 80 });
        const groups = ["blue", "green"].map((n) => new WebTargetGroup(n, { spec: { ...spec, name: n }, vpcId: "vpc-1", instances: [{ key: "i-1", id: "i-1" }], tags }));
        const listener: ListenerSpec = { key: "http", port: 80, protocol: "HTTP", extraCertificateArns: [], defaultAction: { type: "forward", targetGroup: "blue" }, rules: [] };
        const arns = { blue: groups[0].targetGroup.arn };
        const albs = ["ALB", "ALB-internal"].map((n) => new ApplicationLoadBalancer(n, {
            settings: albSettings, subnetIds: ["subnet-a", "subnet-b"], securityGroupId: "sg-1", accessLogs: noLogs, listeners: [listener], targetGroupArns: arns, tags,
        }));
        const nlbs = ["NLB", "NLB-2"].map((n) => new NetworkLoadBalancer(n, {
            subnets: [{ id: "subnet-a", availabilityZone: "ap-northeast-2a", ipv6CidrBlock: "" }], securityGroupId: "sg-1",
            settings: nlbSettings, accessLogs: noLogs, existingEipPublicIps: [], listeners: [{ ...listener, protocol: "TCP" }], targetGroupArns: arns, tags,
        }));
        const all = [
            ...groups.flatMap((g) => [g, g.targetGroup, ...g.attachments]),
            ...albs.flatMap((a) => [a, a.loadBalancer, ...Object.values(a.listeners)]),
            ...nlbs.flatMap((n) => [n, n.loadBalancer, ...n.eips, ...Object.values(n.listeners)]),
        ];
        const found = await urns(all);
        expect(new Set(found).size).to.equal(found.length);
        expect(found.filter((u) => u.endsWith("::ALB-internal-http"))).to.have.length(1);
        expect(found.filter((u) => u.endsWith("::green-i-1"))).to.have.length(1);
    });

    it("a caller's aliases add to a component's own (its v1 name), not replace them", async () => {
        const recorded: RecordedResource[] = [];
        recordRegistrations(recorded);
        const nlb = new NetworkLoadBalancer("NLB-3", {
            subnets: [{ id: "subnet-a", availabilityZone: "ap-northeast-2a", ipv6CidrBlock: "" }], securityGroupId: "sg-1",
            settings: nlbSettings, accessLogs: noLogs, existingEipPublicIps: [], listeners: [], targetGroupArns: {}, tags,
        }, { aliases: [{ name: "edge-nlb" }] });
        await urns([nlb]);
        const own = recorded.find((r) => r.name === "NLB-3" && !r.custom);
        expect(own?.aliases).to.include.members([
            "urn:pulumi:test::demo::elb-web-tier:nlb:NetworkLoadBalancer::web",
            "urn:pulumi:test::demo::elb-web-tier:nlb:NetworkLoadBalancer::edge-nlb",
        ]);
    });

    it("the same for the ALB and the instances' component", async () => {
        const recorded: RecordedResource[] = [];
        recordRegistrations(recorded);
        const alb = new ApplicationLoadBalancer("ALB-3", {
            settings: albSettings, subnetIds: ["subnet-a", "subnet-b"], securityGroupId: "sg-1", accessLogs: noLogs, listeners: [], targetGroupArns: {}, tags,
        }, { aliases: [{ name: "front" }] });
        const web = new WebServers("EC2_Web-3", {
            count: 1, instanceType: "t3.micro", ami: "ami-1", subnets: [{ id: "subnet-a", availabilityZone: "ap-northeast-2a", ipv6CidrBlock: "" }],
            securityGroupId: "sg-1", associatePublicIp: false, detailedMonitoring: false, tags,
        }, { aliases: [{ name: "fleet" }] });
        await urns([alb, web, ...web.instances]);
        const aliasesOf = (name: string, custom: boolean) => recorded.find((r) => r.name === name && r.custom === custom)?.aliases;
        expect(aliasesOf("ALB-3", false)).to.have.members([
            "urn:pulumi:test::demo::elb-web-tier:alb:ApplicationLoadBalancer::web",
            "urn:pulumi:test::demo::elb-web-tier:alb:ApplicationLoadBalancer::front",
        ]);
        expect(aliasesOf("EC2_Web-3", false)).to.have.members([
            "urn:pulumi:test::demo::elb-web-tier:compute:WebServers::web",
            "urn:pulumi:test::demo::elb-web-tier:compute:WebServers::fleet",
        ]);
        // The instance answers to v1's numbered name, under each name its parent had.
        expect(aliasesOf("EC2_Web-3-ap-northeast-2a-1", true)).to.include("urn:pulumi:test::demo::elb-web-tier:compute:WebServers$aws:ec2/instance:Instance::EC2_Web-3-1");
    });
});
