// The dev stack's defaults declare the seed's exercise, resource by resource.
import { expect } from "chai";
import { Plan, plan, T } from "../support/program";
import { SEED_GREETING, TLS_POLICIES } from "../../infra/config";

const AZS = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"];
const REQUIRED_TAGS = { Project: "elb-web-tier", Environment: "dev", Team: "platform", ManagedBy: "pulumi" };

describe("topology with default config (ap-northeast-2, default VPC)", () => {
    let p: Plan;
    before(async () => {
        p = await plan();
    });

    describe("components", () => {
        it("groups resources into components with <project>:<module>:<Name> type tokens", () => {
            const components = p.resources.filter((r) => !r.custom).map((r) => r.type).sort();
            expect(components).to.deep.equal([
                T.component("alb", "ApplicationLoadBalancer"),
                T.component("certificate", "Certificate"),
                T.component("compute", "WebServers"),
                T.component("nlb", "NetworkLoadBalancer"),
                T.component("security", "WebSecurity"),
                T.component("targets", "TargetGroup"),
                T.component("targets", "TargetGroup"),
            ]);
        });

        it("parents every AWS and TLS resource to a component", () => {
            const componentUrns = new Set(p.resources.filter((r) => !r.custom).map((r) => r.urn));
            for (const r of p.resources.filter((x) => x.custom)) {
                expect(componentUrns.has(r.parent ?? ""), `${r.type} ${r.name} parent`).to.equal(true);
            }
        });
    });

    describe("web_access_sg", () => {
        it("admits only HTTP 80 and HTTPS 443, from anywhere over IPv4 and IPv6", () => {
            const sg = p.get(T.sg, "web_access_sg");
            const rules = p.ofType(T.ingress).filter((r) => p.dependencyOf(r, "securityGroupId")[0]?.urn === sg.urn);
            const seen = rules.map((r) => `${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6}`).sort();
            expect(seen).to.deep.equal(["443-443 0.0.0.0/0", "443-443 ::/0", "80-80 0.0.0.0/0", "80-80 ::/0"]);
            for (const r of rules) expect(r.inputs.ipProtocol).to.equal("tcp");
        });

        it("never admits SSH to any group", () => {
            for (const r of p.ofType(T.ingress)) {
                const from = Number(r.inputs.fromPort);
                const to = Number(r.inputs.toPort);
                expect(from <= 22 && 22 <= to, `${r.name} covers port 22`).to.equal(false);
                expect(r.inputs.ipProtocol).to.not.equal("-1");
            }
        });

        it("is attached to both load balancers, keeps its seed name as the Name tag and is auto-named", () => {
            const sg = p.get(T.sg, "web_access_sg");
            expect(sg.inputs.tags).to.include({ Name: "web_access_sg" });
            expect(sg.inputs).to.not.have.property("name");
            for (const lb of ["ALB", "NLB"]) {
                const deps = p.dependencyOf(p.get(T.lb, lb), "securityGroups").map((r) => r.name);
                expect(deps, lb).to.deep.equal(["web_access_sg"]);
            }
        });

        it("lets the load balancers reach the instances on the target port only", () => {
            const egress = p.ofType(T.egress).filter((r) => p.dependencyOf(r, "securityGroupId")[0]?.name === "web_access_sg");
            expect(egress).to.have.length(1);
            expect(egress[0].inputs).to.include({ fromPort: 80, toPort: 80, ipProtocol: "tcp" });
            expect(p.dependencyOf(egress[0], "referencedSecurityGroupId")[0].name).to.equal("web_instances_sg");
        });
    });

    describe("the instances' security group", () => {
        it("admits port 80 from web_access_sg only (covers the NLB's preserved client IPs and health checks)", () => {
            const ingress = p.ofType(T.ingress).filter((r) => p.dependencyOf(r, "securityGroupId")[0]?.name === "web_instances_sg");
            expect(ingress).to.have.length(1);
            expect(ingress[0].inputs).to.include({ fromPort: 80, toPort: 80, ipProtocol: "tcp" });
            expect(ingress[0].inputs).to.not.have.any.keys("cidrIpv4", "cidrIpv6");
            expect(p.dependencyOf(ingress[0], "referencedSecurityGroupId")[0].name).to.equal("web_access_sg");
        });

        it("allows outbound HTTP and HTTPS for package installs and nothing else", () => {
            const egress = p.ofType(T.egress).filter((r) => p.dependencyOf(r, "securityGroupId")[0]?.name === "web_instances_sg");
            expect(egress.map((r) => `${r.inputs.fromPort} ${r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6}`).sort())
                .to.deep.equal(["443 0.0.0.0/0", "443 ::/0", "80 0.0.0.0/0", "80 ::/0"]);
        });

        it("describes every group and rule", () => {
            for (const r of [...p.ofType(T.sg), ...p.ofType(T.ingress), ...p.ofType(T.egress)]) {
                expect(r.inputs.description, r.name).to.be.a("string").and.not.equal("");
            }
        });
    });

    describe("EC2_Web instances", () => {
        it("launches two, named EC2_Web, in different Availability Zones", () => {
            const instances = p.ofType(T.instance);
            expect(instances.map((i) => i.name)).to.have.members(["EC2_Web-ap-northeast-2a-1", "EC2_Web-ap-northeast-2b-1"]);
            for (const i of instances) expect(i.inputs.tags).to.include({ Name: "EC2_Web" });
            expect(instances.map((i) => i.inputs.subnetId)).to.have.members([`subnet-placeholder-${AZS[0]}`, `subnet-placeholder-${AZS[1]}`]);
        });

        it("uses t3.micro, the current Amazon Linux 2023 x86_64 AMI from SSM and no key pair", () => {
            for (const i of p.ofType(T.instance)) {
                expect(i.inputs).to.include({ instanceType: "t3.micro", ami: "ami-placeholder-al2023-x86_64" });
                expect(i.inputs).to.not.have.property("keyName");
            }
        });

        it("requires IMDSv2 and encrypts the root volume", () => {
            for (const i of p.ofType(T.instance)) {
                expect(i.inputs.metadataOptions).to.include({ httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 });
                expect(i.inputs.rootBlockDevice).to.include({ encrypted: true, volumeType: "gp3", deleteOnTermination: true });
            }
        });

        it("runs the seed's user data: update, install, enable and start httpd, write the greeting with the host name", () => {
            const userData = String(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userData);
            const lines = userData.split("\n");
            for (const line of ["yum update -y", "yum install httpd -y", "systemctl enable httpd.service", "systemctl start httpd.service", "cd /var/www/html"]) {
                expect(lines, line).to.include(line);
            }
            expect(lines[0]).to.equal("#!/bin/bash");
            expect(lines).to.include(`echo "${SEED_GREETING} $(hostname -f)" > index.html`);
            expect(lines.indexOf("yum install httpd -y")).to.be.lessThan(lines.indexOf("systemctl start httpd.service"));
            expect(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userDataReplaceOnChange).to.equal(true);
        });

        it("sits in the instances' group only, with a public IP as in the seed", () => {
            for (const i of p.ofType(T.instance)) {
                expect(p.dependencyOf(i, "vpcSecurityGroupIds").map((r) => r.name)).to.deep.equal(["web_instances_sg"]);
                expect(i.inputs.associatePublicIpAddress).to.equal(true);
            }
        });
    });

    describe("target groups", () => {
        it("TG-ALB is HTTP:80 with instance targets and its health check, drain, algorithm and stickiness", () => {
            const tg = p.get(T.tg, "TG-ALB");
            expect(tg.inputs).to.include({ protocol: "HTTP", port: 80, targetType: "instance", vpcId: "vpc-placeholder-default", deregistrationDelay: 300, slowStart: 0, loadBalancingAlgorithmType: "round_robin" });
            expect(tg.inputs.healthCheck).to.deep.equal({ enabled: true, path: "/", port: "traffic-port", protocol: "HTTP", interval: 30, timeout: 5, healthyThreshold: 5, unhealthyThreshold: 2, matcher: "200" });
            expect(tg.inputs.stickiness).to.deep.equal({ type: "lb_cookie", enabled: false, cookieDuration: 86400 });
            expect(tg.inputs).to.not.have.property("loadBalancingAnomalyMitigation");
        });

        it("TG-NLB is TCP:80 with a TCP health check, client IP preservation and source_ip stickiness", () => {
            const tg = p.get(T.tg, "TG-NLB");
            expect(tg.inputs).to.include({ protocol: "TCP", port: 80, targetType: "instance", preserveClientIp: "true", connectionTermination: false, proxyProtocolV2: false, deregistrationDelay: 300 });
            expect(tg.inputs.healthCheck).to.deep.equal({ enabled: true, protocol: "TCP", port: "traffic-port", interval: 30, timeout: 10, healthyThreshold: 5, unhealthyThreshold: 2 });
            expect(tg.inputs.stickiness).to.deep.equal({ type: "source_ip", enabled: false });
        });

        it("registers both instances in both groups on the target port", () => {
            const pairs = p.ofType(T.attachment).map((a) => `${p.dependencyOf(a, "targetGroupArn")[0].name} ${p.dependencyOf(a, "targetId")[0].name} ${a.inputs.port}`);
            expect(pairs).to.have.members(["TG-ALB EC2_Web-ap-northeast-2a-1 80", "TG-ALB EC2_Web-ap-northeast-2b-1 80", "TG-NLB EC2_Web-ap-northeast-2a-1 80", "TG-NLB EC2_Web-ap-northeast-2b-1 80"]);
        });

        it("leaves the physical names to auto-naming", () => {
            for (const r of [...p.ofType(T.tg), ...p.ofType(T.lb)]) expect(r.inputs, r.name).to.not.have.any.keys("name", "namePrefix");
        });
    });

    describe("ALB", () => {
        it("is internet-facing IPv4 over one subnet in each of the four AZs, drops invalid headers", () => {
            const alb = p.get(T.lb, "ALB");
            expect(alb.inputs).to.include({ loadBalancerType: "application", internal: false, ipAddressType: "ipv4", dropInvalidHeaderFields: true, desyncMitigationMode: "defensive", idleTimeout: 60 });
            expect(alb.inputs.subnets).to.deep.equal(AZS.map((az) => `subnet-placeholder-${az}`));
        });

        it("listens on HTTPS:443 with the imported certificate and a TLS 1.3 policy, forwarding to TG-ALB", () => {
            const https = p.get(T.listener, "ALB-https");
            expect(https.inputs).to.include({ port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" });
            expect(TLS_POLICIES).to.include(https.inputs.sslPolicy);
            expect(p.dependencyOf(https, "certificateArn").map((r) => r.type)).to.deep.equal([T.cert]);
            expect(p.dependencyOf(https, "loadBalancerArn")[0].name).to.equal("ALB");
            const actions = https.inputs.defaultActions as Record<string, unknown>[];
            expect(actions).to.have.length(1);
            expect(actions[0].type).to.equal("forward");
            expect(p.dependencyOf(https, "defaultActions").map((r) => r.name)).to.deep.equal(["TG-ALB"]);
        });

        it("redirects HTTP:80 to HTTPS with a 301", () => {
            const http = p.get(T.listener, "ALB-http");
            expect(http.inputs).to.include({ port: 80, protocol: "HTTP" });
            expect(http.inputs.defaultActions).to.deep.equal([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        });

        it("imports a self-signed certificate generated once into ACM", () => {
            const key = p.get(T.tlsKey, "ALB-self-signed-key");
            expect(key.inputs).to.include({ algorithm: "RSA", rsaBits: 2048 });
            const cert = p.get(T.tlsCert, "ALB-self-signed-cert");
            expect(cert.inputs.dnsNames).to.deep.equal(["*.ap-northeast-2.elb.amazonaws.com"]);
            expect(cert.inputs.allowedUses).to.include("server_auth");
            const acm = p.get(T.cert, "ALB-self-signed");
            expect(p.dependencyOf(acm, "certificateBody").map((r) => r.name)).to.deep.equal(["ALB-self-signed-cert"]);
            expect(p.dependencyOf(acm, "privateKey").map((r) => r.name)).to.deep.equal(["ALB-self-signed-key"]);
        });
    });

    describe("NLB", () => {
        it("is internet-facing with one Elastic IP per AZ through subnet mappings", () => {
            const nlb = p.get(T.lb, "NLB");
            expect(nlb.inputs).to.include({ loadBalancerType: "network", internal: false, enableCrossZoneLoadBalancing: true });
            expect(nlb.inputs).to.not.have.property("subnets");
            const eips = p.ofType(T.eip);
            expect(eips.map((e) => e.name)).to.have.members(AZS.map((az) => `NLB-eip-${az}`));
            for (const e of eips) expect(e.inputs.domain).to.equal("vpc");
            const mappings = nlb.inputs.subnetMappings as { subnetId: string; allocationId: string }[];
            expect(mappings.map((m) => m.subnetId)).to.deep.equal(AZS.map((az) => `subnet-placeholder-${az}`));
            expect(mappings.map((m) => m.allocationId)).to.deep.equal(AZS.map((az) => `eipalloc-placeholder-nlb-eip-${az}`));
        });

        it("is deleted before it is replaced, so a replacement can take over the same Elastic IPs", () => {
            expect(p.get(T.lb, "NLB").deleteBeforeReplace).to.equal(true);
        });

        it("forwards TCP:80 to TG-NLB", () => {
            const l = p.get(T.listener, "NLB-tcp");
            expect(l.inputs).to.include({ port: 80, protocol: "TCP" });
            expect(p.dependencyOf(l, "loadBalancerArn")[0].name).to.equal("NLB");
            expect(p.dependencyOf(l, "defaultActions").map((r) => r.name)).to.deep.equal(["TG-NLB"]);
        });
    });

    it("tags every taggable resource with Project, Environment, Team and ManagedBy", () => {
        const untaggable = new Set([T.attachment, T.tlsKey, T.tlsCert]);
        const taggable = p.resources.filter((r) => r.custom && !untaggable.has(r.type));
        expect(taggable.length).to.be.greaterThan(20);
        for (const r of taggable) expect(r.inputs.tags, `${r.type} ${r.name}`).to.include(REQUIRED_TAGS);
    });

    it("exports DNS names, URLs, static IPs, certificate ARN, instance IDs and target group ARNs", () => {
        const o = p.outputs;
        expect(o.albDnsName).to.equal("ALB-placeholder.ap-northeast-2.elb.amazonaws.com");
        expect(o.albUrl).to.equal("https://ALB-placeholder.ap-northeast-2.elb.amazonaws.com/");
        expect(o.nlbUrl).to.equal("http://NLB-placeholder.elb.ap-northeast-2.amazonaws.com/");
        expect(o.nlbStaticIps).to.have.length(4);
        expect(o.certificateArn).to.match(/^arn:aws:acm:ap-northeast-2:/);
        expect(o.albCertificateSelfSigned).to.equal(true);
        expect(o.instanceIds).to.deep.equal(["i-placeholder-ec2-web-ap-northeast-2a-1", "i-placeholder-ec2-web-ap-northeast-2b-1"]);
        expect(o.targetGroupArns).to.have.keys("TG-ALB", "TG-NLB");
        expect(o.availabilityZones).to.deep.equal(AZS);
    });
});
