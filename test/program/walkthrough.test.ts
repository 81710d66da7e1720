// The README's "A new team's stack" walkthrough, run verbatim: each `pulumi config set` line goes
// through the CLI's storing rules (test/support/pulumiConfigSet.ts, from pulumi/pulumi's
// config/map.go), the stack file is written as the CLI writes it, and the offline plan must plan
// it, secrets and all, with the pack's defaults (the stack has no policy config of its own).
import { expect } from "chai";
import { generateKeyPairSync } from "crypto";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { KEYS, validateConfig, valuesFromRawConfig } from "../../infra/config";
import { knownKeyPath } from "../../infra/config/load";
import { runPlan } from "../../tools/plan/run";
import { policyConfigFor } from "../../tools/engine/stackPolicy";
import { loadStackConfig, StackConfigError } from "../../tools/engine/project";
import { applyConfigCommand, parsePropertyPath } from "../support/pulumiConfigSet";
import { ROOT, TempProjects } from "../plan/fixtures";

const PROJECT = "elb-web-tier";

/** The shell block under a README heading. */
function readmeBlock(heading: string): string[] {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const at = readme.indexOf(`\n${heading}\n`);
    expect(at, heading).to.be.greaterThan(0);
    const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
    return (block?.[1] ?? "").split("\n").filter((l) => l.trim() !== "");
}

const files = {
    "cert.pem": fs.readFileSync(path.join(ROOT, "test/policies/certs/rsa2048-100y.pem"), "utf8"),
    "key.pem": generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
};

function stackFileFrom(lines: string[]): { yaml: string; config: Record<string, unknown>; applied: number } {
    const config: Record<string, unknown> = {};
    let applied = 0;
    for (const line of lines) if (applyConfigCommand(config, PROJECT, line, files)) applied++;
    return { yaml: YAML.stringify({ config }), config, applied };
}

describe("README walkthrough: a new team's stack, verbatim", () => {
    const temp = new TempProjects();
    after(() => temp.removeAll());
    const lines = readmeBlock("### A new team's stack");

    it("every pulumi config set line is one the CLI accepts, and the stack file it leaves plans with the pack's defaults", async () => {
        const { yaml, config, applied } = stackFileFrom(lines);
        expect(applied).to.be.greaterThan(10);
        // The walkthrough's secret is stored encrypted, as the CLI would.
        expect((config["elb-web-tier:certificate"] as { privateKey: unknown }).privateKey).to.have.key("secure");
        const dir = temp.create({ "payments-staging": yaml });
        const plan = await runPlan({ projectDir: dir, stack: "payments-staging" });
        expect(plan.policyConfig).to.equal(null);
        const groups = plan.resources.filter((r) => r.type === "aws:lb/targetGroup:TargetGroup").map((r) => r.inputs.port);
        expect(groups).to.include(8080);
        const rule = plan.resources.find((r) => r.type === "aws:lb/listenerRule:ListenerRule");
        expect(JSON.stringify(rule?.inputs.conditions)).to.include("/api/*");
        // workload.greeting set without a mode: the greeting workload's page says it.
        const instances = plan.resources.filter((r) => r.type === "aws:ec2/instance:Instance");
        expect(instances).to.have.length.greaterThan(0);
        for (const i of instances) expect(String(i.inputs.userData)).to.include('echo "Hello from payments $(hostname -f)"');
        expect(plan.notes.join("\n")).to.include("elb-web-tier:certificate is a secret");
    });

    it("the checks the suite runs over every stack file accept it: values read as the CLI passes them, the pack's defaults as its policy config", () => {
        const dir = temp.create({ "payments-staging": stackFileFrom(lines).yaml });
        const { config } = loadStackConfig(dir, "payments-staging");
        expect(config["elb-web-tier:certificate"]).to.include("[secret]");
        expect(() => validateConfig(valuesFromRawConfig(PROJECT, config), { project: PROJECT, stack: "payments-staging", region: config["aws:region"] })).to.not.throw();
        expect(policyConfigFor(dir, "payments-staging").file).to.equal(null);
    });

    it("the plan refuses the old one-segment '[]' line with the value and the commands that work", () => {
        const { yaml } = stackFileFrom(["pulumi config set --path 'ingressIpv6Cidrs' '[]'"]);
        const dir = temp.create({ old: yaml });
        let problems: string[] = [];
        try {
            loadStackConfig(dir, "old");
        } catch (e) {
            if (!(e instanceof StackConfigError)) throw e;
            problems = e.problems;
        }
        expect(problems).to.have.length(1);
        expect(problems[0]).to.include("must be of type 'array<string>'");
        expect(problems[0]).to.include('got the string "[]"');
        expect(problems[0]).to.include("ingressIpv6Cidrs[0]");
    });
});

describe("README: the stack files under \"Two setups that plan only one way\" plan as written", () => {
    const temp = new TempProjects();
    after(() => temp.removeAll());
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const at = readme.indexOf("**Two setups that plan only one way.**");
    const section = readme.slice(at, readme.indexOf("\n### ", at));
    const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

    it("finds the two stack files", () => {
        expect(at).to.be.greaterThan(0);
        expect(blocks).to.have.length(2);
    });

    it("management port: both groups check 8081's /actuator/health, no mandatory finding", async () => {
        const plan = await runPlan({ projectDir: temp.create({ mgmt: blocks[0] }), stack: "mgmt" });
        expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
        const checks = plan.resources.filter((r) => r.type === "aws:lb/targetGroup:TargetGroup").map((r) => r.inputs.healthCheck as Record<string, unknown>);
        expect(checks.map((h) => [h.port, h.path])).to.deep.equal([["8081", "/actuator/health"], ["8081", "/actuator/health"]]);
    });

    it("gRPC: the ALB checks the service with gRPC, the NLB's check is answered by the rule, no mandatory finding", async () => {
        const plan = await runPlan({ projectDir: temp.create({ grpc: blocks[1] }), stack: "grpc" });
        expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).to.deep.equal([]);
        const group = (name: string) => plan.resources.find((r) => r.type === "aws:lb/targetGroup:TargetGroup" && r.name === name)?.inputs;
        expect(group("inventory")).to.include({ protocolVersion: "GRPC" });
        expect(group("alb-front")?.healthCheck).to.include({ path: "/lb-health" });
    });
});

describe("README: every pulumi config set command names a key the program reads", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    const commands = blocks.flatMap((b) => b.split("\n")).flatMap((l) => l.split("&&")).map((l) => l.trim()).filter((l) => l.startsWith("pulumi config set"));

    it("finds the README's commands", () => {
        expect(commands.length).to.be.greaterThan(15);
    });

    for (const line of commands) {
        it(line.replace(/\s+#.*$/, ""), () => {
            const words = line.replace(/\s+#.*$/, "").split(/\s+/);
            const keyWord = words.slice(3).find((w) => !w.startsWith("--")) ?? "";
            const keyPath = keyWord.replace(/^'|'$/g, "");
            if (keyPath.startsWith("aws:")) {
                expect(keyPath).to.equal("aws:region");
                return;
            }
            // Every segment a key, field, map entry or list index of the key table.
            expect(knownKeyPath(keyPath), keyPath).to.equal(true);
            // A one-segment --path stores text: only a scalar key may be set that way.
            if (words.includes("--path") && parsePropertyPath(keyPath).length === 1) {
                const meta = (KEYS as Record<string, { meta: { type: string } }>)[keyPath]?.meta;
                expect(meta?.type, `${keyPath} is a list or map: a one-segment --path would store text`).to.be.oneOf(["string", "integer", "boolean"]);
            }
        });
    }
});
