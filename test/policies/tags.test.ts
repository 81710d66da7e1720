import { expect } from "chai";
import { TYPES } from "../../policies/rules/tokens";
import { rules as policies } from "../../policies/rules";
import { TAGGABLE_TYPES } from "../../policies/rules/tags/shared";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    PlannedProvider,
    previewNotesOf,
    previewPolicy,
    resource,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";

const policy = findPolicy(policies, "required-tags");
const ASG = TYPES.autoscalingGroup;
const ALL_TAGS = { Project: "web", Environment: "dev", Team: "platform", ManagedBy: "pulumi" };

function provider(defaultTags: unknown): PlannedProvider {
    return { type: "pulumi:providers:aws", urn: "urn:pulumi:dev::elb-web-tier::pulumi:providers:aws::default", name: "default", props: { region: "us-east-1", defaultTags } };
}

/** The web tier's taggable types, both token families for every load-balancing resource. */
const WEB_TIER_TYPES = [
    "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer",
    "aws:lb/listener:Listener", "aws:alb/listener:Listener",
    "aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule",
    "aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup",
    "aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/eip:Eip", "aws:acm/certificate:Certificate", "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet",
];

/** Types AWS gives no tags: flagging them would demand the impossible. */
const UNTAGGABLE_TYPES = [
    "aws:lb/targetGroupAttachment:TargetGroupAttachment", "aws:alb/targetGroupAttachment:TargetGroupAttachment",
    "aws:lb/listenerCertificate:ListenerCertificate", "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:autoscaling/attachment:Attachment", "aws:acm/certificateValidation:CertificateValidation",
    "aws:ec2/eipAssociation:EipAssociation", "aws:ec2/routeTableAssociation:RouteTableAssociation",
];

