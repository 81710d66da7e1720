import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { Candidates, LISTENER_RULE_TYPES, LISTENER_TYPES, resolveRefs, resourcesOfType, TARGET_GROUP_TYPES, tryRead } from "../util";
import { actionTargetArns } from "./shared";

interface ActionOwner {
    resource: PolicyResource;
    prop: "defaultActions" | "actions";
}

function checkTargetGroupsInUse(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const targetGroups = new Candidates(resourcesOfType(args.resources, TARGET_GROUP_TYPES));
    const owners: ActionOwner[] = [
        ...resourcesOfType(args.resources, LISTENER_TYPES).map(resource => ({ resource, prop: "defaultActions" as const })),
        ...resourcesOfType(args.resources, LISTENER_RULE_TYPES).map(resource => ({ resource, prop: "actions" as const })),
    ];
    const used = new Set<string>();
    for (const { resource, prop } of owners) {
        const arns = actionTargetArns(tryRead(() => resource.props[prop]));
        const refs = resolveRefs(resource, prop, arns, targetGroups);
        if (refs.unresolved) {
            return; // some action forwards to a target group we cannot identify: any group may be the one
        }
        refs.targets.forEach(tg => used.add(tg.urn));
    }
    for (const tg of targetGroups.resources.filter(t => !used.has(t.urn))) {
        reportViolation(
            "Target group is not referenced by any listener default action or listener rule action, so it " +
            "receives no traffic: forward to it (defaultActions[].targetGroupArn or forward.targetGroups[].arn " +
            "on a listener or listener rule), or delete it.",
            tg.urn,
        );
    }
}

export const lbTargetGroupInUse: StackValidationPolicy = {
    name: "lb-target-group-in-use",
    description:
        "Every target group should receive traffic from a listener default action or a listener rule " +
        "(forward / forward.targetGroups). An orphaned group usually means a typo in the routing: its targets " +
        "are registered and health-checked but never serve a request.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => checkTargetGroupsInUse(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbTargetGroupInUse,
    severity: "low",
    resources: "stack: target groups → listeners/rules",
    equivalents: {},
};
