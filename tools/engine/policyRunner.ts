// An offline, engine-faithful runner for a CrossGuard policy list.
//
// It mirrors, step by step, what happens when `pulumi preview|up --policy-pack` runs a Node.js
// pack, without the CLI, gRPC or a cloud:
//  - config: the CLI's ReconcilePolicyPackConfig (pkg/resource/analyzer/config.go): every policy
//    starts from its own enforcementLevel (else the pack's), top-level schema `default`s fill its
//    properties, then `all` overrides every level, then per-policy entries override level and
//    merge properties; the result is validated against each policy's configSchema.
//  - per resource, in registration order: a remediation pass (policies at "remediate"), whose
//    output replaces the inputs, then the analyze pass on those inputs (server.js
//    makeRemediateRpcFun / makeAnalyzeRpcFun); at the end one analyzeStack pass.
//  - properties are deserialized and proxied as the server does (props.ts, public API only), so
//    an UNKNOWN prop throws the SDK's UnknownValueError, which becomes an advisory note.
//  - NotApplicable is recorded; any other error thrown by a policy is a bug and propagates.
import * as fs from "fs";
import {
    EnforcementLevel,
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { analyzedProps, isResourcePolicy, isStackPolicy, pulumiTypeOf, remediatedProps, serializeProps, UnknownValue, WIRE_UNKNOWN } from "./props";

export type { EnforcementLevel } from "@pulumi/policy";

const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

// ---- Public types ----

export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & { [knob: string]: unknown });

/** The `--policy-pack-config` JSON: {"all": "advisory"}, {"<policy>": "mandatory"}, {"<policy>": {"enforcementLevel": ..., "<knob>": ...}}. */
export interface PolicyPackConfig {
    all?: EnforcementLevel | { enforcementLevel?: EnforcementLevel };
    [policy: string]: PolicyConfigEntry | undefined;
}

/** A stand-in for a computed value: in preview it behaves exactly like the engine's unknown. */
export const UNKNOWN: unique symbol = Symbol("pulumi.unknown");

export interface PlannedProvider {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
}

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    props: Record<string, unknown>;
    /** URN of the parent resource, if any. */
    parent?: string;
    provider?: PlannedProvider;
    /** URNs this resource depends on. */
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    /**
     * The resource options the program set. The engine passes protect, ignoreChanges and
     * deleteBeforeReplace to policies (PolicyResource.opts); AnalyzerResourceOptions has no
     * retainOnDelete, so it is recorded here but, as in the engine, policies never see it.
     */
    opts?: PlannedResourceOptions;
}

export interface PlannedResourceOptions {
    protect?: boolean;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    retainOnDelete?: boolean;
}

export interface Violation {
    policy: string;
    enforcementLevel: "advisory" | "mandatory";
    urn?: string;
    message: string;
}

export interface NotApplicable { policy: string; urn?: string; reason: string }
/** A remediation's output: the resource's full new inputs (unknowns shown as UNKNOWN). */
export interface Remediation { policy: string; urn: string; props: Record<string, unknown> }

export interface PolicyRunResult {
    violations: Violation[];
    notApplicable: NotApplicable[];
    remediations: Remediation[];
}

export interface RunOptions {
    config?: PolicyPackConfig;
    /** Preview mode: UNKNOWN props are allowed (and unreadable). Default false (an update). */
    preview?: boolean;
    stackTags?: Record<string, string>;
    packName?: string;
    packVersion?: string;
    /** The PolicyPack's own `enforcementLevel` arg; the SDK default is "advisory". */
    packEnforcementLevel?: EnforcementLevel;
}

/** A policy's effective configuration after reconciliation. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** A policy threw something other than UnknownValueError / notApplicable: a bug in the policy. */
export class PolicyError extends Error {
    constructor(message: string, readonly policy: string, readonly cause: unknown) {
        super(message);
        this.name = "PolicyError";
    }
}

// ---- Config: parse, reconcile, validate (the CLI's side) ----

function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

interface NormalizedEntry { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }

