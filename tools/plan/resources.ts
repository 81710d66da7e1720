// Looking things up in a recorded plan: resources by URN, what a property was computed from,
// children of a component. The graph comes from the engine's view (parents and property
// dependencies), so it shows what the code builds, in a preview as well as an update.
import * as pulumi from "@pulumi/pulumi";
import { TYPES } from "../../policies/rules/tokens";
import { RecordedResource, UNKNOWN } from "../engine/mockRun";

/** `aws:alb/*` tokens are aliases of `aws:lb/*`: one spelling for lookups. */
export function canonicalType(type: string): string {
    return type.replace(/^aws:alb\//, "aws:lb/");
}

// The pack's single token table: the plan, the pack and the tests name types the same way.
export { TYPES };

// ---- Wire-form values ----

export { UNKNOWN };

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

export function isSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
}

export const SECRET_DISPLAY = "[secret]";

/** A wire-form value for people and JSON readers: secrets hidden, unknowns left as the engine's marker. */
export function displayValue(value: unknown): unknown {
    if (isSecret(value)) return SECRET_DISPLAY;
    if (Array.isArray(value)) return value.map(displayValue);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(v)]));
    return value;
}

/** "LoadBalancer" from "aws:lb/loadBalancer:LoadBalancer". */
export const shortType = (type: string) => type.split(":").pop() ?? type;

/** A short one-line rendering of a value. */
export function show(value: unknown): string {
    if (isUnknown(value)) return "(known after apply)";
    if (isSecret(value)) return SECRET_DISPLAY;
    if (typeof value === "string") return value;
    if (Array.isArray(value)) return value.map(show).join(", ");
    if (value === undefined) return "";
    return JSON.stringify(displayValue(value));
}

/** An output's value, with nothing shown as such: a feature that is off, an empty string or list. */
export function showOutput(v: unknown): string {
    if (v === null || v === undefined) return "(none)";
    if (v === "") return "(empty string)";
    if (Array.isArray(v) && v.length === 0) return "(empty list)";
    if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) return "(empty map)";
    return show(v);
}

/** Reads a nested property (undefined through unknowns and missing levels). */
export function prop(value: unknown, ...keys: (string | number)[]): unknown {
    let v = value;
    for (const k of keys) {
        if (isSecret(v)) v = v.value;
        v = typeof v === "object" && v !== null ? (v as Record<string | number, unknown>)[k] : undefined;
    }
    return v;
}

/** A resource as the plan JSON lists it (see README.md, "Plan a stack offline"). */
export function resourceJson(r: RecordedResource): Record<string, unknown> {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        custom: r.custom,
        inputs: displayValue(r.inputs),
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        options: {
            protect: r.protect,
            deleteBeforeReplace: r.deleteBeforeReplace,
            retainOnDelete: r.retainOnDelete,
            ignoreChanges: r.ignoreChanges,
            replaceOnChanges: r.replaceOnChanges,
            aliases: r.aliases,
        },
    };
}

// ---- The plan as a graph ----

const byName = (a: RecordedResource, b: RecordedResource) => a.name.localeCompare(b.name, "en", { numeric: true });

// Reading order inside a component: what traffic reaches first comes first.
const READING_ORDER = [
    TYPES.eip, TYPES.loadBalancer, TYPES.listener, TYPES.listenerRule, TYPES.targetGroup, TYPES.attachment,
    "aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", TYPES.instance,
];
const rank = (r: RecordedResource) => {
    const i = READING_ORDER.indexOf(canonicalType(r.type));
    return i < 0 ? READING_ORDER.length : i;
};

export class ResourceIndex {
    private readonly urns: Map<string, RecordedResource>;

    constructor(readonly resources: RecordedResource[]) {
        this.urns = new Map(resources.map((r) => [r.urn, r]));
    }

    get(urn: string): RecordedResource | undefined {
        return this.urns.get(urn);
    }

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => canonicalType(r.type) === type).sort(byName);
    }

    /** The resources a property of `r` was computed from, optionally only those of `type`. */
    dependencies(r: RecordedResource, property: string, type?: string): RecordedResource[] {
        const found = (r.propertyDependencies[property] ?? []).map((u) => this.urns.get(u)).filter((d): d is RecordedResource => d !== undefined);
        return type ? found.filter((d) => canonicalType(d.type) === type) : found;
    }

    /** Names of the resources a property was computed from ("" when it is a literal). */
    dependencyNames(r: RecordedResource, property: string): string {
        return this.dependencies(r, property).map((d) => d.name).join(", ");
    }

    /** Children of a parent (undefined: top level), components in program order, others by name. */
    children(parent: string | undefined): RecordedResource[] {
        const kids = this.resources.filter((r) => (r.parent !== undefined && this.urns.has(r.parent) ? r.parent : undefined) === parent);
        return [...kids.filter((r) => !r.custom), ...kids.filter((r) => r.custom).sort((a, b) => rank(a) - rank(b) || a.type.localeCompare(b.type) || byName(a, b))];
    }
}
