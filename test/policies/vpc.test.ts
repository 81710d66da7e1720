// Rules for a created VPC (Security Hub EC2.6, EC2.2, EC2.15), against typed fixtures.
import { rules as policies } from "../../policies/rules";
import { expectNoViolation, expectViolation, findPolicy, previewPolicy, runPolicy, UNKNOWN } from "../support/policyHarness";
import { fixtures as f } from "./typedFixtures";

const policy = (name: string) => findPolicy(policies, name);
const vpc = () => f.vpc({ cidrBlock: "10.20.0.0/16" });

describe("vpc-flow-logs", () => {
    const p = policy("vpc-flow-logs");

    it("passes a VPC a flow log names (by its vpcId's dependency), and a stack without a created VPC", async () => {
        const v = vpc();
        expectNoViolation(await previewPolicy(p, [v, f.flowLog({ vpcId: UNKNOWN, trafficType: "ALL" }, { propertyDependencies: { vpcId: [v.urn] } })]));
        expectNoViolation(await runPolicy(p, [f.subnet({ vpcId: "vpc-0123456789abcdef0", cidrBlock: "10.20.0.0/20" })]));
    });

    it("refuses a VPC no flow log names", async () => {
        const v = vpc();
        expectViolation(await runPolicy(p, [v, f.flowLog({ vpcId: "vpc-someone-else", trafficType: "ALL" })]), p.name, "no aws.ec2.FlowLog names this VPC");
    });
});

describe("vpc-default-security-group-closed", () => {
    const p = policy("vpc-default-security-group-closed");

    it("passes a VPC whose default group has no rules", async () => {
        const v = vpc();
        expectNoViolation(await previewPolicy(p, [v, f.defaultSecurityGroup({ vpcId: UNKNOWN }, { propertyDependencies: { vpcId: [v.urn] } })]));
    });

    it("refuses a VPC without one, and one whose default group keeps a rule", async () => {
        const v = vpc();
        expectViolation(await runPolicy(p, [v]), p.name, "no rule-less aws.ec2.DefaultSecurityGroup names this VPC");
        const open = f.defaultSecurityGroup({ vpcId: UNKNOWN, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, { propertyDependencies: { vpcId: [v.urn] } });
        expectViolation(await previewPolicy(p, [v, open]), p.name, "no rule-less aws.ec2.DefaultSecurityGroup names this VPC");
    });
});

describe("subnet-no-auto-public-ip", () => {
    const p = policy("subnet-no-auto-public-ip");

    it("passes subnets that don't map public IPs on launch, and refuses one that does", async () => {
        expectNoViolation(await runPolicy(p, [f.subnet({ vpcId: "vpc-1", cidrBlock: "10.20.0.0/20", mapPublicIpOnLaunch: false }), f.subnet({ vpcId: "vpc-1", cidrBlock: "10.20.16.0/20" })]));
        expectViolation(await runPolicy(p, [f.subnet({ vpcId: "vpc-1", cidrBlock: "10.20.0.0/20", mapPublicIpOnLaunch: true })]), p.name, "mapPublicIpOnLaunch is true");
    });
});