function normalizeEntry(key: string, value: unknown): NormalizedEntry {
    if (typeof value === "string") {
        if (!isEnforcementLevel(value)) {
            throw new Error(`parsing enforcement level for "${key}": "${value}" is not a valid enforcement level`);
        }
        return { enforcementLevel: value, properties: {} };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error(`parsing "${key}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        throw new Error(`parsing enforcement level for "${key}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`);
    }
    return { enforcementLevel, properties };
}

/** Parses a --policy-pack-config document with the CLI's rules (throws on an invalid level). */
export function parsePolicyPackConfig(json: unknown): PolicyPackConfig {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
        throw new Error("policy pack config must be a JSON object");
    }
    for (const [key, value] of Object.entries(json)) {
        normalizeEntry(key, value);
    }
    return json as PolicyPackConfig;
}

export function policyConfigFromFile(path: string): PolicyPackConfig {
    const text = fs.readFileSync(path, "utf8");
    // The CLI accepts an empty file as "no config".
    return text.trim() === "" ? {} : parsePolicyPackConfig(JSON.parse(text));
}

function schemaDefaults(policy: Policies[number]): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [knob, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema.default !== undefined) {
            defaults[knob] = structuredClone(schema.default);
        }
    }
    return defaults;
}

// ---- Config validation: what the CLI does with a policy's configSchema ----
//
// @pulumi/policy sends only configSchema.properties and .required (protoutil.js); the CLI wraps
// them as {"type": "object", "properties": ..., "required": ...} (analyzer/config.go
// convertSchema) and validates the reconciled properties with gojsonschema, which ignores
// keywords it does not know and allows knobs the schema does not name. Ajv in non-strict mode does
// the same; test/policies/pack.test.ts compiles every schema strictly, so a misspelled keyword in
// a rule fails there instead of being silently ignored by both.

