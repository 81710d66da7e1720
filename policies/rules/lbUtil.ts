// Helpers shared by the load-balancing rules (listeners.ts, loadbalancers.ts, targetgroups.ts).
//
// Two facts shape everything here:
// - `aws.lb.*` and `aws.alb.*` are distinct type tokens for the same AWS resources, so every
//   check matches a pair of tokens.
// - During preview many inputs are unknown. Reading an unknown through the engine's proxy throws
//   `UnknownValueError`, which the engine turns into an advisory "can't run" note. That is the
//   honest outcome when the unknown value decides the verdict; where it does not (an Elastic IP's
//   allocation ID, a log bucket's name, a cross-reference in a stack policy), `tryRead` lets a
//   rule carry on without the value instead of giving up.
import { PolicyResource } from "@pulumi/policy";
import { asArray, asNumber, asString, isOneOf, isUnknownValueError, Props } from "./util";

// Token pairs and loose readers live in util.ts, shared with the other rule files.
export {
    asArray, asNumber, asRecord, asString, isOneOf, isTrue, isUnknownValueError,
    LISTENER_RULE_TYPES, LISTENER_TYPES, LOAD_BALANCER_TYPES, TARGET_GROUP_TYPES,
} from "./util";
export type { Props } from "./util";

export const LISTENER_CERTIFICATE_TYPES = [
    "aws:lb/listenerCertificate:ListenerCertificate",
    "aws:alb/listenerCertificate:ListenerCertificate",
] as const;

export function upper(value: unknown): string | undefined {
    return typeof value === "string" ? value.toUpperCase() : undefined;
}

// ---- Unknown values -------------------------------------------------------------------------------

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
export function resolveRefs(
    resource: PolicyResource,
    propName: string,
    arnValues: Maybe<unknown>[],
    candidates: PolicyResource[],
): ResolvedRefs {
    const candidateUrns = new Set(candidates.map(c => c.urn));
    const fromDeps = dependenciesFor(resource, propName).filter(d => candidateUrns.has(d.urn));
    const targets = new Map<string, PolicyResource>(fromDeps.map(d => [d.urn, d]));
    for (const value of arnValues) {
        if (typeof value !== "string") {
            continue;
        }
        for (const candidate of candidates) {
            if (tryRead(() => candidate.props.arn) === value) {
                targets.set(candidate.urn, candidate);
            }
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

/** Resources of the given type tokens; stack policies filter `args.resources` with this. */
export function resourcesOfType(resources: PolicyResource[], types: readonly string[]): PolicyResource[] {
    return resources.filter(r => isOneOf(r.type, types));
}
