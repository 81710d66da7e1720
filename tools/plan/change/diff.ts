// The changed input paths between two versions of a resource, as `pulumi preview --diff` lists
// them: "port", "healthCheck.path", "subnetMappings[3]", "tags.CostCenter".
//
// Unknowns: a value unknown in the new plan (a preview) that was known before may change; a value
// unknown on both sides is taken as unchanged unless what it is computed from changes (see
// classify.ts), since the real engine would read it from the stack's state.
import { isRecord } from "../../engine/data";

export interface PathChange {
    path: string;
    /** The new value is unknown until apply: it may change, or not. */
    unknown: boolean;
    /** Set when the change comes from a resource this input is computed from ("TG-ALB is replaced"). */
    via?: string;
}


function join(path: string, key: string | number): string {
    if (typeof key === "number") return `${path}[${key}]`;
    return path === "" ? key : `${path}.${key}`;
}

function collect(oldValue: unknown, newValue: unknown, path: string, unknownValue: string, out: PathChange[]): void {
    const oldUnknown = oldValue === unknownValue;
    const newUnknown = newValue === unknownValue;
    if (oldUnknown && newUnknown) return;
    if (oldUnknown || newUnknown) {
        out.push({ path, unknown: true });
        return;
    }
    if (Array.isArray(oldValue) && Array.isArray(newValue)) {
        for (let i = 0; i < Math.max(oldValue.length, newValue.length); i++) collect(oldValue[i], newValue[i], join(path, i), unknownValue, out);
        return;
    }
    if (isRecord(oldValue) && isRecord(newValue)) {
        for (const key of [...new Set([...Object.keys(oldValue), ...Object.keys(newValue)])].sort()) {
            collect(oldValue[key], newValue[key], join(path, key), unknownValue, out);
        }
        return;
    }
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) out.push({ path, unknown: false });
}

/** Is `path` at or under `prefix`? */
/** Does the value hold an unknown anywhere (the provider's IsWhollyKnown, negated)? */
export function hasUnknown(v: unknown, unknownValue: string): boolean {
    if (v === unknownValue) return true;
    if (Array.isArray(v)) return v.some((x) => hasUnknown(x, unknownValue));
    if (isRecord(v)) return Object.values(v).some((x) => hasUnknown(x, unknownValue));
    return false;
}

export function isUnder(path: string, prefix: string): boolean {
    return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** Changed leaf paths of the inputs, without those `ignoreChanges` covers. */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>, unknownValue: string, ignoreChanges: string[] = []): PathChange[] {
    const out: PathChange[] = [];
    collect(olds, news, "", unknownValue, out);
    return out.filter((c) => !ignoreChanges.some((ignored) => isUnder(c.path, ignored)));
}
