// The change review: the base plan against the new one, resource by resource, with the hazards.
import { OutputChange, outputChanges } from "./outputs";
import { Action, classify, Hazard, ResourceChange } from "./classify";
import { findHazards, HazardCode } from "./hazards";
import { PlanSnapshot } from "./snapshot";

export interface ChangeReview {
    /** What the plan was compared with ("plan file base.json", "git main (1a2b3c4)"). */
    base: string;
    changes: ResourceChange[];
    /** The stack outputs added, removed or changed (./outputs.ts). */
    outputs: OutputChange[];
    /** The stack resource's URN, which holds the outputs (their hazards name it). */
    stackUrn: string;
    counts: Record<Action, number>;
    /** What the comparison could not know. */
    notes: string[];
}

export interface FoundHazard extends Hazard {
    urn: string;
    name: string;
}

const ACTIONS: Action[] = ["create", "update", "replace", "delete", "same"];

function gapNotes(base: PlanSnapshot, next: PlanSnapshot): string[] {
    const notes: string[] = [];
    if (base.gaps.includes("options")) notes.push("the base plan records no resource options (an older plan format): protect and retainOnDelete of its resources are taken as off");
    if (base.gaps.includes("outputs")) notes.push("the base plan records no stack outputs (an older plan format): their changes are not reviewed");
    if (base.gaps.includes("propertyDependencies")) notes.push("the base plan records no property dependencies (an older plan format): only the new plan's are used");
    if (base.stack !== next.stack) notes.push(`the base plan is of stack ${base.stack || "(unnamed)"}, this one of ${next.stack}: URNs name their stack, so no resource matches`);
    if (base.preview || next.preview) notes.push("a preview's computed values are unknown: inputs computed from resources that are created or replaced count as may change");
    if (base.preview !== next.preview) notes.push(`the base is ${base.preview ? "a preview" : "an update"} and this plan ${next.preview ? "a preview" : "an update"}: placeholders and unknowns compare only where what they are computed from is known to be kept`);
    return notes;
}

export function reviewChanges(base: PlanSnapshot, next: PlanSnapshot, label: string): ChangeReview {
    const pairs = classify(base, next);
    findHazards(pairs, next.unknownValue);
    const changes = pairs.map((p) => p.change);
    const counts = Object.fromEntries(ACTIONS.map((a) => [a, changes.filter((c) => c.action === a).length])) as Record<Action, number>;
    const outputs = outputChanges(base, next);
    for (const o of outputs.filter((x) => x.action === "delete")) {
        o.hazards.push({
            code: "stack-output-removed",
            message: `Stack output ${o.name} is removed: a stack that reads it through a StackReference, or a pipeline through \`pulumi stack output ${o.name}\`, gets nothing at its next run.`,
        });
    }
    // The engine's URN of the stack resource, which holds the outputs.
    const stackUrn = `urn:pulumi:${next.stack}::${next.project}::pulumi:pulumi:Stack::${next.project}-${next.stack}`;
    return { base: label, changes, counts, outputs, stackUrn, notes: gapNotes(base, next) };
}

export function hazardsOf(review: ChangeReview): FoundHazard[] {
    return [
        ...review.changes.flatMap((c) => c.hazards.map((h) => ({ ...h, urn: c.urn, name: c.name }))),
        ...review.outputs.flatMap((o) => o.hazards.map((h) => ({ ...h, urn: review.stackUrn, name: `output ${o.name}` }))),
    ];
}

/** The hazards among `codes` that occur (for --fail-on). */
export function failingHazards(review: ChangeReview, codes: HazardCode[]): FoundHazard[] {
    return hazardsOf(review).filter((h) => (codes as string[]).includes(h.code));
}
