// The one toolkit of the pack's rules (every rule file imports from here): type tokens, loose
// value readers, unknown-value handling, protocols, ports and CIDRs (from facts/), load-balancer semantics and
// resolving references between resources in stack policies.
//
// Policies read resource *inputs* as the engine sends them: plain JSON where a number may be a
// string, a launch-template boolean is the string "true", and anything may be absent. During
// preview an input may be unknown: reading it throws the engine's UnknownValueError, which the
// engine turns into an advisory "can't run policy" note. Helpers here never throw anything else.
import { PolicyResource, StackValidationArgs, UnknownValueError } from "@pulumi/policy";

export type Props = Record<string, unknown>;

// ---- Type tokens (the table lives in tokens.ts; rules import it from here) ---------------------

export * from "./tokens";

export function isOneOf(type: string, tokens: readonly string[]): boolean {
    return tokens.includes(type);
}

// ---- Loose readers (never throw on odd shapes) ----------------------------------------------

export function asRecord(value: unknown): Props | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Props) : undefined;
}

export function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** A number, or a numeric string ("22") the way the provider would coerce it. */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
        return Number(value);
    }
    return undefined;
}

/** Launch-template booleans are strings in pulumi-aws ("true"); accept real booleans too. */
export function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

export function isFalse(value: unknown): boolean {
    return value === false || (typeof value === "string" && value.trim().toLowerCase() === "false");
}

/** A value as a message shows it: strings as they are, anything else as JSON (never "[object Object]"). */
export function showValue(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
}

/** A string with something other than whitespace in it. */
export function isNonBlank(value: unknown): value is string {
    return typeof value === "string" && value.trim() !== "";
}

// ---- Unknown values (preview) ------------------------------------------------------------------

/**
 * The engine's "value unknown during preview" error. Matched by name and message too, so a second
 * copy of @pulumi/policy (the pack installed with its own node_modules) is still recognised.
 */
