// The default output: a tree of components and resources with their key settings, the stack
// outputs, then the policy findings grouped by level.
import { RecordedResource } from "../../engine/mockRun";
import { PlanResult } from "../run";
import { ResourceIndex, shortType, showOutput } from "../resources";
import { groupFindings } from "./findings";
import { keySettings } from "./settings";
import { reviewTextLines } from "./changes";
import type { OutputFormat } from "../outputFormat";

export { shortType };

function resourceLine(r: RecordedResource, index: ResourceIndex): string {
    const settings = keySettings(r, index);
    return `${r.name} (${shortType(r.type)})${settings.length > 0 ? `: ${settings.join(", ")}` : ""}`;
}

function tree(index: ResourceIndex, parent: string | undefined, indent: string): string[] {
    const kids = index.children(parent);
    return kids.flatMap((r, i) => {
        const last = i === kids.length - 1;
        return [
            `${indent}${last ? "└─ " : "├─ "}${resourceLine(r, index)}`,
            ...tree(index, r.urn, indent + (last ? "   " : "│  ")),
        ];
    });
}

/** Outputs one per line; objects one level deep as key.sub. */
export function outputLines(outputs: Record<string, unknown>): [string, string][] {
    return Object.entries(outputs).flatMap(([k, v]): [string, string][] =>
        v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0
            ? Object.entries(v).map(([sub, sv]): [string, string] => [`${k}.${sub}`, showOutput(sv)])
            : [[k, showOutput(v)]]);
}

/**
 * What the plan is of: a first deployment creates every resource (no base to update); with
 * --against it is an update of the base; a preview has unknown values.
 */
export function planMode(plan: PlanResult): string {
    const what = plan.review ? "update of the base" : "create: a first deployment, every resource new";
    return plan.preview ? `${what}; preview: computed values unknown` : what;
}

export function verdict(plan: PlanResult): string {
    const [mandatory, advisory] = groupFindings(plan).map((l) => l.count);
    return mandatory > 0
        ? `FAILED: ${mandatory} mandatory policy violation${mandatory > 1 ? "s" : ""} (and ${advisory} advisory)`
        : `PASSED: no mandatory policy violations (${advisory} advisory)`;
}

export function renderText(plan: PlanResult): string {
    const index = new ResourceIndex(plan.resources);
    const lines = [
        `Plan of ${plan.project}/${plan.stack} in ${plan.region} (${planMode(plan)}; offline under mocks, IDs, ARNs and IPs are placeholders)`,
        `Stack file ${plan.stackFile}, policy config ${plan.policyConfig ?? "(the pack's defaults)"}`,
        "",
        ...(plan.review ? [...reviewTextLines(plan.review), ""] : []),
        `Resources (${plan.resources.length}):`,
        ...tree(index, undefined, ""),
        "",
        "Outputs:",
        ...outputLines(plan.outputs).map(([k, v]) => `  ${k}: ${v}`),
    ];
    for (const level of groupFindings(plan)) {
        lines.push("", `Policy findings, ${level.level} (${level.count})${level.count === 0 ? ": none" : ":"}`);
        for (const p of level.policies) {
            lines.push(`  ${p.policy}: ${p.description}`);
            for (const item of p.items) {
                lines.push(`    - ${item.resource}${item.detail ? `: ${item.detail.replace(/\n/g, " ")}` : ""}`);
                if (item.fix) lines.push(`      fix in stack config: ${item.fix}`);
            }
        }
    }
    if (plan.notes.length > 0) lines.push("", "Notes (assumptions are what the mocks could not know):", ...plan.notes.map((n) => `  - ${n}`));
    lines.push("", verdict(plan));
    return lines.join("\n") + "\n";
}

/** `--format text`. */
export const format: OutputFormat = { name: "text", description: "resource tree with key settings, outputs, policy findings", default: true, render: renderText };
