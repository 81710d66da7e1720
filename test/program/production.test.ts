// The production posture wired into the program, from Pulumi.prod.yaml (update and preview) and
// focused configs: the fleet in private subnets, the load balancers in public ones, logs, WAF,
// the DNS-validated certificate, aliases, mutual TLS and the guards on stateful resources.
import { expect } from "chai";
import { Plan, plan, T, UNKNOWN } from "../support/program";
import { repoPlan } from "../plan/fixtures";

const TOKENS = {
    asg: "aws:autoscaling/group:Group",
    policy: "aws:autoscaling/policy:Policy",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    association: "aws:wafv2/webAclAssociation:WebAclAssociation",
    record: "aws:route53/record:Record",
    trustStore: "aws:lb/trustStore:TrustStore",
    bucket: "aws:s3/bucket:Bucket",
};

for (const preview of [false, true]) {
    describe(`the prod stack (Pulumi.prod.yaml) in ${preview ? "a preview" : "an update"}`, () => {
        let p: Plan;
        before(async () => {
            const result = await repoPlan("prod", preview);
            p = new Plan(result.resources, result.outputs);
        });

        it("runs the web servers as an Auto Scaling fleet in the private subnets, registered in the ALB's group (the NLB fronts the ALB)", () => {
            expect(p.ofType(T.instance)).to.have.length(0);
            const asg = p.get(TOKENS.asg, "EC2_Web-asg");
            expect(p.dependencyOf(asg, "vpcZoneIdentifiers").map((s) => s.name).sort()).to.deep.equal(["a", "b", "c"].map((z) => `web-private-ap-northeast-2${z}`));
            expect(p.dependencyOf(asg, "targetGroupArns").map((g) => g.name).sort()).to.deep.equal(["TG-ALB"]);
            expect(asg.inputs).to.include({ healthCheckType: "ELB", minSize: 3, maxSize: 9, healthCheckGracePeriod: 300 });
            expect((asg.inputs.instanceRefresh as { strategy: string }).strategy).to.equal("Rolling");
            expect(p.ofType(TOKENS.policy)).to.have.length(1);
        });

        it("has no cleartext internet entry point to the instances: the NLB's only listener passes TLS through to the ALB", () => {
            const nlbListeners = p.ofType(T.listener).filter((l) => l.name.startsWith("NLB-"));
            expect(nlbListeners.map((l) => `${l.inputs.protocol}:${l.inputs.port}`)).to.deep.equal(["TCP:443"]);
            const [front] = p.dependencyOf(nlbListeners[0], "defaultActions");
            expect(front.inputs).to.include({ targetType: "alb", port: 443 });
            expect(front.inputs.healthCheck).to.include({ protocol: "HTTPS" });
        });

        it("creates the S3 flow log only after the log bucket's policy (else AWS writes a policy of its own)", () => {
            const flow = p.get("aws:ec2/flowLog:FlowLog", "web-flow-logs");
            expect(flow.inputs).to.include({ logDestinationType: "s3" });
            expect(flow.dependencies).to.include(p.ofType(TOKENS.bucketPolicy)[0].urn);
        });

        it("guards every part of the retained log bucket, not only the bucket", () => {
            const parts = p.resources.filter((r) => r.custom && r.type.startsWith("aws:s3/"));
            expect(parts).to.have.length(6);
            for (const r of parts) expect({ type: r.type, protect: r.protect, retainOnDelete: r.retainOnDelete }).to.deep.include({ protect: true, retainOnDelete: true });
        });

        it("puts both load balancers in the created VPC's public subnets", () => {
            for (const lb of [p.get(T.lb, "ALB")]) {
                expect(p.dependencyOf(lb, "subnets").map((s) => s.name).sort()).to.deep.equal(["a", "b", "c"].map((z) => `web-public-ap-northeast-2${z}`));
            }
            const sg = p.get(T.sg, "web_access_sg");
            expect(p.dependencyOf(sg, "vpcId").map((r) => r.type)).to.deep.equal([TOKENS.vpc]);
        });

        it("logs both load balancers (and the ALB's connections) to the created bucket, after its policy", () => {
            const policy = p.ofType(TOKENS.bucketPolicy)[0];
            for (const name of ["ALB", "NLB"]) {
                const lb = p.get(T.lb, name);
                expect(lb.dependencies, name).to.include(policy.urn);
                expect((lb.inputs.accessLogs as { enabled: boolean }).enabled).to.equal(true);
            }
            expect(p.get(T.lb, "ALB").inputs.connectionLogs).to.deep.include({ enabled: true, prefix: "alb-connections" });
        });

        it("serves HTTPS with the certificate once ACM has validated it by DNS", () => {
            const https = p.get(T.listener, "ALB-https");
            expect(p.dependencyOf(https, "certificateArn").map((r) => r.type)).to.deep.equal([TOKENS.validation]);
        });

        it("associates the created web ACL with the ALB", () => {
            const association = p.ofType(TOKENS.association)[0];
            expect(p.dependencyOf(association, "resourceArn").map((r) => r.name)).to.deep.equal(["ALB"]);
            expect(p.dependencyOf(association, "webAclArn").map((r) => r.type)).to.deep.equal([TOKENS.webAcl]);
        });

        it("protects and retains the Elastic IPs, protects the load balancers, certificate and log bucket", () => {
            for (const eip of p.ofType(T.eip)) expect([eip.name, eip.protect, eip.retainOnDelete]).to.deep.equal([eip.name, true, true]);
            for (const name of ["ALB", "NLB"]) expect(p.get(T.lb, name).protect, name).to.equal(true);
            expect(p.get(T.cert, "alb-cert").protect).to.equal(true);
            const bucket = p.ofType(TOKENS.bucket)[0];
            expect([bucket.protect, bucket.retainOnDelete]).to.deep.equal([true, true]);
            expect(p.get(T.lb, "NLB").deleteBeforeReplace).to.equal(true);
        });

        it("points alias records at the ALB and the NLB", () => {
            const records = p.ofType(TOKENS.record).filter((r) => r.name.startsWith("dns-"));
            expect(records.map((r) => `${r.inputs.name} ${r.inputs.type}`).sort()).to.deep.equal(["tcp.example.com A", "www.example.com A"]);
        });

        it("exports the fleet, log bucket, web ACL and record names", () => {
            const known = (v: unknown) => (preview ? UNKNOWN : v);
            expect(p.outputs).to.include({ expectedInstances: 3 });
            expect(p.outputs.autoScalingGroupName).to.equal(known("EC2_Web-asg-placeholder"));
            expect(p.outputs.instanceIds).to.deep.equal([]);
            expect(p.outputs.logBucket).to.equal(known("logs-logs-placeholder"));
            expect(p.outputs.webAclArn).to.satisfy((v: unknown) => (preview ? v === UNKNOWN : String(v).startsWith("arn:aws:wafv2:")));
            expect(Object.keys(p.outputs.dnsNames as object).sort()).to.deep.equal(["tcp.example.com", "www.example.com"]);
        });
    });
}

