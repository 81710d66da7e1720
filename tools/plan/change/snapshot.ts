// A plan as the change review compares it: the resources of a `--format json` plan. Both sides go
// through this one shape (the new plan through its own JSON), so a saved plan file, the plan of a
// git commit and an in-process plan compare alike. A plan JSON from an older version of the tool
// may lack fields: what is missing is listed in `gaps`, and the review says what it assumed.
import type { RecordedResource } from "../../engine/mockRun";
import { isRecord } from "../../engine/data";
import { resourceJson, UNKNOWN } from "../resources";

/** What a snapshot needs of a plan (a PlanResult is one; named here so the review does not depend on the plan run, which carries a review). */
export interface PlannedStack {
    project?: string;
    stack: string;
    preview: boolean;
    resources: RecordedResource[];
    outputs?: Record<string, unknown>;
}

export interface SnapshotResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** Wire-form inputs with secrets shown as "[secret]" (a change inside a secret is not seen). */
    inputs: Record<string, unknown>;
    propertyDependencies: Record<string, string[]>;
    /** undefined: the plan did not record options. */
    options?: SnapshotOptions;
}

export interface SnapshotOptions {
    protect: boolean;
    deleteBeforeReplace: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    aliases: string[];
}

export interface PlanSnapshot {
    /** The project ("" when the plan JSON names none). */
    project: string;
    stack: string;
    preview: boolean;
    /** The engine's unknown marker in `inputs`. */
    unknownValue: string;
    resources: SnapshotResource[];
    /** The stack's outputs; undefined when the plan JSON has none (an older format: gap "outputs"). */
    outputs?: Record<string, unknown>;
    /** Fields an older plan JSON lacks (e.g. "options", "propertyDependencies", "outputs"). */
    gaps: string[];
}

/** A saved plan that can't be read as one. */
export class SnapshotError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SnapshotError";
    }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function readOptions(v: unknown): SnapshotOptions | undefined {
    if (!isRecord(v)) return undefined;
    return {
        protect: v.protect === true,
        deleteBeforeReplace: v.deleteBeforeReplace === true,
        retainOnDelete: v.retainOnDelete === true,
        ignoreChanges: strings(v.ignoreChanges),
        replaceOnChanges: strings(v.replaceOnChanges),
        aliases: strings(v.aliases),
    };
}

function readResource(v: unknown, i: number): SnapshotResource {
    if (!isRecord(v) || typeof v.urn !== "string" || typeof v.type !== "string" || typeof v.name !== "string") {
        throw new SnapshotError(`resources[${i}] has no urn, type and name`);
    }
    const deps = isRecord(v.propertyDependencies) ? v.propertyDependencies : {};
    return {
        urn: v.urn,
        type: v.type,
        name: v.name,
        custom: v.custom !== false,
        inputs: isRecord(v.inputs) ? v.inputs : {},
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, urns]) => [k, strings(urns)])),
        options: readOptions(v.options),
    };
}

/** Reads a parsed `--format json` plan of any version of the tool. */
export function snapshotFromJson(json: unknown): PlanSnapshot {
    if (!isRecord(json) || !Array.isArray(json.resources)) throw new SnapshotError("not a plan: no resources list (make it with --format json)");
    const raw = json.resources as unknown[];
    const gaps: string[] = [];
    if (raw.some((r) => isRecord(r) && !("options" in r))) gaps.push("options");
    if (raw.some((r) => isRecord(r) && !("propertyDependencies" in r))) gaps.push("propertyDependencies");
    if (!isRecord(json.outputs)) gaps.push("outputs");
    return {
        project: typeof json.project === "string" ? json.project : "",
        stack: typeof json.stack === "string" ? json.stack : "",
        preview: json.preview === true,
        unknownValue: typeof json.unknownValue === "string" ? json.unknownValue : UNKNOWN,
        resources: raw.map(readResource),
        ...(isRecord(json.outputs) ? { outputs: json.outputs } : {}),
        gaps,
    };
}

/** The new plan as its JSON lists it: the same shape as any base. */
export function snapshotOf(plan: PlannedStack): PlanSnapshot {
    return snapshotFromJson(JSON.parse(JSON.stringify({
        project: plan.project, stack: plan.stack, preview: plan.preview, unknownValue: UNKNOWN, resources: plan.resources.map(resourceJson), outputs: plan.outputs,
    })));
}
