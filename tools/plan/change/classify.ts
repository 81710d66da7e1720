// What `pulumi up` would do to each resource, going from a base plan to a new one: create, update,
// replace, delete or leave it the same. Resources match by URN, or by an alias the new plan
// records (a resource whose URN changed but whose alias names the old URN is the same resource);
// a renamed resource without an alias is a delete plus a create.
import { customizeDiff, ReplaceReason } from "./customizeDiff";
import { diffInputs, isUnder, PathChange } from "./diff";
import { forceNewEntry, touches } from "./forceNew";
import { Recomputed, recomputedOnUpdate } from "../../engine/recomputed";
import { PlanSnapshot, SnapshotOptions, SnapshotResource } from "./snapshot";
import { canonicalType } from "../resources";

export type Action = "create" | "update" | "replace" | "delete" | "same";

export interface Hazard {
    code: string;
    message: string;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    action: Action;
    /** The base plan's URN when it differs (matched through an alias). */
    previousUrn?: string;
    /** Changed input paths (update and replace). */
    changedInputs: string[];
    /** Those of changedInputs whose new value is unknown until apply: they may change, or not. */
    unknownInputs: string[];
    /** What forces the replacement (replace only). */
    replaceReasons: ReplaceReason[];
    /** The old resource is deleted before the new one is created (replace only). */
    deletesFirst: boolean;
    /** An update that makes the provider recompute outputs other resources read (a launch template's new version). */
    recomputes?: Recomputed;
    hazards: Hazard[];
    notes: string[];
}

/** A resource as both plans see it. */
export interface Pair {
    change: ResourceChange;
    old?: SnapshotResource;
    new?: SnapshotResource;
}

const NO_OPTIONS: SnapshotOptions = { protect: false, deleteBeforeReplace: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], aliases: [] };

export const optionsOf = (r: SnapshotResource | undefined): SnapshotOptions => r?.options ?? NO_OPTIONS;

function entry(r: SnapshotResource, action: Action, previousUrn?: string): ResourceChange {
    return { urn: r.urn, type: r.type, name: r.name, action, ...(previousUrn ? { previousUrn } : {}), changedInputs: [], unknownInputs: [], replaceReasons: [], deletesFirst: false, hazards: [], notes: [] };
}

/** The base resource a new one continues: same URN, else the first alias naming a base URN. */
function matchBase(r: SnapshotResource, base: Map<string, SnapshotResource>, taken: Set<string>): SnapshotResource | undefined {
    const urns = [r.urn, ...optionsOf(r).aliases];
    const urn = urns.find((u) => base.has(u) && !taken.has(u));
    return urn ? base.get(urn) : undefined;
}

/** What the classification knows of each resource of the new plan, by URN, as it goes. */
interface Known {
    action: Action;
    name: string;
    recomputes?: Recomputed;
}

/** The base's URNs of matched resources to their URNs in the new plan (aliases followed). */
type Continued = Map<string, string>;

/** The resource keeps what `property` reads of it: unchanged, or updated without recomputing an output that property can carry. */
const kept = (k: Known | undefined, property: string) => k !== undefined && (k.action === "same" || (k.action === "update" && !(k.recomputes && (k.recomputes.readers?.test(property) ?? true))));

/**
 * Does the value the base computed from its dependencies still come from the same, kept resources?
 * A created dependency is new content (an added subnet mapping), not a changed value, unless a
 * dependency of the old value is gone (deleted, replaced, renamed without an alias, or no longer used).
 */
function oldSourcesGone(old: SnapshotResource, r: SnapshotResource, property: string, actions: Map<string, Known>, continued: Continued): boolean {
    // An older plan format records no dependencies: assume the worst.
    if (Object.keys(old.propertyDependencies).length === 0) return true;
    const now = r.propertyDependencies[property] ?? [];
    return (old.propertyDependencies[property] ?? []).some((u) => {
        const urn = continued.get(u);
        return urn === undefined || !now.includes(urn) || !kept(actions.get(urn), property);
    });
}

/**
 * Inputs computed from a resource that is replaced get its new, unknown, IDs; from one created in
 * place of an old source, likewise; from one updated with recomputed outputs, its new outputs.
 */
function dependencyChanges(old: SnapshotResource, r: SnapshotResource, actions: Map<string, Known>, continued: Continued, direct: PathChange[]): PathChange[] {
    const out: PathChange[] = [];
    for (const [property, urns] of Object.entries(r.propertyDependencies)) {
        if (optionsOf(r).ignoreChanges.some((i) => isUnder(property, i))) continue;
        if (direct.some((c) => isUnder(c.path, property))) continue;
        const causes = urns.map((u) => actions.get(u)).filter((a): a is Known => a !== undefined);
        const replaced = causes.find((a) => a.action === "replace");
        const recomputed = causes.find((a) => a.action === "update" && a.recomputes && (a.recomputes.readers?.test(property) ?? true));
        const created = causes.find((a) => a.action === "create");
        if (replaced) out.push({ path: property, unknown: true, via: `${replaced.name}, which is replaced` });
        else if (recomputed) out.push({ path: property, unknown: true, via: `${recomputed.name}, which is updated: ${recomputed.recomputes?.why}` });
        else if (created && oldSourcesGone(old, r, property, actions, continued)) out.push({ path: property, unknown: true, via: `${created.name}, which is created` });
    }
    return out;
}

