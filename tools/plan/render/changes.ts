// The change review (--against) in words, for the text and markdown renderers.
import { Action, ResourceChange } from "../change/classify";
import { OutputChange } from "../change/outputs";
import { ChangeReview, hazardsOf } from "../change/review";
import { shortType, showOutput } from "../resources";

export const ACTION_ORDER: Action[] = ["create", "update", "replace", "delete", "same"];
const SYMBOLS: Record<Action, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };

/** "1 create, 2 update, 2 replace, 1 delete, 35 same". */
export function countsLine(review: ChangeReview): string {
    return ACTION_ORDER.map((a) => `${review.counts[a]} ${a}`).join(", ");
}

/** Why a resource changes: the replacement's causes, else the changed inputs. */
export function changeDetail(c: ResourceChange): string {
    const parts: string[] = [];
    if (c.action === "replace") {
        parts.push(`replaced because ${c.replaceReasons.map((r) => `${r.property}${r.unknown ? " may change" : ""}: ${r.why}`).join("; ")}`);
        if (c.deletesFirst) parts.push("deletes the old one first");
    } else if (c.action === "update") {
        parts.push(`changes ${c.changedInputs.join(", ")}`);
    } else if (c.action === "delete") {
        // A rename hint only where classify.ts found a created twin (its note).
        parts.push("no longer declared", ...c.notes);
    }
    if (c.unknownInputs.length > 0) parts.push(`unknown until apply: ${c.unknownInputs.join(", ")}`);
    if (c.previousUrn) parts.push(`was ${c.previousUrn} (alias)`);
    return parts.join("; ");
}

const OUTPUT_SYMBOLS: Record<OutputChange["action"], string> = { create: "+", update: "~", delete: "-" };

/** "~ greeting: "Hi" => (none)"; "+ workload: {...}"; "- nlbUrl: was http://..." */
export function outputChangeLine(o: OutputChange): string {
    const what = o.action === "create" ? showOutput(o.after) : o.action === "delete" ? `removed (was ${showOutput(o.before)})` : `${showOutput(o.before)} => ${showOutput(o.after)}`;
    return `${OUTPUT_SYMBOLS[o.action]} ${o.name}: ${what}${o.unknown ? " (may change: unknown until apply)" : ""}`;
}

export function reviewTextLines(review: ChangeReview): string[] {
    const hazards = hazardsOf(review);
    const changed = review.changes.filter((c) => c.action !== "same");
    return [
        `Changes against ${review.base}: ${countsLine(review)}`,
        `Hazards (${hazards.length})${hazards.length === 0 ? ": none" : ":"}`,
        ...hazards.map((h) => `  ! ${h.code}: ${h.message}`),
        ...(changed.length > 0 ? ["Changed resources:"] : []),
        ...changed.map((c) => {
            const detail = changeDetail(c);
            return `  ${SYMBOLS[c.action].padEnd(2)} ${c.action} ${c.name} (${shortType(c.type)})${detail ? `: ${detail}` : ""}`;
        }),
        ...(review.outputs.length > 0 ? ["Changed outputs:", ...review.outputs.map((o) => `  ${outputChangeLine(o)}`)] : []),
        ...review.notes.map((n) => `  note: ${n}`),
    ];
}
