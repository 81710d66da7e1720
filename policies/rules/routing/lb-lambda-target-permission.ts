import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { Candidates, checkEach, resolveRefs, resourcesOfType, TARGET_GROUP_ATTACHMENT_TYPES, TARGET_GROUP_TYPES, tryRead, TYPES } from "../util";

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

function checkLambdaPermissions(args: StackValidationArgs, reportViolation: ReportViolation): void {
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
