import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asNumber, asString, Candidates, checkEach, LISTENER_TYPES, LOAD_BALANCER_TYPES, resolveRefs, resourcesOfType, TARGET_GROUP_ATTACHMENT_TYPES, TARGET_GROUP_TYPES, tryRead } from "../util";

// AWS "Use an Application Load Balancer as a target of a Network Load Balancer": the target
// group's (type alb) port must match a listener port on the ALB, or health checks and traffic go
// to a port the ALB does not listen on.
function checkAlbTargetGroupPorts(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const albGroups = new Candidates(resourcesOfType(args.resources, TARGET_GROUP_TYPES).filter(tg => asString(tg.props.targetType) === "alb"));
    if (albGroups.resources.length === 0) return;
    const lbs = new Candidates(resourcesOfType(args.resources, LOAD_BALANCER_TYPES));
    const listenerPorts = new Map<string, Set<number>>();
    checkEach(resourcesOfType(args.resources, LISTENER_TYPES), l => {
        const port = asNumber(l.props.port);
        for (const lb of resolveRefs(l, "loadBalancerArn", [tryRead(() => l.props.loadBalancerArn)], lbs).targets) {
            if (port !== undefined) (listenerPorts.get(lb.urn) ?? listenerPorts.set(lb.urn, new Set()).get(lb.urn)!).add(port);
        }
    });
    checkEach(resourcesOfType(args.resources, TARGET_GROUP_ATTACHMENT_TYPES), a => {
        const groups = resolveRefs(a, "targetGroupArn", [tryRead(() => a.props.targetGroupArn)], albGroups).targets;
        if (groups.length === 0) return;
        const albs = resolveRefs(a, "targetId", [tryRead(() => a.props.targetId)], lbs).targets;
        for (const tg of groups) {
            const port = asNumber(tg.props.port);
            for (const alb of albs) {
                const ports = [...(listenerPorts.get(alb.urn) ?? [])].sort((x, y) => x - y);
                if (port !== undefined && !ports.includes(port)) {
                    reportViolation(`target group '${tg.name}' (targetType alb) has port ${port}, but ALB '${alb.name}' listens on ` +
                        `${ports.length > 0 ? ports.join(", ") : "no port in this stack"}: use one of its listener ports.`, tg.urn);
                }
            }
        }
    });
}

export const lbAlbTargetGroupPort: StackValidationPolicy = {
    name: "lb-alb-target-group-port",
    description: "A target group of type alb must use the port of one of that ALB's listeners (AWS \"ALB as a target of an " +
        "NLB\"): otherwise the NLB sends traffic and health checks to a port the ALB does not listen on.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkAlbTargetGroupPorts(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbAlbTargetGroupPort,
    severity: "high",
    resources: "stack: `alb` target groups → attachment → the ALB's listener ports",
    equivalents: {},
    rationale: "AWS \"ALB as a target of an NLB\": the NLB forwards to the ALB's listener ports.",
};