describe("the payments team's prod stack (Pulumi.payments-prod.yaml)", () => {
    it("runs its fleet in its private instance subnets and its load balancers in its public ones", async () => {
        const result = await repoPlan("payments-prod");
        const p = new Plan(result.resources, result.outputs);
        expect(result.policyConfig).to.equal("policies/config/prod.json");
        expect(p.get(TOKENS.asg, "EC2_Web-asg").inputs.vpcZoneIdentifiers).to.deep.equal(["subnet-0a1b2c3d4e5f607a1", "subnet-0a1b2c3d4e5f607a2", "subnet-0a1b2c3d4e5f607a3"]);
        expect(p.get(T.lb, "ALB").inputs.subnets).to.deep.equal(["subnet-0a1b2c3d4e5f60791", "subnet-0a1b2c3d4e5f60792", "subnet-0a1b2c3d4e5f60793"]);
        expect(p.dependencyOf(p.get(TOKENS.asg, "EC2_Web-asg"), "targetGroupArns").map((g) => g.name).sort()).to.deep.equal(["TG-ALB", "api"]);
    });

    it("has no cleartext entry point and none past the WAF: the NLB passes TLS through to the ALB", async () => {
        const result = await repoPlan("payments-prod");
        const p = new Plan(result.resources, result.outputs);
        const nlbListeners = p.ofType(T.listener).filter((l) => l.name.startsWith("NLB-"));
        expect(nlbListeners.map((l) => `${l.inputs.protocol}:${l.inputs.port}`)).to.deep.equal(["TCP:443"]);
        const front = p.get(T.tg, "ALB-front");
        expect(front.inputs).to.include({ targetType: "alb", protocol: "TCP", port: 443 });
        expect((front.inputs.healthCheck as { path: string; protocol: string })).to.include({ path: "/healthz", protocol: "HTTPS" });
    });
});