describe("required-tags", () => {
    describe("covers every taggable web-tier type", () => {
        for (const type of WEB_TIER_TYPES) {
            it(`flags an untagged ${type} and accepts a tagged one`, async () => {
                const missing = await runPolicy(policy, [resource(type, { tags: { Project: "web" } })]);
                expectViolation(missing, "required-tags", "missing required tags Environment, Team, ManagedBy");
                expectNoViolation(await runPolicy(policy, [resource(type, { tags: ALL_TAGS })]));
            });
        }
    });

    it("lists exactly the expected web-tier types (and no untaggable one)", () => {
        for (const type of WEB_TIER_TYPES) expect(TAGGABLE_TYPES, type).to.include(type);
        for (const type of UNTAGGABLE_TYPES) expect(TAGGABLE_TYPES, type).to.not.include(type);
    });

    it("ignores resources AWS cannot tag", async () => {
        const r = await runPolicy(policy, UNTAGGABLE_TYPES.map(t => resource(t, {})));
        expectNoViolation(r);
    });

    it("flags a resource with no tags at all, naming every required key", async () => {
        const v = expectViolation(await runPolicy(policy, [resource("aws:ec2/vpc:Vpc", {})]), "required-tags",
            "missing required tags Project, Environment, Team, ManagedBy");
        expect(v.enforcementLevel).to.equal("advisory");
        expect(v.message).to.contain("defaultTags");
    });

    it("does not count empty values", async () => {
        const r = await runPolicy(policy, [resource("aws:ec2/eip:Eip", { tags: { ...ALL_TAGS, Team: "  " } })]);
        expectViolation(r, "required-tags", "missing required tag Team ");
    });

    it("treats keys case-sensitively, as AWS does", async () => {
        const r = await runPolicy(policy, [resource("aws:ec2/eip:Eip", { tags: { ...ALL_TAGS, Team: undefined, team: "x" } })]);
        expectViolation(r, "required-tags", "missing required tag Team ");
    });

    describe("Auto Scaling groups (tags as a list)", () => {
        const asgTags = (tags: Record<string, string>) =>
            Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true }));

        it("accepts a group carrying every tag in its list", async () => {
            expectNoViolation(await runPolicy(policy, [resource(ASG, { tags: asgTags(ALL_TAGS) })]));
        });

        it("flags a group missing some", async () => {
            const r = await runPolicy(policy, [resource(ASG, { tags: asgTags({ Project: "web", Team: "platform" }) })]);
            expectViolation(r, "required-tags", "missing required tags Environment, ManagedBy");
            expectViolation(r, "required-tags", "{ key, value, propagateAtLaunch: true }");
        });

        it("does not credit provider defaultTags to a group (pulumi-aws does not apply them)", async () => {
            const r = await runPolicy(policy, [resource(ASG, {}, { provider: provider({ tags: ALL_TAGS }) })]);
            expectViolation(r, "required-tags", "provider defaultTags do not apply to it");
        });
    });

    describe("provider defaultTags", () => {
        it("counts the provider's defaultTags (object form)", async () => {
            const r = await runPolicy(policy, [resource("aws:ec2/vpc:Vpc", { tags: { Project: "web" } }, { provider: provider({ tags: { ...ALL_TAGS, Project: undefined } }) })]);
            expectNoViolation(r);
        });

        it("counts the provider's defaultTags (JSON string, as provider inputs carry it)", async () => {
            const r = await runPolicy(policy, [resource("aws:ec2/vpc:Vpc", {}, { provider: provider(JSON.stringify({ tags: ALL_TAGS })) })]);
            expectNoViolation(r);
        });

        it("ignores malformed defaultTags", async () => {
            const r = await runPolicy(policy, [resource("aws:ec2/vpc:Vpc", {}, { provider: provider("{not json") })]);
            expectViolation(r, "required-tags", "missing required tags");
        });
    });

    describe("config", () => {
        it("follows requiredTags from the policy config", async () => {
            const config = { "required-tags": { requiredTags: ["CostCenter"] } };
            const r = await runPolicy(policy, [resource("aws:ec2/vpc:Vpc", { tags: ALL_TAGS })], { config });
            expectViolation(r, "required-tags", "missing required tag CostCenter (required: CostCenter)");
        });

        it("is raised to mandatory by prod config", async () => {
            const r = await runPolicy(policy, [resource("aws:ec2/vpc:Vpc", {})], { config: { "required-tags": { enforcementLevel: "mandatory" } } });
            expect(violationsOf(r)[0].enforcementLevel).to.equal("mandatory");
        });

        it("rejects blank tag keys in config", async () => {
            let error: unknown;
            await runPolicy(policy, [], { config: { "required-tags": { requiredTags: [""] } } }).catch(e => { error = e; });
            expect(String(error)).to.match(/requiredTags\.0: String length must be greater than or equal to 1/);
        });
    });

    describe("in preview", () => {
        it("counts a tag whose value is unknown as set", async () => {
            const r = await previewPolicy(policy, [resource("aws:ec2/instance:Instance", { tags: { ...ALL_TAGS, Project: UNKNOWN } })]);
            expectNoViolation(r);
        });

        it("notes a tags map that is unknown as a whole", async () => {
            const r = await previewPolicy(policy, [resource("aws:ec2/instance:Instance", { tags: UNKNOWN })]);
            expect(previewNotesOf(r, "required-tags")).to.have.length(1);
            expect(violationsOf(r)).to.be.empty;
        });

        it("needs no resource tags when provider defaults cover them", async () => {
            const r = await previewPolicy(policy, [resource("aws:ec2/instance:Instance", { tags: UNKNOWN }, { provider: provider({ tags: ALL_TAGS }) })]);
            expectNoViolation(r);
        });

        it("does not crash on unknown group tag entries or provider defaults", async () => {
            const r = await previewPolicy(policy, [
                resource(ASG, { tags: [{ key: "Project", value: UNKNOWN, propagateAtLaunch: true }, UNKNOWN] }),
                resource("aws:ec2/vpc:Vpc", { tags: ALL_TAGS }, { provider: provider(UNKNOWN) }),
            ]);
            expect(previewNotesOf(r, "required-tags")).to.have.length(1);
        });
    });
});