const topLevel = (path: string) => path.split(/[.[]/)[0];

/**
 * An unknown that is computed only from resources this update keeps (updated or the same) would be
 * known to the real engine, which reads their outputs from the stack's state: not a change.
 */
function explainedByKeptResources(c: PathChange, r: SnapshotResource, actions: Map<string, Known>): boolean {
    if (!c.unknown || c.via) return false;
    const urns = r.propertyDependencies[topLevel(c.path)] ?? [];
    return urns.length > 0 && urns.every((u) => kept(actions.get(u), topLevel(c.path)));
}

function replaceReasons(old: SnapshotResource, r: SnapshotResource, changes: PathChange[], unknownValue: string): ReplaceReason[] {
    const table = forceNewEntry(r.type);
    const reasons: ReplaceReason[] = [];
    for (const c of changes) {
        const forced = table?.forceNew.find((p) => touches(c.path, p));
        if (forced) reasons.push({ property: c.path, why: `${forced} is force-new${c.via ? ` (computed from ${c.via})` : ""}`, source: table?.source ?? "", unknown: c.unknown });
        const option = optionsOf(r).replaceOnChanges.find((p) => p === "*" || touches(c.path, p));
        if (option) reasons.push({ property: c.path, why: `the program's replaceOnChanges option lists ${option}`, source: "replaceOnChanges resource option", unknown: c.unknown });
    }
    reasons.push(...customizeDiff({ old, new: r, changes, unknownValue }));
    return reasons;
}

/** The provider deletes first when a replaced resource's auto-named input was set explicitly. */
function deletesFirst(r: SnapshotResource): { first: boolean; note?: string } {
    if (optionsOf(r).deleteBeforeReplace) return { first: true };
    const autoName = forceNewEntry(r.type)?.autoName;
    if (autoName && r.inputs[autoName] !== undefined) {
        return { first: true, note: `its ${autoName} is set explicitly, so the replacement must wait for the old one to free the name (delete first)` };
    }
    return { first: false };
}

function compare(old: SnapshotResource, r: SnapshotResource, unknownValue: string, actions: Map<string, Known>, continued: Continued): ResourceChange {
    const change = entry(r, "same", old.urn !== r.urn ? old.urn : undefined);
    if (!r.custom) return change;
    const direct = diffInputs(old.inputs, r.inputs, unknownValue, optionsOf(r).ignoreChanges).filter((c) => !explainedByKeptResources(c, r, actions));
    const changes = [...direct, ...dependencyChanges(old, r, actions, continued, direct)];
    if (changes.length === 0) return change;
    change.changedInputs = changes.map((c) => c.path);
    change.unknownInputs = changes.filter((c) => c.unknown).map((c) => (c.via ? `${c.path} (computed from ${c.via})` : c.path));
    if (change.unknownInputs.length > 0) change.notes.push("values unknown until apply count as may change");
    if (!forceNewEntry(r.type)) change.notes.push(`${r.type} is not in the force-new table (tools/plan/change/forceNew.ts): its changes are taken as updates in place`);
    change.replaceReasons = replaceReasons(old, r, changes, unknownValue);
    change.action = change.replaceReasons.length > 0 ? "replace" : "update";
    if (change.action === "replace") {
        const { first, note } = deletesFirst(r);
        change.deletesFirst = first;
        if (note) change.notes.push(note);
    } else {
        const recomputes = recomputedOnUpdate(canonicalType(r.type), change.changedInputs);
        if (recomputes) {
            change.recomputes = recomputes;
            change.notes.push(`the update makes ${recomputes.why}: resources that read ${recomputes.outputs.join(" or ")} change too (${recomputes.source})`);
        }
    }
    return change;
}

/** A deleted resource: a rename only when the new plan creates one of the same type under the same parent. */
function deletion(old: SnapshotResource, created: SnapshotResource[]): ResourceChange {
    const change = entry(old, "delete");
    const twins = created.filter((r) => canonicalType(r.type) === canonicalType(old.type) && parentOf(r.urn) === parentOf(old.urn));
    if (twins.length > 0) {
        change.notes.push(`if ${twins.map((t) => t.name).join(" or ")} (created) is this resource renamed, give it an alias naming ${old.name}: without one it is a delete and a create`);
    }
    return change;
}

/** The parent part of a URN's type chain ("...::a$b::name" -> "a"). */
function parentOf(urn: string): string {
    const chain = urn.split("::")[2] ?? "";
    return chain.split("$").slice(0, -1).join("$");
}

/** Every resource of either plan, in the new plan's order, then the deleted ones in the base's. */
export function classify(base: PlanSnapshot, next: PlanSnapshot): Pair[] {
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const taken = new Set<string>();
    const actions = new Map<string, Known>();
    const continued: Continued = new Map();
    const pairs: Pair[] = [];
    // Registration order: a resource's dependencies are classified before it.
    for (const r of next.resources) {
        const old = matchBase(r, baseByUrn, taken);
        if (old) {
            taken.add(old.urn);
            continued.set(old.urn, r.urn);
        }
        const change = old ? compare(old, r, next.unknownValue, actions, continued) : entry(r, "create");
        actions.set(r.urn, { action: change.action, name: r.name, recomputes: change.recomputes });
        pairs.push({ change, old, new: r });
    }
    const created = pairs.filter((p) => p.change.action === "create").map((p) => p.new as SnapshotResource);
    for (const old of base.resources) {
        if (!taken.has(old.urn)) pairs.push({ change: deletion(old, created), old });
    }
    return pairs;
}
