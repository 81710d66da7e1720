// The pack as `pulumi policy publish` ships it: policies/ alone, installed from its own
// package.json, then started the way the CLI starts a policy pack.
//
//   npm run test:pack-standalone
//
// Copies policies/ (without node_modules) to a temp dir, runs `npm install` there (the registry
// must be reachable), type-checks the rules with the pack's own TypeScript, starts the pack with
// its own @pulumi/pulumi's run-policy-pack (which compiles it with ts-node, type checking on),
// and asks the gRPC server for GetAnalyzerInfo: the name, the version and every policy of
// policies/rules, each with its enforcement level and, for policies with knobs, its configSchema.
// Exit 0 on success, 1 on a mismatch, 2 on an error. Not in `npm test`: the install alone takes
// ~30 s.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { policies } from "../../policies/rules";
import { startPack } from "../support/engineParity";

const POLICIES_DIR = path.join(__dirname, "..", "..", "policies");
const LEVEL_NAME: Record<number, string> = {
    [pb.EnforcementLevel.ADVISORY]: "advisory",
    [pb.EnforcementLevel.MANDATORY]: "mandatory",
    [pb.EnforcementLevel.DISABLED]: "disabled",
    [pb.EnforcementLevel.REMEDIATE]: "remediate",
};

interface PackageJson { name: string; version: string; dependencies?: Record<string, string> }

/** A copy of policies/ as a publisher's checkout would have it: no node_modules. */
function copyPack(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-web-tier-pack-"));
    fs.cpSync(POLICIES_DIR, dir, { recursive: true, filter: src => path.basename(src) !== "node_modules" });
    return dir;
}

function step(label: string, run: () => void): void {
    const started = Date.now();
    run();
    console.log(`ok   ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function getAnalyzerInfo(port: string): Promise<pb.AnalyzerInfo> {
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Promise<pb.AnalyzerInfo>((resolve, reject) => {
        client.getAnalyzerInfo(new Empty(), (err, info) => (err ? reject(err) : resolve(info)));
    }).finally(() => client.close());
}

/** Differences between what the server lists and what policies/rules exports. */
function compare(info: pb.AnalyzerInfo, pkg: PackageJson): string[] {
    const problems: string[] = [];
    if (info.getName() !== "elb-web-tier") problems.push(`name is '${info.getName()}', expected 'elb-web-tier'`);
    if (info.getVersion() !== pkg.version) problems.push(`version is '${info.getVersion()}', expected '${pkg.version}'`);
    const served = new Map(info.getPoliciesList().map(p => [p.getName(), p]));
    for (const policy of policies) {
        const got = served.get(policy.name);
        if (!got) {
            problems.push(`policy '${policy.name}' is not served`);
            continue;
        }
        if (LEVEL_NAME[got.getEnforcementlevel()] !== policy.enforcementLevel) {
            problems.push(`${policy.name}: served as ${LEVEL_NAME[got.getEnforcementlevel()]}, declared ${policy.enforcementLevel}`);
        }
        const knobs = Object.keys(got.getConfigschema()?.getProperties()?.toJavaScript() ?? {}).sort();
        const declared = Object.keys(policy.configSchema?.properties ?? {}).sort();
        if (knobs.join() !== declared.join()) problems.push(`${policy.name}: serves knobs [${knobs}], declares [${declared}]`);
    }
    for (const name of served.keys()) {
        if (!policies.some(p => p.name === name)) problems.push(`serves '${name}', which policies/rules does not export`);
    }
    return problems;
}

async function main(): Promise<number> {
    const dir = copyPack();
    try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
        step(`npm install in ${dir}`, () => execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" }));
        const ts = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "typescript", "package.json"), "utf8")) as PackageJson;
        if (!ts.version.startsWith("5.")) throw new Error(`the pack installed typescript ${ts.version}, expected 5.x`);
        step(`tsc ${ts.version} -p tsconfig.json (the pack's own compiler and settings)`, () =>
            execFileSync(process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: dir, stdio: "inherit" }));
        const started = Date.now();
        const { child, port } = await startPack(dir);
        try {
            const info = await getAnalyzerInfo(port);
            console.log(`ok   run-policy-pack serves on port ${port} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
            const problems = compare(info, pkg);
            problems.forEach(p => console.log(`FAIL ${p}`));
            if (problems.length === 0) console.log(`ok   GetAnalyzerInfo lists all ${policies.length} policies with their levels and knobs`);
            return problems.length === 0 ? 0 : 1;
        } finally {
            child.kill();
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().then(code => process.exit(code), err => { console.error(err); process.exit(2); });
