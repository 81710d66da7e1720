// --against <git ref>: the base is that commit's plan, made by its own plan tool from its own code
// and stack file in a temporary worktree (with node_modules linked in), in a child process. Here in
// a throwaway repository holding a copy of this project, once. The base's child process runs
// alongside the in-process plan of the working tree, as the command runs them.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CommitBases, loadBase, locateBase } from "../../tools/plan/change/base";
import { blockingHazards } from "../../tools/plan/change/blocking";
import { reviewChanges } from "../../tools/plan/change/review";
import { snapshotOf } from "../../tools/plan/change/snapshot";
import { runPlan } from "../../tools/plan/run";
import { ROOT, runCli } from "./fixtures";

const COPIED = ["Pulumi.yaml", "Pulumi.dev.yaml", "package.json", "tsconfig.json", "infra", "tools", "policies"];
// Stack files the tests add to the throwaway repository (the copy has dev only, at first).

function git(cwd: string, ...args: string[]): string {
    const r = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
}

/** A repository with this project committed, and a new greeting in the working tree's stack file. */
function throwawayRepository(): string {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "plan-git-"));
    for (const entry of COPIED) {
        fs.cpSync(path.join(ROOT, entry), path.join(repo, entry), { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
    fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
    git(repo, "init", "--quiet");
    git(repo, "add", "-A");
    git(repo, "commit", "--quiet", "-m", "base");
    // The change under review: a new greeting in the stack file.
    fs.appendFileSync(path.join(repo, "Pulumi.dev.yaml"), "  elb-web-tier:workload:\n    greeting: Hello from the pull request\n");
    return repo;
}

describe("plan --against a git ref", () => {
    let repo: string;
    before(() => { repo = throwawayRepository(); });
    after(() => fs.rmSync(repo, { recursive: true, force: true }));

    it("compares with the commit's own plan, made in a worktree it then removes", async () => {
        const [{ snapshot, label }, plan] = await Promise.all([
            loadBase({ against: "HEAD", cwd: repo, projectDir: repo, stack: "dev", preview: false }),
            runPlan({ projectDir: repo, stack: "dev" }),
        ]);
        expect(label).to.equal(`git HEAD (${git(repo, "rev-parse", "--short=7", "HEAD")})`);
        expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).to.have.length(1);
        const review = reviewChanges(snapshot, snapshotOf(plan), label);
        expect(review.counts).to.include({ create: 0, delete: 0, replace: 6 });
        const instance = review.changes.find((c) => c.name === "EC2_Web-ap-northeast-2a-1");
        expect(instance?.replaceReasons[0]).to.include({ property: "userData" });
        expect(instance?.hazards.map((h) => h.code)).to.deep.equal(["all-instances-replaced"]);
    });

    it("--all --against reviews every stack at the base and fails on the hazards each blocks (prod by default, dev none)", async function () {
        this.timeout(240000);
        // The production stack and its policy config join the repository; then, in the working tree,
        // production drops an AZ (its protected NLB would be replaced) and dev changes its greeting.
        fs.copyFileSync(path.join(ROOT, "Pulumi.prod.yaml"), path.join(repo, "Pulumi.prod.yaml"));
        git(repo, "add", "Pulumi.prod.yaml");
        git(repo, "commit", "--quiet", "-m", "prod");
        fs.writeFileSync(path.join(repo, "Pulumi.prod.yaml"), fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8").replace("azCount: 3", "azCount: 2"));
        // A stack new in this change is reviewed as created from nothing, not as an error.
        fs.writeFileSync(path.join(repo, "Pulumi.qa.yaml"), fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
        const run = await runCli(["--all", "--cwd", repo, "--against", "HEAD", "--format", "json"]);
        expect(run.code, run.stderr).to.equal(1);
        const plans = JSON.parse(run.stdout) as { stack: string; against: { base: string; notes: string[] }; changes: { action: string; hazards: { code: string }[] }[] }[];
        expect(plans.map((p) => p.stack)).to.deep.equal(["dev", "prod", "qa"]);
        const codes = (stack: string) => plans.find((p) => p.stack === stack)?.changes.flatMap((c) => c.hazards.map((h) => h.code)) ?? [];
        expect(codes("dev")).to.include("all-instances-replaced");
        expect(codes("prod")).to.include("protected-resource");
        expect(plans.find((p) => p.stack === "qa")?.changes.every((c) => c.action === "create")).to.equal(true);
        expect(plans.find((p) => p.stack === "prod")?.against.notes.join("\n")).to.contain("blocking hazards: static-ip-released, load-balancer-deleted-first, protected-resource, all-instances-replaced (the default for production stacks)");
        // Only prod's blocking hazards fail the run; dev's hazard is reported, not blocking.
        expect(run.stderr).to.match(/^prod: error: \d+ hazards? that block this stack .*protected-resource \(NLB\)/m);
        expect(run.stderr).not.to.match(/^dev: error/m);
        expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).to.have.length(1);
    });

    it("a stack file's changeReview:failOn lists its own blocking hazards; an unknown code is a config error", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-blocking-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.payments-prod.yaml"), "config:\n  changeReview:failOn: [fleet-rolls]\n");
            expect(blockingHazards(dir, "payments-prod").codes).to.deep.equal(["fleet-rolls"]);
            fs.writeFileSync(path.join(dir, "Pulumi.payments-prod.yaml"), "config:\n  changeReview:failOn: []\n");
            expect(blockingHazards(dir, "payments-prod").codes).to.deep.equal([]);
            fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), "config:\n  changeReview:failOn: [downtime]\n");
            expect(() => blockingHazards(dir, "staging")).to.throw(/changeReview:failOn: "downtime" is not a hazard code; the codes are static-ip-released, /);
            expect(blockingHazards(dir, "payments-dev").codes).to.deep.equal([]);
            expect(blockingHazards(dir, "eu-prod").codes).to.deep.equal(["static-ip-released", "load-balancer-deleted-first", "protected-resource", "all-instances-replaced"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a ref that names no commit is a usage error", async () => {
        const run = await runCli(["--stack", "dev", "--cwd", repo, "--against", "no-such-branch"]);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.equal("error: --against no-such-branch: neither a plan file nor a git commit\n");
    });
});

// --all --against plans the commit's stacks in one child, the commit's own `plan --all`. Here the
// commit's tool is a stand-in that logs how it was called, so the test shows which stacks that one
// child planned and which were planned alone, and costs no program run.
describe("plan --all --against: the commit's stacks in one worktree and one child", () => {
    const STAND_IN = [
        "import * as fs from \"fs\";",
        "const args = process.argv.slice(2);",
        "fs.appendFileSync(process.env.PLAN_STAND_IN_LOG as string, `${args.filter((a) => !a.startsWith(\"/\")).join(\" \")}\\n`);",
        "const plan = (stack: string) => ({ stack, preview: false, resources: [] });",
        "// As the real tool: a stack it cannot plan is left out of --all's JSON and reported on stderr.",
        "if (args.includes(\"--all\")) { process.stdout.write(JSON.stringify([plan(\"a\")])); process.stderr.write(\"b: error: flaky\\nbroken: error: bad\\n\"); process.exit(2); }",
        "const stack = args[args.indexOf(\"--stack\") + 1];",
        "if (stack === \"broken\") { process.stderr.write(\"Invalid stack configuration:\\n  - fleet.instanceCount: expected a number\\n\"); process.exit(2); }",
        "process.stdout.write(JSON.stringify(plan(stack)));",
    ].join("\n");
    let repo: string;
    let log: string;
    before(() => {
        repo = fs.mkdtempSync(path.join(os.tmpdir(), "plan-git-stand-in-"));
        log = path.join(repo, "..", `${path.basename(repo)}.log`);
        fs.mkdirSync(path.join(repo, "tools", "plan"), { recursive: true });
        fs.writeFileSync(path.join(repo, "tools", "plan", "index.ts"), STAND_IN);
        for (const stack of ["a", "b", "broken"]) fs.writeFileSync(path.join(repo, `Pulumi.${stack}.yaml`), "config: {}\n");
        git(repo, "init", "--quiet");
        git(repo, "add", "-A");
        git(repo, "commit", "--quiet", "-m", "base");
    });
    after(() => {
        fs.rmSync(repo, { recursive: true, force: true });
        fs.rmSync(log, { force: true });
    });

    it("plans what --all could at once, the rest alone (a failure reads as with --stack), a new stack from nothing, and removes the worktree", async () => {
        process.env.PLAN_STAND_IN_LOG = log;
        try {
            const stacks = ["a", "b", "broken", "new"];
            const bases = new CommitBases(stacks);
            const where = locateBase({ against: "HEAD", cwd: repo, projectDir: repo, stack: "a", preview: false });
            if (where.kind !== "commit") throw new Error("HEAD is a commit");
            const settled = await Promise.allSettled(stacks.map((stack) => bases.load({ against: "HEAD", cwd: repo, projectDir: repo, stack, preview: false }, where)));
            const sha = git(repo, "rev-parse", "--short=7", "HEAD");
            expect(settled.map((s) => (s.status === "fulfilled" ? `${s.value.snapshot.stack} ${s.value.label}` : (s.reason as Error).message))).to.deep.equal([
                `a git HEAD (${sha})`,
                `b git HEAD (${sha})`,
                "the plan of HEAD failed (exit 2):\nInvalid stack configuration:\n  - fleet.instanceCount: expected a number",
                `new git HEAD (${sha})`,
            ]);
            expect(fs.readFileSync(log, "utf8").split("\n").filter(Boolean)).to.deep.equal([
                "--all --format json --cwd", "--stack b --format json --cwd", "--stack broken --format json --cwd",
            ]);
            expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).to.have.length(1);
        } finally {
            delete process.env.PLAN_STAND_IN_LOG;
        }
    });
});
