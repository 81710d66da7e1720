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

/** A detached worktree of `sha` with this checkout's node_modules linked in, removed by `remove`. */
interface BaseTree {
    tree: string;
    /** The project's directory inside the worktree. */
    project: string;
    remove(): void;
}

function addWorktree(against: string, projectDir: string, top: string, sha: string): BaseTree {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
    const remove = () => {
        git(top, ["worktree", "remove", "--force", tree]);
        fs.rmSync(tree, { recursive: true, force: true });
    };
    const added = git(top, ["worktree", "add", "--detach", tree, sha]);
    if (!added.ok) {
        remove();
        throw new BaseError(`git worktree add for ${against} failed: ${added.err}`);
    }
    try {
        // git names the top level by its real path.
        const realProject = fs.realpathSync(projectDir);
        const project = path.join(tree, path.relative(top, realProject));
        const modules = nodeModulesRoot(realProject);
        if (modules) {
            const target = path.join(tree, path.relative(top, modules), "node_modules");
            if (!fs.existsSync(target)) fs.symlinkSync(path.join(modules, "node_modules"), target, "dir");
        }
        return { tree, project, remove };
    } catch (e) {
        remove();
        throw e;
    }
}

/** A stack new in this change: nothing of it exists at the base, every resource is created. */
const hasStack = (t: BaseTree, stack: string) => fs.existsSync(path.join(t.project, `Pulumi.${stack}.yaml`));
const emptyPlan = (stack: string, preview: boolean) => JSON.stringify({ stack, preview, resources: [] });

const planEntry = (t: BaseTree) => path.join(t.tree, "tools", "plan", "index.ts");

/** node and the arguments that run the commit's own plan tool in `t` with `planArgs`. */
function planCommand(t: BaseTree, against: string, planArgs: string[]): string[] {
    const entry = planEntry(t);
    if (!fs.existsSync(entry)) throw new BaseError(`${against} has no offline plan tool (tools/plan/index.ts): save a plan of it with --format json and pass the file instead`);
    // An older commit may predate the require hook: this checkout's transpiles the same TypeScript.
    const hook = [path.join(t.tree, "tools", "scripts", "register.js"), path.join(t.tree, "tools", "register.js"), path.join(__dirname, "..", "..", "scripts", "register.js")].find((f) => fs.existsSync(f));
    return [...(hook ? ["-r", hook] : []), entry, ...planArgs, "--format", "json", "--cwd", t.project];
}

/** One stack's plan at the commit, in a child process of its own. */
async function planStackIn(t: BaseTree, against: string, stack: string, preview: boolean): Promise<string> {
    if (!hasStack(t, stack)) return emptyPlan(stack, preview);
    const run = await runNode(planCommand(t, against, ["--stack", stack, ...(preview ? ["--preview"] : [])]), t.tree);
    // Exit 1 is a mandatory policy violation in the base: its plan is still printed.
    if (run.code !== 0 && run.code !== 1) throw new BaseError(`the plan of ${against} failed (exit ${run.code}):\n${run.stderr.trim()}`);
    return run.stdout;
}

/** The commit's plan, from its own tool, run on its own files (in a child process, so it runs alongside the new plan). */
async function planOfCommit(o: BaseOptions, top: string, sha: string): Promise<string> {
    const t = addWorktree(o.against, o.projectDir, top, sha);
    try {
        return await planStackIn(t, o.against, o.stack, o.preview);
    } finally {
        t.remove();
    }
}

type Settled = { ok: true; text: string } | { ok: false; error: unknown };

/**
 * The plans of `stacks` at the commit, in one worktree: one child runs the commit's `plan --all`
 * (one Node start and one load of the program's modules for every stack). A stack that plan could
 * not make (or a commit whose tool predates --all) is planned on its own, as `loadBase` would, so
 * its error reads the same.
 */
async function plansOfCommit(o: Omit<BaseOptions, "stack">, top: string, sha: string, stacks: string[]): Promise<Map<string, Settled>> {
    const t = addWorktree(o.against, o.projectDir, top, sha);
    try {
        const planned = new Map<string, string>();
        const atBase = stacks.filter((s) => hasStack(t, s));
        // Without a plan tool at the commit, each stack fails (or, new, is empty) as loadBase says.
        if (atBase.length > 1 && fs.existsSync(planEntry(t))) {
            const run = await runNode(planCommand(t, o.against, ["--all", ...(o.preview ? ["--preview"] : [])]), t.tree);
            let plans: unknown;
            try {
                plans = JSON.parse(run.stdout);
            } catch {
                plans = [];
            }
            for (const p of Array.isArray(plans) ? plans : []) {
                const stack = (p as { stack?: unknown } | null)?.stack;
                if (typeof stack === "string") planned.set(stack, JSON.stringify(p));
            }
        }
        const settled = new Map<string, Settled>();
        for (const stack of stacks) {
            const text = planned.get(stack);
            if (text !== undefined) settled.set(stack, { ok: true, text });
            else settled.set(stack, await planStackIn(t, o.against, stack, o.preview).then((text): Settled => ({ ok: true, text }), (error: unknown): Settled => ({ ok: false, error })));
        }
        return settled;
    } finally {
        t.remove();
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

/**
 * The bases of several stacks at one git commit (`plan --all --against <ref>`): the first `load`
 * plans every stack in `stacks` at the commit at once, in one worktree and one child process; each
 * `load` then resolves as `loadBase` would for its stack.
 */
export class CommitBases {
    private readonly runs = new Map<string, Promise<Map<string, Settled>>>();

    constructor(private readonly stacks: string[]) {}

    load(o: BaseOptions, where: Extract<BaseLocation, { kind: "commit" }>): Promise<Base> {
        const key = `${where.top}\0${where.sha}\0${o.projectDir}\0${o.preview}`;
        let run = this.runs.get(key);
        if (!run) {
            run = plansOfCommit(o, where.top, where.sha, [...new Set([...this.stacks, o.stack])]);
            this.runs.set(key, run);
        }
        return run.then(async (plans) => {
            const settled = plans.get(o.stack) ?? { ok: true, text: await planOfCommit(o, where.top, where.sha) };
            if (!settled.ok) throw settled.error;
            return { snapshot: parsePlan(settled.text, `the plan of ${o.against}`), label: `git ${o.against} (${where.sha.slice(0, 7)})` };
        });
    }
}
