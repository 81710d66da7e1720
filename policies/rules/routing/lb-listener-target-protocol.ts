import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { Candidates, checkEach, LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, resolveRefs, resourcesOfType, TARGET_GROUP_TYPES, tryRead, upper } from "../util";
import { actionTargetArns } from "../targetgroups/shared";

// AWS CreateListener / CreateTargetGroup: ALB listeners (HTTP, HTTPS) forward to HTTP/HTTPS target
// groups or Lambda targets; NLB TCP listeners to TCP or TCP_UDP groups, TLS to TCP or TLS, UDP to UDP
// or TCP_UDP, TCP_UDP to TCP_UDP only. A target group of target type "alb" (an ALB behind an NLB)
// must use TCP and so sits only behind TCP listeners.
const COMPATIBLE_TARGET_PROTOCOLS: Record<string, readonly string[]> = {
    HTTP: ["HTTP", "HTTPS", "LAMBDA"],
    HTTPS: ["HTTP", "HTTPS", "LAMBDA"],
    TCP: ["TCP", "TCP_UDP"],
    TLS: ["TCP", "TLS"],
    UDP: ["UDP", "TCP_UDP"],
    TCP_UDP: ["TCP_UDP"],
};

/** The target group's protocol for pairing: Lambda groups take none; ALB-type groups count with their TCP. */
function targetProtocol(tg: PolicyResource): string | undefined {
    return tg.props.targetType === "lambda" ? "LAMBDA" : upper(tg.props.protocol);
}

/** Why this listener protocol cannot forward to this group, or undefined when AWS accepts the pair. */
function pairingProblem(listener: string, tg: PolicyResource): string | undefined {
    const allowed = COMPATIBLE_TARGET_PROTOCOLS[listener];
    const target = targetProtocol(tg);
    if (allowed === undefined || target === undefined) {
        return undefined; // GENEVE, QUIC or an absent protocol: not this rule's business
    }
    if (tg.props.targetType === "alb" && (target !== "TCP" || listener !== "TCP")) {
        return `target group '${tg.name}' has target type "alb", which AWS allows only as a TCP group behind a TCP listener`;
    }
    return allowed.includes(target)
        ? undefined
        : `a ${listener} listener cannot forward to target group '${tg.name}' (${target === "LAMBDA" ? "Lambda targets" : target}); ` +
            `AWS accepts ${allowed.map(p => (p === "LAMBDA" ? "Lambda targets" : p)).join(", ")}`;
}

interface Forwarder {
    resource: PolicyResource;
    actionsProp: "defaultActions" | "actions";
    /** The protocol of the listener the actions belong to (read lazily: may be unknown). */
    protocol: () => string | undefined;
}

function forwarders(args: StackValidationArgs): Forwarder[] {
    const listeners = resourcesOfType(args.resources, LISTENER_TYPES);
    const listenerIndex = new Candidates(listeners);
    const own: Forwarder[] = listeners.map(l => ({ resource: l, actionsProp: "defaultActions", protocol: () => listenerProtocol(l.props) }));
    const rules: Forwarder[] = resourcesOfType(args.resources, LISTENER_RULE_TYPES).map(rule => ({
        resource: rule,
        actionsProp: "actions",
        protocol: () => {
            const refs = resolveRefs(rule, "listenerArn", [tryRead(() => rule.props.listenerArn)], listenerIndex);
            // A rule whose listener is not in this stack: its protocol is not ours to know.
            return refs.targets.length === 1 ? listenerProtocol(refs.targets[0].props) : undefined;
        },
    }));
    return [...own, ...rules];
}

function checkProtocolPairs(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const targetGroups = new Candidates(resourcesOfType(args.resources, TARGET_GROUP_TYPES));
    checkEach(forwarders(args), ({ resource, actionsProp, protocol }) => {
        const refs = resolveRefs(resource, actionsProp, actionTargetArns(tryRead(() => resource.props[actionsProp])), targetGroups);
        if (refs.targets.length === 0) {
            return;
        }
        const listener = protocol();
        checkEach(refs.targets, tg => {
            const problem = listener === undefined ? undefined : pairingProblem(listener, tg);
            if (problem) {
                reportViolation(`${actionsProp} forward: ${problem}. Forward to a target group of a matching protocol, or ` +
                    "change the listener's protocol.", resource.urn);
            }
        });
    });
}

export const lbListenerTargetProtocol: StackValidationPolicy = {
    name: "lb-listener-target-protocol",
    description:
        "Listeners and listener rules must forward only to target groups whose protocol AWS pairs with the listener's " +
        "(HTTP/HTTPS listeners to HTTP/HTTPS or Lambda groups; NLB TCP to TCP/TCP_UDP, TLS to TCP/TLS, UDP to " +
        "UDP/TCP_UDP, TCP_UDP to TCP_UDP; ALB-type groups only TCP): AWS rejects other pairs at `pulumi up`, minutes in.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkProtocolPairs(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbListenerTargetProtocol,
    severity: "high",
    resources: "stack: listeners and listener rules → target groups (protocol pairs AWS accepts)",
    equivalents: {},
};
