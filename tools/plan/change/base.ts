// The base of `--against`: a saved plan (`--format json`), or the plan of a git commit, made by that
// commit's own plan tool from that commit's code and stack file, in a temporary git worktree with
// this checkout's node_modules linked in, in a child process.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanSnapshot, SnapshotError, snapshotFromJson } from "./snapshot";

export interface BaseOptions {
    /** A plan JSON file (relative to cwd) or a git ref. */
    against: string;
    cwd: string;
    projectDir: string;
    stack: string;
    /** Plan the base as a preview too, so both sides have the same unknowns. */
    preview: boolean;
}

export interface Base {
    snapshot: PlanSnapshot;
    /** "plan file base.json", "git main (1a2b3c4)". */
    label: string;
}

/** The base can't be made: exit code 2, with this message. */
export class BaseError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BaseError";
    }
}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    return { ok: r.status === 0, out: (r.stdout ?? "").trim(), err: (r.stderr ?? "").trim() || (r.error?.message ?? "") };
}

function parsePlan(text: string, what: string): PlanSnapshot {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        throw new BaseError(`${what} is not JSON: ${(e as Error).message}`);
    }
    try {
        return snapshotFromJson(json);
    } catch (e) {
        if (e instanceof SnapshotError) throw new BaseError(`${what}: ${e.message}`);
        throw e;
    }
}

/** The nearest directory at or above `dir` with a node_modules. */
function nodeModulesRoot(dir: string): string | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "node_modules"))) return d;
        if (path.dirname(d) === d) return undefined;
    }
}

/** Runs node with `args`; resolves with its exit code and output. */
function runNode(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd, env: { ...process.env, INIT_CWD: cwd } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => { stdout += d; });
        child.stderr.on("data", (d) => { stderr += d; });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

/** The commit's plan, from its own tool, run on its own files (in a child process, so it runs alongside the new plan). */
async function planOfCommit(o: BaseOptions, top: string, sha: string): Promise<string> {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
    const added = git(top, ["worktree", "add", "--detach", tree, sha]);
    if (!added.ok) throw new BaseError(`git worktree add for ${o.against} failed: ${added.err}`);
    try {
        // git names the top level by its real path.
        const projectDir = fs.realpathSync(o.projectDir);
        const project = path.join(tree, path.relative(top, projectDir));
        const modules = nodeModulesRoot(projectDir);
        if (modules) {
            const target = path.join(tree, path.relative(top, modules), "node_modules");
            if (!fs.existsSync(target)) fs.symlinkSync(path.join(modules, "node_modules"), target, "dir");
        }
        // A stack new in this change: nothing of it exists at the base, every resource is created.
        if (!fs.existsSync(path.join(project, `Pulumi.${o.stack}.yaml`))) return JSON.stringify({ stack: o.stack, preview: o.preview, resources: [] });
        const entry = path.join(tree, "tools", "plan", "index.ts");
        if (!fs.existsSync(entry)) throw new BaseError(`${o.against} has no offline plan tool (tools/plan/index.ts): save a plan of it with --format json and pass the file instead`);
        // An older commit may predate the require hook: this checkout's transpiles the same TypeScript.
        const hook = [path.join(tree, "tools", "scripts", "register.js"), path.join(tree, "tools", "register.js"), path.join(__dirname, "..", "..", "scripts", "register.js")].find((f) => fs.existsSync(f));
        const args = [...(hook ? ["-r", hook] : []), entry, "--stack", o.stack, "--format", "json", "--cwd", project, ...(o.preview ? ["--preview"] : [])];
        const run = await runNode(args, tree);
        // Exit 1 is a mandatory policy violation in the base: its plan is still printed.
        if (run.code !== 0 && run.code !== 1) throw new BaseError(`the plan of ${o.against} failed (exit ${run.code}):\n${run.stderr.trim()}`);
        return run.stdout;
    } finally {
        git(top, ["worktree", "remove", "--force", tree]);
        fs.rmSync(tree, { recursive: true, force: true });
    }
}

/** Where the base comes from; found before any plan runs, so a bad --against fails at once. */
export type BaseLocation = { kind: "file"; file: string } | { kind: "commit"; top: string; sha: string };

export function locateBase(o: BaseOptions): BaseLocation {
    const file = path.resolve(o.cwd, o.against);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return { kind: "file", file };
    const top = git(o.projectDir, ["rev-parse", "--show-toplevel"]);
    if (!top.ok) throw new BaseError(`--against ${o.against}: no such plan file, and ${o.projectDir} is not in a git repository`);
    const sha = git(o.projectDir, ["rev-parse", "--verify", "--quiet", `${o.against}^{commit}`]);
    if (!sha.ok) throw new BaseError(`--against ${o.against}: neither a plan file nor a git commit`);
    return { kind: "commit", top: top.out, sha: sha.out };
}

export async function loadBase(o: BaseOptions, where: BaseLocation = locateBase(o)): Promise<Base> {
    if (where.kind === "file") {
        return { snapshot: parsePlan(fs.readFileSync(where.file, "utf8"), `plan file ${o.against}`), label: `plan file ${o.against}` };
    }
    const text = await planOfCommit(o, where.top, where.sha);
    return { snapshot: parsePlan(text, `the plan of ${o.against}`), label: `git ${o.against} (${where.sha.slice(0, 7)})` };
}
