// The program as `pulumi up` and `pulumi preview` run it: @pulumi/pulumi's cmd/run, spawned with
// the language host's arguments and environment, compiled by ts-node with the tsconfig it finds,
// talking gRPC to an engine (tools/engine). Every repository stack must start, and register what
// the offline plan shows.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as util from "util";
import { ConfigError, PROJECT, validateConfig, valuesFromRawConfig } from "../../infra/config";
import { CliRunResult, projectRuntime, pulumiConfigEnv, runAsCli } from "../../tools/engine/langhost";
import { engineUrn } from "../../tools/engine/engine";
import { RecordedResource } from "../../tools/engine/mockRun";
import { encodeConfigValue, loadStackConfig, stackNames } from "../../tools/engine/project";
import { repoPlan, ROOT } from "../plan/fixtures";

const MODES = [{ preview: false, label: "update" }, { preview: true, label: "preview" }] as const;

/** At most `limit` at a time: each run is a Node process compiling and running the program (2 cores). */
function limited<T>(limit: number): (work: () => Promise<T>) => Promise<T> {
    let running = 0;
    const queue: (() => void)[] = [];
    return async (work) => {
        if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
        running++;
        try {
            return await work();
        } finally {
            running--;
            queue.shift()?.();
        }
    };
}

/**
 * Every cmd/run of this file goes through one queue, two at a time, started as soon as a suite
 * asks (memoized by key): the runs of the later suites are already under way while the first
 * suite's results are checked.
 */
const slot = limited<CliRunResult>(2);
const queued = new Map<string, Promise<CliRunResult>>();
function enqueue(key: string, run: () => Promise<CliRunResult>): Promise<CliRunResult> {
    if (!queued.has(key)) {
        const started = slot(run);
        // Its test reports a failure; until then it is no unhandled rejection in another file's test.
        started.catch(() => undefined);
        queued.set(key, started);
    }
    return queued.get(key) as Promise<CliRunResult>;
}

/**
 * The one parity run that type-checks as `pulumi up` does by default; the others run with
 * PULUMI_NODEJS_TRANSPILE_ONLY (still emitted under the project's tsconfig). Type errors are
 * tsc's job (`npm run typecheck`, the same tsconfig), and the layout suite below proves that the
 * runtime type-checks under this tsconfig's strict mode. A type-checked run with ts-node's cache
 * cold parses all of @pulumi/aws's types (tens of seconds); transpile-only runs need not wait for it.
 */
const TYPE_CHECKED = { stack: "dev", preview: false };
const typeChecked = (stack: string, preview: boolean) => stack === TYPE_CHECKED.stack && preview === TYPE_CHECKED.preview;

