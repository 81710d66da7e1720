// Machine-readable plan (documented in README.md, "Offline plan"). Inputs keep the engine's wire
// form except secrets, which show as "[secret]"; unknown values (with --preview) are the engine's
// unknown marker string, as in `pulumi preview --json`.
import { PlanResult } from "../run";
import { resourceJson, UNKNOWN } from "../resources";

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
    };
}

export function renderJson(plan: PlanResult): string {
    return JSON.stringify(planJson(plan), null, 2) + "\n";
}
