// The traffic model v2 declared under mocks: every target type, listener protocol, condition and
// action kind, from the payments team's stack file and from focused configs; and the dev stack
// still declaring exactly what v1 declared, its resources reachable through their aliases.
import { expect } from "chai";
import { Plan, plan, T } from "../support/program";
import { RecordedResource } from "../../tools/engine/mockRun";
import { displayValue } from "../../tools/plan/resources";
import v1 from "../fixtures/dev-v1-plan.json";
import { repoPlan } from "../plan/fixtures";

const FN_ARN = "arn:aws:lambda:ap-northeast-2:111122223333:function:payments-webhooks";
const PERMISSION = "aws:lambda/permission:Permission";
const LISTENER_CERT = "aws:lb/listenerCertificate:ListenerCertificate";

type Action = { type: string; targetGroupArn?: string; forward?: { targetGroups: { arn: string; weight: number }[]; stickiness?: unknown }; redirect?: Record<string, unknown> };
const actions = (r: RecordedResource) => r.inputs.actions as Action[];

describe("traffic model v2", () => {
    describe("the dev stack is what v1 declared", () => {
        let p: Plan;
        before(async () => {
            const result = await repoPlan("dev");
            p = new Plan(result.resources, result.outputs);
        });

        it("every v1 resource is found by URN or through an alias, with the same inputs", () => {
            // The mocks derive an instance's ID from its name; through its alias it is the same instance, with v1's ID.
            const mockId = (name: string) => `i-placeholder-${name.replace(/[^A-Za-z0-9-]/g, "-").toLowerCase()}`;
            const renames = p.ofType(T.instance).map((i) => [mockId(i.name), mockId(i.aliases[0].split("::").pop()!)] as const);
            const asV1 = (inputs: unknown) => JSON.parse(renames.reduce((text, [now, then]) => text.split(`"${now}"`).join(`"${then}"`), JSON.stringify(displayValue(inputs))));
            // v1's one TargetGroups component is retired (one component per group now); components own nothing in AWS.
            for (const old of v1.filter((r) => r.type !== T.component("targets", "TargetGroups"))) {
                const now = p.resources.filter((r) => r.urn === old.urn || r.aliases.includes(old.urn));
                expect(now, old.urn).to.have.length(1);
                expect(now[0].type, old.urn).to.equal(old.type);
                // The fixture is v1's plan JSON, where secrets read "[secret]".
                if (now[0].custom) expect(asV1(now[0].inputs), old.urn).to.deep.equal(old.inputs);
            }
        });

        it("declares nothing v1 did not (other than the per-group components)", () => {
            const known = new Set(v1.map((r) => r.urn));
            const extra = p.resources.filter((r) => !known.has(r.urn) && !r.aliases.some((a) => known.has(a)));
            expect(extra.map((r) => `${r.type} ${r.name}`)).to.deep.equal([
                `${T.component("targets", "TargetGroup")} TG-ALB`,
                `${T.component("targets", "TargetGroup")} TG-NLB`,
            ]);
        });
    });

    describe("the payments team's stack (Pulumi.payments-dev.yaml)", () => {
        let p: Plan;
        before(async () => {
            const result = await repoPlan("payments-dev");
            p = new Plan(result.resources, result.outputs);
        });

        it("forwards /api/* 90/10 to api and api-canary with group stickiness", () => {
            const rule = p.get(T.rule, "ALB-https-api-canary");
            const fwd = actions(rule)[0].forward!;
            expect(fwd.targetGroups.map((g) => g.weight)).to.deep.equal([90, 10]);
            expect(p.dependencyOf(rule, "actions").map((r) => r.name)).to.have.members(["api", "api-canary"]);
            expect(fwd.stickiness).to.deep.equal({ enabled: true, duration: 3600 });
        });

        it("routes a header and a query parameter to the canary", () => {
            expect(p.get(T.rule, "ALB-https-api-beta-header").inputs.conditions).to.deep.equal([
                { pathPattern: { values: ["/api/*"] } },
                { httpHeader: { httpHeaderName: "X-Payments-Beta", values: ["true"] } },
            ]);
            expect(p.get(T.rule, "ALB-https-api-beta-query").inputs.conditions).to.deep.include({ queryStrings: [{ key: "beta", value: "1" }] });
        });

        it("matches host and method, and source IP, on one rule each", () => {
            expect(p.get(T.rule, "ALB-https-ledger").inputs.conditions).to.deep.equal([
                { hostHeader: { values: ["ledger.payments.example.com"] } },
                { httpRequestMethod: { values: ["GET", "POST"] } },
            ]);
            expect(p.get(T.rule, "ALB-https-hooks").inputs.conditions).to.deep.include({ sourceIp: { values: ["198.51.100.0/24"] } });
        });

        it("redirects with placeholders and a 302", () => {
            expect(actions(p.get(T.rule, "ALB-https-old-docs"))[0]).to.deep.equal({ type: "redirect", redirect: { statusCode: "HTTP_302", host: "docs.payments.example.com", path: "/#{path}" } });
        });

        it("registers IP targets outside the VPC with availabilityZone all, and lets the load balancers reach them", () => {
            const ledger = p.get(T.tg, "ledger");
            expect(ledger.inputs).to.include({ targetType: "ip", protocol: "HTTPS", port: 8443 });
            const attachments = p.ofType(T.attachment).filter((a) => p.dependencyOf(a, "targetGroupArn")[0].name === "ledger");
            expect(attachments.map((a) => a.inputs)).to.deep.equal([
                { targetGroupArn: attachments[0].inputs.targetGroupArn, targetId: "192.168.40.10", port: 8443, availabilityZone: "all" },
                { targetGroupArn: attachments[0].inputs.targetGroupArn, targetId: "192.168.41.10", port: 8443, availabilityZone: "all" },
            ]);
            const egress = p.ofType(T.egress).filter((r) => r.inputs.cidrIpv4 === "192.168.40.10/32").map((r) => r.inputs.fromPort);
            expect(egress).to.deep.equal([8443]);
        });

        it("invokes the Lambda only after ELB may, and only from its own target group", () => {
            const hooks = p.get(T.tg, "hooks");
            expect(hooks.inputs).to.include({ targetType: "lambda" });
            expect(hooks.inputs).to.not.have.any.keys("port", "protocol", "vpcId");
            const permission = p.get(PERMISSION, "hooks-invoke");
            expect(permission.inputs).to.include({ action: "lambda:InvokeFunction", function: FN_ARN, principal: "elasticloadbalancing.amazonaws.com" });
            expect(p.dependencyOf(permission, "sourceArn").map((r) => r.urn)).to.deep.equal([hooks.urn]);
            const attachment = p.get(T.attachment, "hooks-lambda");
            expect(attachment.inputs.targetId).to.equal(FN_ARN);
            expect(attachment.dependencies).to.include(permission.urn);
        });

        it("terminates TLS on the NLB with the stack's certificate, TLS policy and ALPN, in front of TG-NLB", () => {
            const tls = p.get(T.listener, "NLB-tls");
            expect(tls.inputs).to.include({ protocol: "TLS", port: 443, alpnPolicy: "HTTP1Only", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" });
            expect(tls.inputs.certificateArn).to.match(/^arn:aws:acm:ap-northeast-2:111122223333:certificate\//);
            expect(p.dependencyOf(tls, "defaultActions").map((r) => r.name)).to.deep.equal(["TG-NLB"]);
        });

        it("adds the SNI certificate to the HTTPS listener", () => {
            const [cert] = p.ofType(LISTENER_CERT);
            expect(cert.inputs.certificateArn).to.match(/5b7d0c2a-1e4f-4c3b-8a6d-9e0f1a2b3c4d$/);
            expect(p.dependencyOf(cert, "listenerArn")[0].name).to.equal("ALB-https");
        });

        it("admits only the team's CIDRs, on the listener ports, and the instances on every instance group's port", () => {
            const ingress = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_access_sg-")).map((r) => `${r.inputs.fromPort} ${r.inputs.cidrIpv4}`);
            expect(ingress).to.have.members(["80 203.0.113.0/24", "443 203.0.113.0/24", "80 198.51.100.0/24", "443 198.51.100.0/24"]);
            const instancePorts = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_instances_sg-from-lb")).map((r) => r.inputs.fromPort);
            expect(instancePorts).to.have.members([80, 8080, 8081]);
            // The team's application (examples/payments-api) starts on every one of them.
            expect(String(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.userData)).to.contain('\nread -ra ports <<< "80 8080 8081"\n');
        });

        it("deploys into the team's VPC and subnets, one per AZ", () => {
            expect(p.get(T.tg, "api").inputs.vpcId).to.equal("vpc-0a1b2c3d4e5f60718");
            expect(p.get(T.lb, "ALB").inputs.subnets).to.deep.equal(["subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"]);
        });
    });

    describe("listener protocols and target types", () => {
        it("a UDP listener forwards to a UDP group on the instances, with UDP and TCP health-check rules", async () => {
            const p = await plan({
                // A workload that serves DNS (the greeting's httpd does not): UDP, and TCP for the health checks.
                workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: [{ port: 80, protocol: "HTTP", healthPath: "/" }, { port: 53, protocol: "TCP_UDP" }] },
                targetGroups: { dns: { protocol: "UDP", port: 53 } },
                nlbListeners: { dns: { port: 53, protocol: "UDP", defaultAction: { type: "forward", targetGroup: "dns" } } },
            });
            expect(p.get(T.listener, "NLB-dns").inputs).to.include({ protocol: "UDP", port: 53 });
            expect(p.get(T.tg, "dns").inputs).to.include({ protocol: "UDP", preserveClientIp: "true" });
            const access = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_access_sg-udp-53"));
            expect(access.map((r) => r.inputs.ipProtocol)).to.deep.equal(["udp", "udp"]);
            const instances = p.ofType(T.ingress).filter((r) => r.name.startsWith("web_instances_sg-from-lb")).map((r) => `${r.inputs.ipProtocol} ${r.inputs.fromPort}`);
            expect(instances).to.have.members(["tcp 80", "udp 53", "tcp 53"]);
        });

        it("a TCP_UDP listener forwards to a TCP_UDP group and opens both protocols", async () => {
            const p = await plan({
                workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: [{ port: 80, protocol: "HTTP", healthPath: "/" }, { port: 5060, protocol: "TCP_UDP" }] },
                targetGroups: { sip: { protocol: "TCP_UDP", port: 5060 } },
                nlbListeners: { sip: { port: 5060, protocol: "TCP_UDP", defaultAction: { type: "forward", targetGroup: "sip" } } },
            });
            const access = p.ofType(T.ingress).filter((r) => r.inputs.fromPort === 5060 && r.name.startsWith("web_access_sg")).map((r) => r.inputs.ipProtocol);
            expect(access).to.have.members(["tcp", "tcp", "udp", "udp"]);
        });

        it("an alb group puts the ALB behind the NLB's static IPs, registered after the ALB listens on its port", async () => {
            const p = await plan({
                targetGroups: { "to-alb": { protocol: "TCP", port: 443, targetType: "alb" } },
                nlbListeners: { https: { port: 443, protocol: "TCP", defaultAction: { type: "forward", targetGroup: "to-alb" } } },
            });
            const tg = p.get(T.tg, "to-alb");
            expect(tg.inputs).to.include({ targetType: "alb", protocol: "TCP", port: 443 });
            // The health check reaches the ALB's HTTPS:443 listener, so it speaks HTTPS.
            expect(tg.inputs.healthCheck).to.include({ protocol: "HTTPS", path: "/" });
            expect(tg.inputs).to.not.have.any.keys("preserveClientIp", "stickiness");
            const attachment = p.get(T.attachment, "to-alb-alb");
            expect(p.dependencyOf(attachment, "targetId")[0].name).to.equal("ALB");
            expect(attachment.dependencies).to.include(p.get(T.listener, "ALB-https").urn);
            const self = p.ofType(T.ingress).filter((r) => r.name === "web_access_sg-alb-from-nlb-443");
            expect(self).to.have.length(1);
        });

        it("a fixed response and a redirect as listener default actions", async () => {
            const p = await plan({
                albListeners: {
                    http: { defaultAction: { type: "redirect", protocol: "HTTPS", port: 8443 } },
                    admin: { port: 8443, protocol: "HTTPS", defaultAction: { type: "fixed-response", statusCode: 404, messageBody: "no" } },
                },
            });
            expect((p.get(T.listener, "ALB-http").inputs.defaultActions as Action[])[0].redirect).to.deep.include({ protocol: "HTTPS", port: "8443" });
            expect(p.get(T.listener, "ALB-admin").inputs.defaultActions).to.deep.equal([{ type: "fixed-response", fixedResponse: { statusCode: "404", contentType: "text/plain", messageBody: "no" } }]);
        });

        it("an NLB weighted forward across two groups", async () => {
            const p = await plan({
                targetGroups: { "TG-NLB-green": { protocol: "TCP", port: 8080 } },
                nlbListeners: { tcp: { defaultAction: { type: "forward", targetGroups: [{ targetGroup: "TG-NLB", weight: 1 }, { targetGroup: "TG-NLB-green", weight: 0 }] } } },
            });
            const fwd = (p.get(T.listener, "NLB-tcp").inputs.defaultActions as Action[])[0].forward!;
            expect(fwd.targetGroups.map((g) => g.weight)).to.deep.equal([1, 0]);
        });

        it("header and query conditions may repeat in one rule", async () => {
            const p = await plan({
                albListeners: { https: { rules: { r: { priority: 1, conditions: [
                    { httpHeader: { name: "X-A", values: ["1"] } }, { httpHeader: { name: "X-B", values: ["2"] } },
                    { queryString: [{ value: "x" }] }, { queryString: [{ key: "k", value: "\\*" }] },
                ], action: { type: "forward", targetGroup: "TG-ALB" } } } } },
            });
            expect(p.get(T.rule, "ALB-https-r").inputs.conditions).to.have.length(4);
        });
    });
});
