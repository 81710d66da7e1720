// `npm run plan` end to end: exit codes 0 (clean or advisory only), 1 (a mandatory violation),
// 2 (invalid config or usage, messages on stderr). Two runs go through a real child process, as CI
// runs it; the rest run in-process, which is much faster.
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DIAGRAM_END, DIAGRAM_START } from "../../tools/plan/readme";
import { stackNames } from "../../tools/engine/project";
import { CliRun, ROOT, runCli, TempProjects } from "./fixtures";

/** Runs the command as `npm run plan` does (node -r ./tools/scripts/register.js tools/plan/index.ts), in a child process. */
function runChild(argv: string[]): Promise<CliRun & { ms: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", path.join(ROOT, "tools", "scripts", "register.js"), path.join(ROOT, "tools", "plan", "index.ts"), ...argv], { cwd: ROOT });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => { stdout += d; });
        child.stderr.on("data", (d) => { stderr += d; });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
    });
}

const INVALID = "config:\n  aws:region: eu-west-1\n  elb-web-tier:fleet:\n    instanceCount: 0\n";
const INSECURE = "config:\n  aws:region: us-west-2\n  elb-web-tier:alb:\n    dropInvalidHeaderFields: false\n";
const NO_REDIRECT = "config:\n  elb-web-tier:albListeners:\n    http:\n      defaultAction: { type: forward, targetGroup: TG-ALB }\n";

