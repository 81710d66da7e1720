// Policy findings a config-only team can act on: the plan names the stack config key that fixes a
// finding on a resource the program declares, from one mapping beside the key table
// (infra/config/fixes.ts), and setting that key makes the finding go away.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { knownKeyPath } from "../../infra/config/load";
import { POLICY_FIXES } from "../../infra/config/fixes";
import { rules as policies } from "../../policies/rules";
import { runPlan } from "../../tools/plan/run";
import { renderMarkdown } from "../../tools/plan/render/markdown";
import { renderText } from "../../tools/plan/render/text";
import { ROOT, TempProjects } from "./fixtures";

const PROD_POLICY = path.join(ROOT, "policies/config/prod.json");
const devYaml = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");

/** The text lines of one policy's findings. */
function findingBlock(text: string, policy: string): string {
    const start = text.indexOf(`  ${policy}: `);
    expect(start, policy).to.be.greaterThan(-1);
    const rest = text.slice(start + 2);
    const end = rest.search(/\n {2}\S|\n\n/);
    return end < 0 ? rest : rest.slice(0, end);
}

describe("plan: the stack config that fixes a finding", () => {
    const temp = new TempProjects();
    after(() => temp.removeAll());

    it("names only key paths the key table has, for policies the pack has", () => {
        const names = policies.map((p) => p.name);
        for (const f of POLICY_FIXES) {
            expect(names, f.policy).to.include(f.policy);
            const fix = f.fix({ type: f.types[0] ?? "", name: "ALB-https", inputs: {} });
            expect(fix.keys, f.policy).to.not.be.empty;
            for (const k of fix.keys) expect(knownKeyPath(k), `${f.policy}: ${k}`).to.equal(true);
        }
        for (const nlb of POLICY_FIXES.filter((f) => f.policy === "lb-deletion-protection" || f.policy === "lb-access-logs")) {
            for (const k of nlb.fix({ type: nlb.types[0], name: "NLB", inputs: { loadBalancerType: "network" } }).keys) expect(knownKeyPath(k), k).to.equal(true);
        }
    });

    it("knows a key path from a misspelt one", () => {
        expect(knownKeyPath("protect.elasticIps")).to.equal(true);
        expect(knownKeyPath("albListeners.https.sslPolicy")).to.equal(true);
        expect(knownKeyPath("protect.elasticIp")).to.equal(false);
        expect(knownKeyPath("albListeners.https.sslPolicyy")).to.equal(false);
        expect(knownKeyPath("albDeletionProtect")).to.equal(false);
        expect(knownKeyPath("ingressCidrs[0]")).to.equal(true);
        expect(knownKeyPath("ingressCidrs.first")).to.equal(false);
        expect(knownKeyPath("extraTags.CostCenter")).to.equal(true);
        expect(knownKeyPath("albListeners.https.rules.api.conditions[0].pathPattern[0]")).to.equal(true);
        expect(knownKeyPath("albListeners.https.rules.api.action.statusCode")).to.equal(true);
    });

    it("prints the key with each finding of the dev stack under prod's policies, in text and markdown", async () => {
        const dir = temp.create({ dev: devYaml });
        const plan = await runPlan({ projectDir: dir, stack: "dev", policyConfig: PROD_POLICY });
        const text = renderText(plan);
        const deletion = findingBlock(text, "lb-deletion-protection");
        expect(deletion).to.match(/- ALB: [^\n]*\n {6}fix in stack config: set alb.deletionProtection: true/);
        expect(deletion).to.match(/- NLB: [^\n]*\n {6}fix in stack config: set nlb.deletionProtection: true/);
        expect(findingBlock(text, "eip-protected")).to.contain("fix in stack config: set protect.elasticIps: true");
        expect(findingBlock(text, "ec2-no-public-ip")).to.contain("fix in stack config: set fleet.associatePublicIp: false");
        expect(renderMarkdown(plan)).to.contain("fix in stack config: set alb.deletionProtection: true");
    });

    it("setting the keys it names makes those findings go away", async () => {
        const fixed = devYaml.replace("config:\n", "config:\n  elb-web-tier:alb:\n    deletionProtection: true\n  elb-web-tier:nlb:\n    deletionProtection: true\n  elb-web-tier:protect:\n    elasticIps: true\n");
        const dir = temp.create({ dev: fixed });
        const plan = await runPlan({ projectDir: dir, stack: "dev", policyConfig: PROD_POLICY });
        const left = plan.violations.map((v) => v.policy);
        expect(left).to.not.include("lb-deletion-protection");
        expect(left).to.not.include("eip-protected");
    });

    it("a listener port open to the internet outside the web ports names the ingress keys, and narrowing them clears it", async () => {
        const db = "  elb-web-tier:targetGroups:\n    db:\n      protocol: TCP\n      port: 5432\n  elb-web-tier:nlbListeners:\n    pg:\n      port: 5432\n      protocol: TCP\n      defaultAction:\n        type: forward\n        targetGroup: db\n";
        const open = await runPlan({ projectDir: temp.create({ dev: devYaml.replace("config:\n", `config:\n${db}`) }), stack: "dev", policyConfig: PROD_POLICY });
        const block = findingBlock(renderText(open), "sg-internet-ingress-web-ports-only");
        expect(block).to.match(/5432[^\n]*\n {6}fix in stack config: narrow ingressCidrs \/ ingressIpv6Cidrs \(every listener port is open to them\), or turn allowDirectInstanceHttp off/);
        const narrowed = devYaml.replace("config:\n", `config:\n${db}  elb-web-tier:ingressCidrs:\n    - 203.0.113.0/24\n  elb-web-tier:ingressIpv6Cidrs: []\n`);
        const closed = await runPlan({ projectDir: temp.create({ dev: narrowed }), stack: "dev", policyConfig: PROD_POLICY });
        expect(closed.violations.map((v) => v.policy)).to.not.include("sg-internet-ingress-web-ports-only");
    });
});
