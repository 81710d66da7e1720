// Auto Scaling groups and Elastic IPs, against typed fixtures.
import { expect } from "chai";
import * as path from "path";
import { rules as policies } from "../../policies/rules";
import { rulesConfig } from "../../policies/rules/dispatch";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    policyConfigFromFile,
    PolicyPackConfig,
    previewNotesOf,
    previewPolicy,
    runPolicy,
    UNKNOWN,
} from "../support/policyHarness";
import { fixtures as f } from "./typedFixtures";

const CONFIG_DIR = path.join(__dirname, "..", "..", "policies", "config");
const launchTemplate = findPolicy(policies, "asg-launch-template");
const multiAz = findPolicy(policies, "asg-multi-az");
const refresh = findPolicy(policies, "asg-instance-refresh");
const eip = findPolicy(policies, "eip-protected");

const goodGroup = () => f.autoscalingGroup({
    minSize: 2, maxSize: 4,
    vpcZoneIdentifiers: ["subnet-a", "subnet-b"],
    launchTemplate: { id: "lt-1", version: "$Latest" },
    healthCheckType: "ELB",
    instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 90 } },
});

describe("asg-launch-template", () => {
    it("passes a group with a launch template, directly or through a mixed instances policy", async () => {
        expectNoViolation(await runPolicy(launchTemplate, [
            goodGroup(),
            f.autoscalingGroup({ minSize: 1, maxSize: 1, mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-1" } } } }),
        ]));
    });

    it("refuses a launch configuration, on the group or as a resource, and a group with no template", async () => {
        expectViolation(await runPolicy(launchTemplate, [f.autoscalingGroup({ minSize: 1, maxSize: 1, launchConfiguration: "web-lc" })]), launchTemplate.name, "launchConfiguration is set");
        expectViolation(await runPolicy(launchTemplate, [f.launchConfiguration({ imageId: "ami-1", instanceType: "t3.micro" })]), launchTemplate.name, "aws.ec2.LaunchConfiguration is deprecated");
        expectViolation(await runPolicy(launchTemplate, [f.autoscalingGroup({ minSize: 1, maxSize: 1 })]), launchTemplate.name, "names no launch template");
    });

    it("accepts a template whose ID is unknown in preview, and notes a group whose template block is unknown", async () => {
        expectNoViolation(await previewPolicy(launchTemplate, [f.autoscalingGroup({ minSize: 1, maxSize: 1, launchTemplate: { id: UNKNOWN, version: "$Latest" } })]));
        const r = await previewPolicy(launchTemplate, [f.autoscalingGroup({ minSize: 1, maxSize: 1, launchTemplate: UNKNOWN })]);
        expect(previewNotesOf(r, launchTemplate.name)).to.have.length(1);
    });
});

describe("asg-multi-az", () => {
    it("asks for two subnets or zones by default, and as many as minZones says", async () => {
        expectNoViolation(await runPolicy(multiAz, [goodGroup(), f.autoscalingGroup({ minSize: 1, maxSize: 1, availabilityZones: ["eu-west-1a", "eu-west-1b"] })]));
        expectViolation(await runPolicy(multiAz, [f.autoscalingGroup({ minSize: 1, maxSize: 1, vpcZoneIdentifiers: ["subnet-a"] })]), multiAz.name, "has 1 subnet(s)/zone(s)");
        expectViolation(await runPolicy(multiAz, [goodGroup()], { config: { "asg-multi-az": { minZones: 3 } } }), multiAz.name, "at least 3 subnets");
    });
});

describe("asg-instance-refresh", () => {
    it("asks a template-launched group for a rolling instance refresh", async () => {
        expectNoViolation(await runPolicy(refresh, [goodGroup()]));
        const { instanceRefresh: _dropped, ...without } = goodGroup().props;
        expectViolation(await runPolicy(refresh, [f.autoscalingGroup(without)]), refresh.name, "instanceRefresh is not set");
    });
});

describe("eip-protected", () => {
    it("asks for the protect resource option, which policies see as opts.protect", async () => {
        expectNoViolation(await runPolicy(eip, [f.eip({ domain: "vpc" }, { opts: { protect: true } })]));
        for (const opts of [undefined, { protect: false }, { retainOnDelete: true }]) {
            const v = expectViolation(await runPolicy(eip, [f.eip({ domain: "vpc" }, { opts })]), eip.name, "not protected");
            expect(v.enforcementLevel).to.equal("advisory");
        }
    });

    it("is mandatory in prod and off in dev, whose addresses are disposable", async () => {
        const resources = [f.eip({ domain: "vpc" })];
        const prod = await runPolicy(eip, resources, { config: rulesConfig(policyConfigFromFile(path.join(CONFIG_DIR, "prod.json"))) as PolicyPackConfig });
        expect(expectViolation(prod, eip.name, "not protected").enforcementLevel).to.equal("mandatory");
        expectNoViolation(await runPolicy(eip, resources, { config: rulesConfig(policyConfigFromFile(path.join(CONFIG_DIR, "dev.json"))) as PolicyPackConfig }));
    });
});
