// `npm run bench`: how fast is the offline plan, measured against the bare cost of loading
// @pulumi/pulumi and @pulumi/aws (which every Pulumi program pays)? Also times the mocha suite,
// and the policy pack's throughput on generated stacks of 1,000, 10,000 and 50,000 resources.
//
//   npm run bench [-- --runs 5 --stack dev --no-mocha --no-pack --no-stacks --no-cli --no-server --server-runs 3 --server-only]
//
// Also `plan --all` over 1 and 20 stack files, and the test suite's parts (typecheck from nothing and warm,
// mocha serial/parallel), each compared with another timing of the same run; then the warm suite
// (typecheck + mocha) as a multiple of the bare load, by part (issue 18's target: 15x).
//
// Every timing is a child process end to end (start, load, run, exit), one after another.
//
// The pack through the real analyzer server (--no-server skips it; --server-runs N, default 3):
// this pack, @pulumi/awsguard (tools/scripts/bench/awsguard, installed there on first use) and an empty
// pack (the server's own cost, the floor) each started the way the CLI starts a pack and driven
// with the engine's calls (tools/scripts/benchServer.ts) on generated stacks of 10,000 and 50,000
// resources, interleaved, medians of the runs. Compared by the server's CPU time (wall time on a
// shared machine follows the neighbours' load) and peak memory.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";

const ROOT = path.join(__dirname, "..", "..");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

interface Command {
    label: string;
    file: string;
    args: string[];
}

/** Runs a command once; returns its wall time in ms, or throws if it fails. */
function timeOnce(command: Command): number {
    const started = process.hrtime.bigint();
    const result = spawnSync(command.file, command.args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${command.label} exited ${result.status}: ${result.stderr}`);
    return ms;
}

interface Timing {
    median: number;
    min: number;
    max: number;
}

function time(command: Command, runs: number): Timing {
    timeOnce(command); // warm-up: file system cache, not counted
    const samples = Array.from({ length: runs }, () => timeOnce(command)).sort((a, b) => a - b);
    return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1] };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const describe = (t: Timing) => `median ${seconds(t.median)} (min ${seconds(t.min)}, max ${seconds(t.max)})`;

// ---- Pack throughput ----------------------------------------------------------------------------

const PACK_SIZES = [1000, 10000, 50000];
/** Growth allowed from 10k to 50k resources (5x the work): linear, with 10% slack. */
const MAX_GROWTH_50K_OVER_10K = 5.5;
const MAX_PEAK_RSS_MB = 600;

interface PackSample { resources: number; ms: number; peakRssMb: number; violations: number }

/** In a child process (its own peak memory): the whole pack over one generated stack. */
async function packChild(size: number): Promise<void> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { policies } = require("../../policies/rules") as typeof import("../../policies/rules");
    const { runPolicies } = require("../engine/policyRunner") as typeof import("../engine/policyRunner");
    const { generatedStack } = require("./bench/generatedStack") as typeof import("./bench/generatedStack");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const resources = generatedStack(size);
    const started = process.hrtime.bigint();
    const result = await runPolicies(policies, resources);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const sample: PackSample = { resources: resources.length, ms, peakRssMb: process.resourceUsage().maxRSS / 1024, violations: result.violations.length };
    process.stdout.write(JSON.stringify(sample));
}

function packSample(size: number): PackSample {
    const result = spawnSync(process.execPath, ["-r", "./tools/scripts/register.js", "tools/scripts/bench.ts", "--pack-child", String(size)], { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pack benchmark at ${size} exited ${result.status}: ${result.stderr}`);
    return JSON.parse(result.stdout) as PackSample;
}

