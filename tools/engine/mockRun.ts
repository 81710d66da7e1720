// Runs the real program (Pulumi.yaml's `main`) under Pulumi mocks and records every resource the
// way the engine would see it: URN, type, name, parent, inputs, dependencies and resource options.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { MockAccount, regionAzs, WebTierMocks } from "./mocks";
import { AliasSpec, aliasUrns } from "./aliases";
import { programPath } from "./project";

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    /** Parent URN; the stack itself has none. */
    parent?: string;
    custom: boolean;
    /**
     * Inputs in the engine's wire form, exactly as a policy pack receives them: unknown values
     * (in a preview) are the string `UNKNOWN`, secrets are {"4dabf18193072939515e22adb298388d": ..., value}.
     */
    inputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider?: string;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    /** `protect`: the engine refuses to delete (or replace) the resource. */
    protect: boolean;
    /** `retainOnDelete`: a delete leaves the cloud resource in place. */
    retainOnDelete: boolean;
    /** `replaceOnChanges`: input paths whose change replaces the resource ("*" for all). */
    replaceOnChanges: string[];
    /** The URNs this resource was known by before (its `aliases`, resolved as the engine does, tools/engine/aliases.ts). */
    aliases: string[];
}

export interface MockRunOptions {
    project: string;
    stack: string;
    /** Full config keys ("<project>:<key>", "aws:region") to raw string values, as the CLI passes them. */
    config: Record<string, string>;
    secretKeys?: string[];
    preview?: boolean;
    account?: Partial<MockAccount>;
    /** Collects registrations here as they happen (useful when the program fails). */
    recordInto?: RecordedResource[];
    /** The program module (see programPath); default: the one this repository's Pulumi.yaml names. */
    program?: string;
}

export interface MockRunResult {
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
}

/** The engine's marker for an unknown value in serialized properties. */
export const UNKNOWN = pulumi.runtime.unknownValue;

type Program = () => Promise<Record<string, unknown>>;

const REPOSITORY = path.join(__dirname, "..", "..");

export interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
    getDependenciesList(): string[];
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getReplaceonchangesList(): string[];
    getAliasesList(): AliasProto[];
    getAliasurnsList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
}

interface AliasProto {
    getUrn(): string;
    getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

function aliasSpec(a: AliasProto): AliasSpec {
    const spec = a.getSpec();
    if (!spec) return { urn: a.getUrn() };
    return { name: spec.getName(), type: spec.getType(), stack: spec.getStack(), project: spec.getProject(), parentUrn: spec.getParenturn(), noParent: spec.getNoparent() };
}

/** A registration as the engine records it (its URN from the monitor's answer). */
export function recordRegistration(req: RegisterRequest, urn: string, byUrn: Map<string, RecordedResource>): RecordedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => { propertyDependencies[k] = v.getUrnsList(); });
    const aliases = aliasUrns({ urn, type: req.getType(), name: req.getName(), parent: req.getParent() || undefined, aliasSpecs: [...req.getAliasesList().map(aliasSpec), ...req.getAliasurnsList().map((u) => ({ urn: u }))] },
        (u) => byUrn.get(u));
    const recorded: RecordedResource = {
        urn,
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent() || undefined,
        custom: req.getCustom(),
        inputs: req.getObject()?.toJavaScript() ?? {},
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider: req.getProvider() || undefined,
        deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(),
        protect: req.getProtect(),
        retainOnDelete: req.getRetainondelete(),
        replaceOnChanges: req.getReplaceonchangesList(),
        aliases,
    };
    byUrn.set(urn, recorded);
    return recorded;
}

/** Wraps the mock monitor so every registration is recorded with its parent and dependencies. */
export function recordRegistrations(into: RecordedResource[]): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, cb: (err: unknown, resp?: { getUrn(): string }) => void): void;
    };
    const register = monitor.registerResource.bind(monitor);
    const byUrn = new Map<string, RecordedResource>();
    monitor.registerResource = (req, cb) => {
        register(req, (err, resp) => {
            if (!err && resp) into.push(recordRegistration(req, resp.getUrn(), byUrn));
            cb(err, resp);
        });
    };
}

