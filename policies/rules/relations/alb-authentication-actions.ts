import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkAuthenticationActions } from "./shared";

export const albAuthenticationActions: StackValidationPolicy = {
    name: "alb-authentication-actions",
    description: "authenticate-oidc, authenticate-cognito and jwt-validation actions must sit on HTTPS listeners, name HTTPS " +
        "issuer, authorization, token, user-info and JWKS endpoints, and not be used on dualstack-without-public-ipv4 ALBs " +
        "(AWS \"Authenticate users using an Application Load Balancer\"): otherwise tokens and cookies cross the network in clear " +
        "text, or AWS refuses the listener. A plain-text OIDC clientSecret cannot be told from a Pulumi secret here (secrets " +
        "reach policies unwrapped): keep it in config as a secret.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkAuthenticationActions(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: albAuthenticationActions,
    severity: "high",
    resources: "stack: listeners and listener rules with `authenticate-oidc`, `authenticate-cognito`, `jwt-validation` → listener (HTTPS only) → ALB (not `dualstack-without-public-ipv4`); issuer, authorization, token, user-info and JWKS endpoints `https://`",
    equivalents: {},
    rationale: "AWS \"Authenticate users using an Application Load Balancer\". A plain-text `clientSecret` is not detectable (secrets reach policies unwrapped).",
};
