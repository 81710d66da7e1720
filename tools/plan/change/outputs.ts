// The stack's outputs in a change review, as `pulumi preview` lists them under "Outputs": added,
// removed, changed. Other stacks read them through StackReferences and pipelines read them with
// `pulumi stack output`, so a removed output is a hazard (`stack-output-removed`): the reader gets
// undefined at its next run, with no error from this stack's update.
//
// Under mocks an output computed from a resource (an ID, ARN, DNS name or address) is a
// placeholder that stays the same when the resource is replaced; the real value changes then, and
// the resource's own hazards say so (load-balancer-replaced, static-ip-released). A value
// unknown until apply (--preview) matches what the other side has there: the real engine knows
// the outputs of the resources an update keeps, and the resource review covers the others.
import { isDeepStrictEqual } from "util";
import { isRecord } from "../../engine/data";
import type { Hazard } from "./classify";
import { hasUnknown } from "./diff";
import { PlanSnapshot } from "./snapshot";

export type OutputAction = "create" | "update" | "delete";

export interface OutputChange {
    name: string;
    action: OutputAction;
    /** The base's value (update, delete). */
    before?: unknown;
    /** The new plan's value (create, update). */
    after?: unknown;
    /** The new value, or part of it, is unknown until apply: it may not change after all. */
    unknown: boolean;
    /** stack-output-removed (the review adds it). */
    hazards: Hazard[];
}

/** Equal where both are known: an unknown (either side's marker) matches anything. */
function equalWhereKnown(a: unknown, b: unknown, markers: string[]): boolean {
    if (markers.includes(a as string) || markers.includes(b as string)) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equalWhereKnown(x, b[i], markers));
    if (isRecord(a) && isRecord(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => Object.hasOwn(a, k) && Object.hasOwn(b, k) && equalWhereKnown(a[k], b[k], markers));
    }
    return isDeepStrictEqual(a, b);
}

/** The outputs that differ, by name; [] when the base recorded none (an older plan format: its gap note says so). */
export function outputChanges(base: PlanSnapshot, next: PlanSnapshot): OutputChange[] {
    if (!base.outputs || !next.outputs) return [];
    const [olds, news] = [base.outputs, next.outputs];
    const names = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
    const out: OutputChange[] = [];
    for (const name of names) {
        const [had, has] = [Object.hasOwn(olds, name), Object.hasOwn(news, name)];
        if (had && !has) out.push({ name, action: "delete", before: olds[name], unknown: false, hazards: [] });
        else if (!had && has) out.push({ name, action: "create", after: news[name], unknown: hasUnknown(news[name], next.unknownValue), hazards: [] });
        else if (!equalWhereKnown(olds[name], news[name], [base.unknownValue, next.unknownValue])) {
            const unknown = hasUnknown(news[name], next.unknownValue) || hasUnknown(olds[name], base.unknownValue);
            out.push({ name, action: "update", before: olds[name], after: news[name], unknown, hazards: [] });
        }
    }
    return out;
}
