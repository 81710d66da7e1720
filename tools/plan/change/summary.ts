// `plan --all --against`: one summary of every stack's hazards, printed before the stacks' own
// sections, so a pull-request comment starts with what blocks the change and what to look at.
import { hazardsOf, ChangeReview } from "./review";
import { HazardCode } from "./hazards";

export interface StackReview {
    stack: string;
    review: ChangeReview;
    blocking: HazardCode[];
}

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function summaryMarkdown(stacks: StackReview[]): string {
    const lines = ["## Change review: hazards by stack", ""];
    const rows = stacks.flatMap(({ stack, review, blocking }) => hazardsOf(review).map((h) => ({ stack, h, blocks: (blocking as string[]).includes(h.code) })));
    const blocked = rows.filter((r) => r.blocks);
    lines.push(blocked.length > 0
        ? `**:no_entry: ${blocked.length} blocking hazard${blocked.length > 1 ? "s" : ""}** in ${[...new Set(blocked.map((r) => r.stack))].map((s) => `\`${s}\``).join(", ")}`
        : `**No blocking hazard** in ${stacks.length} stack${stacks.length === 1 ? "" : "s"}`);
    lines.push("");
    if (rows.length === 0) {
        lines.push("No hazards in any stack.");
    } else {
        lines.push("| Stack | Hazard | Resource | Blocks | What happens |", "| --- | --- | --- | --- | --- |");
        // Blocking ones first.
        for (const r of [...blocked, ...rows.filter((x) => !x.blocks)]) {
            lines.push(`| \`${r.stack}\` | \`${r.h.code}\` | \`${r.h.name}\` | ${r.blocks ? ":no_entry: yes" : "no"} | ${esc(r.h.message)} |`);
        }
    }
    lines.push("", ...stacks.map(({ stack, blocking }) => `- \`${stack}\` blocks on: ${blocking.length > 0 ? blocking.map((b) => `\`${b}\``).join(", ") : "nothing"}`), "");
    return `${lines.join("\n")}\n`;
}

export function summaryText(stacks: StackReview[]): string {
    const lines = ["Change review, hazards by stack:"];
    for (const { stack, review, blocking } of stacks) {
        const hazards = hazardsOf(review);
        lines.push(`  ${stack}: ${hazards.length === 0 ? "no hazards" : `${hazards.length} hazard${hazards.length > 1 ? "s" : ""}`} (blocks on: ${blocking.join(", ") || "nothing"})`);
        for (const h of hazards) lines.push(`    ${(blocking as string[]).includes(h.code) ? "BLOCKS" : "      "} ${h.code}: ${h.name}`);
    }
    return `${lines.join("\n")}\n\n`;
}
