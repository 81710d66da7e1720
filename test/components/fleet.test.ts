// WebFleet: launch template + Auto Scaling group with rolling instance refresh and target tracking.
import { expect } from "chai";
import { fleetArgsProblems, requestCountResourceLabel, WebFleet, WebFleetArgs } from "../../infra/fleet";
import { buildUnderMocks, describeFindings, MODES, prodFindings, TAGS } from "../support/components";
import { UNKNOWN } from "../support/program";
import { templateVersion } from "../../tools/engine/mocks";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG = "aws:autoscaling/group:Group";
const POLICY = "aws:autoscaling/policy:Policy";

// AWS's own example ARNs (Auto Scaling API reference, ResourceLabel).
const ALB_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/my-alb/778d41231b141a0f";
const TG_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/my-alb-target-group/943f017f100becff";
const NLB_TG_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/TG-NLB/0123456789abcdef";

function fleetArgs(overrides: Partial<WebFleetArgs> = {}): WebFleetArgs {
    return {
        ami: "ami-0123456789abcdef0",
        instanceType: "t3.micro",
        userData: "#!/bin/bash\necho 안녕하세요 > /var/www/html/index.html\n",
        subnetIds: ["subnet-a", "subnet-b"],
        securityGroupIds: ["sg-instances"],
        associatePublicIp: false,
        detailedMonitoring: true,
        targetGroupArns: [TG_ARN, NLB_TG_ARN],
        minSize: 2,
        maxSize: 6,
        desiredCapacity: 3,
        healthCheckGracePeriod: 300,
        instanceRefresh: { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmup: 120, skipMatching: true },
        scaling: { metric: "ALBRequestCountPerTarget", targetValue: 500, albArn: ALB_ARN, targetGroupArn: TG_ARN },
        sessionManager: true,
        instanceName: "EC2_Web",
        tags: TAGS,
        ...overrides,
    };
}

const build = (args: WebFleetArgs, preview = false) =>
    buildUnderMocks(() => {
        const fleet = new WebFleet("web", args);
        return { groupName: fleet.group.name, version: fleet.launchTemplate.latestVersion };
    }, { preview });