describe("plan: the command and its exit codes", () => {
    const temp = new TempProjects();
    const dir = temp.create({ invalid: INVALID, insecure: INSECURE, noredirect: NO_REDIRECT });
    // The child processes start while mocha loads the test files, so they run alongside the whole
    // suite instead of adding their ~2 s each to it.
    const invalidChild = runChild(["--stack", "invalid", "--cwd", dir]);
    const insecureChild = runChild(["--stack", "insecure", "--cwd", dir, "--format", "markdown"]);
    after(() => temp.removeAll());

    it("--all plans every stack file of the repository cleanly (exit 0), each under its own policy config, as one JSON list", async () => {
        const run = await runCli(["--all", "--format", "json"]);
        expect(run.code, run.stderr).to.equal(0);
        const plans = JSON.parse(run.stdout) as { stack: string; policies: { config: string } }[];
        expect(plans.map((p) => p.stack)).to.deep.equal(stackNames(ROOT));
        expect(plans.find((p) => p.stack === "payments-dev")?.policies.config).to.equal("policies/config/dev.json");
        expect(run.stderr).to.equal(`planned ${plans.length} stacks: ${stackNames(ROOT).join(", ")}\n`);
    });

    it("--all goes on past a failing stack, names it, and exits with the worst stack's code", async () => {
        const run = await runCli(["--all", "--cwd", dir, "--format", "text"]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("invalid: Invalid stack configuration in Pulumi.invalid.yaml:\n  - elb-web-tier:fleet.instanceCount: must be an integer from 1 to 20; got 0\n");
        expect(run.stderr).to.contain("insecure: error: 1 mandatory policy violation: alb-drop-invalid-header-fields\n");
        expect(run.stdout).to.contain("Plan of elb-web-tier/noredirect");
        const usage = await runCli(["--all", "--stack", "dev"]);
        expect(usage.code).to.equal(2);
        expect(usage.stderr).to.match(/^error: --all plans every stack with its own policy config: it takes no --stack/);
    });

    it("a stack file with a typo'd key fails naming the file and the key", async () => {
        const typo = temp.create({ typo: "config:\n  elb-web-tier:instanceCnt: 3\n" });
        const run = await runCli(["--stack", "typo", "--cwd", typo]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.match(/^Invalid stack configuration in Pulumi\.typo\.yaml:\n {2}- elb-web-tier:instanceCnt: is not a known key .*; got 3\n$/);
    });

    it("says how many Elastic IPs a stack allocates, and warns past the default quota of 5", async () => {
        const run = await runCli(["--stack", "prod", "--format", "text"]);
        expect(run.stdout).to.match(/warning: allocates 6 Elastic IPs \(web-nat-eip-ap-northeast-2a, .*NLB-eip-ap-northeast-2c\), more than the default quota of 5 per region/);
        const dev = await runCli(["--stack", "dev", "--format", "text"]);
        expect(dev.stdout).to.contain("allocates 4 Elastic IPs (NLB-eip-ap-northeast-2a, NLB-eip-ap-northeast-2b, NLB-eip-ap-northeast-2c, NLB-eip-ap-northeast-2d); the default quota is 5 per region");
    });

    it("says how many prefix list references a security group makes, which AWS counts as the lists' maximum entries", async () => {
        const cdn = temp.create({ cdn: "config:\n  elb-web-tier:ingressCidrs: []\n  elb-web-tier:ingressIpv6Cidrs: []\n  elb-web-tier:ingressPrefixListIds: [pl-22a6434b]\n" });
        for (const preview of [false, true]) {
            const run = await runCli(["--stack", "cdn", "--cwd", cdn, "--format", "text", ...(preview ? ["--preview"] : [])]);
            expect(run.stdout, preview ? "preview" : "update").to.contain("web_access_sg references pl-22a6434b on TCP 80, TCP 443 (2 references) beside 0 other inbound rules: AWS counts each reference as the list's maximum entries against 60 inbound rules per security group");
        }
        expect((await runCli(["--stack", "cdn", "--cwd", cdn, "--format", "text"])).stdout).not.to.contain("restrict nothing");
        const dev = await runCli(["--stack", "dev", "--format", "text"]);
        expect(dev.stdout).not.to.contain("references pl-");
        // The list beside the default ingressCidrs (0.0.0.0/0): the group admits everyone anyway.
        const both = temp.create({ both: "config:\n  elb-web-tier:ingressPrefixListIds: [pl-22a6434b]\n" });
        expect((await runCli(["--stack", "both", "--cwd", both, "--format", "text"])).stdout)
            .to.contain("warning: web_access_sg also admits TCP 80 from 0.0.0.0/0, TCP 443 from 0.0.0.0/0, TCP 80 from ::/0, TCP 443 from ::/0, so the prefix lists restrict nothing there; to admit only them, set ingressCidrs: [] and ingressIpv6Cidrs: [] (or narrow them)");
    });

    it("turning off the HTTP-to-HTTPS redirect exits 1 (here while writing the README diagram, which --write-readme does)", async () => {
        fs.writeFileSync(path.join(dir, "README.md"), `# x\n\n${DIAGRAM_START}\nold\n${DIAGRAM_END}\n\nrest\n`);
        const run = await runCli(["--stack", "noredirect", "--cwd", dir, "--write-readme"]);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.equal("updated the diagram of stack noredirect in README.md\nerror: 1 mandatory policy violation: alb-http-redirects-to-https\n");
        expect(run.stdout).to.equal("");
        const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
        expect(readme).to.match(new RegExp(`${DIAGRAM_START}\\n<!-- generated by .*-->\\n\`\`\`mermaid\\nflowchart LR\\n[^]*\`\`\`\\n${DIAGRAM_END}\\n\\nrest\\n$`));
        // With the redirect off, HTTP:80 forwards to TG-ALB.
        expect(readme).to.contain("listener_ALB_http --> tg_TG_ALB");
    });

    it("--policy-config chooses the enforcement levels", async () => {
        const strict = path.join(dir, "strict.json");
        fs.writeFileSync(strict, JSON.stringify({ all: "mandatory" }));
        const run = await runCli(["--stack", "dev", "--policy-config", strict, "--format", "json"]);
        expect(run.code).to.equal(1);
        expect(JSON.parse(run.stdout).policies).to.include({ config: path.relative(ROOT, strict), advisory: 0 });
    });

    it("exits 2 for usage errors, unknown stacks and an invalid policy config", async () => {
        const usage = await runCli(["--stack", "dev", "--format", "yaml"]);
        expect(usage.code).to.equal(2);
        expect(usage.stderr).to.match(/^error: --format must be one of text, json, markdown, mermaid; got "yaml"\n\nUsage: npm run plan/);

        const unknown = await runCli(["--stack", "staging", "--cwd", dir]);
        expect(unknown.code).to.equal(2);
        expect(unknown.stderr).to.match(/no stack file Pulumi\.staging\.yaml in .*; stacks with a file: insecure, invalid, noredirect/);

        const badPolicy = path.join(dir, "bad-policy.json");
        fs.writeFileSync(badPolicy, JSON.stringify({ all: "fatal" }));
        const policy = await runCli(["--stack", "dev", "--policy-config", badPolicy]);
        expect(policy.code).to.equal(2);
        expect(policy.stderr).to.contain("is not a valid enforcement level");
        expect(policy.stdout).to.equal("");
    });

    it("exits 2, naming what is missing, for a Pulumi.yaml copied without the program (not 3, a crash)", async () => {
        const bare = temp.create({ scratch: "config:\n  aws:region: eu-west-1\n" }, fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
        const run = await runCli(["--stack", "scratch", "--cwd", bare]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain(`${path.join(bare, "Pulumi.yaml")}: no program to run: ${bare} has no package.json naming a main`);
        expect(run.stderr).to.not.contain("    at ");
    });

    it("--help prints the usage and exits 0", async () => {
        const run = await runCli(["--help"]);
        expect(run.code).to.equal(0);
        expect(run.stdout).to.contain("Exit codes: 0 no mandatory policy violation, 1 a mandatory violation or a --fail-on hazard, 2 invalid\nconfig, usage or base");
    });

    // Last, so the child processes have had the in-process tests above to finish.
    it("child process: invalid config exits 2 with the validation messages on stderr and nothing on stdout", async () => {
        const run = await invalidChild;
        // The stack file and the key: what to open and what to fix.
        expect(run.stderr).to.equal("Invalid stack configuration in Pulumi.invalid.yaml:\n  - elb-web-tier:fleet.instanceCount: must be an integer from 1 to 20; got 0\n");
        expect(run.stdout).to.equal("");
        expect(run.code).to.equal(2);
    });

    it("child process: a mandatory violation under the pack's default config exits 1, after printing the plan", async () => {
        const run = await insecureChild;
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.match(/^### Offline plan: `elb-web-tier\/insecure`\n\n\*\*FAILED: 1 mandatory policy violation/);
        expect(run.stdout).to.contain("#### Mandatory (1)\n\n- `alb-drop-invalid-header-fields`:");
        expect(run.stdout).to.contain("(the pack's defaults)");
        expect(run.stderr).to.equal("error: 1 mandatory policy violation: alb-drop-invalid-header-fields\n");
        // It exited on its own (Pulumi leaves no handle that keeps it alive): a hung process fails
        // this test by mocha's timeout, not by a timing assert (timings belong in npm run bench).
    });
});
