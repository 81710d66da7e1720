// Shared fixtures for the plan tests: the dev stack planned once per mode, temporary project
// directories for made-up stacks (never written into the repository), and a captured CLI run.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/plan/cli";
import { PlanResult, runPlan } from "../../tools/plan/run";
import { programPath } from "../../tools/engine/project";

export const ROOT = path.join(__dirname, "..", "..");

const plans = new Map<string, Promise<PlanResult>>();

/** A stack file of the repository, planned once per mode for the whole suite (read it, don't change it). */
export function repoPlan(stack: string, preview = false): Promise<PlanResult> {
    const key = `${stack} ${preview ? "preview" : "update"}`;
    if (!plans.has(key)) plans.set(key, runPlan({ projectDir: ROOT, stack, preview }));
    return plans.get(key) as Promise<PlanResult>;
}

/** The repository's dev stack, planned once per mode. */
export const devPlan = (preview = false) => repoPlan("dev", preview);

/** The repository's Pulumi.yaml, with a `main` naming the repository's program by its absolute path (the offline plan's own extension: the CLI takes relative ones only). */
function repositoryProjectYaml(): string {
    const yaml = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
    return `${yaml}main: ${programPath(ROOT)}\n`;
}

/** Temporary project directories (never the repository), each file removing its own. */
export class TempProjects {
    private readonly dirs: string[] = [];

    /**
     * A project with the given stack files (name -> YAML) and `projectYaml`, by default the
     * repository's Pulumi.yaml with its `main` made absolute, so the repository's program runs.
     */
    create(stacks: Record<string, string>, projectYaml = repositoryProjectYaml()): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
        this.dirs.push(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), projectYaml);
        for (const [name, yaml] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), yaml);
        return dir;
    }

    removeAll(): void {
        for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    }
}

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs the plan command in-process, capturing its output. */
export async function runCli(argv: string[], cwd = ROOT): Promise<CliRun> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd });
    return { code, stdout, stderr };
}
