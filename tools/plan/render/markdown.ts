// A plan for a pull-request comment: verdict first, the diagram, the resources (collapsed), the
// outputs and the policy findings.
import { PlanResult } from "../run";
import { ResourceIndex } from "../resources";
import { groupFindings } from "./findings";
import { mermaidDiagram } from "./mermaid";
import { keySettings } from "./settings";
import { outputLines, planMode, shortType, verdict } from "./text";
import { changeDetail, countsLine, outputChangeLine } from "./changes";
import { ChangeReview, hazardsOf } from "../change/review";
import type { OutputFormat } from "../outputFormat";

/** Text safe inside a table cell or list item. */
const cell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function resourceRows(index: ResourceIndex, parent: string | undefined, depth: number): string[] {
    return index.children(parent).flatMap((r) => [
        `| ${"&nbsp;&nbsp;".repeat(depth * 2)}${depth > 0 ? "└ " : ""}${code(r.name)} | ${shortType(r.type)} | ${cell(keySettings(r, index).join(", "))} |`,
        ...resourceRows(index, r.urn, depth + 1),
    ]);
}

function findingLines(plan: PlanResult): string[] {
    return groupFindings(plan).flatMap((level) => [
        "",
        `#### ${level.level === "mandatory" ? "Mandatory" : "Advisory"} (${level.count})`,
        "",
        ...(level.count === 0 ? ["None."] : level.policies.flatMap((p) => [
            `- ${code(p.policy)}: ${cell(p.description)}`,
            ...p.items.map((i) => `  - ${code(i.resource)}${i.detail ? `: ${cell(i.detail)}` : ""}${i.fix ? `<br>fix in stack config: ${cell(i.fix)}` : ""}`),
        ])),
    ]);
}

/** The change review, hazards first: what a reviewer must see before anything else. */
function reviewLines(plan: PlanResult, review: ChangeReview): string[] {
    const hazards = hazardsOf(review);
    const changed = review.changes.filter((c) => c.action !== "same");
    return [
        `### Change review: ${code(`${plan.project}/${plan.stack}`)} against ${cell(review.base)}`,
        "",
        `**${hazards.length === 0 ? "No hazards" : `${hazards.length} hazard${hazards.length > 1 ? "s" : ""}`}** · ${countsLine(review)}`,
        "",
        `#### Hazards (${hazards.length})`,
        "",
        ...(hazards.length === 0 ? ["None."] : hazards.map((h) => `- :warning: ${code(h.code)} ${code(h.name)}: ${cell(h.message)}`)),
        "",
        ...(changed.length === 0 ? ["No resource changes."] : [
            "| Action | Resource | Type | Why |",
            "| --- | --- | --- | --- |",
            ...changed.map((c) => `| ${c.action} | ${code(c.name)} | ${shortType(c.type)} | ${cell(changeDetail(c))} |`),
        ]),
        ...(review.outputs.length > 0 ? ["", "Stack outputs:", "", ...review.outputs.map((o) => `- ${cell(outputChangeLine(o))}`)] : []),
        ...(review.notes.length > 0 ? ["", ...review.notes.map((n) => `- note: ${cell(n)}`)] : []),
        "",
    ];
}

export function renderMarkdown(plan: PlanResult): string {
    const index = new ResourceIndex(plan.resources);
    const mode = planMode(plan);
    return [
        ...(plan.review ? reviewLines(plan, plan.review) : []),
        `### Offline plan: ${code(`${plan.project}/${plan.stack}`)}`,
        "",
        `**${verdict(plan)}** · ${plan.resources.length} resources in ${plan.region} · ${mode} under mocks: IDs, ARNs and IPs are placeholders · policy config ${plan.policyConfig ? code(plan.policyConfig) : "(the pack's defaults)"}`,
        "",
        "```mermaid",
        mermaidDiagram(plan.resources).trimEnd(),
        "```",
        "",
        `<details><summary>Resources (${plan.resources.length})</summary>`,
        "",
        "| Resource | Type | Key settings |",
        "| --- | --- | --- |",
        ...resourceRows(index, undefined, 0),
        "",
        "</details>",
        "",
        "#### Outputs",
        "",
        "| Output | Value |",
        "| --- | --- |",
        ...outputLines(plan.outputs).map(([k, v]) => `| ${code(k)} | ${cell(v)} |`),
        ...findingLines(plan),
        ...(plan.notes.length > 0 ? ["", "#### Notes", "", ...plan.notes.map((n) => `- ${cell(n)}`)] : []),
    ].join("\n") + "\n";
}

/** `--format markdown`. */
export const format: OutputFormat = { name: "markdown", description: "for a pull-request comment", render: renderMarkdown };
