import { expect } from "chai";
import { TYPES } from "../../policies/rules/tokens";
import * as zlib from "zlib";
import { rules as policies } from "../../policies/rules";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    PlannedResource,
    previewNotesOf,
    previewPolicy,
    resource,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";

const INSTANCE = TYPES.instance;
const LAUNCH_TEMPLATE = TYPES.launchTemplate;
const ASG = TYPES.autoscalingGroup;
const ATTACHMENT = TYPES.autoscalingAttachment;

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const gzipB64 = (text: string) => zlib.gzipSync(Buffer.from(text, "utf8")).toString("base64");

interface Case {
    name: string;
    r: () => PlannedResource;
    fragment?: string;
}

/** Table runner: every `fails` case must be flagged by `policy` with its fragment; every `passes` case must not. */
function table(policyName: string, fails: Case[], passes: Case[]): void {
    const policy = findPolicy(policies, policyName);
    for (const c of fails) {
        it(`flags ${c.name}`, async () => {
            expectViolation(await runPolicy(policy, [c.r()]), policyName, c.fragment!);
        });
    }
    for (const c of passes) {
        it(`accepts ${c.name}`, async () => {
            expectNoViolation(await runPolicy(policy, [c.r()]), policyName);
        });
    }
}

describe("compute policies", () => {
    describe("ec2-imdsv2-required", () => {
        table("ec2-imdsv2-required", [
            { name: "an instance without metadataOptions", r: () => resource(INSTANCE, { ami: "ami-1" }), fragment: "metadataOptions is not set, so instances launched from this instance accept IMDSv1" },
            { name: "an instance with httpTokens optional", r: () => resource(INSTANCE, { metadataOptions: { httpTokens: "optional" } }), fragment: 'metadataOptions.httpTokens is "optional"' },
            { name: "an instance with metadataOptions but no httpTokens", r: () => resource(INSTANCE, { metadataOptions: { httpEndpoint: "enabled" } }), fragment: "metadataOptions.httpTokens is not set" },
            { name: "a launch template without metadataOptions", r: () => resource(LAUNCH_TEMPLATE, { imageId: "ami-1" }), fragment: "launched from this launch template accept IMDSv1" },
            { name: "a launch template with httpTokens optional", r: () => resource(LAUNCH_TEMPLATE, { metadataOptions: { httpTokens: "optional", httpEndpoint: "enabled" } }), fragment: 'httpTokens is "optional"' },
        ], [
            { name: "an instance requiring tokens", r: () => resource(INSTANCE, { metadataOptions: { httpTokens: "required" } }) },
            { name: "an instance with IMDS disabled", r: () => resource(INSTANCE, { metadataOptions: { httpEndpoint: "disabled", httpTokens: "optional" } }) },
            { name: "a launch template requiring tokens", r: () => resource(LAUNCH_TEMPLATE, { metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } }) },
            { name: "a launch template with IMDS disabled", r: () => resource(LAUNCH_TEMPLATE, { metadataOptions: { httpEndpoint: "disabled" } }) },
            { name: "other resource types", r: () => resource("aws:s3/bucket:Bucket", {}) },
        ]);

        const policy = findPolicy(policies, "ec2-imdsv2-required");
        const remediate = { config: { "ec2-imdsv2-required": "remediate" as const } };

        it("is mandatory by default and tells the fix", async () => {
            const v = expectViolation(await runPolicy(policy, [resource(INSTANCE, {})]), "ec2-imdsv2-required", 'Set metadataOptions.httpTokens to "required"');
            expect(v.enforcementLevel).to.equal("mandatory");
        });

        it("remediates by requiring tokens, keeping the other metadata options", async () => {
            const r = await runPolicy(policy, [
                resource(INSTANCE, { ami: "ami-1", metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 } }),
                resource(LAUNCH_TEMPLATE, { imageId: "ami-1" }),
            ], remediate);
            expect(r.remediations.map(x => x.props)).to.deep.equal([
                { ami: "ami-1", metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
                { imageId: "ami-1", metadataOptions: { httpTokens: "required" } },
            ]);
            expectNoViolation(r);
        });

        it("does not remediate what already complies", async () => {
            const r = await runPolicy(policy, [resource(INSTANCE, { metadataOptions: { httpEndpoint: "disabled" } })], remediate);
            expect(r.remediations).to.be.empty;
        });

        it("remediates in preview even when unrelated inputs are unknown", async () => {
            const r = await previewPolicy(policy, [resource(INSTANCE, { ami: UNKNOWN, subnetId: UNKNOWN })], remediate);
            expect(r.remediations).to.have.length(1);
            expectNoViolation(r);
        });
    });

    describe("ec2-volumes-encrypted", () => {
        const encryptedRoot = { rootBlockDevice: { encrypted: true } };
        table("ec2-volumes-encrypted", [
            { name: "an instance without rootBlockDevice", r: () => resource(INSTANCE, {}), fragment: "rootBlockDevice is not set" },
            { name: "an instance with an unencrypted root volume", r: () => resource(INSTANCE, { rootBlockDevice: { encrypted: false } }), fragment: "rootBlockDevice.encrypted is false" },
            { name: "an instance whose root volume does not say", r: () => resource(INSTANCE, { rootBlockDevice: { volumeSize: 20 } }), fragment: "rootBlockDevice.encrypted is not set" },
            { name: "an instance with an unencrypted data volume", r: () => resource(INSTANCE, { ...encryptedRoot, ebsBlockDevices: [{ deviceName: "/dev/sdb", encrypted: true }, { deviceName: "/dev/sdc" }] }), fragment: "ebsBlockDevices[1].encrypted is not set" },
            { name: "a launch template without blockDeviceMappings", r: () => resource(LAUNCH_TEMPLATE, {}), fragment: "blockDeviceMappings is not set" },
            { name: 'a launch template with encrypted "false"', r: () => resource(LAUNCH_TEMPLATE, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }), fragment: 'blockDeviceMappings[0].ebs.encrypted is "false"' },
            { name: "a launch template with encrypted false (boolean)", r: () => resource(LAUNCH_TEMPLATE, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: false } }] }), fragment: "blockDeviceMappings[0].ebs.encrypted is false" },
            { name: "a launch template mapping that does not say", r: () => resource(LAUNCH_TEMPLATE, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20 } }] }), fragment: "blockDeviceMappings[0].ebs.encrypted is not set" },
        ], [
            { name: "an instance with an encrypted root volume", r: () => resource(INSTANCE, encryptedRoot) },
            { name: "an instance with encrypted root and data volumes", r: () => resource(INSTANCE, { ...encryptedRoot, ebsBlockDevices: [{ deviceName: "/dev/sdb", encrypted: true }] }) },
            { name: 'a launch template with encrypted "true"', r: () => resource(LAUNCH_TEMPLATE, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 20 } }] }) },
            { name: "a launch template with encrypted true (boolean)", r: () => resource(LAUNCH_TEMPLATE, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: true } }] }) },
            { name: "a launch template with an instance-store mapping", r: () => resource(LAUNCH_TEMPLATE, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }, { deviceName: "/dev/sdb", virtualName: "ephemeral0" }] }) },
        ]);

        const policy = findPolicy(policies, "ec2-volumes-encrypted");

        it("gives the launch-template fix with the string spelling", async () => {
            expectViolation(await runPolicy(policy, [resource(LAUNCH_TEMPLATE, {})]), "ec2-volumes-encrypted", 'Set ebs.encrypted to "true" (a string in pulumi-aws)');
        });

        it("accepts unspecified encryption when the account encrypts by default, but never an explicit false", async () => {
            const config = { "ec2-volumes-encrypted": { accountEncryptsByDefault: true } };
            const r = await runPolicy(policy, [
                resource(INSTANCE, {}),
                resource(LAUNCH_TEMPLATE, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20 } }] }),
                resource(INSTANCE, { rootBlockDevice: { encrypted: false } }, { name: "explicit" }),
            ], { config });
            const v = violationsOf(r, "ec2-volumes-encrypted");
            expect(v).to.have.length(1);
            expect(v[0].urn).to.match(/::explicit$/);
        });

        it("reports decidable volumes while noting an unknown one in preview", async () => {
            const r = await previewPolicy(policy, [resource(INSTANCE, {
                rootBlockDevice: { encrypted: UNKNOWN },
                ebsBlockDevices: [{ deviceName: "/dev/sdb", encrypted: false }, { deviceName: "/dev/sdc", encrypted: UNKNOWN }],
            })]);
            expectViolation(r, "ec2-volumes-encrypted", "ebsBlockDevices[0].encrypted is false");
            expect(previewNotesOf(r, "ec2-volumes-encrypted")).to.have.length(1);
        });
    });

    describe("ec2-no-secrets-in-user-data", () => {
        const key = "AKIAIOSFODNN7EXAMPLE";
        const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
        const script = (body: string) => `#!/bin/bash\nset -euo pipefail\n${body}\nsystemctl start nginx\n`;
        table("ec2-no-secrets-in-user-data", [
            { name: "an access key ID in instance userData", r: () => resource(INSTANCE, { userData: script(`export AWS_ACCESS_KEY_ID=${key}`) }), fragment: "userData contains what looks like an AWS access key ID (line 3)" },
            { name: "a session key ID (ASIA)", r: () => resource(INSTANCE, { userData: script("aws configure set aws_access_key_id ASIAIOSFODNN7EXAMPLE") }), fragment: "an AWS access key ID" },
            { name: "a secret access key assignment", r: () => resource(INSTANCE, { userData: script(`AWS_SECRET_ACCESS_KEY="${secret}"`) }), fragment: "a secret key assignment" },
            { name: "a private key", r: () => resource(INSTANCE, { userData: script(`cat > /etc/ssl/key.pem <<EOF\n${pem}\nEOF`) }), fragment: "a private key" },
            { name: "a password assignment", r: () => resource(INSTANCE, { userData: script("DB_PASSWORD=hunter22") }), fragment: "a password assignment" },
            { name: "a YAML password", r: () => resource(INSTANCE, { userData: "#cloud-config\nusers:\n  - name: app\n    PASSWORD: S3cretValue\n" }), fragment: "a password assignment (line 4)" },
            { name: "a secret in instance userDataBase64", r: () => resource(INSTANCE, { userDataBase64: b64(script(`export AWS_ACCESS_KEY_ID=${key}`)) }), fragment: "userDataBase64 contains what looks like an AWS access key ID" },
            { name: "a secret in gzipped userDataBase64", r: () => resource(INSTANCE, { userDataBase64: gzipB64(script("password: hunter22")) }), fragment: "userDataBase64 contains what looks like a password assignment" },
            { name: "a secret in launch template userData (base64)", r: () => resource(LAUNCH_TEMPLATE, { userData: b64(script(pem)) }), fragment: "userData contains what looks like a private key" },
            { name: "a secret in launch template userData that is not base64", r: () => resource(LAUNCH_TEMPLATE, { userData: script(`KEY=${key}`) }), fragment: "an AWS access key ID" },
        ], [
            { name: "plain user data", r: () => resource(INSTANCE, { userData: script("yum install -y nginx") }) },
            { name: "secrets fetched at boot", r: () => resource(INSTANCE, { userData: script('DB_PASSWORD=$(aws ssm get-parameter --name /app/db --with-decryption --query Parameter.Value --output text)\nAPI_SECRET_KEY="${API_SECRET_KEY}"\npassword: {{ db_password }}') }) },
            { name: "mentions without values", r: () => resource(INSTANCE, { userData: script("# the password is rotated by Secrets Manager\nPASSWORD_FILE=/run/secrets/db\npasswordless=true") }) },
            { name: "base64 user data without secrets", r: () => resource(LAUNCH_TEMPLATE, { userData: b64(script("echo hello")) }) },
            { name: "no user data", r: () => resource(LAUNCH_TEMPLATE, {}) },
        ]);

        const policy = findPolicy(policies, "ec2-no-secrets-in-user-data");

        it("never echoes the secret in the message", async () => {
            const r = await runPolicy(policy, [resource(INSTANCE, { userData: script(`export AWS_ACCESS_KEY_ID=${key}\nexport AWS_SECRET_ACCESS_KEY=${secret}\nDB_PASSWORD=hunter22\n${pem}`) })]);
            const v = expectViolation(r, "ec2-no-secrets-in-user-data", "Secrets Manager");
            for (const leaked of [key, secret, "hunter22", "MIIEpAIBAAKCAQEA"]) {
                expect(v.message).to.not.contain(leaked);
            }
            expect(v.enforcementLevel).to.equal("mandatory");
        });

        it("notes, without crashing, user data that is unknown in preview", async () => {
            const r = await previewPolicy(policy, [resource(INSTANCE, { userData: UNKNOWN }), resource(LAUNCH_TEMPLATE, { userData: UNKNOWN })]);
            expect(previewNotesOf(r, "ec2-no-secrets-in-user-data")).to.have.length(2);
            expect(violationsOf(r)).to.be.empty;
        });
    });

    describe("ec2-no-public-ip", () => {
        table("ec2-no-public-ip", [
            { name: "an instance with a public IP", r: () => resource(INSTANCE, { associatePublicIpAddress: true }), fragment: "associatePublicIpAddress is true" },
            { name: "a launch template whose interface gets a public IP", r: () => resource(LAUNCH_TEMPLATE, { networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true" }] }), fragment: 'networkInterfaces[0].associatePublicIpAddress is "true"' },
            { name: "a launch template with a boolean true", r: () => resource(LAUNCH_TEMPLATE, { networkInterfaces: [{ deviceIndex: 1 }, { associatePublicIpAddress: true }] }), fragment: "networkInterfaces[1].associatePublicIpAddress" },
        ], [
            { name: "an instance without a public IP", r: () => resource(INSTANCE, { associatePublicIpAddress: false }) },
            { name: "an instance that does not say", r: () => resource(INSTANCE, {}) },
            { name: 'a launch template with "false"', r: () => resource(LAUNCH_TEMPLATE, { networkInterfaces: [{ associatePublicIpAddress: "false" }] }) },
        ]);

        it("is advisory by default and can be raised per environment", async () => {
            const policy = findPolicy(policies, "ec2-no-public-ip");
            const r1 = await runPolicy(policy, [resource(INSTANCE, { associatePublicIpAddress: true })]);
            expect(violationsOf(r1)[0].enforcementLevel).to.equal("advisory");
            const r2 = await runPolicy(policy, [resource(INSTANCE, { associatePublicIpAddress: true })], { config: { "ec2-no-public-ip": "mandatory" } });
            expect(violationsOf(r2)[0].enforcementLevel).to.equal("mandatory");
        });

        it("notes an unknown flag in preview", async () => {
            const r = await previewPolicy(findPolicy(policies, "ec2-no-public-ip"), [resource(INSTANCE, { associatePublicIpAddress: UNKNOWN })]);
            expect(previewNotesOf(r)).to.have.length(1);
        });
    });

    describe("asg-elb-health-check", () => {
        table("asg-elb-health-check", [
            { name: "a group in a target group with the default EC2 check", r: () => resource(ASG, { targetGroupArns: ["arn:tg"] }), fragment: 'healthCheckType is "EC2" although the group is attached' },
            { name: "a group in a target group with an explicit EC2 check", r: () => resource(ASG, { targetGroupArns: ["arn:tg"], healthCheckType: "EC2" }), fragment: 'Set healthCheckType: "ELB"' },
            { name: "a group with an elbv2 traffic source", r: () => resource(ASG, { trafficSources: [{ identifier: "arn:tg", type: "elbv2" }] }), fragment: 'healthCheckType is "EC2"' },
            { name: "a group behind a classic load balancer", r: () => resource(ASG, { loadBalancers: ["web-elb"], healthCheckType: "EC2" }), fragment: 'healthCheckType is "EC2"' },
        ], [
            { name: "a group using ELB checks", r: () => resource(ASG, { targetGroupArns: ["arn:tg"], healthCheckType: "ELB" }) },
            { name: "a group using elb checks (any case)", r: () => resource(ASG, { targetGroupArns: ["arn:tg"], healthCheckType: "elb" }) },
            { name: "a group not behind a load balancer", r: () => resource(ASG, { healthCheckType: "EC2", targetGroupArns: [] }) },
            { name: "a VPC Lattice group using VPC_LATTICE checks", r: () => resource(ASG, { trafficSources: [{ identifier: "arn:lattice", type: "vpc-lattice" }], healthCheckType: "VPC_LATTICE" }) },
        ]);

        const policy = findPolicy(policies, "asg-elb-health-check");

        it("remediates by switching to ELB checks", async () => {
            const r = await runPolicy(policy, [resource(ASG, { targetGroupArns: ["arn:tg"], maxSize: 2 })], { config: { "asg-elb-health-check": "remediate" } });
            expect(r.remediations[0].props).to.deep.equal({ targetGroupArns: ["arn:tg"], maxSize: 2, healthCheckType: "ELB" });
            expectNoViolation(r);
        });

        it("decides with an unknown target group ARN, which is the usual preview case", async () => {
            const r = await previewPolicy(policy, [resource(ASG, { targetGroupArns: [UNKNOWN], healthCheckType: "EC2" })]);
            expectViolation(r, "asg-elb-health-check", "healthCheckType");
        });

        it("notes an unknown health check type in preview", async () => {
            const r = await previewPolicy(policy, [resource(ASG, { targetGroupArns: [UNKNOWN], healthCheckType: UNKNOWN })]);
            expect(previewNotesOf(r, "asg-elb-health-check")).to.have.length(1);
        });
    });

    describe("asg-attachment-elb-health-check (stack)", () => {
        const policy = findPolicy(policies, "asg-attachment-elb-health-check");

        function stack(groupProps: Record<string, unknown>, attachmentProps: Record<string, unknown>, linkByDependency = true): PlannedResource[] {
            const group = resource(ASG, groupProps, { name: "web-asg" });
            const attachment = resource(ATTACHMENT, attachmentProps, {
                name: "web-attach",
                ...(linkByDependency ? { dependencies: [group.urn], propertyDependencies: { autoscalingGroupName: [group.urn] } } : {}),
            });
            return [group, attachment];
        }

        it("flags a group attached through aws.autoscaling.Attachment that keeps EC2 checks", async () => {
            const r = await runPolicy(policy, stack({ maxSize: 2 }, { autoscalingGroupName: "web-asg-123", lbTargetGroupArn: "arn:tg" }));
            const v = expectViolation(r, "asg-attachment-elb-health-check", "Auto Scaling group 'web-asg' is attached to a load balancer by aws.autoscaling.Attachment 'web-attach'");
            expect(v.urn).to.match(/autoscaling\/group:Group::web-asg$/);
            expect(v.enforcementLevel).to.equal("advisory");
        });

        it("finds the group by literal name when there is no dependency information", async () => {
            const r = await runPolicy(policy, stack({ name: "web", healthCheckType: "EC2" }, { autoscalingGroupName: "web", elb: "classic-elb" }, false));
            expectViolation(r, "asg-attachment-elb-health-check", 'healthCheckType is "EC2"');
        });

        it("accepts a group using ELB checks", async () => {
            expectNoViolation(await runPolicy(policy, stack({ healthCheckType: "ELB" }, { autoscalingGroupName: "x", lbTargetGroupArn: "arn:tg" })));
        });

        it("ignores attachments that attach no load balancer and groups it cannot identify", async () => {
            expectNoViolation(await runPolicy(policy, stack({}, { autoscalingGroupName: "x" })));
            expectNoViolation(await runPolicy(policy, stack({ name: "a" }, { autoscalingGroupName: "b", lbTargetGroupArn: "arn:tg" }, false)));
        });

        it("notes rather than crashes on unknowns in preview", async () => {
            const r = await previewPolicy(policy, stack({ healthCheckType: UNKNOWN }, { autoscalingGroupName: UNKNOWN, lbTargetGroupArn: UNKNOWN }));
            expect(previewNotesOf(r, "asg-attachment-elb-health-check")).to.have.length(1);
            expect(violationsOf(r)).to.be.empty;
        });
    });
});
