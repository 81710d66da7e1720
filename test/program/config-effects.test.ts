// Every config option changes what the program declares, as documented.
import { expect } from "chai";
import { plan, T } from "../support/program";
import { nlbAccessLogsWarning, validateConfig } from "../../infra/config";

describe("config options", () => {
    describe("network", () => {
        it("availabilityZones limits the load balancers to those AZs of the default VPC", async () => {
            const p = await plan({ vpc: { availabilityZones: ["ap-northeast-2c", "ap-northeast-2a"] } });
            expect(p.get(T.lb, "ALB").inputs.subnets).to.deep.equal(["subnet-placeholder-ap-northeast-2a", "subnet-placeholder-ap-northeast-2c"]);
            expect(p.ofType(T.eip)).to.have.length(2);
        });

        it("vpc.id and vpc.subnetIds deploy into an existing VPC, one subnet per AZ", async () => {
            const p = await plan({ vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, {
                account: { subnets: { "subnet-0aaa11111": { availabilityZone: "ap-northeast-2a", vpcId: "vpc-0abc12345" }, "subnet-0bbb22222": { availabilityZone: "ap-northeast-2b", vpcId: "vpc-0abc12345" } } },
            });
            expect(p.get(T.lb, "ALB").inputs.subnets).to.deep.equal(["subnet-0aaa11111", "subnet-0bbb22222"]);
            expect(p.get(T.sg, "web_access_sg").inputs.vpcId).to.equal("vpc-0abc12345");
            expect(p.get(T.tg, "TG-NLB").inputs.vpcId).to.equal("vpc-0abc12345");
        });

        it("the region's own AZs are used (us-east-1 has six)", async () => {
            const p = await plan({}, { region: "us-east-1" });
            expect(p.get(T.lb, "ALB").inputs.subnets).to.have.length(6);
            expect(p.get(T.tlsCert, "ALB-self-signed-cert").inputs.dnsNames).to.deep.equal(["*.us-east-1.elb.amazonaws.com"]);
        });
    });

    describe("ingress", () => {
        it("ingressCidrs and ingressIpv6Cidrs choose who reaches the load balancers", async () => {
            const p = await plan({ ingressCidrs: ["203.0.113.0/24", "198.51.100.0/24"], ingressIpv6Cidrs: [] });
            const peers = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_access_sg")).map((r) => `${r.inputs.fromPort} ${r.inputs.cidrIpv4}`);
            expect(peers).to.have.members(["80 203.0.113.0/24", "443 203.0.113.0/24", "80 198.51.100.0/24", "443 198.51.100.0/24"]);
        });

        it("names CIDR rules by CIDR, so dropping one CIDR leaves the others' rules in place", async () => {
            const names = (p: Awaited<ReturnType<typeof plan>>) => p.ofType(T.ingress).map((r) => r.urn);
            const two = await plan({ ingressCidrs: ["203.0.113.0/24", "198.51.100.0/24"] });
            const one = await plan({ ingressCidrs: ["198.51.100.0/24"] });
            expect(names(two)).to.include.members(names(one));
        });

        it("ingressPrefixListIds admit a managed prefix list (CloudFront's origin-facing, say) on every listener port, alone if need be", async () => {
            const p = await plan({ ingressCidrs: [], ingressIpv6Cidrs: [], ingressPrefixListIds: ["pl-22a6434b"] });
            const rules = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_access_sg"));
            expect(rules.map((r) => `${r.name} ${r.inputs.ipProtocol} ${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.prefixListId}`)).to.have.members([
                "web_access_sg-http-pl-22a6434b tcp 80-80 pl-22a6434b",
                "web_access_sg-https-pl-22a6434b tcp 443-443 pl-22a6434b",
            ]);
            expect(rules.every((r) => r.inputs.cidrIpv4 === undefined && r.inputs.cidrIpv6 === undefined)).to.equal(true);
        });

        it("allowDirectInstanceHttp opens the instances' HTTP port to ingressCidrs (the seed's direct test)", async () => {
            const p = await plan({ allowDirectInstanceHttp: true });
            const direct = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_instances_sg-direct"));
            expect(direct.map((r) => `${r.inputs.fromPort} ${r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6}`)).to.have.members(["80 0.0.0.0/0", "80 ::/0"]);
        });
    });

    describe("instances", () => {
        it("instanceCount spreads instances over the AZs, each named by its AZ, and registers each in both groups", async () => {
            const p = await plan({ fleet: { instanceCount: 5 } });
            const placed = p.ofType(T.instance).map((i) => `${i.name} ${String(i.inputs.subnetId).slice(-1)}`);
            expect(placed).to.have.members(["EC2_Web-ap-northeast-2a-1 a", "EC2_Web-ap-northeast-2a-2 a", "EC2_Web-ap-northeast-2b-1 b", "EC2_Web-ap-northeast-2c-1 c", "EC2_Web-ap-northeast-2d-1 d"]);
            expect(p.ofType(T.attachment)).to.have.length(10);
        });

        it("removing an AZ moves only that AZ's instance; the others keep their URNs and inputs", async () => {
            const three = await plan({ vpc: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] }, fleet: { instanceCount: 3 } });
            const two = await plan({ vpc: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"] }, fleet: { instanceCount: 3 } });
            const byUrn = (p: typeof two) => new Map(p.ofType(T.instance).map((i) => [i.urn, i.inputs]));
            const before = byUrn(three);
            const kept = [...byUrn(two)].filter(([urn]) => before.has(urn));
            expect(kept.map(([urn]) => urn.split("::").pop())).to.have.members(["EC2_Web-ap-northeast-2a-1", "EC2_Web-ap-northeast-2c-1"]);
            for (const [urn, inputs] of kept) expect(inputs, urn).to.deep.equal(before.get(urn));
        });

        it("an instance type newer than the provider passes with new:", async () => {
            const p = await plan({ fleet: { instanceType: "new:m99g.large" } });
            expect(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs).to.include({ instanceType: "m99g.large", ami: "ami-placeholder-al2023-arm64" });
        });

        it("a Graviton instanceType gets the arm64 AMI", async () => {
            const p = await plan({ fleet: { instanceType: "t4g.small" } });
            expect(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs).to.include({ instanceType: "t4g.small", ami: "ami-placeholder-al2023-arm64" });
        });

        it("amiId pins the AMI", async () => {
            const p = await plan({ fleet: { amiId: "ami-0123456789abcdef0" } });
            expect(p.get(T.instance, "EC2_Web-ap-northeast-2b-1").inputs.ami).to.equal("ami-0123456789abcdef0");
        });

        it("workload.greeting is written to the page, UTF-8 intact and escaped for bash and HTML", async () => {
            const p = await plan({ workload: { mode: "greeting", greeting: `Hi "there" <b>$HOME</b> \`x\` 🚀` } });
            expect(String(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userData))
                .to.contain(`echo "Hi \\"there\\" &lt;b&gt;\\$HOME&lt;/b&gt; \\\`x\\\` 🚀 $(hostname -f)" > index.html`);
        });

        // associatePublicIp: test/program/derived-defaults.test.ts (its default follows the subnets).
        it("detailedMonitoring gives 1-minute metrics in either fleet mode, and is off unless asked (CloudWatch bills it per instance)", async () => {
            const monitored = (p: Awaited<ReturnType<typeof plan>>) => [
                ...p.ofType(T.instance).map((i) => i.inputs.monitoring === true),
                ...p.ofType("aws:ec2/launchTemplate:LaunchTemplate").map((lt) => (lt.inputs.monitoring as { enabled?: boolean } | undefined)?.enabled === true),
            ];
            const autoscaling = { mode: "autoscaling", minSize: 2, maxSize: 4, desiredCapacity: 2 };
            expect(monitored(await plan())).to.deep.equal([false, false]);
            expect(monitored(await plan({ fleet: { detailedMonitoring: true } }))).to.deep.equal([true, true]);
            expect(monitored(await plan({ fleet: { ...autoscaling, detailedMonitoring: true } }))).to.deep.equal([true]);
        });
    });

    describe("TG-ALB (targetGroups.TG-ALB)", () => {
        it("takes health check, port, drain, slow start and stickiness settings", async () => {
            const p = await plan({
                targetGroups: {
                    "TG-ALB": {
                        port: 8080, deregistrationDelay: 30, slowStart: 60, stickiness: { enabled: true, duration: 3600 },
                        healthCheck: { path: "/healthz", port: "8081", protocol: "HTTP", interval: 10, timeout: 3, healthyThreshold: 3, unhealthyThreshold: 4, matcher: "200-299" },
                    },
                },
            });
            const tg = p.get(T.tg, "TG-ALB");
            expect(tg.inputs).to.include({ port: 8080, deregistrationDelay: 30, slowStart: 60 });
            expect(tg.inputs.healthCheck).to.include({ path: "/healthz", port: "8081", protocol: "HTTP", interval: 10, timeout: 3, healthyThreshold: 3, unhealthyThreshold: 4, matcher: "200-299" });
            expect(tg.inputs.stickiness).to.deep.equal({ type: "lb_cookie", enabled: true, cookieDuration: 3600 });
            // The instances admit the new target and health-check ports from the load balancers, and httpd listens on both.
            const ports = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_instances_sg-from-lb")).map((r) => r.inputs.fromPort);
            expect(ports).to.have.members([80, 8080, 8081]);
            expect(String(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userData)).to.contain("Listen 8080\nListen 8081\n");
            // The greeting serves the health page the group checks.
            expect(String(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userData)).to.contain("\necho ok > healthz\n");
            expect(p.ofType(T.attachment).filter((a) => a.name.startsWith("TG-ALB")).map((a) => a.inputs.port)).to.deep.equal([8080, 8080]);
        });

        it("weighted_random sets anomaly mitigation on or off", async () => {
            const on = await plan({ targetGroups: { "TG-ALB": { algorithm: "weighted_random", anomalyMitigation: true } } });
            expect(on.get(T.tg, "TG-ALB").inputs).to.include({ loadBalancingAlgorithmType: "weighted_random", loadBalancingAnomalyMitigation: "on" });
            const off = await plan({ targetGroups: { "TG-ALB": { algorithm: "weighted_random" } } });
            expect(off.get(T.tg, "TG-ALB").inputs.loadBalancingAnomalyMitigation).to.equal("off");
        });

        it("app_cookie stickiness names the application's cookie", async () => {
            const p = await plan({ targetGroups: { "TG-ALB": { stickiness: { enabled: true, type: "app_cookie", cookieName: "SESSION", duration: 600 } } } });
            expect(p.get(T.tg, "TG-ALB").inputs.stickiness).to.deep.equal({ type: "app_cookie", enabled: true, cookieDuration: 600, cookieName: "SESSION" });
        });

        it("enabled: false drops TG-ALB, and an ALB without it forwards elsewhere", async () => {
            const p = await plan({
                targetGroups: { "TG-ALB": { enabled: false }, web: { protocol: "HTTP", port: 80 } },
                albListeners: { https: { defaultAction: { type: "forward", targetGroup: "web" } } },
            });
            expect(p.find(T.tg, "TG-ALB")).to.equal(undefined);
            expect(p.dependencyOf(p.get(T.listener, "ALB-https"), "defaultActions").map((r) => r.name)).to.deep.equal(["web"]);
        });
    });

    describe("TG-NLB (targetGroups.TG-NLB)", () => {
        it("takes an HTTP health check with path and matcher, and its NLB attributes", async () => {
            const p = await plan({
                targetGroups: {
                    "TG-NLB": {
                        healthCheck: { protocol: "HTTP", path: "/healthz", matcher: "200-499", interval: 10, timeout: 6, healthyThreshold: 3, unhealthyThreshold: 3 },
                        deregistrationDelay: 0, connectionTermination: true, preserveClientIp: false, stickiness: { enabled: true },
                    },
                },
            });
            const tg = p.get(T.tg, "TG-NLB");
            expect(tg.inputs.healthCheck).to.include({ protocol: "HTTP", path: "/healthz", matcher: "200-499", interval: 10, timeout: 6, healthyThreshold: 3, unhealthyThreshold: 3 });
            expect(tg.inputs).to.include({ deregistrationDelay: 0, connectionTermination: true, preserveClientIp: "false" });
            expect(tg.inputs.stickiness).to.deep.equal({ type: "source_ip", enabled: true });
        });

        it("an HTTP health check without a timeout gets AWS's 6 s (10 s for TCP)", async () => {
            const p = await plan({ targetGroups: { "TG-NLB": { healthCheck: { protocol: "HTTP" } } } });
            expect(p.get(T.tg, "TG-NLB").inputs.healthCheck).to.include({ protocol: "HTTP", timeout: 6, path: "/", matcher: "200-399" });
            expect((await plan()).get(T.tg, "TG-NLB").inputs.healthCheck).to.include({ protocol: "TCP", timeout: 10 });
        });

        it("a numeric health check port is checked there; the instances admit it and httpd listens there", async () => {
            const p = await plan({ targetGroups: { "TG-NLB": { healthCheck: { port: "8081" } } } });
            expect(p.get(T.tg, "TG-NLB").inputs.healthCheck).to.include({ port: "8081" });
            expect(p.ofType(T.ingress).filter((r) => r.name.startsWith("web_instances_sg-from-lb")).map((r) => r.inputs.fromPort)).to.have.members([80, 8081]);
            expect(String(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userData)).to.contain("Listen 8081");
        });

        it("proxy protocol v2 on its own port makes httpd read the header there, HTTP health checks included (AWS sends the header on them too)", async () => {
            const p = await plan({ targetGroups: { "TG-NLB": { proxyProtocolV2: true, port: 8080, healthCheck: { protocol: "HTTP" } } } });
            expect(p.get(T.tg, "TG-NLB").inputs).to.include({ proxyProtocolV2: true, port: 8080 });
            const userData = String(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userData);
            expect(userData).to.contain("Listen 8080\n<VirtualHost *:8080>\n    RemoteIPProxyProtocol On\n</VirtualHost>");
            expect(p.ofType(T.ingress).filter((r) => r.name.startsWith("web_instances_sg-from-lb")).map((r) => r.inputs.fromPort)).to.have.members([80, 8080]);
        });
    });

    describe("ALB", () => {
        it("certificate.arn uses an existing certificate and generates none", async () => {
            const arn = "arn:aws:acm:ap-northeast-2:111122223333:certificate/12345678-1234-1234-1234-123456789012";
            const p = await plan({ certificate: { arn } });
            expect(p.get(T.listener, "ALB-https").inputs.certificateArn).to.equal(arn);
            expect(p.ofType(T.tlsKey).concat(p.ofType(T.tlsCert), p.ofType(T.cert))).to.have.length(0);
            expect(p.outputs.certificateArn).to.equal(arn);
            expect(p.outputs.albCertificateSelfSigned).to.equal(false);
        });

        it("albListeners.https.enabled false drops the HTTPS listener and certificate, and HTTP forwards to TG-ALB", async () => {
            const p = await plan({ albListeners: { https: { enabled: false } } });
            expect(p.find(T.listener, "ALB-https")).to.equal(undefined);
            expect(p.ofType(T.cert)).to.have.length(0);
            const http = p.get(T.listener, "ALB-http");
            expect((http.inputs.defaultActions as { type: string }[])[0].type).to.equal("forward");
            expect(p.outputs.albUrl).to.match(/^http:\/\//);
            expect(p.outputs.certificateArn).to.equal(null);
            expect(p.outputs.albCertificateSelfSigned).to.equal(false);
        });

        it("albListeners.http.defaultAction forward keeps HTTPS but lets HTTP forward", async () => {
            const p = await plan({ albListeners: { http: { defaultAction: { type: "forward", targetGroup: "TG-ALB" } } } });
            expect(p.find(T.listener, "ALB-https")).to.not.equal(undefined);
            expect((p.get(T.listener, "ALB-http").inputs.defaultActions as { type: string }[])[0].type).to.equal("forward");
        });

        it("albListeners.https.sslPolicy sets the HTTPS listener's policy", async () => {
            const p = await plan({ albListeners: { https: { sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" } } });
            expect(p.get(T.listener, "ALB-https").inputs.sslPolicy).to.equal("ELBSecurityPolicy-TLS13-1-3-2021-06");
        });

        it("rules on the HTTP listener when HTTPS is off", async () => {
            const p = await plan({ albListeners: { https: { enabled: false }, http: { rules: { x: { priority: 1, conditions: [{ pathPattern: ["/x"] }], action: { type: "forward", targetGroup: "TG-ALB" } } } } } });
            const rule = p.get(T.rule, "ALB-http-x");
            expect(p.dependencyOf(rule, "listenerArn")[0].name).to.equal("ALB-http");
            // v1 named rules <alb>-rule-<priority> on this listener: the alias keeps a deployed rule.
            expect(rule.aliases).to.include(rule.urn.replace("ALB-http-x", "ALB-rule-1"));
        });

        it("takes load balancer attributes: dual stack, headers, desync, idle timeout, deletion protection, access logs", async () => {
            const p = await plan({
                alb: { ipAddressType: "dualstack", dropInvalidHeaderFields: false, desyncMitigationMode: "strictest", idleTimeout: 120, deletionProtection: true, accessLogs: { bucket: "my-elb-logs", prefix: "dev/alb" } },
            }, { account: { ipv6: true } });
            expect(p.get(T.lb, "ALB").inputs).to.include({ ipAddressType: "dualstack", dropInvalidHeaderFields: false, desyncMitigationMode: "strictest", idleTimeout: 120, enableDeletionProtection: true });
            expect(p.get(T.lb, "ALB").inputs.accessLogs).to.deep.equal({ bucket: "my-elb-logs", prefix: "dev/alb", enabled: true });
        });
    });

    describe("NLB", () => {
        it("nlb.eipAllocationIds reuses existing Elastic IPs and allocates none", async () => {
            const ids = ["eipalloc-0aaaaaaaa", "eipalloc-0bbbbbbbb", "eipalloc-0cccccccc", "eipalloc-0dddddddd"];
            const p = await plan({ nlb: { eipAllocationIds: ids } });
            expect(p.ofType(T.eip)).to.have.length(0);
            expect((p.get(T.lb, "NLB").inputs.subnetMappings as { allocationId: string }[]).map((m) => m.allocationId)).to.deep.equal(ids);
            expect(p.outputs.nlbStaticIps).to.have.length(4);
        });

        it("takes cross-zone, deletion protection and access logs", async () => {
            const p = await plan({ nlb: { crossZone: false, deletionProtection: true, accessLogs: { bucket: "my-elb-logs", prefix: "dev/nlb" } }, fleet: { instanceCount: 4 } });
            expect(p.get(T.lb, "NLB").inputs).to.include({ enableCrossZoneLoadBalancing: false, enableDeletionProtection: true });
            expect(p.get(T.lb, "NLB").inputs.accessLogs).to.deep.equal({ bucket: "my-elb-logs", prefix: "dev/nlb", enabled: true });
        });
    });

    describe("tags", () => {
        it("team, stack and extraTags reach every taggable resource", async () => {
            const p = await plan({ team: "web-platform", extraTags: { CostCenter: 1234 } }, { stack: "prod" });
            for (const r of [p.get(T.lb, "ALB"), p.get(T.instance, "EC2_Web-ap-northeast-2a-1"), p.get(T.eip, "NLB-eip-ap-northeast-2a")]) {
                expect(r.inputs.tags).to.include({ Team: "web-platform", Environment: "prod", CostCenter: "1234", Project: "elb-web-tier" });
            }
        });
    });


    describe("NLB access logs", () => {
        const config = (v: Record<string, unknown>) => validateConfig(v, { project: "elb-web-tier", stack: "team-dev" });
        const bucket = { nlb: { accessLogs: { bucket: "central-elb-logs", prefix: "web" } } };

        it("warn when the stack names a bucket for an NLB without a TLS listener: AWS writes none then", async () => {
            expect(nlbAccessLogsWarning(config(bucket))).to.equal("warning: nlb.accessLogs.bucket is central-elb-logs, but the NLB has no TLS listener (only TCP): AWS writes NLB access logs for TLS listeners only, so none will arrive; add a TLS listener, or drop nlb.accessLogs (VPC flow logs record TCP and UDP connections)");
            // The program still turns them on, as asked (AWS accepts it).
            const p = await plan(bucket);
            expect(p.get(T.lb, "NLB").inputs.accessLogs).to.include({ bucket: "central-elb-logs", enabled: true });
        });

        it("say nothing with a TLS listener, without a bucket, or for the stack's own log bucket (set for the ALB)", () => {
            const tls = { nlbListeners: { tls: { port: 443, protocol: "TLS", defaultAction: { type: "forward", targetGroup: "TG-NLB" } } } };
            expect(nlbAccessLogsWarning(config({ ...bucket, ...tls }))).to.equal(undefined);
            expect(nlbAccessLogsWarning(config({}))).to.equal(undefined);
            expect(nlbAccessLogsWarning(config({ logBucket: { create: true } }))).to.equal(undefined);
        });
    });
});