describe("production features one at a time", () => {
    it("CPU target tracking instead of request counts", async () => {
        const p = await plan({ fleet: { mode: "autoscaling", scaling: { metric: "cpu", targetValue: 60 } } });
        const spec = (p.ofType(TOKENS.policy)[0].inputs.targetTrackingConfiguration as { targetValue: number; predefinedMetricSpecification: { predefinedMetricType: string } });
        expect(spec.targetValue).to.equal(60);
        expect(spec.predefinedMetricSpecification.predefinedMetricType).to.equal("ASGAverageCPUUtilization");
    });

    it("a prefix of the stack's own log bucket: the ALB writes under it and the bucket policy lets its delivery principal write there", async () => {
        const p = await plan({ logBucket: { create: true }, alb: { accessLogs: { prefix: "web/alb" } } });
        expect(p.get(T.lb, "ALB").inputs.accessLogs).to.deep.include({ enabled: true, prefix: "web/alb" });
        expect(p.get(T.lb, "NLB").inputs.accessLogs).to.deep.include({ enabled: true, prefix: "nlb" });
        const policy = JSON.stringify(p.ofType(TOKENS.bucketPolicy)[0].inputs.policy);
        expect(policy).to.include("/web/alb/AWSLogs/");
        // Not the default prefix any more: no statement for <bucket>/alb/AWSLogs/.
        expect(policy).to.not.match(/:::[^/"\\]+\/alb\/AWSLogs\//);
    });

    it("a fixed-size fleet has no scaling policy", async () => {
        const p = await plan({ fleet: { mode: "autoscaling", scaling: { metric: "none" } } });
        expect(p.ofType(TOKENS.policy)).to.have.length(0);
    });

    it("mutual TLS verify makes a trust store from the CA bundle and puts it on the listener", async () => {
        const p = await plan({ albListeners: { https: { mutualAuthentication: { mode: "verify", caBundle: { bucket: "my-pki", key: "clients/ca.pem", version: "v1" } } } } });
        const store = p.ofType(TOKENS.trustStore)[0];
        expect(store.inputs).to.include({ caCertificatesBundleS3Bucket: "my-pki", caCertificatesBundleS3Key: "clients/ca.pem" });
        const https = p.get(T.listener, "ALB-https");
        expect((https.inputs.mutualAuthentication as { mode: string }).mode).to.equal("verify");
        expect(p.dependencyOf(https, "mutualAuthentication").map((r) => r.urn)).to.deep.equal([store.urn]);
    });

    it("an imported certificate keeps its PEM values secret", async () => {
        const p = await plan({ certificate: { certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", privateKey: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----" } });
        const cert = p.get(T.cert, "alb-imported");
        expect(JSON.stringify(cert.inputs.privateKey)).to.contain("4dabf18193072939515e22adb298388d");
        expect(p.ofType(T.tlsKey)).to.have.length(0);
    });

    it("an existing web ACL is only associated", async () => {
        const arn = "arn:aws:wafv2:ap-northeast-2:111122223333:regional/webacl/web/12345678-1234-1234-1234-123456789012";
        const p = await plan({ waf: { enabled: true, webAclArn: arn } });
        expect(p.ofType(TOKENS.webAcl)).to.have.length(0);
        expect(p.ofType(TOKENS.association)[0].inputs.webAclArn).to.equal(arn);
    });

    it("a created VPC without NAT reaches packages through the S3 gateway endpoint", async () => {
        const p = await plan({ vpc: { create: true, natGateways: "none" }, fleet: { associatePublicIp: false } });
        expect(p.ofType("aws:ec2/natGateway:NatGateway")).to.have.length(0);
        const endpoints = p.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => String(e.inputs.serviceName));
        expect(endpoints).to.include("com.amazonaws.ap-northeast-2.s3");
        expect(endpoints).to.include("com.amazonaws.ap-northeast-2.ssm");
    });

    it("a created VPC without NAT gets the interface endpoints the workload's reads call; with NAT it needs none", async () => {
        const workload = { mode: "ami", image: "ami-0123456789abcdef0", serves: [{ port: 80, protocol: "HTTP", healthPath: "/" }], parameters: ["/pay/"], secrets: ["pay/db"] };
        const services = async (natGateways: string, ssmEndpoints: boolean) => (await plan({ vpc: { create: true, natGateways, ssmEndpoints }, workload }))
            .ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => String(e.inputs.serviceName).replace("com.amazonaws.ap-northeast-2.", "")).sort();
        expect(await services("none", false)).to.deep.equal(["s3", "secretsmanager", "ssm"]);
        expect(await services("single", false)).to.deep.equal(["s3"]);
    });
});
