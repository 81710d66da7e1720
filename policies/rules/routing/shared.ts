// Stack rules about what listeners forward to: protocol pairs AWS accepts, and the Lambda
// permission a Lambda target group needs before a function can be registered.
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { actionTargetArns } from "../targetgroups/shared";
import { Candidates, checkEach, LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, resolveRefs, resourcesOfType, TARGET_GROUP_ATTACHMENT_TYPES, TARGET_GROUP_TYPES, tryRead, TYPES, upper } from "../util";

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

export function checkProtocolPairs(args: StackValidationArgs, reportViolation: ReportViolation): void {
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

// AWS "Lambda functions as targets": "you must grant Elastic Load Balancing permission to invoke
// your Lambda function" with principal elasticloadbalancing.amazonaws.com and action
// lambda:InvokeFunction; the SourceArn (the target group's ARN) keeps any other target group,
// in any account, from invoking it. Registering the function before the permission exists
// fails ("AccessDenied ... elasticloadbalancing principal does not have permission"), so the
// attachment must depend on the permission.
const ELB_PRINCIPAL = "elasticloadbalancing.amazonaws.com";

function grantsElb(permission: PolicyResource): boolean {
    return permission.props.principal === ELB_PRINCIPAL && permission.props.action === "lambda:InvokeFunction";
}

export function checkLambdaPermissions(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const lambdaGroups = resourcesOfType(args.resources, TARGET_GROUP_TYPES).filter(tg => tryRead(() => tg.props.targetType) === "lambda");
    if (lambdaGroups.length === 0) {
        return;
    }
    const groups = new Candidates(lambdaGroups);
    const grants = new Map<string, PolicyResource[]>();
    checkEach(resourcesOfType(args.resources, [TYPES.lambdaPermission]), permission => {
        if (!grantsElb(permission)) {
            return;
        }
        const refs = resolveRefs(permission, "sourceArn", [tryRead(() => permission.props.sourceArn)], groups);
        refs.targets.forEach(tg => grants.set(tg.urn, [...(grants.get(tg.urn) ?? []), permission]));
    });
    for (const tg of lambdaGroups.filter(g => !grants.has(g.urn))) {
        reportViolation(
            "Lambda target group has no aws.lambda.Permission for it: add one with action 'lambda:InvokeFunction', " +
            `principal '${ELB_PRINCIPAL}', function <the target function> and sourceArn <this target group>.arn, ` +
            "or registering the function fails with AccessDenied.", tg.urn);
    }
    checkEach(resourcesOfType(args.resources, TARGET_GROUP_ATTACHMENT_TYPES), attachment => {
        const refs = resolveRefs(attachment, "targetGroupArn", [tryRead(() => attachment.props.targetGroupArn)], groups);
        for (const tg of refs.targets) {
            const permissions = grants.get(tg.urn) ?? [];
            const dependsOn = new Set(attachment.dependencies.map(d => d.urn));
            if (permissions.length > 0 && !permissions.some(p => dependsOn.has(p.urn))) {
                reportViolation(
                    `Attachment of a Lambda function to target group '${tg.name}' does not depend on its aws.lambda.Permission: ` +
                    "add dependsOn: [permission], or AWS may register the target before the permission exists and fail.",
                    attachment.urn);
            }
        }
    });
}
