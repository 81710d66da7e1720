// The four output formats of `npm run plan`, from the dev stack planned once (in-process), and the
// diagram's derivation from property dependencies (also for an Auto Scaling group).
import { expect } from "chai";
import { RecordedResource, UNKNOWN } from "../../tools/engine/mockRun";
import { PlanResult } from "../../tools/plan/run";
import { planJson } from "../../tools/plan/render/json";
import { renderMarkdown } from "../../tools/plan/render/markdown";
import { mermaidDiagram, renderMermaid } from "../../tools/plan/render/mermaid";
import { renderText } from "../../tools/plan/render/text";
import { displayValue } from "../../tools/plan/resources";
import { topology } from "../../tools/plan/topology";
import { devPlan } from "./fixtures";

/** Mermaid edges as "from --> to" with node IDs. */
const edges = (diagram: string) => diagram.split("\n").filter((l) => /-->|-\.-/.test(l)).map((l) => l.trim());

describe("plan: output formats of the dev stack", () => {
    let plan: PlanResult;
    let preview: PlanResult;
    before(async () => {
        plan = await devPlan();
        preview = await devPlan(true);
    });

    it("text: a tree of components and resources with key settings, the outputs, then findings by level", () => {
        const text = renderText(plan);
        expect(text).to.match(/^Plan of elb-web-tier\/dev in ap-northeast-2 \(create: a first deployment, every resource new; offline under mocks/);
        expect(text).to.contain("Stack file Pulumi.dev.yaml, policy config policies/config/dev.json");
        expect(text).to.contain("├─ ALB (ApplicationLoadBalancer)\n│  ├─ ALB (LoadBalancer): application, internet-facing, ipv4, 4 subnets, security groups web_access_sg, drop invalid headers on");
        expect(text).to.contain("ALB-http (Listener): HTTP:80, redirect to HTTPS:443 (HTTP_301)");
        expect(text).to.contain("ALB-https (Listener): HTTPS:443, ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, certificate ALB-self-signed, forward to TG-ALB");
        expect(text).to.contain("ALB-https-robots-txt (ListenerRule): priority 100 on ALB-https, if path /robots.txt, fixed-response 200");
        expect(text).to.contain("TG-ALB-EC2_Web-ap-northeast-2a-1 (TargetGroupAttachment): EC2_Web-ap-northeast-2a-1 in TG-ALB on 80");
        expect(text).to.contain("NLB (LoadBalancer): network, internet-facing, ipv4, 4 subnets, 4 Elastic IPs");
        expect(text).to.contain("Outputs:\n  albDnsName: ALB-placeholder.ap-northeast-2.elb.amazonaws.com");
        expect(text).to.contain("  targetGroupArns.TG-ALB: arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/TG-ALB-placeholder/");
        const mandatory = text.indexOf("Policy findings, mandatory (0): none");
        const advisory = text.indexOf("Policy findings, advisory (");
        expect(mandatory).to.be.greaterThan(text.indexOf("Outputs:"));
        expect(advisory).to.be.greaterThan(mandatory);
        expect(text).to.contain("  lb-deletion-protection: Load balancers should have deletion protection enabled");
        expect(text).to.contain("    - NLB: Deletion protection is off");
        expect(text.trimEnd().split("\n").pop()).to.match(/^PASSED: no mandatory policy violations \(\d+ advisory\)$/);
    });

    it("text in a preview: computed values read as known after apply", () => {
        const text = renderText(preview);
        expect(text).to.contain("(create: a first deployment, every resource new; preview: computed values unknown;");
        expect(text).to.contain("albDnsName: (known after apply)");
        expect(text).to.contain("forward to TG-ALB");
    });

    it("json: stack, project, resources (urn, type, name, parent, inputs), outputs and policy violations", () => {
        const json = JSON.parse(JSON.stringify(planJson(plan)));
        expect(json).to.include({ version: 1, project: "elb-web-tier", stack: "dev", region: "ap-northeast-2", preview: false, stackFile: "Pulumi.dev.yaml" });
        expect(json.resources).to.have.length(plan.resources.length);
        for (const r of json.resources) expect(r).to.have.all.keys("urn", "type", "name", "parent", "custom", "inputs", "dependencies", "propertyDependencies", "options");
        // The NLB must go before its replacement can take its Elastic IPs (infra/nlb.ts).
        expect(json.resources.find((r: { name: string; custom: boolean }) => r.name === "NLB" && r.custom).options).to.include({ deleteBeforeReplace: true, protect: false });
        const alb = json.resources.find((r: { name: string; custom: boolean }) => r.name === "ALB" && r.custom);
        expect(alb.type).to.equal("aws:lb/loadBalancer:LoadBalancer");
        expect(alb.parent).to.equal("urn:pulumi:dev::elb-web-tier::elb-web-tier:alb:ApplicationLoadBalancer::ALB");
        expect(alb.inputs).to.include({ loadBalancerType: "application", dropInvalidHeaderFields: true });
        expect(json.outputs.nlbStaticIps).to.have.length(4);
        expect(json.policies.config).to.equal("policies/config/dev.json");
        expect(json.policies.mandatory).to.equal(0);
        expect(json.policies.violations).to.have.length(json.policies.advisory).and.not.be.empty;
        for (const v of json.policies.violations) expect(v).to.have.all.keys("policy", "enforcementLevel", "urn", "message");
    });

    it("json in a preview: unknown values are the engine's marker, named in the document", () => {
        const json = planJson(preview) as { unknownValue: string; outputs: Record<string, unknown>; resources: { name: string; inputs: Record<string, unknown> }[] };
        expect(json.unknownValue).to.equal(UNKNOWN);
        expect(json.outputs.albDnsName).to.equal(UNKNOWN);
        expect(json.resources.find((r) => r.name === "ALB-https")?.inputs.loadBalancerArn).to.equal(UNKNOWN);
    });

    it("json never shows a secret's value", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" };
        expect(displayValue({ a: [secret], b: 1 })).to.deep.equal({ a: ["[secret]"], b: 1 });
    });

    it("markdown: the verdict first, the diagram, resources, outputs and findings by level", () => {
        const md = renderMarkdown(plan);
        const lines = md.split("\n");
        expect(lines[0]).to.equal("### Offline plan: `elb-web-tier/dev`");
        expect(lines[2]).to.match(/^\*\*PASSED: no mandatory policy violations \(\d+ advisory\)\*\* · \d+ resources in ap-northeast-2/);
        expect(md).to.contain("```mermaid\nflowchart LR\n");
        expect(md).to.contain("└ `ALB` | LoadBalancer | application, internet-facing");
        expect(md).to.contain("| `albUrl` | https://ALB-placeholder.ap-northeast-2.elb.amazonaws.com/ |");
        expect(md).to.contain("#### Mandatory (0)\n\nNone.");
        expect(md).to.match(/#### Advisory \(\d+\)\n\n- `ec2-no-public-ip`: /);
        expect(md).to.contain("  - `ALB`: Access logs are not configured");
    });

    it("mermaid: clients -> load balancers -> listeners -> rules -> target groups -> instances, Elastic IPs on the NLB", () => {
        const diagram = renderMermaid(plan);
        expect(diagram.startsWith("flowchart LR\n")).to.equal(true);
        expect(diagram).to.contain('lb_ALB["ALB<br/>application, internet-facing<br/>web_access_sg"]');
        expect(edges(diagram)).to.include.members([
            "clients --> lb_ALB",
            "clients --> lb_NLB",
            "eip_NLB_eip_ap_northeast_2a -.- lb_NLB",
            "eip_NLB_eip_ap_northeast_2d -.- lb_NLB",
            "lb_ALB --> listener_ALB_https",
            "lb_ALB --> listener_ALB_http",
            "listener_ALB_http --> action_ALB_http",
            "listener_ALB_https --> tg_TG_ALB",
            "listener_ALB_https --> rule_ALB_https_robots_txt",
            "rule_ALB_https_robots_txt --> action_ALB_https_robots_txt",
            "lb_NLB --> listener_NLB_tcp",
            "listener_NLB_tcp --> tg_TG_NLB",
            "tg_TG_ALB --> target_EC2_Web_ap_northeast_2a_1",
            "tg_TG_ALB --> target_EC2_Web_ap_northeast_2b_1",
            "tg_TG_NLB --> target_EC2_Web_ap_northeast_2a_1",
            "tg_TG_NLB --> target_EC2_Web_ap_northeast_2b_1",
        ]);
        expect(diagram).to.contain('action_ALB_http>"redirect to HTTPS:443 (HTTP_301)"]');
        expect(diagram).to.contain('rule_ALB_https_robots_txt{{"rule 100<br/>path /robots.txt"}}');
    });

    it("mermaid: a preview (every ARN unknown) draws the same diagram, from property dependencies", () => {
        expect(renderMermaid(preview)).to.equal(renderMermaid(plan));
    });
});

describe("plan: the diagram follows what the code builds", () => {
    const urn = (type: string, name: string) => `urn:pulumi:dev::demo::${type}::${name}`;
    function resource(type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): RecordedResource {
        return { urn: urn(type, name), type, name, custom: true, inputs, dependencies: Object.values(propertyDependencies).flat(), propertyDependencies, deleteBeforeReplace: false, ignoreChanges: [], protect: false, retainOnDelete: false, replaceOnChanges: [], aliases: [] };
    }
    // An ALB (aws:alb token family) with a weighted forward, an Auto Scaling group registered by
    // targetGroupArns and one attached by aws:autoscaling/attachment, and an IP target.
    const lb = resource("aws:alb/loadBalancer:LoadBalancer", "edge", { loadBalancerType: "application", internal: true });
    const blue = resource("aws:alb/targetGroup:TargetGroup", "blue", { protocol: "HTTP", port: 8080 });
    const green = resource("aws:lb/targetGroup:TargetGroup", "green", { protocol: "HTTP", port: 8080 });
    const ips = resource("aws:lb/targetGroup:TargetGroup", "ips", { protocol: "HTTP", port: 80, targetType: "ip" });
    const listener = resource("aws:alb/listener:Listener", "edge-http", { protocol: "HTTP", port: 80, loadBalancerArn: UNKNOWN, defaultActions: [{ type: "forward", forward: { targetGroups: [{ arn: UNKNOWN }, { arn: UNKNOWN }] } }] },
        { loadBalancerArn: [lb.urn], defaultActions: [blue.urn, green.urn] });
    const rule = resource("aws:lb/listenerRule:ListenerRule", "api", { priority: 10, listenerArn: UNKNOWN, conditions: [{ hostHeader: { values: ["api.example.com"] } }], actions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
        { listenerArn: [listener.urn], actions: [ips.urn] });
    const fleet = resource("aws:autoscaling/group:Group", "fleet", { minSize: 2, maxSize: 6, targetGroupArns: [UNKNOWN] }, { targetGroupArns: [blue.urn] });
    const spare = resource("aws:autoscaling/group:Group", "spare", { minSize: 0, maxSize: 2 });
    const spareAttachment = resource("aws:autoscaling/attachment:Attachment", "spare-green", { autoscalingGroupName: UNKNOWN, lbTargetGroupArn: UNKNOWN },
        { autoscalingGroupName: [spare.urn], lbTargetGroupArn: [green.urn] });
    const ipAttachment = resource("aws:lb/targetGroupAttachment:TargetGroupAttachment", "ip-1", { targetGroupArn: UNKNOWN, targetId: "10.0.1.15", port: 80 }, { targetGroupArn: [ips.urn], targetId: [] });
    const resources = [lb, blue, green, ips, listener, rule, fleet, spare, spareAttachment, ipAttachment];

    it("draws Auto Scaling groups, weighted forwards, internal load balancers, both token families and literal targets", () => {
        const diagram = mermaidDiagram(resources);
        expect(edges(diagram)).to.have.members([
            'clients -->|"from the VPC"| lb_edge',
            "lb_edge --> listener_edge_http",
            "listener_edge_http --> tg_blue",
            "listener_edge_http --> tg_green",
            "listener_edge_http --> rule_api",
            "rule_api --> tg_ips",
            "tg_blue --> target_fleet",
            "tg_green --> target_spare",
            "tg_ips --> target_10_0_1_15",
        ]);
        expect(diagram).to.contain('target_fleet("fleet<br/>Auto Scaling group, 2-6 instances")');
        expect(diagram).to.contain('rule_api{{"rule 10<br/>host api.example.com"}}');
        expect(diagram).to.contain('lb_edge["edge<br/>application, internal"]');
    });

    it("gives every node one ID and draws every edge once", () => {
        const { nodes, edges: flow } = topology(resources);
        expect(new Set(nodes.map((n) => n.id)).size).to.equal(nodes.length);
        expect(new Set(flow.map((e) => `${e.from}>${e.to}`)).size).to.equal(flow.length);
        for (const e of flow) expect(nodes.map((n) => n.id)).to.include.members([e.from, e.to]);
    });

    it("escapes quotes and angle brackets in labels", () => {
        const odd = resource("aws:lb/loadBalancer:LoadBalancer", "say \"hi\" <now>", { loadBalancerType: "network" });
        expect(mermaidDiagram([odd])).to.contain('lb_say__hi___now_["say #quot;hi#quot; #lt;now#gt;<br/>network, internet-facing"]');
    });
});