/** Resolves stack outputs (Outputs, promises, arrays, objects) to plain values; unknowns become UNKNOWN. */
export async function resolveOutputs(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const o = value as pulumi.Output<unknown> & { isKnown: Promise<boolean>; promise(): Promise<unknown> };
        return (await o.isKnown) ? resolveOutputs(await o.promise()) : UNKNOWN;
    }
    if (value instanceof Promise) return resolveOutputs(await value);
    if (Array.isArray(value)) return Promise.all(value.map(resolveOutputs));
    if (value !== null && typeof value === "object") {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveOutputs(v)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

/**
 * What the offline account knows, from the stack's own config: its subnets are in its VPC, the
 * n-th subnet of each list in the region's n-th AZ (so load balancer and instance subnets pair up).
 */
export function accountFacts(project: string, config: Record<string, string>): Partial<MockAccount> {
    const read = (key: string): unknown => {
        const raw = config[`${project}:${key}`];
        try {
            return raw === undefined ? undefined : JSON.parse(raw);
        } catch {
            return raw;
        }
    };
    const vpc = read("vpc");
    const field = (key: string): unknown => (vpc !== null && typeof vpc === "object" ? (vpc as Record<string, unknown>)[key] : undefined);
    const vpcId = field("id");
    if (typeof vpcId !== "string" || !vpcId) return {};
    const azs = regionAzs(config["aws:region"] ?? "ap-northeast-2");
    const subnets: NonNullable<MockAccount["subnets"]> = {};
    for (const key of ["subnetIds", "instanceSubnetIds"]) {
        const ids = field(key);
        if (!Array.isArray(ids)) continue;
        ids.forEach((id, i) => { if (typeof id === "string" && !subnets[id]) subnets[id] = { vpcId, availabilityZone: azs[i % azs.length], ipv6CidrBlock: `2001:db8:${i + 1}::/64` }; });
    }
    return { subnets };
}

/**
 * Runs the program once under mocks; rejects with the program's error (a ConfigError for bad
 * config). The run is made without stack traces (fastStackTraces); when it fails with anything but
 * a RunError (whose stack nobody shows: a ConfigError, say), it is made again with them, so the
 * error names where the program broke.
 */
export async function runProgram(options: MockRunOptions): Promise<MockRunResult> {
    try {
        return await runOnce(options, fastStackTraces);
    } catch (error) {
        if (!(error instanceof Error) || pulumi.RunError.isInstance(error)) throw error;
        if (options.recordInto) options.recordInto.length = 0;
        await runOnce(options, () => () => undefined);
        throw error; // the program failed once; a second run that passes is no success
    }
}

async function runOnce(options: MockRunOptions, traces: () => () => void): Promise<MockRunResult> {
    const region = options.config["aws:region"] ?? "ap-northeast-2";
    // Explicit account facts win over those derived from the stack's config.
    const derived = accountFacts(options.project, options.config);
    const mocks = new WebTierMocks({ region, ...derived, ...options.account, subnets: { ...derived.subnets, ...options.account?.subnets } });
    await pulumi.runtime.setMocks(mocks, options.project, options.stack, options.preview ?? false);
    pulumi.runtime.setAllConfig(options.config, options.secretKeys);
    const resources: RecordedResource[] = options.recordInto ?? [];
    recordRegistrations(resources);

    const restore = traces();
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require(options.program ?? programPath(REPOSITORY)) as Program;
        const outputs = (await resolveOutputs(await program())) as Record<string, unknown>;
        // Wait until every registration (including ones no output depends on) has been answered.
        await pulumi.runtime.disconnect();
        return { resources, outputs };
    } finally {
        restore();
    }
}

/**
 * Stack traces cost most of a mock run: @pulumi/pulumi formats one for every promise it creates
 * (runtime/debuggable.js, for its leak report) and an unbounded one for every resource (its
 * source position, which only the engine's diagnostics show). Under mocks nobody reads either:
 * while the program runs, errors capture no frames (even one frame per promise costs a third of
 * the test suite's in-process time) and resources no source position. Returns the function that
 * puts both back; nested uses restore on the outermost.
 */
export function fastStackTraces(): () => void {
    if (fastDepth++ === 0) {
        saved = { limit: Error.stackTraceLimit, callsites: resourceStatics.callsites };
        Error.stackTraceLimit = 0;
        resourceStatics.callsites = () => [];
    }
    let restored = false;
    return () => {
        if (restored) return;
        restored = true;
        if (--fastDepth === 0 && saved) {
            Error.stackTraceLimit = saved.limit;
            resourceStatics.callsites = saved.callsites;
        }
    };
}
const resourceStatics = pulumi.Resource as unknown as { callsites: () => unknown[] };
let fastDepth = 0;
let saved: { limit: number; callsites: () => unknown[] } | undefined;