const ajv = new Ajv({ strict: false, allErrors: true, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

type ConfigSchema = NonNullable<Policies[number]["configSchema"]>;

/** The JSON schema the CLI validates a policy's properties against (convertSchema). */
export function engineConfigSchema(configSchema: ConfigSchema): Record<string, unknown> {
    return {
        type: "object",
        ...(Object.keys(configSchema.properties ?? {}).length > 0 ? { properties: configSchema.properties } : {}),
        ...(configSchema.required?.length ? { required: configSchema.required } : {}),
    };
}

function validatorFor(configSchema: ConfigSchema): ValidateFunction {
    let validate = compiled.get(configSchema);
    if (!validate) {
        validate = ajv.compile(engineConfigSchema(configSchema));
        compiled.set(configSchema, validate);
    }
    return validate;
}

function jsonType(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

/** One ajv error in gojsonschema's words ("<field>: <description>", field "(root)" trimmed). */
function describeError(e: ErrorObject): string {
    const field = e.instancePath.split("/").slice(1).join(".");
    const p = e.params as Record<string, unknown>;
    const description = ((): string => {
        switch (e.keyword) {
            case "type": return `Invalid type. Expected: ${String(p.type)}, given: ${jsonType(e.data)}`;
            case "enum": return `${field || "(root)"} must be one of the following: ${(p.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(", ")}`;
            case "required": return `${String(p.missingProperty)} is required`;
            case "minimum": return `Must be greater than or equal to ${String(p.limit)}`;
            case "maximum": return `Must be less than or equal to ${String(p.limit)}`;
            case "minItems": return `Array must have at least ${String(p.limit)} items`;
            case "maxItems": return `Array must have at most ${String(p.limit)} items`;
            case "uniqueItems": return `array items[${Math.min(Number(p.i), Number(p.j))},${Math.max(Number(p.i), Number(p.j))}] must be unique`;
            case "pattern": return `Does not match pattern '${String(p.pattern)}'`;
            case "minLength": return `String length must be greater than or equal to ${String(p.limit)}`;
            case "maxLength": return `String length must be less than or equal to ${String(p.limit)}`;
            default: return e.message ?? e.keyword;
        }
    })();
    return field ? `${field}: ${description}` : description;
}

/** Config validation errors, formatted "<policy>: <problem>" like the CLI. */
export function validatePolicyConfig(policy: Policies[number], properties: Record<string, unknown>): string[] {
    if (!policy.configSchema) {
        return [];
    }
    const validate = validatorFor(policy.configSchema);
    return validate(properties) ? [] : (validate.errors ?? []).map(e => `${policy.name}: ${describeError(e)}`);
}

/** What server.js refuses before it serves a pack (it prints the reason and exits 1). */
export function servingProblems(policies: Policies): string[] {
    return policies.flatMap(p => [
        ...(p.name === "all" ? ["Invalid policy name \"all\". \"all\" is a reserved name."] : []),
        ...(p.configSchema?.properties?.enforcementLevel ? ["enforcementLevel cannot be explicitly specified in properties."] : []),
        ...(p.configSchema?.required?.includes("enforcementLevel") ? ["\"enforcementLevel\" cannot be specified in required."] : []),
    ]);
}

/**
 * Every policy's effective enforcement level and properties, as the CLI would send them.
 * Precedence: policy entry > `all` > policy's own default > pack default. Throws when the
 * resulting config fails a policy's configSchema (the CLI refuses to start).
 */
export function resolvePolicyConfig(
    policies: Policies,
    config: PolicyPackConfig = {},
    packEnforcementLevel: EnforcementLevel = "advisory",
): Map<string, ResolvedPolicyConfig> {
    const refused = servingProblems(policies);
    if (refused.length > 0) {
        throw new Error(`the policy pack would not start: ${refused.join(" ")}`);
    }
    const resolved = new Map<string, ResolvedPolicyConfig>();
    for (const p of policies) {
        resolved.set(p.name, {
            enforcementLevel: p.enforcementLevel || packEnforcementLevel,
            properties: schemaDefaults(p),
        });
    }
    const all = config.all === undefined ? undefined : normalizeEntry("all", config.all);
    if (all?.enforcementLevel) {
        for (const entry of resolved.values()) {
            entry.enforcementLevel = all.enforcementLevel;
        }
    }
    for (const [key, value] of Object.entries(config)) {
        const entry = resolved.get(key);
        if (key === "all" || value === undefined || !entry) {
            continue; // the CLI keeps entries for unknown policy names, but nothing reads them
        }
        const given = normalizeEntry(key, value);
        if (given.enforcementLevel) {
            entry.enforcementLevel = given.enforcementLevel;
        }
        Object.assign(entry.properties, structuredClone(given.properties));
    }
    const errors = policies.flatMap(p => validatePolicyConfig(p, resolved.get(p.name)!.properties));
    if (errors.length > 0) {
        throw new Error(`policy pack configuration is invalid:\n  ${errors.join("\n  ")}`);
    }
    return resolved;
}

// ---- Wire format: what the engine would send over gRPC ----

/** Converts plain props to their wire form: drops undefined keys, maps UNKNOWN to the engine sentinel. */
function toWire(value: unknown, preview: boolean, path: string): unknown {
    if (value === UNKNOWN) {
        if (!preview) {
            throw new Error(`UNKNOWN at ${path}: computed values only exist in preview (pass { preview: true })`);
        }
        return WIRE_UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map((v, i) => (v === undefined ? null : toWire(v, preview, `${path}[${i}]`)));
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== undefined) {
                out[k] = toWire(v, preview, `${path}.${k}`);
            }
        }
        return out;
    }
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
        throw new Error(`${path}: a ${typeof value} cannot be a resource property`);
    }
    return value;
}

/** The inverse of toWire for reporting: engine sentinels back to UNKNOWN. */
function fromWire(value: unknown): unknown {
    if (value === WIRE_UNKNOWN) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(fromWire);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
    }
    return value;
}

/** Deserializes and wraps props exactly as server.js does for analyze/analyzeStack. */
function engineProps(wire: Record<string, unknown>): Record<string, unknown> {
    return analyzedProps(wire);
}

// ---- Args shared by resource and stack policies ----

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

/** A read-only Map view, as server.js hands out stackTags. */
function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
    return Object.freeze({
        entries: map.entries.bind(map),
        forEach: map.forEach.bind(map),
        get: map.get.bind(map),
        has: map.has.bind(map),
        keys: map.keys.bind(map),
        size: map.size,
        values: map.values.bind(map),
        [Symbol.iterator]: map[Symbol.iterator].bind(map),
    }) as ReadonlyMap<string, string>;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const pulumiType = pulumiTypeOf(resourceClass);
    if (pulumiType) {
        return type === pulumiType;
    }
    const isInstance = (resourceClass as { isInstance?: unknown } | undefined)?.isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** PolicyResource.opts as server.js builds it from AnalyzerResourceOptions. */
