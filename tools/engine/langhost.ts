// Runs the program the way `pulumi up` / `pulumi preview` runs it: @pulumi/pulumi's own language
// runtime (`cmd/run`), spawned with the arguments and environment the CLI's Node.js language host
// gives it (pulumi-language-nodejs main.go: constructArguments, constructConfig, execNodejs), in the
// directory the CLI picks (pkg/engine/project.go getPwdMain), against the offline engine
// (./engine.ts). So the program is compiled by ts-node with the tsconfig the runtime finds, exactly
// as at deploy time, and receives config as the CLI passes it.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MockAccount, WebTierMocks } from "./mocks";
import { accountFacts, RecordedResource } from "./mockRun";
import { EngineLog, startEngine } from "./engine";
import { goJson, readProjectFile } from "./project";

export interface CliRunOptions {
    projectDir: string;
    project: string;
    stack: string;
    /** Full keys ("<project>:key", "aws:region") to the strings the CLI passes. */
    config: Record<string, string>;
    secretKeys?: string[];
    preview?: boolean;
    organization?: string;
    account?: Partial<MockAccount>;
    /** Extra environment (PULUMI_NODEJS_TRANSPILE_ONLY, say). */
    env?: Record<string, string>;
}

export interface CliRunResult {
    exitCode: number | null;
    /** The program's own output (console) and the runtime's, as the CLI would show it. */
    stdout: string;
    stderr: string;
    /** What the program logged through the engine (errors included). */
    logs: EngineLog[];
    /** The root stack resource's URN. */
    stackUrn: string;
    /** Every registration but the stack resource's, in order. */
    resources: RecordedResource[];
    /** Stack outputs as registered on the stack resource, secrets unwrapped; unknowns are UNKNOWN. */
    outputs: Record<string, unknown> | undefined;
    /** The arguments and environment the runtime was started with (for tests and diagnostics). */
    command: { args: string[]; cwd: string; env: Record<string, string> };
}

interface ProjectRuntime {
    typescript: boolean;
    tsconfig?: string;
    nodeargs: string[];
    /** getPwdMain: the program directory and the entry point relative to it. */
    programDirectory: string;
    entryPoint: string;
}

/** Pulumi.yaml's runtime options and `main`, resolved as the CLI resolves them. */
export function projectRuntime(projectDir: string): ProjectRuntime {
    const doc = readProjectFile(projectDir);
    const runtime = doc.runtime as string | { options?: Record<string, unknown> } | undefined;
    const options = (typeof runtime === "object" && runtime !== null ? runtime.options : undefined) ?? {};
    let programDirectory = projectDir;
    let entryPoint = ".";
    if (doc.main) {
        const main = path.resolve(projectDir, doc.main);
        if (fs.statSync(main).isDirectory()) programDirectory = main;
        else [programDirectory, entryPoint] = [path.dirname(main), path.basename(main)];
    }
    return {
        // parseOptions: typescript defaults to true.
        typescript: options.typescript !== false,
        tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
        nodeargs: typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : [],
        programDirectory,
        entryPoint,
    };
}

/** constructConfig: every key as "<namespace>:config:<name>", the map JSON-encoded by Go (keys sorted). */
export function pulumiConfigEnv(config: Record<string, string>): string {
    const transformed: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) {
        const i = k.indexOf(":");
        transformed[`${k.slice(0, i)}:config:${k.slice(i + 1)}`] = v;
    }
    return goJson(transformed);
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function unwrapSecrets(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o["4dabf18193072939515e22adb298388d"] === SECRET_SIG) return unwrapSecrets(o.value);
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

/** Runs the program once through cmd/run against the offline engine. */
export async function runAsCli(options: CliRunOptions): Promise<CliRunResult> {
    const rt = projectRuntime(options.projectDir);
    const region = options.config["aws:region"] ?? "ap-northeast-2";
    const derived = accountFacts(options.project, options.config);
    const mocks = new WebTierMocks({ region, preview: options.preview ?? false, ...derived, ...options.account, subnets: { ...derived.subnets, ...options.account?.subnets } });
    const engine = await startEngine(mocks, { project: options.project, stack: options.stack });
    const syncDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-sync-"));
    try {
        // The host resolves the runtime from the program directory (locateModule).
        const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [rt.programDirectory] });
        const args = [...rt.nodeargs, runPath,
            "--monitor", engine.monitorAddress,
            "--engine", engine.engineAddress,
            "--sync", syncDir,
            "--organization", options.organization ?? "organization",
            "--project", options.project,
            "--stack", options.stack,
            "--pwd", rt.programDirectory,
            ...(options.preview ? ["--dry-run"] : []),
            "--query-mode", "false",
            // The CLI's default --parallel: 4 x GOMAXPROCS (pkg/cmd/pulumi, defaultParallel).
            "--parallel", String(os.cpus().length * 4),
            rt.entryPoint];
        const env: Record<string, string> = {
            PULUMI_CONFIG: pulumiConfigEnv(options.config),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys ?? []),
            ...(rt.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
            ...(rt.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: rt.tsconfig } : {}),
            ...options.env,
        };
        // The user's environment, as the host passes os.Environ(); without this process's own hooks
        // (a test runner's NODE_OPTIONS would load code the CLI never loads).
        const inherited = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && k !== "NODE_OPTIONS" && !k.startsWith("PULUMI_") && !k.startsWith("TS_NODE_"))) as Record<string, string>;
        const child = spawn(process.execPath, args, { cwd: options.projectDir, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
        child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
        const exitCode = await new Promise<number | null>((resolve, reject) => { child.on("error", reject); child.on("close", resolve); });
        const stack = engine.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        const outputs = engine.stackOutputs();
        return {
            exitCode,
            stdout,
            stderr,
            logs: engine.logs,
            stackUrn: stack?.urn ?? "",
            resources: engine.resources.filter((r) => r !== stack),
            outputs: outputs === undefined ? undefined : (unwrapSecrets(outputs) as Record<string, unknown>),
            command: { args, cwd: options.projectDir, env },
        };
    } finally {
        await engine.close();
        fs.rmSync(syncDir, { recursive: true, force: true });
    }
}

