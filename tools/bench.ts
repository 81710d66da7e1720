// `npm run bench`: how fast is the offline plan, measured against the bare cost of loading
// @pulumi/pulumi and @pulumi/aws (which every Pulumi program pays)? Also times the mocha suite.
//
//   npm run bench [-- --runs 5 --stack dev --no-mocha]
//
// Every timing is a child process end to end (start, load, run, exit), one after another.
import { spawnSync } from "child_process";
import * as path from "path";
import { parseArgs } from "util";

const ROOT = path.join(__dirname, "..");
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

function main(): void {
    const { values } = parseArgs({
        options: { runs: { type: "string", default: "5" }, stack: { type: "string", default: "dev" }, "no-mocha": { type: "boolean", default: false } },
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer; got ${values.runs}`);

    // What `npm run plan` executes (npm itself adds its own start-up on top).
    const plan: Command = { label: "plan", file: process.execPath, args: ["-r", "./tools/register.js", "tools/plan/index.ts", "--stack", values.stack, "--format", "json"] };
    const baseline: Command = { label: "baseline", file: process.execPath, args: ["-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"] };

    const planTime = time(plan, runs);
    console.log(`plan      node -r ./tools/register.js tools/plan/index.ts --stack ${values.stack} --format json, ${runs} runs: ${describe(planTime)}`);
    const baseTime = time(baseline, runs);
    console.log(`baseline  node -e "require('@pulumi/pulumi'); require('@pulumi/aws')", ${runs} runs: ${describe(baseTime)}`);
    console.log(`ratio     plan / baseline (medians): ${(planTime.median / baseTime.median).toFixed(2)}x`);

    if (!values["no-mocha"]) {
        const mocha = timeOnce({ label: "mocha", file: bin("mocha"), args: [] });
        console.log(`mocha     full suite, 1 run: ${seconds(mocha)}`);
    }
}

main();
