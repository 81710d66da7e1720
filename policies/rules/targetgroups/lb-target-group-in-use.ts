import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkTargetGroupsInUse } from "./shared";

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
