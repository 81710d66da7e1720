import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkLambdaPermissions } from "./shared";

export const lbLambdaTargetPermission: StackValidationPolicy = {
    name: "lb-lambda-target-permission",
    description:
        "Every Lambda target group must have an aws.lambda.Permission letting elasticloadbalancing.amazonaws.com invoke " +
        "the function, scoped by sourceArn to that target group, and attachments must depend on it: without it AWS " +
        "refuses to register the function, and without sourceArn any target group in any account could invoke it.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkLambdaPermissions(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbLambdaTargetPermission,
    severity: "high",
    resources: "stack: Lambda target groups → `aws.lambda.Permission` (ELB principal, sourceArn) and attachments depending on it",
    equivalents: {},
};