function runStack(stack: string, preview: boolean): Promise<CliRunResult> {
    const sc = loadStackConfig(ROOT, stack);
    const env: Record<string, string> = typeChecked(stack, preview) ? {} : { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
    return enqueue(`${stack} ${preview ? "preview" : "update"}`, () => runAsCli({ projectDir: ROOT, project: sc.project, stack: sc.stack, config: sc.config, secretKeys: sc.secretKeys, preview, env }));
}

/** dev with fleet.instanceCount "two", as a preview. */
function badInputRun(): Promise<CliRunResult> {
    const sc = loadStackConfig(ROOT, "dev");
    return enqueue("bad input", () => runAsCli({ projectDir: ROOT, project: sc.project, stack: "dev", config: { ...sc.config, "elb-web-tier:fleet": JSON.stringify({ instanceCount: "two" }) }, secretKeys: [], preview: true }));
}

/** The offline plan runs the program in process, without the stack resource: its children have no parent there. */
function asPlanned(r: RecordedResource, stackUrn: string): RecordedResource {
    return { ...r, parent: r.parent === stackUrn ? undefined : r.parent };
}

const failure = (run: CliRunResult) => `exit ${run.exitCode}\n${run.stderr}\n${run.logs.filter((l) => l.severity === "error").map((l) => l.message).join("\n")}`;

/** The runs the suites below check, queued in that order: the type-checked one first. */
function startRuns(): void {
    runStack(TYPE_CHECKED.stack, TYPE_CHECKED.preview);
    for (const stack of stackNames(ROOT)) for (const { preview } of MODES) runStack(stack, preview);
    badInputRun();
}

// A root hook: in a run of the whole suite the queue starts with the suite, so these runs (other
// processes, mostly CPU) overlap the in-process test files mocha runs before this one, on the
// second core, instead of following them. Not when tests are picked by name: they may pick none of these.
before(() => {
    if (!process.argv.some((a) => /^(-g|--grep|-f|--fgrep)(=|$)/.test(a))) startRuns();
});

describe("pulumi up / preview: the program through @pulumi/pulumi's cmd/run, as the CLI's language host starts it", function () {
    this.timeout(300_000);
    before(startRuns);

    for (const stack of stackNames(ROOT)) {
        for (const { preview, label } of MODES) {
            const how = typeChecked(stack, preview) ? "type-checks" : "compiles (transpile-only)";
            it(`${stack}, ${label}: starts, ${how} under the project's tsconfig and registers exactly what the offline plan shows`, async () => {
                const run = await runStack(stack, preview);
                expect(run.exitCode, failure(run)).to.equal(0);
                expect(run.logs.filter((l) => l.severity === "error"), failure(run)).to.deep.equal([]);
                expect(run.stackUrn).to.equal(`urn:pulumi:${stack}::elb-web-tier::pulumi:pulumi:Stack::elb-web-tier-${stack}`);
                const plan = await repoPlan(stack, preview);
                expect(plan.resources.length).to.be.greaterThan(10);
                // The same URNs (registrations interleave in another order over the wire), and per
                // resource the same type, parent, inputs, dependencies, provider and options
                // (protect, retainOnDelete, aliases, ...).
                expect(run.resources.map((r) => r.urn).sort()).to.deep.equal(plan.resources.map((r) => r.urn).sort());
                const planned = new Map(plan.resources.map((r) => [r.urn, r]));
                for (const r of run.resources) expect(asPlanned(r, run.stackUrn), r.urn).to.deep.equal(planned.get(r.urn));
                expect(run.outputs).to.deep.equal(plan.outputs);
            });
        }
    }

    it("passes config as the host does: every key as <namespace>:config:<name>, the secret keys, TypeScript on", async () => {
        const run = await runStack("payments-prod", false);
        const config = JSON.parse(run.command.env.PULUMI_CONFIG) as Record<string, string>;
        expect(config["aws:config:region"]).to.equal("ap-northeast-2");
        expect(Object.keys(config).every((k) => /^[^:]+:config:[^:]+$/.test(k))).to.equal(true);
        expect(Object.keys(config)).to.deep.equal([...Object.keys(config)].sort());
        expect(run.command.env.PULUMI_NODEJS_TYPESCRIPT).to.equal("true");
        expect(JSON.parse(run.command.env.PULUMI_CONFIG_SECRET_KEYS)).to.deep.equal(loadStackConfig(ROOT, "payments-prod").secretKeys);
        // The host's argument order, the program directory and the entry point getPwdMain gives.
        const args = run.command.args;
        expect(args.slice(1, 3)).to.deep.equal(["--monitor", args[2]]);
        expect(args[args.indexOf("--pwd") + 1]).to.equal(ROOT);
        expect(args[args.length - 1]).to.equal(".");
    });

    it("a map in config reaches the program with its keys sorted, as Go's json.Marshal writes it (payments-prod's extraTags)", async () => {
        const plan = await repoPlan("payments-prod");
        const asg = plan.resources.find((r) => r.type === "aws:autoscaling/group:Group");
        const keys = ((asg?.inputs.tags ?? []) as { key: string }[]).map((t) => t.key);
        // The stack file lists CostCenter, Owner, DataClassification.
        expect(keys.slice(0, 3)).to.deep.equal(["CostCenter", "DataClassification", "Owner"]);
        const run = await runStack("payments-prod", false);
        const cliAsg = run.resources.find((r) => r.type === "aws:autoscaling/group:Group");
        expect(cliAsg?.inputs.tags).to.deep.equal(asg?.inputs.tags);
    });
});

describe("a bad input through the CLI's path", function () {
    this.timeout(300_000);
    it("fails before any resource, with the config error logged to the engine and the runtime's 'already reported' exit code", async () => {
        const run = await badInputRun();
        // cmd/run exits 32 when it has already shown the user an actionable message (the language host then adds nothing).
        expect(run.exitCode).to.equal(32);
        const errors = run.logs.filter((l) => l.severity === "error").map((l) => l.message).join("\n");
        expect(errors).to.contain("elb-web-tier:fleet.instanceCount: must be an integer");
        expect(errors).to.contain('got "two"');
        expect(run.resources).to.deep.equal([]);
    });

    it("a config error carries no stack frames for cmd/run to format: Node 20.20's colored inspect loops on @pulumi/pulumi's source-mapped frames (a minute, then RangeError)", () => {
        const sc = loadStackConfig(ROOT, "dev");
        let error: unknown;
        try {
            validateConfig({ ...valuesFromRawConfig(PROJECT, sc.config), fleet: { instanceCount: "two" } }, { project: PROJECT, stack: "dev", region: "ap-northeast-2" });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(ConfigError);
        const e = error as ConfigError;
        expect(e.stack).to.equal(`ConfigError: ${e.message}`);
        // What cmd/run's uncaught handler records (cmd/run/error.js defaultErrorMessage).
        expect(util.inspect(e, { colors: true })).to.contain("elb-web-tier:fleet.instanceCount: must be an integer");
    });
});

describe("the CLI's config encoding", () => {
    it("sorts map keys at every depth by their bytes, keeps list order and escapes <, > and & as Go does", () => {
        expect(encodeConfigValue({ b: 1, "10": 2, "2": 3, a: { d: "<x&y>", c: [{ z: 1, y: 2 }] } }))
            .to.equal('{"10":2,"2":3,"a":{"c":[{"y":2,"z":1}],"d":"\\u003cx\\u0026y\\u003e"},"b":1}');
        expect(encodeConfigValue("plain <text>")).to.equal("plain <text>");
        expect(encodeConfigValue(3)).to.equal("3");
    });

    it("PULUMI_CONFIG: the old <namespace>:config:<name> form, keys sorted", () => {
        expect(pulumiConfigEnv({ "p:zeta": "1", "aws:region": "eu-west-1", "p:alpha": "[\"x\"]" }))
            .to.equal('{"aws:config:region":"eu-west-1","p:config:alpha":"[\\"x\\"]","p:config:zeta":"1"}');
    });

    it("the engine's URNs carry the parent's whole chain of types, and none for the stack's children", () => {
        const stackUrn = engineUrn("dev", "p", undefined, "pulumi:pulumi:Stack", "p-dev");
        const tier = engineUrn("dev", "p", stackUrn, "p:web:Tier", "web");
        const fleet = engineUrn("dev", "p", tier, "p:web:Fleet", "fleet");
        expect(tier).to.equal("urn:pulumi:dev::p::p:web:Tier::web");
        expect(engineUrn("dev", "p", fleet, "aws:ec2/launchTemplate:LaunchTemplate", "lt")).to.equal("urn:pulumi:dev::p::p:web:Tier$p:web:Fleet$aws:ec2/launchTemplate:LaunchTemplate::lt");
    });
});

describe("where cmd/run looks for tsconfig.json decides how strictly pulumi up compiles", function () {
    this.timeout(120_000);
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    // Compiles under TypeScript's defaults, fails under `strict` (TS7006: implicit any).
    const PROGRAM = "export = async () => {\n    const twice = (x) => x * 2;\n    return { value: twice(21) };\n};\n";

    function project(pulumiYaml: string, packageMain: string): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-layout-"));
        dirs.push(dir);
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        fs.mkdirSync(path.join(dir, "src"));
        fs.writeFileSync(path.join(dir, "src", "index.ts"), PROGRAM);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "layout", main: packageMain, devDependencies: { typescript: "5" } }));
        fs.copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
        return dir;
    }
    const run = (dir: string) => enqueue(dir, () => runAsCli({ projectDir: dir, project: "layout", stack: "dev", config: {}, preview: false }));

    it("main: src/index.ts runs from src/, finds no tsconfig.json and compiles without strict: the type error goes through", async () => {
        const dir = project("name: layout\nruntime: nodejs\nmain: src/index.ts\n", "src/index.ts");
        expect(projectRuntime(dir)).to.include({ programDirectory: path.join(dir, "src"), entryPoint: "index.ts" });
        const result = await run(dir);
        expect(result.exitCode, result.stderr).to.equal(0);
        expect(result.outputs).to.deep.equal({ value: 42 });
    });

    it("without main (this repository's layout) it runs from the project directory under ./tsconfig.json: the error stops pulumi up", async () => {
        const dir = project("name: layout\nruntime: nodejs\n", "src/index.ts");
        expect(projectRuntime(dir)).to.include({ programDirectory: dir, entryPoint: "." });
        const result = await run(dir);
        expect(result.exitCode).to.not.equal(0);
        expect(`${result.stderr}\n${result.logs.map((l) => l.message).join("\n")}`).to.match(/TS7006/);
        expect(result.resources).to.deep.equal([]);
    });
});
