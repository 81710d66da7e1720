import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString, TYPES } from "../util";
import { RuleDefinition } from "../meta";

export const lambdaPermissionNoWildcardPrincipal: ResourceValidationPolicy = {
    name: "lambda-permission-no-wildcard-principal",
    description: "Lambda permissions must not grant principal \"*\" (Checkov CKV_AWS_301): whatever the action, anyone in " +
        "any account may then call it; name the service or account (elasticloadbalancing.amazonaws.com for a target group).",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.lambdaPermission && asString(args.props.principal)?.trim() === "*") {
            reportViolation("principal is \"*\": name the principal that invokes the function, with sourceArn.");
        }
    },
};

export const rule: RuleDefinition = {
    policy: lambdaPermissionNoWildcardPrincipal,
    severity: "critical",
    resources: "`aws.lambda.Permission`",
    equivalents: {
        checkov: ["CKV_AWS_301"],
    },
};
