import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, asString, Candidates, checkEach, LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, LOAD_BALANCER_TYPES, resolveRefs, resourcesOfType, tryRead } from "../util";

const AUTH_ACTIONS = ["authenticate-oidc", "authenticate-cognito", "jwt-validation"];

/** The endpoints an action names, each of which AWS calls (or hands to browsers) and must be HTTPS. */
const ENDPOINTS: Record<string, [string, string[]]> = {
    "authenticate-oidc": ["authenticateOidc", ["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint"]],
    "jwt-validation": ["jwtValidation", ["issuer", "jwksEndpoint"]],
};

function endpointProblems(action: Record<string, unknown>, where: string): string[] {
    const spec = ENDPOINTS[String(action.type)];
    if (!spec) return [];
    const block = asRecord(action[spec[0]]);
    return spec[1].flatMap(key => {
        const value = block?.[key];
        return typeof value === "string" && !/^https:\/\//i.test(value.trim()) ? [`${where}.${spec[0]}.${key} is '${value}', not an https:// URL`] : [];
    });
}

// AWS "Authenticate users using an Application Load Balancer": authenticate actions are
// "supported only for HTTPS listeners"; the IdP's issuer, authorization, token and user-info
// endpoints must be HTTPS ("must be a resolvable HTTPS URL"); JWT validation ("Verify JWTs") reads
// the issuer and JWKS over HTTPS; and user authentication is not supported on ALBs whose IP
// address type is dualstack-without-public-ipv4 (the IdP callbacks need public IPv4).
function checkAuthenticationActions(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const lbs = new Candidates(resourcesOfType(args.resources, LOAD_BALANCER_TYPES));
    const listeners = new Candidates(resourcesOfType(args.resources, LISTENER_TYPES));
    const lbOf = (listener: PolicyResource) => resolveRefs(listener, "loadBalancerArn", [tryRead(() => listener.props.loadBalancerArn)], lbs).targets;
    const check = (owner: PolicyResource, actions: unknown[], where: string, listener: PolicyResource | undefined) => {
        const auth = actions.map(a => asRecord(a)).filter((a): a is Record<string, unknown> => a !== undefined && AUTH_ACTIONS.includes(String(a.type)));
        if (auth.length === 0) return;
        const problems = auth.flatMap((a, i) => endpointProblems(a, `${where}[${i}]`));
        if (listener && listenerProtocol(listener.props) !== "HTTPS") {
            problems.push(`${auth.map(a => String(a.type)).join(", ")} on ${listenerProtocol(listener.props) ?? "a non-HTTPS"} listener '${listener.name}': ` +
                "authentication actions work only on HTTPS listeners");
        }
        for (const lb of listener ? lbOf(listener) : []) {
            if (asString(lb.props.ipAddressType) === "dualstack-without-public-ipv4") {
                problems.push(`load balancer '${lb.name}' is dualstack-without-public-ipv4, where AWS does not support authentication actions`);
            }
        }
        if (problems.length > 0) reportViolation(`${problems.join("; ")}.`, owner.urn);
    };
    checkEach(listeners.resources, l => check(l, asArray(l.props.defaultActions), "defaultActions", l));
    checkEach(resourcesOfType(args.resources, LISTENER_RULE_TYPES), rule => {
        const owners = resolveRefs(rule, "listenerArn", [tryRead(() => rule.props.listenerArn)], listeners).targets;
        if (owners.length === 0) check(rule, asArray(rule.props.actions), "actions", undefined);
        owners.forEach(l => check(rule, asArray(rule.props.actions), "actions", l));
    });
}

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
