// Rules about the load balancer resource itself (aws.lb.LoadBalancer / aws.alb.LoadBalancer).
import { PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { asArray, asRecord, Candidates, checkEach, elements, isApplicationLb, isInternetFacing, isOneOf, isTrue, LISTENER_TYPES, listenerProtocol, LOAD_BALANCER_TYPES, loadBalancerKind, Maybe, Props, resolveRefs, resourcesOfType, tryRead, UNRESOLVED } from "../util";

export function isLoadBalancer(args: ResourceValidationArgs): boolean {
    return isOneOf(args.type, LOAD_BALANCER_TYPES);
}

export function checkAccessLogs(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const listeners = listenersByLoadBalancer(args.resources);
    // checkEach: a load balancer undecidable in preview gets the engine's note, the others a verdict.
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        const kind = loadBalancerKind(lb.props);
        if (kind === "gateway") {
            return;
        }
        const problem = accessLogsProblem(asRecord(lb.props.accessLogs));
        if (problem === undefined) {
            return;
        }
        if (kind === "network") {
            const tls = hasListener(listeners, lb, "TLS");
            if (tls === "no") {
                return;
            }
            if (tls !== "yes") {
                tls(); // throws the engine's UnknownValueError: "can't run policy during preview"
            }
        }
        const why = kind === "network" ? " (this NLB has a TLS listener, whose connections NLBs log)" : "";
        reportViolation(`${problem}${why}: set accessLogs to { bucket: <log bucket name>, enabled: true }.`, lb.urn);
    });
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

function listenersByLoadBalancer(resources: PolicyResource[]): ListenerIndex {
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
function hasListener(index: ListenerIndex, lb: PolicyResource, protocol: string): "yes" | "no" | (() => unknown) {
    const own = index.byLoadBalancer.get(lb.urn) ?? [];
    if (own.some(l => l.protocol === protocol)) {
        return "yes";
    }
    const open = [...own, ...index.unattributed].find(l => l.protocol === UNRESOLVED || (index.unattributed.includes(l) && l.protocol === protocol));
    return open ? open.reread : "no";
}

function accessLogsProblem(accessLogs: Props | undefined): string | undefined {
    if (accessLogs === undefined) {
        return "Access logs are not configured";
    }
    // The provider defaults `enabled` to false even when a bucket is given.
    if (!isTrue(accessLogs.enabled)) {
        return "accessLogs.enabled is not true";
    }
    // A bucket created in the same stack has an unknown name during preview: that still counts.
    const bucket = tryRead(() => accessLogs.bucket);
    if (bucket !== UNRESOLVED && (typeof bucket !== "string" || bucket.trim() === "")) {
        return "accessLogs.bucket is empty";
    }
    return undefined;
}

export interface MultiAzConfig {
    minSubnets?: number;
}

export function subnetCount(props: Props): number {
    const mappings = asArray(props.subnetMappings);
    return mappings.length > 0 ? mappings.length : asArray(props.subnets).length;
}

export function internetFacingStaticIpProblems(props: Props): string[] {
    const mappings = asArray(props.subnetMappings);
    if (mappings.length === 0) {
        return [
            "Internet-facing NLB has no subnetMappings, so AWS assigns addresses that change on replacement: " +
            "replace subnets with subnetMappings [{ subnetId, allocationId: <aws.ec2.Eip>.allocationId }, ...].",
        ];
    }
    const problems: string[] = [];
    if (asArray(props.subnets).length > 0) {
        problems.push("NLB sets both subnets and subnetMappings: remove subnets and keep only subnetMappings.");
    }
    elements(mappings).forEach((mapping, i) => {
        if (mapping !== UNRESOLVED && !hasAllocationId(mapping)) {
            problems.push(
                `subnetMappings[${i}] has no allocationId: attach an Elastic IP ` +
                "(allocationId: <aws.ec2.Eip>.allocationId) to every subnet mapping.",
            );
        }
    });
    return problems;
}

export function internalElasticIpProblems(props: Props): string[] {
    return elements(props.subnetMappings).flatMap((mapping, i) => mapping !== UNRESOLVED && hasAllocationId(mapping)
        ? [`subnetMappings[${i}] sets allocationId on an internal NLB, which AWS rejects: remove allocationId ` +
            "(use privateIpv4Address for a fixed private address) or make the NLB internet-facing."]
        : []);
}

/** An Elastic IP created in the same stack has an unknown allocation ID during preview: that is set. */
function hasAllocationId(mapping: unknown): boolean {
    const record = asRecord(mapping);
    if (record === undefined) {
        return false;
    }
    const id = tryRead(() => record.allocationId);
    return id === UNRESOLVED || (typeof id === "string" && id.trim() !== "");
}

export function checkAlbsHaveHttpsListener(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const listeners = listenersByLoadBalancer(args.resources);
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        if (!isApplicationLb(lb.props) || !isInternetFacing(lb.props)) {
            return;
        }
        const https = hasListener(listeners, lb, "HTTPS");
        if (https === "yes") {
            return;
        }
        if (https !== "no") {
            https(); // a listener that may be the HTTPS one: the engine's preview note, not an accusation
        }
        reportViolation(
            "Internet-facing Application Load Balancer has no HTTPS listener: add an aws.lb.Listener with " +
            "loadBalancerArn set to this load balancer, protocol 'HTTPS', an ACM certificateArn and an allowed " +
            "sslPolicy (and make its HTTP listener redirect to it).",
            lb.urn,
        );
    });
}