function packThroughput(): void {
    const samples = PACK_SIZES.map(packSample);
    for (const s of samples) {
        console.log(`pack      ${s.resources} resources: ${seconds(s.ms)}, ${Math.round(s.resources / (s.ms / 1000))} resources/s, ` +
            `peak RSS ${Math.round(s.peakRssMb)} MB, ${s.violations} findings`);
    }
    const [, tenK, fiftyK] = samples;
    const growth = fiftyK.ms / tenK.ms;
    console.log(`pack      growth 50k / 10k: ${growth.toFixed(2)}x (linear: 5x; limit ${MAX_GROWTH_50K_OVER_10K}x) ${growth <= MAX_GROWTH_50K_OVER_10K ? "ok" : "TOO SLOW"}; ` +
        `peak RSS at 50k ${Math.round(fiftyK.peakRssMb)} MB (limit ${MAX_PEAK_RSS_MB} MB) ${fiftyK.peakRssMb < MAX_PEAK_RSS_MB ? "ok" : "TOO BIG"}`);
}

/**
 * A project with `count` stack files (the repository's, cycled, renamed), its policy configs
 * linked in, the program by absolute path: what `plan --all` gets in a repository of many teams.
 */
function manyStacks(count: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-stacks-${count}-`));
    const project = `${fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")}main: ${path.join(ROOT, "infra", "index.ts")}\n`;
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project);
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(ROOT, "policies"), path.join(dir, "policies"));
    const files = fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).sort();
    for (let i = 0; i < count; i++) {
        const file = files[i % files.length];
        const env = file.replace(/^Pulumi\.|\.yaml$/g, "").split("-").pop();
        // team<i>-<env>: each keeps its environment's policy config.
        fs.copyFileSync(path.join(ROOT, file), path.join(dir, `Pulumi.team${i}-${env}.yaml`));
    }
    return dir;
}

/** `plan --all` over 1 and over 20 stack files: the cost must grow far slower than the count. */
function planMany(runs: number): void {
    const planAll = (dir: string): Command => ({ label: "plan --all", file: process.execPath, args: ["-r", "./tools/scripts/register.js", "tools/plan/index.ts", "--all", "--cwd", dir, "--format", "json"] });
    const one = manyStacks(1);
    const twenty = manyStacks(20);
    try {
        const t1 = time(planAll(one), runs);
        console.log(`plan --all  1 stack file, ${runs} runs: ${describe(t1)}`);
        const t20 = time(planAll(twenty), runs);
        console.log(`plan --all 20 stack files, ${runs} runs: ${describe(t20)}`);
        console.log(`ratio      20 stacks / 1 stack (medians): ${(t20.median / t1.median).toFixed(2)}x (target: at most 3x)`);
    } finally {
        for (const d of [one, twenty]) fs.rmSync(d, { recursive: true, force: true });
    }
}

/**
 * What `pulumi up` pays before the first resource: @pulumi/pulumi's cmd/run compiling the program
 * with ts-node (type-checked, as the CLI does by default) from an empty compile cache, then from a
 * warm one, and with PULUMI_NODEJS_TRANSPILE_ONLY; beside the offline plan of the same stack.
 */
