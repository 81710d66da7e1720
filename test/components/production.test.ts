// The production components composed as the program will compose them: a created VPC with
// private instances in a fleet, a log bucket the ALB and NLB write to, a DNS-validated
// certificate, WAF, aliases and mutual TLS. The load balancers here are plain aws.lb resources
// standing in for infra/alb.ts and infra/nlb.ts; the point is the wiring between the new
// components and the pack's verdict under policies/config/prod.json.
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WebVpc } from "../../infra/vpc";
import { LogBucket } from "../../infra/logs";
import { WebFleet } from "../../infra/fleet";
import { Certificate } from "../../infra/certificate";
import { WebAcl } from "../../infra/waf";
import { AliasRecords } from "../../infra/dns";
import { ClientTrustStore } from "../../infra/trustStore";
import { named } from "../../infra/common";
import { Built, buildUnderMocks, describeFindings, MODES, prodFindings, TAGS } from "../support/components";
import { UNKNOWN } from "../support/program";

const REGION = "ap-northeast-2";

function production(): Record<string, unknown> {
    const accountId = aws.getCallerIdentityOutput().accountId;
    const logs = new LogBucket("prod", {
        region: REGION, accountId, prefixes: { alb: "alb", albConnection: "alb-connections", nlb: "nlb", vpcFlowLogs: "flow" },
        expirationDays: 365, protection: { retainOnDelete: true }, tags: TAGS,
    });
    const vpc = new WebVpc("prod", {
        cidrBlock: "10.30.0.0/16", availabilityZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"], region: REGION, accountId,
        natMode: "none", flowLogs: { destination: "s3", bucketArn: pulumi.interpolate`${logs.arn}/flow` }, tags: TAGS,
    });
    const lbSg = new aws.ec2.SecurityGroup("lb", { vpcId: vpc.vpcId, description: "load balancers", tags: named(TAGS, "lb") });
    const instanceSg = new aws.ec2.SecurityGroup("instances", { vpcId: vpc.vpcId, description: "instances", tags: named(TAGS, "instances") });
    const publicSubnetIds = vpc.publicSubnets.map((s) => s.id);
    const lbCommon = { securityGroups: [lbSg.id], enableDeletionProtection: true, tags: TAGS };
    // The ALB's log settings are checked by AWS when set: it must wait for the bucket policy.
    const alb = new aws.lb.LoadBalancer("ALB", {
        ...lbCommon, subnets: publicSubnetIds, loadBalancerType: "application", dropInvalidHeaderFields: true, desyncMitigationMode: "defensive",
        accessLogs: { bucket: logs.bucketName, prefix: "alb", enabled: true },
        connectionLogs: { bucket: logs.bucketName, prefix: "alb-connections", enabled: true },
    }, { dependsOn: [logs.policy] });
    // Static IPs, one Elastic IP per AZ, protected and retained so removing an AZ never silently releases one.
    const subnetMappings = vpc.publicSubnets.map((s) => ({
        subnetId: s.id,
        allocationId: new aws.ec2.Eip(`NLB-eip-${s.availabilityZone}`, { domain: "vpc", tags: TAGS }, { protect: true, retainOnDelete: true }).allocationId,
    }));
    const nlb = new aws.lb.LoadBalancer("NLB", {
        ...lbCommon, subnetMappings, loadBalancerType: "network", accessLogs: { bucket: logs.bucketName, prefix: "nlb", enabled: true },
    }, { dependsOn: [logs.policy] });
    const tg = new aws.lb.TargetGroup("TG-ALB", {
        vpcId: vpc.vpcId, port: 80, protocol: "HTTP", targetType: "instance",
        healthCheck: { path: "/", protocol: "HTTP", matcher: "200" }, tags: TAGS,
    });
    const cert = new Certificate("alb", { mode: "dns", domainName: "example.com", subjectAlternativeNames: ["*.example.com"], zoneId: "Z0123456789ABCDEFGHIJ", tags: TAGS });
    const trust = new ClientTrustStore("clients", { caBundle: { bucket: "pki", key: "ca.pem", version: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" }, tags: TAGS });
    new aws.lb.Listener("ALB-https", {
        loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        certificateArn: cert.arn, mutualAuthentication: trust.verify(),
        defaultActions: [{ type: "forward", targetGroupArn: tg.arn }], tags: TAGS,
        routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
    });
    const fleet = new WebFleet("web", {
        ami: "ami-0123456789abcdef0", instanceType: "t3.micro", userData: "#!/bin/bash\ndnf install -y httpd\n",
        subnetIds: vpc.privateSubnets.map((s) => s.id), securityGroupIds: [instanceSg.id], associatePublicIp: false,
        detailedMonitoring: true, targetGroupArns: [tg.arn], minSize: 2, maxSize: 6, desiredCapacity: 3, healthCheckGracePeriod: 300,
        instanceRefresh: { minHealthyPercentage: 100, maxHealthyPercentage: 200, instanceWarmup: 120, skipMatching: true },
        scaling: { metric: "ALBRequestCountPerTarget", targetValue: 800, albArn: alb.arn, targetGroupArn: tg.arn },
        sessionManager: true, instanceName: "EC2_Web", tags: TAGS,
    });
    const waf = new WebAcl("prod", { mode: "create", albArn: alb.arn, rateLimitPer5Minutes: 2000, logRetentionDays: 365, tags: TAGS });
    const dns = new AliasRecords("prod", {
        zoneId: "Z0123456789ABCDEFGHIJ",
        records: [
            { name: "example.com", target: { dnsName: alb.dnsName, zoneId: alb.zoneId }, dualStack: false },
            { name: "tcp.example.com", target: { dnsName: nlb.dnsName, zoneId: nlb.zoneId }, dualStack: false },
        ],
    });
    return { groupName: fleet.group.name, certificateArn: cert.arn, webAclArn: waf.webAclArn, records: dns.fqdns, logBucket: logs.bucketName };
}

describe("the production components together", () => {
    for (const mode of MODES) {
        describe(`in ${mode.label}`, () => {
            let b: Built;
            before(async () => {
                b = await buildUnderMocks(production, { preview: mode.preview, region: REGION });
            });

            it("have no findings at all from the pack under the prod policy config", async () => {
                const findings = await prodFindings(b, mode.preview);
                expect(findings, describeFindings(findings)).to.deep.equal([]);
            });

            it("launch the fleet in the private subnets only", () => {
                const asg = b.plan.get("aws:autoscaling/group:Group", "web-asg");
                expect(b.plan.dependencyOf(asg, "vpcZoneIdentifiers").map((s) => s.name).sort()).to.deep.equal(
                    ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"].map((az) => `prod-private-${az}`));
            });

            it("label the request-count policy from the real ALB and target group ARNs", () => {
                const policy = b.plan.get("aws:autoscaling/policy:Policy", "web-scaling");
                const spec = (policy.inputs.targetTrackingConfiguration as { predefinedMetricSpecification: Record<string, unknown> }).predefinedMetricSpecification;
                expect(spec.resourceLabel).to.equal(mode.preview
                    ? UNKNOWN
                    : "app/ALB-placeholder/0000000000000000/targetgroup/TG-ALB-placeholder/0000000000000000");
            });

            it("give the HTTPS listener the validated certificate and the trust store", () => {
                const listener = b.plan.get("aws:lb/listener:Listener", "ALB-https");
                expect(b.plan.dependencyOf(listener, "certificateArn").map((r) => r.type)).to.deep.equal(["aws:acm/certificateValidation:CertificateValidation"]);
                expect(b.plan.dependencyOf(listener, "mutualAuthentication").map((r) => r.type)).to.deep.equal(["aws:lb/trustStore:TrustStore"]);
            });

            it("send flow logs to the log bucket's flow prefix", () => {
                const flow = b.plan.get("aws:ec2/flowLog:FlowLog", "prod-flow-logs");
                expect(flow.inputs.logDestination).to.equal(mode.preview ? UNKNOWN : "arn:aws:s3:::prod-logs-placeholder/flow");
                expect(b.plan.dependencyOf(flow, "logDestination").map((r) => r.name)).to.deep.equal(["prod-logs"]);
            });

            it("resolve the outputs each mode needs", () => {
                const known = (v: unknown) => (mode.preview ? UNKNOWN : v);
                expect(b.outputs).to.deep.equal({
                    groupName: known("web-asg-placeholder"),
                    certificateArn: known("arn:aws:acm:ap-northeast-2:123456789012:certificate/00000000-0000-0000-0000-000000000000"),
                    webAclArn: known("arn:aws:wafv2:ap-northeast-2:123456789012:regional/webacl/prod-acl-placeholder/00000000-0000-0000-0000-000000000001"),
                    records: { "example.com": known("example.com"), "tcp.example.com": known("tcp.example.com") },
                    logBucket: known("prod-logs-placeholder"),
                });
            });
        });
    }
});