function resourceOptions(r: PlannedResource): PolicyResourceOptions {
    const o = r.opts ?? {};
    const opts: PolicyResourceOptions = {
        protect: o.protect ?? false,
        ignoreChanges: [...(o.ignoreChanges ?? [])],
        // The program has no aliases, custom timeouts or additional secret outputs to record.
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    // server.js sets deleteBeforeReplace only when the engine says it was defined.
    if (o.deleteBeforeReplace !== undefined) {
        opts.deleteBeforeReplace = o.deleteBeforeReplace;
    }
    if (r.parent) {
        opts.parent = r.parent;
    }
    return opts;
}

function providerOf(r: PlannedResource, preview: boolean): PolicyResource["provider"] {
    if (!r.provider) {
        return undefined;
    }
    const { type, urn, name, props } = r.provider;
    return { type, urn, name, props: engineProps(toWire(props, preview, "provider") as Record<string, unknown>) };
}

// ---- The run ----

interface RunContext {
    policies: Policies;
    resolved: Map<string, ResolvedPolicyConfig>;
    preview: boolean;
    stackTags: ReadonlyMap<string, string>;
    packLabel: string;
    result: PolicyRunResult;
}

type ReportArg = string | { name?: string; message?: string; description?: string; urn?: string; enforcementLevel?: EnforcementLevel };

/** Mirrors server.js makeReportViolationFun: the message is the description, then the detail. */
function makeReportViolation(
    ctx: RunContext, policy: Policies[number], level: "advisory" | "mandatory", resourceUrn?: string,
): (message?: ReportArg, urn?: string) => void {
    return (message, urn) => {
        if (typeof message === "object" && message !== null) {
            ctx.result.violations.push({
                policy: message.name || policy.name,
                // server.js: `policyInfo.enforcementLevel || enforcementLevel`, as given.
                enforcementLevel: message.enforcementLevel === "advisory" || message.enforcementLevel === "mandatory" ? message.enforcementLevel : level,
                urn: message.urn ?? resourceUrn,
                message: message.message || message.description || policy.description,
            });
            return;
        }
        ctx.result.violations.push({
            policy: policy.name,
            enforcementLevel: level,
            // The engine attributes a resource policy's diagnostic to the resource being checked.
            urn: resourceUrn ?? urn,
            message: message ? `${policy.description}\n${message}` : policy.description,
        });
    };
}

/** True for the advisory note the engine reports when a policy reads a value unknown in preview. */
export function isPreviewNote(v: Violation): boolean {
    return v.enforcementLevel === "advisory" && /^can't run (policy|remediation) '.*' during preview: /s.test(v.message);
}

/**
 * Sorts an error thrown by a policy: unknown -> advisory note; notApplicable -> recorded;
 * anything else -> PolicyError (the engine aborts the operation).
 */
function handlePolicyError(ctx: RunContext, policy: Policies[number], e: unknown, what: string, urn?: string): string | undefined {
    const from = `${what} '${policy.name}' from policy pack ${ctx.packLabel}`;
    if (e instanceof UnknownValue) {
        return `can't run ${from} during preview: ${e.message}`;
    }
    if (e instanceof NotApplicableError) {
        ctx.result.notApplicable.push({ policy: policy.name, urn, reason: e.reason ?? "" });
        return undefined;
    }
    const detail = e instanceof Error ? e.stack ?? e.message : String(e);
    const verb = what === "remediation" ? "remediating" : "validating";
    throw new PolicyError(`Error ${verb} resource with ${from}:\n${detail}`, policy.name, e);
}

function levelOf(ctx: RunContext, policy: Policies[number]): EnforcementLevel {
    return ctx.resolved.get(policy.name)!.enforcementLevel;
}

const configReaders = new WeakMap<RunContext, Map<string, <T extends object>() => T>>();

/** args.getConfig for a policy: a fresh copy of its resolved properties on every call (one reader per policy and run). */
function getConfigFor(ctx: RunContext, policy: Policies[number]): <T extends object>() => T {
    let readers = configReaders.get(ctx);
    if (!readers) configReaders.set(ctx, (readers = new Map()));
    let reader = readers.get(policy.name);
    if (!reader) {
        const properties = ctx.resolved.get(policy.name)!.properties;
        reader = <T extends object>() => structuredClone(properties) as T;
        readers.set(policy.name, reader);
    }
    return reader;
}

/**
 * Props that are deserialized (engineProps) on the first operation on them. The object stands
 * for the real props in every respect a policy can observe (reads, writes, keys, spreading).
 */
function lazyProps(read: () => Record<string, unknown>): Record<string, unknown> {
    let target: Record<string, unknown> | undefined;
    const real = () => (target ??= read());
    return new Proxy({}, {
        get: (_, key) => Reflect.get(real(), key),
        set: (_, key, value) => Reflect.set(real(), key, value),
        has: (_, key) => Reflect.has(real(), key),
        deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
        ownKeys: () => Reflect.ownKeys(real()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
            return descriptor && { ...descriptor, configurable: true };
        },
        defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    });
}

/**
 * The args server.js hands a resource policy. `props` and `provider` are deserialized on first
 * read (still once per validation, as the engine does): most policies look at `type` and return,
 * and building every resource's props for each of ~40 policies dominated a 50,000-resource run.
 */
class ResourceArgs {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly opts: PolicyResourceOptions;
    readonly stackTags: ReadonlyMap<string, string>;
    readonly getConfig: ResourceValidationArgs["getConfig"];
    readonly notApplicable = throwNotApplicable;
    /** A plain own property, so `{ ...args }` keeps it as with server.js's objects. */
    props: Record<string, unknown>;

    constructor(r: PlannedResource, readProps: () => Record<string, unknown>, ctx: RunContext, policy: Policies[number]) {
        this.type = r.type;
        this.urn = r.urn;
        this.name = r.name;
        this.opts = resourceOptions(r);
        this.stackTags = ctx.stackTags;
        this.getConfig = getConfigFor(ctx, policy);
        if (r.provider) {
            settle(this, "provider", providerOf(r, ctx.preview));
        }
        this.props = lazyProps(readProps);
    }

    isType(resourceClass: unknown): boolean {
        return isTypeOf(this.type, resourceClass);
    }

    asType(resourceClass: unknown): Record<string, unknown> | undefined {
        return isTypeOf(this.type, resourceClass) ? this.props : undefined;
    }
}

function resourceArgs(ctx: RunContext, policy: Policies[number], r: PlannedResource, props: () => Record<string, unknown>): ResourceValidationArgs {
    return new ResourceArgs(r, props, ctx, policy) as unknown as ResourceValidationArgs;
}

/** The remediation pass for one resource; returns the (possibly) remediated wire props. */
async function remediate(ctx: RunContext, r: PlannedResource, wire: Record<string, unknown>): Promise<Record<string, unknown>> {
    // Deserialized on first use: with no policy at "remediate" (the usual case) nothing is built.
    let deserialized: Record<string, unknown> | undefined;
    const propsNow = () => (deserialized ??= remediatedProps(wire));
    let current = wire;
    for (const p of ctx.policies) {
        if (levelOf(ctx, p) !== "remediate" || !isResourcePolicy(p)) {
            continue;
        }
        const policy = p as ResourceValidationPolicy;
        if (!policy.remediateResource) {
            ctx.result.notApplicable.push({ policy: p.name, urn: r.urn, reason: "Policy does not implement remediateResource" });
            continue;
        }
        const pulumiType = pulumiTypeOf(policy.remediateResource);
        if (pulumiType && r.type !== pulumiType) {
            ctx.result.notApplicable.push({ policy: p.name, urn: r.urn, reason: `Policy only applies to resources of type '${pulumiType}'` });
            continue;
        }
        let remediated: Record<string, unknown> | undefined;
        let diagnostic: string | undefined;
        try {
            const out = await Promise.resolve(policy.remediateResource(resourceArgs(ctx, p, r, propsNow)));
            if (out) {
                deserialized = out;
                remediated = out;
            }
        } catch (e) {
            diagnostic = handlePolicyError(ctx, p, e, "remediation", r.urn);
        }
        if (diagnostic) {
            // The engine shows a remediation that could not run as an advisory warning.
            ctx.result.violations.push({ policy: p.name, enforcementLevel: "advisory", urn: r.urn, message: diagnostic });
        }
        if (remediated) {
            current = await serializeProps(remediated);
            ctx.result.remediations.push({ policy: p.name, urn: r.urn, props: fromWire(current) as Record<string, unknown> });
        }
    }
    return current;
}

/** The analyze pass for one resource (server.js makeAnalyzeRpcFun). */
async function analyze(ctx: RunContext, r: PlannedResource, wire: Record<string, unknown>): Promise<void> {
    for (const p of ctx.policies) {
        const configured = levelOf(ctx, p);
        if (configured === "disabled" || !isResourcePolicy(p)) {
            continue;
        }
        const policy = p as ResourceValidationPolicy;
        if (!policy.validateResource) {
            ctx.result.notApplicable.push({ policy: p.name, urn: r.urn, reason: "Policy does not implement validateResource" });
            continue;
        }
        // A violation that survives remediation is reported as mandatory.
        const level = configured === "remediate" ? "mandatory" : configured;
        if (!Array.isArray(policy.validateResource)) {
            const pulumiType = pulumiTypeOf(policy.validateResource);
            if (pulumiType && r.type !== pulumiType) {
                ctx.result.notApplicable.push({ policy: p.name, urn: r.urn, reason: `Policy only applies to resources of type '${pulumiType}'` });
                continue;
            }
        }
        const report = makeReportViolation(ctx, p, level, r.urn);
        const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
        for (const validate of validations) {
            try {
                // Awaited only when the policy is async: 50,000 resources x 40 policies of needless
                // promise turns were a large share of a big run (the verdict is the same either way).
                const pending = validate(resourceArgs(ctx, p, r, () => engineProps(wire)), report);
                if (pending instanceof Promise) await pending;
            } catch (e) {
                const note = handlePolicyError(ctx, p, e, "policy", r.urn);
                if (note) {
                    ctx.result.violations.push({ policy: p.name, enforcementLevel: "advisory", urn: r.urn, message: note });
                }
            }
        }
    }
}

/** A resource after the per-resource passes: its (possibly remediated) wire props. */
interface PlannedWire { r: PlannedResource; wire: Record<string, unknown> }

/** Replaces a lazy getter by a plain, writable own property holding its value (as server.js's objects have). */
function settle<T>(target: object, key: string, value: T): T {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    return value;
}

/**
 * One resource as a stack policy sees it (server.js builds the same fields for every resource,
 * for every stack policy). Each field is computed on first read and then kept, so a policy
 * pays only for what it reads (the fields are prototype getters, which `{ ...resource }` would
 * not copy; no rule spreads a resource): stack policies filter by type first, and at 50,000 resources
 * building every resource's props and dependency lists for each of them dominated time and memory.
 */
class StackResource {
    readonly type: string;
    readonly urn: string;
    readonly name: string;

    constructor(private readonly planned: PlannedWire, private readonly byUrn: Map<string, StackResource>, private readonly preview: boolean) {
        this.type = planned.r.type;
        this.urn = planned.r.urn;
        this.name = planned.r.name;
        Object.defineProperty(this, "planned", { enumerable: false });
        Object.defineProperty(this, "byUrn", { enumerable: false });
        Object.defineProperty(this, "preview", { enumerable: false });
    }

    get props(): Record<string, unknown> {
        return settle(this, "props", engineProps(this.planned.wire));
    }

    get opts(): PolicyResourceOptions {
        return settle(this, "opts", resourceOptions(this.planned.r));
    }

    get provider(): PolicyResource["provider"] {
        return settle(this, "provider", providerOf(this.planned.r, this.preview));
    }

    get parent(): PolicyResource | undefined {
        const parent = this.planned.r.parent ? this.byUrn.get(this.planned.r.parent) : undefined;
        return settle(this, "parent", parent as PolicyResource | undefined);
    }

    get dependencies(): PolicyResource[] {
        return settle(this, "dependencies", this.lookup(this.planned.r.dependencies));
    }

    get propertyDependencies(): Record<string, PolicyResource[]> {
        const byKey = Object.fromEntries(Object.entries(this.planned.r.propertyDependencies ?? {}).map(([k, urns]) => [k, this.lookup(urns)]));
        return settle(this, "propertyDependencies", byKey);
    }

    isType(resourceClass: unknown): boolean {
        return isTypeOf(this.type, resourceClass);
    }

    asType(resourceClass: unknown): Record<string, unknown> | undefined {
        return isTypeOf(this.type, resourceClass) ? this.props : undefined;
    }

    private lookup(urns: string[] | undefined): PolicyResource[] {
        return (urns ?? []).map(u => this.byUrn.get(u)).filter((x): x is StackResource => x !== undefined) as unknown as PolicyResource[];
    }
}

/** The resources one stack policy sees: fresh for each policy, as server.js builds them. */
function stackResources(ctx: RunContext, planned: PlannedWire[]): StackResource[] {
    const byUrn = new Map<string, StackResource>();
    const resources = planned.map(p => new StackResource(p, byUrn, ctx.preview));
    resources.forEach(r => byUrn.set(r.urn, r));
    return resources;
}

/** The analyzeStack pass (server.js makeAnalyzeStackRpcFun), once, after every resource. */
async function analyzeStack(ctx: RunContext, planned: PlannedWire[]): Promise<void> {
    for (const p of ctx.policies) {
        const configured = levelOf(ctx, p);
        if (configured === "disabled" || !isStackPolicy(p)) {
            continue;
        }
        const policy = p as StackValidationPolicy;
        // Stack policies cannot be remediated, so the engine treats "remediate" as mandatory.
        const level = configured === "remediate" ? "mandatory" : configured;
        const pulumiType = pulumiTypeOf(policy.validateStack);
        if (pulumiType && !planned.some(({ r }) => r.type === pulumiType)) {
            ctx.result.notApplicable.push({ policy: p.name, reason: `Policy only applies to resources of type '${pulumiType}'` });
            continue;
        }
        const args: StackValidationArgs = {
            resources: stackResources(ctx, planned) as unknown as PolicyResource[],
            getConfig: getConfigFor(ctx, p),
            stackTags: ctx.stackTags,
            notApplicable: throwNotApplicable,
        };
        try {
            await Promise.resolve(policy.validateStack(args, makeReportViolation(ctx, p, level)));
        } catch (e) {
            const note = handlePolicyError(ctx, p, e, "policy");
            if (note) {
                ctx.result.violations.push({ policy: p.name, enforcementLevel: "advisory", message: note });
            }
        }
    }
}

/**
 * Runs `policies` over `resources` the way the Pulumi engine would during
 * `pulumi preview` (options.preview) or `pulumi up`, with `--policy-pack-config` = options.config.
 */
export async function runPolicies(policies: Policies, resources: PlannedResource[], options: RunOptions = {}): Promise<PolicyRunResult> {
    const ctx: RunContext = {
        policies,
        resolved: resolvePolicyConfig(policies, options.config, options.packEnforcementLevel),
        preview: options.preview ?? false,
        stackTags: freezeMap(new Map(Object.entries(options.stackTags ?? {}))),
        packLabel: `'${options.packName ?? "policy-pack"}@v${options.packVersion ?? "0.0.0"}'`,
        result: { violations: [], notApplicable: [], remediations: [] },
    };
    const planned: PlannedWire[] = [];
    for (const r of resources) {
        const inputs = toWire(r.props, ctx.preview, r.name) as Record<string, unknown>;
        const wire = await remediate(ctx, r, inputs);
        await analyze(ctx, r, wire);
        planned.push({ r, wire });
    }
    await analyzeStack(ctx, planned);
    return ctx.result;
}

/** A URN shaped like the engine's, for building PlannedResources by hand. */
export function makeUrn(type: string, name: string, stack = "dev", project = "elb-web-tier", parentType?: string): string {
    const qualified = parentType ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}
