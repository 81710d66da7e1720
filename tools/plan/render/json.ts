// Machine-readable plan (documented in README.md, "Offline plan"). Inputs keep the engine's wire
// form except secrets, which show as "[secret]"; unknown values (with --preview) are the engine's
// unknown marker string, as in `pulumi preview --json`.
import { PlanResult } from "../run";
import { resourceJson, UNKNOWN } from "../resources";
import { ChangeReview } from "../change/review";
import type { OutputFormat } from "../outputFormat";

export const JSON_FORMAT_VERSION = 1;

export function planJson(plan: PlanResult): Record<string, unknown> {
    const mandatory = plan.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    return {
        version: JSON_FORMAT_VERSION,
        project: plan.project,
        stack: plan.stack,
        region: plan.region,
        preview: plan.preview,
        unknownValue: UNKNOWN,
        stackFile: plan.stackFile,
        resources: plan.resources.map(resourceJson),
        outputs: plan.outputs,
        policies: {
            config: plan.policyConfig,
            mandatory,
            advisory: plan.violations.length - mandatory,
            violations: plan.violations.map((v) => ({ policy: v.policy, enforcementLevel: v.enforcementLevel, urn: v.urn ?? null, message: v.message })),
        },
        notes: plan.notes,
        ...(plan.review ? reviewJson(plan.review) : {}),
    };
}

/** With --against: the base, the counts, and one entry per resource of either plan. */
function reviewJson(review: ChangeReview): Record<string, unknown> {
    return {
        against: { base: review.base, counts: review.counts, notes: review.notes },
        changes: review.changes.map((c) => ({
            urn: c.urn,
            type: c.type,
            name: c.name,
            action: c.action,
            previousUrn: c.previousUrn ?? null,
            changedInputs: c.changedInputs,
            unknownInputs: c.unknownInputs,
            replaceReasons: c.replaceReasons,
            deletesFirst: c.deletesFirst,
            hazards: c.hazards,
            notes: c.notes,
        })),
        outputChanges: review.outputs.map((o) => ({
            name: o.name,
            action: o.action,
            before: o.action === "create" ? null : o.before,
            after: o.action === "delete" ? null : o.after,
            unknown: o.unknown,
            hazards: o.hazards,
        })),
    };
}

export function renderJson(plan: PlanResult): string {
    return JSON.stringify(planJson(plan), null, 2) + "\n";
}

/** `--format json`. */
export const format: OutputFormat = { name: "json", description: "everything, for tools (documented in README.md)", render: renderJson };
