// Rules about the load balancer resource itself (aws.lb.LoadBalancer / aws.alb.LoadBalancer).
import { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { Candidates, isOneOf, LISTENER_TYPES, listenerProtocol, LOAD_BALANCER_TYPES, Maybe, resolveRefs, resourcesOfType, tryRead, UNRESOLVED } from "../util";

export function isLoadBalancer(args: ResourceValidationArgs): boolean {
    return isOneOf(args.type, LOAD_BALANCER_TYPES);
}

/** A listener as far as it is known: its protocol, or how to re-read what is unknown in preview. */
interface ListenerFact {
    protocol: Maybe<string | undefined>;
    /** Reads the unknown input again (protocol, or the unresolvable loadBalancerArn): it throws. */
    reread: () => unknown;
}

interface ListenerIndex {
    byLoadBalancer: Map<string, ListenerFact[]>;
    /** Listeners that could not be tied to any load balancer: each may belong to any. */
    unattributed: ListenerFact[];
}

export function listenersByLoadBalancer(resources: PolicyResource[]): ListenerIndex {
    const loadBalancers = new Candidates(resourcesOfType(resources, LOAD_BALANCER_TYPES));
    const index: ListenerIndex = { byLoadBalancer: new Map(), unattributed: [] };
    for (const listener of resourcesOfType(resources, LISTENER_TYPES)) {
        const protocol = tryRead(() => listenerProtocol(listener.props));
        const refs = resolveRefs(listener, "loadBalancerArn", [tryRead(() => listener.props.loadBalancerArn)], loadBalancers);
        const readProtocol = () => listenerProtocol(listener.props);
        if (refs.unresolved) {
            index.unattributed.push({ protocol, reread: protocol === UNRESOLVED ? readProtocol : () => listener.props.loadBalancerArn });
        }
        for (const lb of refs.targets) {
            index.byLoadBalancer.set(lb.urn, [...(index.byLoadBalancer.get(lb.urn) ?? []), { protocol, reread: readProtocol }]);
        }
    }
    return index;
}

/**
 * Does this load balancer have a listener of `protocol`? "yes", "no", or, when preview leaves it
 * open (an unknown protocol, a listener tied to no load balancer), a function that throws the
 * engine's UnknownValueError for the value that is missing.
 */
export function hasListener(index: ListenerIndex, lb: PolicyResource, protocol: string): "yes" | "no" | (() => unknown) {
    const own = index.byLoadBalancer.get(lb.urn) ?? [];
    if (own.some(l => l.protocol === protocol)) {
        return "yes";
    }
    const open = [...own, ...index.unattributed].find(l => l.protocol === UNRESOLVED || (index.unattributed.includes(l) && l.protocol === protocol));
    return open ? open.reread : "no";
}