export function isUnknownValueError(err: unknown): boolean {
    return err instanceof UnknownValueError
        || (err instanceof Error && err.name === "UnknownValueError")
        || (err instanceof Error && /can't be known during preview/.test(err.message));
}

/**
 * Runs `check` on every item even if some of them read an unknown value. Violations found in
 * the other items are still reported; afterwards the first UnknownValueError is rethrown so the
 * engine still records "can't run policy during preview" for the undecidable part.
 */
export function checkEach<T>(items: readonly T[], check: (item: T, index: number) => void): void {
    let unknown: unknown;
    // Indexing inside the try: reading an unknown element of an engine array throws too.
    for (let index = 0; index < items.length; index++) {
        try {
            check(items[index], index);
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            unknown ??= err;
        }
    }
    if (unknown !== undefined) {
        throw unknown;
    }
}

// ---- Protocols and ports ---------------------------------------------------------------------

export type Protocol = "all" | "tcp" | "udp" | "icmp" | "icmpv6" | string;

/** Normalizes an EC2 protocol: "-1"/"all" (any case) -> "all"; IANA numbers 6/17/1/58 -> names. */
export function normalizeProtocol(value: unknown): Protocol | undefined {
    const raw = typeof value === "number" ? String(value) : asString(value)?.trim().toLowerCase();
    switch (raw) {
        case undefined:
        case "":
            return undefined;
        case "-1":
        case "all":
            return "all";
        case "6":
            return "tcp";
        case "17":
            return "udp";
        case "1":
            return "icmp";
        case "58":
            return "icmpv6";
        default:
            return raw;
    }
}

export interface PortRange {
    from: number;
    to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** Protocols whose fromPort/toPort are ports (for ICMP they are type and code). */
export function hasPorts(protocol: Protocol | undefined): boolean {
    return protocol === "tcp" || protocol === "udp" || protocol === "all";
}

/**
 * The port range a rule opens. Protocol "all" opens every port whatever fromPort/toPort say
 * (AWS ignores them). For TCP/UDP, a missing or -1 bound means the whole range.
 */
export function portRangeOf(protocol: Protocol | undefined, fromPort: unknown, toPort: unknown): PortRange | undefined {
    if (protocol === "all") {
        return ALL_PORTS;
    }
    if (protocol !== "tcp" && protocol !== "udp") {
        return undefined;
    }
    const from = asNumber(fromPort);
    const to = asNumber(toPort);
    return {
        from: from === undefined || from < 0 ? ALL_PORTS.from : from,
        to: to === undefined || to < 0 ? ALL_PORTS.to : to,
    };
}

export function rangeIncludes(range: PortRange, port: number): boolean {
    return range.from <= port && port <= range.to;
}

/** True when every port in `range` is one of `allowed`. */
export function rangeWithin(range: PortRange, allowed: readonly number[]): boolean {
    if (range.to - range.from > allowed.length) {
        return false;
    }
    for (let p = range.from; p <= range.to; p++) {
        if (!allowed.includes(p)) {
            return false;
        }
    }
    return true;
}

export function isAllPorts(range: PortRange): boolean {
    return range.from <= ALL_PORTS.from && range.to >= ALL_PORTS.to;
}

export function describeRange(range: PortRange): string {
    if (isAllPorts(range)) return "all ports";
    return range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;
}

// ---- CIDRs -------------------------------------------------------------------------------------

// One CIDR module for the program and the pack, on ipaddr.js (facts/cidr.ts).
export { cidrWithin, isInternetCidr } from "../facts/cidr";

// ---- Resource references (stack policies) ---------------------------------------------------

interface Referencing {
    urn: string;
    dependencies: readonly { urn: string }[];
    propertyDependencies: Record<string, readonly { urn: string }[]>;
}

/**
 * The URNs a resource's `prop` was computed from: the engine's propertyDependencies for that
 * property when it has them, else the resource's dependencies.
 */
export function referencedUrns(resource: Referencing, prop: string): Set<string> {
    const byProperty = resource.propertyDependencies ?? {};
    const deps = Object.prototype.hasOwnProperty.call(byProperty, prop) ? byProperty[prop] : resource.dependencies;
    return new Set(asArray(deps).map(d => (asRecord(d)?.urn as string | undefined) ?? "").filter(u => u !== ""));
}

export function upper(value: unknown): string | undefined {
    return typeof value === "string" ? value.toUpperCase() : undefined;
}

// ---- Unknown values: reading without giving up -------------------------------------------------

/** Marks a value that is unknown during preview (or unreadable for any other engine reason). */
export const UNRESOLVED: unique symbol = Symbol("unresolved");
export type Maybe<T> = T | typeof UNRESOLVED;

/** Reads a value, returning UNRESOLVED instead of throwing when it is unknown during preview. */
export function tryRead<T>(read: () => T): Maybe<T> {
    try {
        return read();
    } catch (err) {
        if (isUnknownValueError(err)) {
            return UNRESOLVED;
        }
        throw err;
    }
}

/**
 * Reads again a value `tryRead` found unknown, so the engine's UnknownValueError propagates and
 * the engine notes "can't run policy during preview" instead of the policy passing silently.
 * Inside checkEach, the other items are still judged first.
 */
export function readAgain(read: () => unknown): void {
    read();
}

/**
 * The elements of an array, each read with `tryRead`: an array can be known while some of its
 * elements are not (a list of subnet IDs from another resource). Not an array: no elements.
 */
export function elements(value: unknown): Maybe<unknown>[] {
    if (!Array.isArray(value)) {
        return [];
    }
    const array: unknown[] = value;
    return Array.from({ length: array.length }, (_, i) => tryRead(() => array[i]));
}

// ---- Load balancer semantics -----------------------------------------------------------------

/** AWS's default load balancer type is "application" when `loadBalancerType` is absent. */
export function loadBalancerKind(props: Props): string {
    return asString(props.loadBalancerType) ?? "application";
}

export function isApplicationLb(props: Props): boolean {
    return loadBalancerKind(props) === "application";
}

export function isNetworkLb(props: Props): boolean {
    return loadBalancerKind(props) === "network";
}

/** `internal` defaults to false: a load balancer is internet-facing unless it says otherwise. */
export function isInternetFacing(props: Props): boolean {
    return props.internal !== true;
}

/**
 * The listener protocol, upper-cased. The provider defaults an ALB listener's protocol to HTTP;
 * NLB listeners must name theirs and Gateway LB listeners take neither port nor protocol, so an
 * absent protocol with a port set can only be an ALB HTTP listener.
 */
export function listenerProtocol(props: Props): string | undefined {
    const protocol = upper(props.protocol);
    if (protocol !== undefined) {
        return protocol;
    }
    return asNumber(props.port) !== undefined ? "HTTP" : undefined;
}

/** HTTPS (ALB) and TLS (NLB) listeners terminate TLS and need a certificate and a policy. */
export function terminatesTls(protocol: string | undefined): boolean {
    return protocol === "HTTPS" || protocol === "TLS";
}

// ---- Relating resources in stack policies ------------------------------------------------------

export interface ResolvedRefs {
    /** Resources among the candidates that the property points at. */
    targets: PolicyResource[];
    /** True when some reference could not be tied to a resource (unknown and no dependency info). */
    unresolved: boolean;
}

/**
 * Which of `candidates` does `resource.props[propName]` refer to?
 *
 * Stack policies see inputs only, so an ARN reference is usually an unknown during preview and
 * the referenced resource's `arn` output is often absent. Two sources are combined:
 * - `propertyDependencies[propName]` (or, when the engine gave none for that property,
 *   `dependencies`), filtered to the candidates: the resources whose outputs flow into it;
 * - literal ARN strings compared with each candidate's `arn` prop, when that prop is known.
 * A reference is unresolved only when a value is unknown and no dependency names a candidate;
 * callers then skip rather than guess.
 */
export class Candidates {
    private readonly urns: Set<string>;
    private readonly byKey = new Map<string, PolicyResource[]>();

    /**
     * Indexes the candidates once (URNs and the known values of `keyProps`, by default `arn`),
     * so resolving N references against M candidates costs N + M, not N x M: stacks of 50,000
     * resources stay linear. A bucket is referred to by name, so bucket candidates use ["bucket"].
     */
    constructor(readonly resources: PolicyResource[], keyProps: readonly string[] = ["arn"]) {
        this.urns = new Set(resources.map(c => c.urn));
        for (const candidate of resources) {
            for (const prop of keyProps) {
                const key = tryRead(() => candidate.props[prop]);
                if (typeof key === "string") {
                    const list = this.byKey.get(key);
                    if (list) list.push(candidate); else this.byKey.set(key, [candidate]);
                }
            }
        }
    }

    has(urn: string): boolean {
        return this.urns.has(urn);
    }

    /** The candidates whose key prop (e.g. `arn`) has this literal value. */
    withKey(value: string): readonly PolicyResource[] {
        return this.byKey.get(value) ?? [];
    }
}

export function resolveRefs(
    resource: PolicyResource,
    propName: string,
    arnValues: Maybe<unknown>[],
    candidates: Candidates,
): ResolvedRefs {
    const fromDeps = dependenciesFor(resource, propName).filter(d => candidates.has(asRecord(d)?.urn as string));
    const targets = new Map<string, PolicyResource>(fromDeps.map(d => [d.urn, d]));
    for (const value of arnValues) {
        if (typeof value === "string") {
            candidates.withKey(value).forEach(c => targets.set(c.urn, c));
        }
    }
    const unresolved = fromDeps.length === 0 && arnValues.some(v => v === UNRESOLVED);
    return { targets: [...targets.values()], unresolved };
}

function dependenciesFor(resource: PolicyResource, propName: string): PolicyResource[] {
    const byProperty = resource.propertyDependencies ?? {};
    if (Object.prototype.hasOwnProperty.call(byProperty, propName)) {
        return asArray(byProperty[propName]) as PolicyResource[];
    }
    return asArray(resource.dependencies) as PolicyResource[];
}

/**
 * The URNs of `targets` that some resource of `fromType` names in `prop` (by dependency or
 * literal key value), counting only those whose props `accept`.
 */
export function referenced(
    args: StackValidationArgs,
    fromType: string,
    prop: string,
    targets: Candidates,
    accept: (props: Record<string, unknown>) => boolean = () => true,
): Set<string> {
    const urns = new Set<string>();
    checkEach(resourcesOfType(args.resources, [fromType]), from => {
        if (!accept(from.props)) return;
        resolveRefs(from, prop, [tryRead(() => from.props[prop])], targets).targets.forEach(t => urns.add(t.urn));
    });
    return urns;
}

/**
 * The stack's resources grouped by type, built once per `args.resources` array: the served pack
 * hands every stack rule the same array, and ~20 rules each scanning 50,000 resources was a
 * measurable part of AnalyzeStack.
 */
const byTypeCache = new WeakMap<readonly PolicyResource[], Map<string, PolicyResource[]>>();

function byType(resources: PolicyResource[]): Map<string, PolicyResource[]> {
    let index = byTypeCache.get(resources);
    if (!index) {
        index = new Map();
        for (const r of resources) {
            const list = index.get(r.type);
            if (list) list.push(r); else index.set(r.type, [r]);
        }
        byTypeCache.set(resources, index);
    }
    return index;
}

/** Resources of the given type tokens, in stack order; stack policies filter `args.resources` with this. */
export function resourcesOfType(resources: PolicyResource[], types: readonly string[]): PolicyResource[] {
    const index = byType(resources);
    const lists = types.map(t => index.get(t) ?? []).filter(l => l.length > 0);
    if (lists.length <= 1) return [...(lists[0] ?? [])];
    // Several tokens (aws.lb.* and aws.alb.*): keep the stack's order, as a filter would.
    const wanted = new Set(lists.flat());
    return resources.filter(r => wanted.has(r));
}
