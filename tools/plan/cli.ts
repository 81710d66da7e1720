// `npm run plan`: plan a stack offline and gate it on the policy pack. Kept free of process
// globals (argv, exit, streams) so tests can run it in-process.
import { ConfigError } from "../../infra/config";
import { Io } from "../engine/entry";
import { parseArgs, UsageError, USAGE } from "./args";
import { getFormat } from "./formats";
import { mandatoryViolations, PlanResult, runPlan } from "./run";
import { loadProjectConfigDir, StackConfigError, stackNames } from "../engine/project";
import { renderMermaid } from "./render/mermaid";
import { Base, BaseError, CommitBases, loadBase, locateBase } from "./change/base";
import { failingHazards, reviewChanges } from "./change/review";
import { snapshotOf } from "./change/snapshot";
import { writeReadmeDiagram } from "./readme";
import { blockingHazards } from "./change/blocking";
import { StackReview, summaryMarkdown, summaryText } from "./change/summary";
import { HazardCode } from "./change/hazards";
import * as path from "path";

export const EXIT = { ok: 0, mandatoryViolation: 1, invalid: 2, failed: 3 } as const;

/** Exit code and stderr text for a failed run. */
function failure(e: unknown): { code: number; message: string } {
    if (e instanceof UsageError) return { code: EXIT.invalid, message: `error: ${e.message}\n\n${USAGE}` };
    if (e instanceof StackConfigError) return { code: EXIT.invalid, message: `Invalid stack configuration:\n${e.problems.map((p) => `  - ${p}`).join("\n")}` };
    // The program's own validation: its message already lists every problem.
    if (e instanceof ConfigError) return { code: EXIT.invalid, message: e.message };
    if (e instanceof BaseError) return { code: EXIT.invalid, message: `error: ${e.message}` };
    return { code: EXIT.failed, message: `error: the plan failed unexpectedly: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** stderr lines for what fails the run: mandatory violations, then --fail-on hazards. */
function failures(plan: PlanResult, failOn: HazardCode[], listedIn = "listed in --fail-on"): string[] {
    const lines: string[] = [];
    const mandatory = mandatoryViolations(plan);
    if (mandatory.length > 0) lines.push(`error: ${plural(mandatory.length, "mandatory policy violation")}: ${[...new Set(mandatory.map((v) => v.policy))].join(", ")}`);
    const hazards = plan.review ? failingHazards(plan.review, failOn) : [];
    if (hazards.length > 0) lines.push(`error: ${plural(hazards.length, "hazard")} ${listedIn}: ${hazards.map((h) => `${h.code} (${h.name})`).join(", ")}`);
    return lines;
}

/** --all: every stack file in one process; each stack's failure is reported and the worst code returned. */
async function planAll(args: ReturnType<typeof parseArgs>, io: Io): Promise<number> {
    const stacks = stackNames(loadProjectConfigDir(args.projectDir));
    const format = getFormat(args.format);
    let worst: number = EXIT.ok;
    const json: unknown[] = [];
    // With --against, the stacks' sections wait for the summary of every stack's hazards (printed first).
    const sections: string[] = [];
    const reviewed: StackReview[] = [];
    const print = (text: string) => (args.against !== undefined ? sections.push(text) : io.stdout(text));
    // Every stack's base at once: one worktree and one child process plan them all at the commit.
    const bases = new CommitBases(stacks);
    for (const stack of stacks) {
        let base: Promise<Base> | undefined;
        try {
            // With --against, the bases are planned in a child process alongside the stacks' plans.
            if (args.against !== undefined) {
                const options = { against: args.against, cwd: io.cwd, projectDir: args.projectDir, stack, preview: args.preview };
                const where = locateBase(options);
                if (where.kind === "file") throw new UsageError("--all --against takes a git ref (each stack is planned at that commit), not a plan file");
                base = bases.load(options, where);
                base.catch(() => undefined);
            }
            const plan = await runPlan({ projectDir: args.projectDir, stack, preview: args.preview });
            let blocking: HazardCode[] = [];
            if (base) {
                const { snapshot, label } = await base;
                plan.review = reviewChanges(snapshot, snapshotOf(plan), label);
                const listed = blockingHazards(args.projectDir, stack, path.resolve(args.projectDir, plan.stackFile));
                blocking = [...new Set([...listed.codes, ...args.failOn])];
                plan.review.notes.push(`blocking hazards: ${blocking.join(", ") || "none"} (${listed.reason}${args.failOn.length > 0 ? ", and --fail-on" : ""})`);
                reviewed.push({ stack, review: plan.review, blocking });
            }
            if (args.format === "json") json.push(JSON.parse(format.render(plan)));
            else print(`${format.render(plan)}\n`);
            const lines = failures(plan, blocking, "that block this stack (changeReview:failOn, the production default, --fail-on)");
            if (lines.length > 0) {
                io.stderr(lines.map((l) => `${stack}: ${l}\n`).join(""));
                worst = Math.max(worst, EXIT.mandatoryViolation);
            }
        } catch (e) {
            await base?.catch(() => undefined);
            const { code, message } = failure(e);
            io.stderr(`${stack}: ${message}\n`);
            worst = Math.max(worst, code);
        }
    }
    if (args.against !== undefined && args.format !== "json") {
        if (args.format === "markdown") io.stdout(summaryMarkdown(reviewed));
        else if (args.format === "text") io.stdout(summaryText(reviewed));
        for (const s of sections) io.stdout(s);
    }
    if (args.format === "json") io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    io.stderr(`planned ${stacks.length} stacks: ${stacks.join(", ")}\n`);
    return worst;
}

export async function main(argv: string[], io: Io): Promise<number> {
    let base: Promise<Base> | undefined;
    try {
        const args = parseArgs(argv, io.cwd);
        if (args.help) {
            io.stdout(`${USAGE}\n`);
            return EXIT.ok;
        }
        if (args.all) return await planAll(args, io);
        // A git base is planned in a child process, alongside this plan.
        if (args.against !== undefined) {
            const options = { against: args.against, cwd: io.cwd, projectDir: args.projectDir, stack: args.stack, preview: args.preview };
            base = loadBase(options, locateBase(options));
        }
        // Handled either way, so a failing plan doesn't leave the base's rejection unhandled.
        base?.catch(() => undefined);
        const plan = await runPlan({ projectDir: args.projectDir, stack: args.stack, preview: args.preview, policyConfig: args.policyConfig });
        if (base) {
            const { snapshot, label } = await base;
            plan.review = reviewChanges(snapshot, snapshotOf(plan), label);
        }
        if (args.writeReadme) {
            const changed = writeReadmeDiagram(args.projectDir, renderMermaid(plan));
            io.stderr(`${changed ? "updated" : "unchanged:"} the diagram of stack ${plan.stack} in README.md\n`);
        } else {
            io.stdout(getFormat(args.format).render(plan));
        }
        const lines = failures(plan, args.failOn);
        if (lines.length === 0) return EXIT.ok;
        io.stderr(lines.map((l) => `${l}\n`).join(""));
        return EXIT.mandatoryViolation;
    } catch (e) {
        // Let a git base finish and remove its temporary worktree before the process exits.
        await base?.catch(() => undefined);
        const { code, message } = failure(e);
        io.stderr(`${message}\n`);
        return code;
    }
}