async function cliStart(stack: string, planMedian: number): Promise<void> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { runAsCli } = require("../engine/langhost") as typeof import("../engine/langhost");
    const { loadStackConfig } = require("../engine/project") as typeof import("../engine/project");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const sc = loadStackConfig(ROOT, stack);
    const run = async (env: Record<string, string>): Promise<number> => {
        const started = process.hrtime.bigint();
        const result = await runAsCli({ projectDir: ROOT, project: sc.project, stack: sc.stack, config: sc.config, secretKeys: sc.secretKeys, env });
        if (result.exitCode !== 0) throw new Error(`cmd/run exited ${result.exitCode}: ${result.stderr}`);
        return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ts-node-"));
    const transpileCache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ts-node-"));
    try {
        // ts-node (the copy @pulumi/pulumi vendors) keeps compiled files in TS_NODE_CACHE_DIRECTORY.
        const cold = await run({ TS_NODE_CACHE_DIRECTORY: cache });
        const warm = await run({ TS_NODE_CACHE_DIRECTORY: cache });
        const transpileOnly = await run({ TS_NODE_CACHE_DIRECTORY: transpileCache, PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
        console.log(`pulumi up start (cmd/run, ${stack}): type-checked cold ${seconds(cold)} (${(cold / planMedian).toFixed(2)}x the plan), ` +
            `warm cache ${seconds(warm)} (${(warm / planMedian).toFixed(2)}x), transpile-only cold ${seconds(transpileOnly)} (${(transpileOnly / planMedian).toFixed(2)}x)`);
    } finally {
        for (const d of [cache, transpileCache]) fs.rmSync(d, { recursive: true, force: true });
    }
}

/** Issue 18's target: warm `npm test` within this many bare loads of @pulumi/pulumi and @pulumi/aws. */
const SUITE_TARGET_RATIO = 15;

/**
 * `npm test` is tsc then mocha: each way of running them, in this run, as ratios; then what the
 * warm suite costs as a multiple of the bare load (`bareMs`, this run's baseline median), part by
 * part: tsc, and mocha by test directory and slowest file (tools/scripts/bench/mochaFileTimes.js).
 */
function testSuite(bareMs: number): void {
    // npm test's first step (tools/scripts/typecheck.js: tsc --build): from nothing, then again with nothing changed.
    const typecheck: Command = { label: "typecheck", file: process.execPath, args: [path.join(ROOT, "tools", "scripts", "typecheck.js")] };
    fs.rmSync(path.join(ROOT, "node_modules", ".cache", "tsc", "typecheck.tsbuildinfo"), { force: true });
    const full = timeOnce(typecheck);
    const incremental = timeOnce(typecheck);
    console.log(`tsc       npm run typecheck from nothing ${seconds(full)}, with nothing changed ${seconds(incremental)} (${(incremental / full).toFixed(2)}x)`);
    const { ms: serial, times } = mochaWithTimes([]);
    if (times.failed.length > 0) console.log(`mocha     ${times.failed.length} failing (timings below include them):\n  ${times.failed.join("\n  ")}`);
    const parallel = timeOnce({ label: "mocha --parallel", file: bin("mocha"), args: ["--parallel", "--jobs", "2"] });
    console.log(`mocha     serial ${seconds(serial)}, --parallel --jobs 2 ${seconds(parallel)} (${(parallel / serial).toFixed(2)}x)`);
    console.log(`npm test  typecheck then mocha: about ${seconds(incremental + serial)} with nothing to re-check, ${seconds(full + serial)} on a fresh clone`);
    suiteParts(bareMs, incremental, serial, times);
    // The runs through cmd/run alone (test/engine: every stack, update and preview, as the CLI
    // starts the program): their CPU over this machine's cores, against the suite's target.
    const engine = mochaWithTimes(["--no-config", "-r", path.join(ROOT, "tools", "scripts", "register.js"), "-r", path.join(ROOT, "test", "support", "setup.ts"),
        "--extension", "ts", "--timeout", "300000", path.join(ROOT, "test", "engine", "cli.test.ts")]);
    if (engine.times.cpu) {
        const floor = engine.times.cpu.childrenMs / os.cpus().length;
        console.log(`suite     test/engine alone: ${engine.times.passed} tests, ${seconds(engine.ms)}; its cmd/run processes take ${seconds(engine.times.cpu.childrenMs)} of CPU, ` +
            `so no schedule on ${os.cpus().length} cores runs them in less than ${(floor / bareMs).toFixed(1)}x the bare load (the whole suite's target: ${SUITE_TARGET_RATIO}x)`);
    }
}

/** mocha with the per-file reporter (tools/scripts/bench/mochaFileTimes.js) and `args`: its wall time and what the reporter wrote. */
function mochaWithTimes(args: string[]): { ms: number; times: MochaFileTimesOut } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-mocha-"));
    const timesFile = path.join(dir, "times.json");
    process.env.BENCH_MOCHA_TIMES = timesFile;
    try {
        const ms = timeOnce({ label: "mocha", file: bin("mocha"), args: [...args, "--reporter", path.join(__dirname, "bench", "mochaFileTimes.js")] });
        return { ms, times: JSON.parse(fs.readFileSync(timesFile, "utf8")) as MochaFileTimesOut };
    } finally {
        delete process.env.BENCH_MOCHA_TIMES;
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

interface MochaFileTimesOut {
    totalMs: number;
    passed: number;
    failed: string[];
    files: Record<string, number>;
    /** CPU of mocha's own process and of the processes it started (Linux), ms. */
    cpu: { ownMs: number; childrenMs: number } | null;
}

/** The warm suite against the bare load, and where its time goes. */
export function suiteParts(bareMs: number, tscMs: number, mochaMs: number, times: MochaFileTimesOut): void {
    const x = (ms: number) => `${(ms / bareMs).toFixed(1)}x`;
    const warm = tscMs + mochaMs;
    console.log(`suite     warm npm test ${seconds(warm)} = ${x(warm)} the bare load (${seconds(bareMs)}); target ${SUITE_TARGET_RATIO}x = ${seconds(SUITE_TARGET_RATIO * bareMs)} ` +
        `${warm <= SUITE_TARGET_RATIO * bareMs ? "ok" : "NOT MET"}; ${times.passed} tests`);
    const rel = (f: string) => path.relative(ROOT, f);
    const byDir = new Map<string, number>();
    for (const [f, ms] of Object.entries(times.files)) byDir.set(path.dirname(rel(f)), (byDir.get(path.dirname(rel(f))) ?? 0) + ms);
    const inFiles = Object.values(times.files).reduce((a, b) => a + b, 0);
    const parts = [["typecheck", tscMs] as const, ...[...byDir].sort((a, b) => b[1] - a[1]), ["mocha start-up and exit", mochaMs - inFiles] as const];
    console.log(`suite     by part: ${parts.map(([name, ms]) => `${name} ${x(ms)}`).join(", ")}`);
    const slowest = Object.entries(times.files).sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`suite     slowest files: ${slowest.map(([f, ms]) => `${rel(f)} ${x(ms)}`).join(", ")}`);
    if (times.cpu) {
        // However the files are scheduled, mocha cannot finish before its CPU time, its own and
        // its children's (cmd/run, httpd, haproxy, git, openssl, ...), is spread over every core.
        const cores = os.cpus().length;
        const { ownMs, childrenMs } = times.cpu;
        console.log(`suite     CPU: mocha's process ${x(ownMs)}, the processes it starts ${x(childrenMs)}; ` +
            `on ${cores} cores mocha can't take less than ${x((ownMs + childrenMs) / cores)} (the started processes alone ${x(childrenMs / cores)}), plus typecheck`);
    }
}

// ---- Pack through the analyzer server ---------------------------------------------------------

const SERVER_SIZES = (process.env.BENCH_SERVER_SIZES ?? "10000,50000").split(",").map(Number);
/** Targets (issue 20): at least 2x faster than awsguard, growth 10k -> 50k at most 5.2x, peak RSS at most awsguard's. */
const MIN_SPEEDUP_OVER_AWSGUARD = 2;
const MAX_SERVER_GROWTH = 5.2;
const AWSGUARD_DIR = path.join(ROOT, "tools", "scripts", "bench", "awsguard");

/** A JavaScript policy pack in a temporary directory, using this project's @pulumi/policy. */
function scratchPack(name: string, policies: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-pack-`));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), `new (require("@pulumi/policy").PolicyPack)(${JSON.stringify(name)}, { policies: ${policies} });\n`);
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** An empty policy pack: what the server costs whatever the pack does. */
const emptyPack = () => scratchPack("empty", "[]");

/**
 * The floor of any pack with cross-resource rules: one resource policy and one stack policy that
 * do nothing. server.js deserializes each resource for the resource policy and the whole stack
 * for the stack policy before either looks at anything (makeAnalyzeRpcFun, makeAnalyzeStackRpcFun);
 * what this costs above the empty pack no pack with a stack policy can avoid.
 */
const floorPack = () => scratchPack("floor", `[
    { name: "noop-resource", description: "does nothing", enforcementLevel: "advisory", validateResource: () => {} },
    { name: "noop-stack", description: "does nothing", enforcementLevel: "advisory", validateStack: () => {} },
]`);

function ensureAwsguard(): void {
    if (fs.existsSync(path.join(AWSGUARD_DIR, "node_modules", "@pulumi", "awsguard"))) return;
    console.log("server    installing @pulumi/awsguard in tools/scripts/bench/awsguard (first run)");
    const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: AWSGUARD_DIR, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm install in tools/scripts/bench/awsguard failed");
}

type ServerSampleT = import("./benchServer").ServerSample;

/** In a child process (its own memory): one pack, one stack size, through the server. */
async function serverChild(packDir: string, size: number): Promise<void> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { measureThroughServer } = require("./benchServer") as typeof import("./benchServer");
    const { generatedStack } = require("./bench/generatedStack") as typeof import("./bench/generatedStack");
    /* eslint-enable @typescript-eslint/no-require-imports */
    process.stdout.write(JSON.stringify(await measureThroughServer(packDir, generatedStack(size))));
}

function serverSample(packDir: string, size: number): ServerSampleT {
    const result = spawnSync(process.execPath, ["-r", "./tools/scripts/register.js", "tools/scripts/bench.ts", "--server-child", packDir, "--size", String(size)], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 20 });
    if (result.status !== 0) throw new Error(`server benchmark of ${packDir} at ${size} exited ${result.status}: ${result.stderr}`);
    return JSON.parse(result.stdout) as ServerSampleT;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface ServerSummary { cpu: number; analyzeCpu: number; stackCpu: number; wall: number; peakRss: number; startRss: number; diagnostics: number }

function summarize(samples: ServerSampleT[]): ServerSummary {
    return {
        cpu: median(samples.map(s => s.analyzeCpuMs + s.analyzeStackCpuMs)),
        analyzeCpu: median(samples.map(s => s.analyzeCpuMs)),
        stackCpu: median(samples.map(s => s.analyzeStackCpuMs)),
        wall: median(samples.map(s => s.analyzeMs + s.analyzeStackMs)),
        peakRss: median(samples.map(s => s.peakRssMb)),
        startRss: median(samples.map(s => s.startRssMb)),
        diagnostics: samples[0].diagnostics,
    };
}

/** In a child process: start one pack the way the CLI does, time it to its first answer, read its peak memory. */
async function startChild(packDir: string): Promise<void> {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { startPack } = require("../engine/analyzer") as typeof import("../engine/analyzer");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const started = process.hrtime.bigint();
    const { child } = await startPack(packDir);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"));
    child.kill();
    process.stdout.write(JSON.stringify({ ms, peakRssMb: Number(hwm?.[1] ?? 0) / 1024 }));
}

/**
 * A pack's start as CI meets it: a fresh checkout has no ts-node cache, and the CLI type-checks a
 * TypeScript pack (run-policy-pack registers ts-node with typeCheck). Cold: an empty cache
 * directory (TS_NODE_CACHE_DIRECTORY); warm: the same directory again.
 */
function packStart(runs: number): void {
    ensureAwsguard();
    const empty = emptyPack();
    try {
        for (const [name, dir] of Object.entries({ pack: path.join(ROOT, "policies"), awsguard: AWSGUARD_DIR, empty })) {
            const cold: number[] = [], warm: number[] = [], rss: number[] = [];
            for (let i = 0; i < runs; i++) {
                const cache = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ts-node-pack-"));
                try {
                    for (const into of [cold, warm]) {
                        const r = spawnSync(process.execPath, ["-r", "./tools/scripts/register.js", "tools/scripts/bench.ts", "--start-child", dir], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TS_NODE_CACHE_DIRECTORY: cache } });
                        if (r.status !== 0) throw new Error(`starting ${dir} exited ${r.status}: ${r.stderr}`);
                        const sample = JSON.parse(r.stdout) as { ms: number; peakRssMb: number };
                        into.push(sample.ms);
                        if (into === cold) rss.push(sample.peakRssMb);
                    }
                } finally {
                    fs.rmSync(cache, { recursive: true, force: true });
                }
            }
            console.log(`start     ${name.padEnd(8)} to its first answer, ${runs} runs: cold ts-node cache ${seconds(median(cold))}, warm ${seconds(median(warm))}; peak RSS once started (cold) ${Math.round(median(rss))} MB`);
        }
    } finally {
        fs.rmSync(empty, { recursive: true, force: true });
    }
}

function throughServer(runs: number): void {
    ensureAwsguard();
    const empty = emptyPack();
    const floor = floorPack();
    const packs = { pack: path.join(ROOT, "policies"), awsguard: AWSGUARD_DIR, empty, floor };
    const by: Record<string, Record<number, ServerSummary>> = { pack: {}, awsguard: {}, empty: {}, floor: {} };
    try {
        for (const size of SERVER_SIZES) {
            const samples: Record<string, ServerSampleT[]> = { pack: [], awsguard: [], empty: [], floor: [] };
            for (let i = 0; i < runs; i++) {
                for (const [name, dir] of Object.entries(packs)) samples[name].push(serverSample(dir, size));
            }
            for (const name of Object.keys(packs)) {
                const s = (by[name][size] = summarize(samples[name]));
                console.log(`server    ${name.padEnd(8)} ${size} resources: server CPU ${seconds(s.cpu)} (Analyze ${seconds(s.analyzeCpu)}, AnalyzeStack ${seconds(s.stackCpu)}), ` +
                    `wall ${seconds(s.wall)}, peak RSS ${Math.round(s.peakRss)} MB (${Math.round(s.startRss)} MB once started), ${s.diagnostics} findings`);
            }
            const own = (name: string) => by[name][size].cpu - by.empty[size].cpu;
            const speedup = own("awsguard") / own("pack");
            console.log(`server    ${size}: the pack's own cost (server CPU above the empty pack's) ${seconds(own("pack"))}, awsguard's ${seconds(own("awsguard"))}: ` +
                `${speedup.toFixed(2)}x faster (target >= ${MIN_SPEEDUP_OVER_AWSGUARD}x) ${speedup >= MIN_SPEEDUP_OVER_AWSGUARD ? "ok" : "NOT MET"}; ` +
                `whole server ${(by.awsguard[size].cpu / by.pack[size].cpu).toFixed(2)}x, AnalyzeStack ${(by.awsguard[size].stackCpu / by.pack[size].stackCpu).toFixed(2)}x; ` +
                `peak RSS ${Math.round(by.pack[size].peakRss)} MB vs awsguard ${Math.round(by.awsguard[size].peakRss)} MB ${by.pack[size].peakRss <= by.awsguard[size].peakRss ? "ok" : "NOT MET"}`);
            // What the server charges any pack with a stack policy: the best speed-up and the
            // lowest peak such a pack could reach, in this run.
            console.log(`server    ${size}: floor (a no-op resource policy and a no-op stack policy) costs ${seconds(own("floor"))} above the empty pack: ` +
                `no pack with a stack policy can be more than ${(own("awsguard") / own("floor")).toFixed(2)}x faster than awsguard here; ` +
                `its peak RSS ${Math.round(by.floor[size].peakRss)} MB (awsguard ${Math.round(by.awsguard[size].peakRss)} MB, empty pack ${Math.round(by.empty[size].peakRss)} MB); ` +
                `the pack's own cost above the floor ${seconds(by.pack[size].cpu - by.floor[size].cpu)}, its peak ${Math.round(by.pack[size].peakRss - by.floor[size].peakRss)} MB above the floor's`);
        }
        const [small, large] = SERVER_SIZES;
        if (large === undefined) return;
        const growth = by.pack[large].cpu / by.pack[small].cpu;
        const ownGrowth = (by.pack[large].cpu - by.empty[large].cpu) / (by.pack[small].cpu - by.empty[small].cpu);
        console.log(`server    growth ${large / 1000}k / ${small / 1000}k: whole server ${growth.toFixed(2)}x, the pack's own cost ${ownGrowth.toFixed(2)}x ` +
            `(awsguard ${(by.awsguard[large].cpu / by.awsguard[small].cpu).toFixed(2)}x; limit ${MAX_SERVER_GROWTH}x) ${growth <= MAX_SERVER_GROWTH ? "ok" : "NOT MET"}`);
    } finally {
        for (const dir of [empty, floor]) fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            runs: { type: "string", default: "5" }, stack: { type: "string", default: "dev" },
            "no-mocha": { type: "boolean", default: false }, "no-pack": { type: "boolean", default: false }, "no-stacks": { type: "boolean", default: false }, "no-cli": { type: "boolean", default: false },
            "pack-child": { type: "string" }, "no-server": { type: "boolean", default: false }, "server-runs": { type: "string", default: "3" },
            "server-child": { type: "string" }, size: { type: "string" }, "server-only": { type: "boolean", default: false },
            "start-child": { type: "string" },
        },
    });
    if (values["server-child"] !== undefined) {
        serverChild(values["server-child"], Number(values.size)).catch(err => { console.error(err); process.exit(1); });
        return;
    }
    if (values["start-child"] !== undefined) {
        startChild(values["start-child"]).catch(err => { console.error(err); process.exit(1); });
        return;
    }
    if (values["server-only"]) {
        packStart(Number(values["server-runs"]));
        throughServer(Number(values["server-runs"]));
        return;
    }
    if (values["pack-child"] !== undefined) {
        packChild(Number(values["pack-child"])).catch(err => { console.error(err); process.exit(1); });
        return;
    }
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer; got ${values.runs}`);

    // What `npm run plan` executes (npm itself adds its own start-up on top).
    const plan: Command = { label: "plan", file: process.execPath, args: ["-r", "./tools/scripts/register.js", "tools/plan/index.ts", "--stack", values.stack, "--format", "json"] };
    const baseline: Command = { label: "baseline", file: process.execPath, args: ["-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"] };

    const planTime = time(plan, runs);
    console.log(`plan      node -r ./tools/scripts/register.js tools/plan/index.ts --stack ${values.stack} --format json, ${runs} runs: ${describe(planTime)}`);
    const baseTime = time(baseline, runs);
    console.log(`baseline  node -e "require('@pulumi/pulumi'); require('@pulumi/aws')", ${runs} runs: ${describe(baseTime)}`);
    console.log(`ratio     plan / baseline (medians): ${(planTime.median / baseTime.median).toFixed(2)}x`);

    if (!values["no-cli"]) await cliStart(values.stack, planTime.median);

    if (!values["no-stacks"]) planMany(Math.min(runs, 3));

    if (!values["no-pack"]) {
        packThroughput();
    }

    if (!values["no-server"]) {
        const serverRuns = Number(values["server-runs"]);
        if (!Number.isInteger(serverRuns) || serverRuns < 1) throw new Error(`--server-runs must be a positive integer; got ${values["server-runs"]}`);
        packStart(serverRuns);
        throughServer(serverRuns);
    }

    if (!values["no-mocha"]) testSuite(baseTime.median);
}

if (require.main === module) main().catch((err: unknown) => { console.error(err); process.exit(1); });