describe("WebFleet (launch template + Auto Scaling group)", () => {
    for (const mode of MODES) {
        describe(`in ${mode.label}`, () => {
            let built: Awaited<ReturnType<typeof build>>;
            before(async () => {
                built = await build(fleetArgs(), mode.preview);
            });

            it("launches with IMDSv2 only (hop limit 1), no key pair, detailed monitoring and base64 user data", () => {
                const lt = built.plan.get(LT, "web-lt").inputs;
                expect(lt.metadataOptions).to.deep.equal({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
                expect(lt).to.not.have.property("keyName");
                expect(lt.monitoring).to.deep.equal({ enabled: true });
                expect(Buffer.from(String(lt.userData), "base64").toString("utf8")).to.equal(fleetArgs().userData);
                expect(lt.updateDefaultVersion).to.equal(true);
            });

            it("encrypts a gp3 root volume on AL2023's root device, with the string booleans launch templates take", () => {
                expect(built.plan.get(LT, "web-lt").inputs.blockDeviceMappings).to.deep.equal([
                    { deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
                ]);
            });

            it("puts the security groups on the network interface, with no public IP, and none at instance level", () => {
                const lt = built.plan.get(LT, "web-lt").inputs;
                expect(lt.networkInterfaces).to.deep.equal([
                    { deviceIndex: 0, associatePublicIpAddress: "false", securityGroups: ["sg-instances"], deleteOnTermination: "true" },
                ]);
                expect(lt).to.not.have.property("vpcSecurityGroupIds");
            });

            it("gives the instances a role with AmazonSSMManagedInstanceCore, so Session Manager replaces SSH", () => {
                const { plan } = built;
                const role = plan.get("aws:iam/role:Role", "web-instance");
                expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement).to.deep.equal([
                    { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
                ]);
                const attachment = plan.get("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "web-ssm-core");
                expect(attachment.inputs.policyArn).to.equal("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
                expect(plan.dependencyOf(attachment, "role").map((r) => r.name)).to.deep.equal(["web-instance"]);
                const lt = plan.get(LT, "web-lt");
                expect(plan.dependencyOf(lt, "iamInstanceProfile").map((r) => r.type)).to.deep.equal(["aws:iam/instanceProfile:InstanceProfile"]);
                expect(lt.inputs.iamInstanceProfile).to.deep.equal({ arn: mode.preview ? UNKNOWN : "arn:aws:iam::123456789012:instance-profile/web-instance-placeholder" });
            });

            it("tags instances, volumes and network interfaces at launch with the Name tag", () => {
                const specs = built.plan.get(LT, "web-lt").inputs.tagSpecifications as { resourceType: string; tags: Record<string, string> }[];
                expect(specs.map((s) => s.resourceType)).to.deep.equal(["instance", "volume", "network-interface"]);
                for (const s of specs) expect(s.tags).to.deep.equal({ ...TAGS, Name: "EC2_Web" });
            });

            // Which subnets and target groups the group uses is checked where they are real resources
            // (test/program/production.test.ts, test/components/production.test.ts: the private subnets, TG-ALB).
            it("replaces instances the load balancers find unhealthy (ELB health checks), warmed up as long as a refresh waits", () => {
                const asg = built.plan.get(ASG, "web-asg").inputs;
                expect(asg).to.include({ healthCheckType: "ELB", healthCheckGracePeriod: 300, minSize: 2, maxSize: 6, desiredCapacity: 3, defaultInstanceWarmup: 120 });
                // No wait for healthy targets unless asked: it needs the listeners to exist first.
                expect(asg).to.not.have.property("minElbCapacity");
            });

            it("pins the launch template's latest version, so a template change starts a refresh", () => {
                const { plan } = built;
                const asg = plan.get(ASG, "web-asg");
                const template = asg.inputs.launchTemplate as { id: string; version: string };
                expect(plan.dependencyOf(asg, "launchTemplate").map((r) => r.name)).to.deep.equal(["web-lt"]);
                // The mocks' placeholder version follows the template's content (tools/engine/mocks.ts templateVersion).
                expect(template.version).to.equal(mode.preview ? UNKNOWN : String(templateVersion(plan.get(LT, "web-lt").inputs)));
                expect(template.id).to.equal(mode.preview ? UNKNOWN : "lt-placeholder-web-lt");
            });

            it("refreshes instances rolling, with the health-gating preferences", () => {
                expect(built.plan.get(ASG, "web-asg").inputs.instanceRefresh).to.deep.equal({
                    strategy: "Rolling",
                    preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmup: "120", skipMatching: true },
                });
            });

            it("keeps the same healthy range for every replacement (instance maintenance policy)", () => {
                expect(built.plan.get(ASG, "web-asg").inputs.instanceMaintenancePolicy).to.deep.equal({ minHealthyPercentage: 100, maxHealthyPercentage: 200 });
            });

            it("propagates every tag to the instances at launch", () => {
                const tags = built.plan.get(ASG, "web-asg").inputs.tags as { key: string; value: string; propagateAtLaunch: boolean }[];
                expect(tags).to.deep.equal(Object.entries({ ...TAGS, Name: "EC2_Web" }).map(([key, value]) => ({ key, value, propagateAtLaunch: true })));
            });

            it("tracks ALB requests per target with the label built from the ALB and target group ARNs", () => {
                const policy = built.plan.get(POLICY, "web-scaling").inputs;
                expect(policy.policyType).to.equal("TargetTrackingScaling");
                expect(policy.autoscalingGroupName).to.equal(mode.preview ? UNKNOWN : "web-asg-placeholder");
                expect(policy.targetTrackingConfiguration).to.deep.equal({
                    predefinedMetricSpecification: {
                        predefinedMetricType: "ALBRequestCountPerTarget",
                        resourceLabel: "app/my-alb/778d41231b141a0f/targetgroup/my-alb-target-group/943f017f100becff",
                    },
                    targetValue: 500,
                });
            });

            it("leaves the desired capacity to the scaling policy after creation", () => {
                expect(built.plan.get(ASG, "web-asg").ignoreChanges).to.deep.equal(["desiredCapacity"]);
            });

            it("passes the pack under the prod policy config (IMDSv2, encryption, ELB health checks, no public IP, tags)", async () => {
                const findings = await prodFindings(built, mode.preview);
                expect(findings, describeFindings(findings)).to.deep.equal([]);
            });
        });
    }

    it("with a public IP, asks for it on the network interface (and the pack advises against it)", async () => {
        const built = await build(fleetArgs({ associatePublicIp: true }));
        const nics = built.plan.get(LT, "web-lt").inputs.networkInterfaces as Record<string, unknown>[];
        expect(nics[0].associatePublicIpAddress).to.equal("true");
        expect((await prodFindings(built, false)).map((v) => v.policy)).to.deep.equal(["ec2-no-public-ip"]);
    });

    it("scales on average CPU without a resource label, and sizes the root volume when asked", async () => {
        const { plan } = await build(fleetArgs({ scaling: { metric: "ASGAverageCPUUtilization", targetValue: 50 }, rootVolumeSize: 16 }));
        expect(plan.get(POLICY, "web-scaling").inputs.targetTrackingConfiguration).to.deep.equal({
            predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
            targetValue: 50,
        });
        const mapping = (plan.get(LT, "web-lt").inputs.blockDeviceMappings as { ebs: Record<string, unknown> }[])[0];
        expect(mapping.ebs.volumeSize).to.equal(16);
    });

    it("without Session Manager, declares no IAM and no instance profile", async () => {
        const { plan } = await build(fleetArgs({ sessionManager: false }));
        expect(plan.resources.filter((r) => r.type.startsWith("aws:iam/"))).to.have.length(0);
        expect(plan.get(LT, "web-lt").inputs).to.not.have.property("iamInstanceProfile");
    });

    it("never sets autoRollback, which can't return to the old version here (terraform-provider-aws#34189)", async () => {
        const { plan } = await build(fleetArgs({ instanceRefresh: { minHealthyPercentage: 90, instanceWarmup: 60, skipMatching: true } }));
        const refresh = plan.get(ASG, "web-asg").inputs.instanceRefresh as { preferences: Record<string, unknown> };
        expect(refresh.preferences).to.deep.equal({ minHealthyPercentage: 90, instanceWarmup: "60", skipMatching: true });
        // Without a maximum, AWS's defaults apply to other replacements.
        expect(plan.get(ASG, "web-asg").inputs).to.not.have.property("instanceMaintenancePolicy");
    });

    it("waits for healthy targets on creation only when asked", async () => {
        const { plan } = await build(fleetArgs({ waitForHealthyTargets: true }));
        expect(plan.get(ASG, "web-asg").inputs.minElbCapacity).to.equal(2);
    });

    it("without a scaling policy, manages the desired capacity on every update", async () => {
        const { plan } = await build(fleetArgs({ scaling: undefined }));
        expect(plan.find(POLICY, "web-scaling")).to.equal(undefined);
        expect(plan.get(ASG, "web-asg").ignoreChanges).to.deep.equal([]);
    });

    it("names every child from the component's name, so two fleets never collide", async () => {
        const { plan } = await buildUnderMocks(() => {
            new WebFleet("blue", fleetArgs());
            new WebFleet("green", fleetArgs());
            return {};
        });
        const names = plan.resources.filter((r) => r.custom).map((r) => r.name).sort();
        expect(names).to.deep.equal(["blue-asg", "blue-instance", "blue-instance", "blue-lt", "blue-scaling", "blue-ssm-core",
            "green-asg", "green-instance", "green-instance", "green-lt", "green-scaling", "green-ssm-core"]);
    });

    it("rejects a request-count target group the group does not register in, before registering anything", () => {
        const other = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/other/1111111111111111";
        const args = fleetArgs({ scaling: { metric: "ALBRequestCountPerTarget", targetValue: 100, albArn: ALB_ARN, targetGroupArn: other } });
        expect(() => new WebFleet("web", args)).to.throw(/scaling.targetGroupArn must be one of targetGroupArns/);
    });
});

describe("requestCountResourceLabel", () => {
    it("joins the final portions of the ALB and target group ARNs", () => {
        expect(requestCountResourceLabel(ALB_ARN, TG_ARN)).to.equal("app/my-alb/778d41231b141a0f/targetgroup/my-alb-target-group/943f017f100becff");
    });

    it("rejects a Network Load Balancer, whose requests AWS does not count", () => {
        const nlb = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/NLB/0123456789abcdef";
        expect(() => requestCountResourceLabel(nlb, TG_ARN)).to.throw(/Application Load Balancer ARN/);
    });

    it("rejects something that is not a target group ARN", () => {
        expect(() => requestCountResourceLabel(ALB_ARN, ALB_ARN)).to.throw(/target group ARN/);
    });
});

describe("fleetArgsProblems (AWS's rules for the group's numbers)", () => {
    const cases: [string, Partial<WebFleetArgs>, RegExp][] = [
        ["desired below min", { minSize: 3, desiredCapacity: 2 }, /0 <= minSize <= desiredCapacity <= maxSize; got 3, 2, 6/],
        ["desired above max", { desiredCapacity: 7 }, /got 2, 7, 6/],
        ["a healthy-percentage range over 100", { instanceRefresh: { minHealthyPercentage: 90, maxHealthyPercentage: 200, instanceWarmup: 0, skipMatching: false } }, /at most 100/],
        ["a max healthy percentage under 100", { instanceRefresh: { minHealthyPercentage: 50, maxHealthyPercentage: 90, instanceWarmup: 0, skipMatching: false } }, /100-200; got 90/],
        ["a CPU target over 100 percent", { scaling: { metric: "ASGAverageCPUUtilization", targetValue: 150 } }, /CPU percentage \(1-100\); got 150/],
        ["a negative grace period", { healthCheckGracePeriod: -1 }, /healthCheckGracePeriod/],
        ["user data over 16 KB", { userData: "#".repeat(16 * 1024 + 1) }, /userData is 16385 bytes; EC2 takes at most 16384/],
    ];
    for (const [label, overrides, message] of cases) {
        it(`rejects ${label}`, () => {
            const problems = fleetArgsProblems(fleetArgs(overrides));
            expect(problems.join("\n")).to.match(message);
            expect(() => new WebFleet("bad", fleetArgs(overrides))).to.throw(/^WebFleet bad: /);
        });
    }

    it("accepts the defaults AWS documents (min 90, max 100 implied)", () => {
        expect(fleetArgsProblems(fleetArgs({ instanceRefresh: { minHealthyPercentage: 90, instanceWarmup: 60, skipMatching: false } }))).to.deep.equal([]);
    });
});
