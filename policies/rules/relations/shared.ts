// Rules across resources that only the stack shows: listener rules on HTTP listeners, and `alb`
// target groups against the listeners of the ALB they forward to.
import { PolicyResource, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { asArray, asNumber, asRecord, asString, Candidates, checkEach, isApplicationLb, isInternetFacing, isNetworkLb, LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, LOAD_BALANCER_TYPES, readAgain, referenced, resolveRefs, resourcesOfType, showValue, TARGET_GROUP_ATTACHMENT_TYPES, TARGET_GROUP_TYPES, tryRead, TYPES } from "../util";

/** A redirect to HTTPS, as ELB.1 asks of every HTTP request. */
function redirectsToHttps(action: unknown): boolean {
    const a = asRecord(action);
    return a?.type === "redirect" && asString(asRecord(a.redirect)?.protocol)?.toUpperCase() === "HTTPS";
}

// Security Hub ELB.1 ("Application Load Balancer should be configured to redirect all
// HTTP requests to HTTPS"): a listener rule on an HTTP listener that forwards (or answers) serves
// those requests in clear text even when the default action redirects.
export function checkHttpListenerRules(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const httpListeners = new Candidates(resourcesOfType(args.resources, LISTENER_TYPES).filter(l => listenerProtocol(l.props) === "HTTP"));
    checkEach(resourcesOfType(args.resources, LISTENER_RULE_TYPES), rule => {
        const refs = resolveRefs(rule, "listenerArn", [tryRead(() => rule.props.listenerArn)], httpListeners);
        if (refs.targets.length === 0) {
            if (refs.unresolved) readAgain(() => rule.props.listenerArn);
            return;
        }
        const actions = asArray(rule.props.actions);
        const clear = actions.filter(a => !redirectsToHttps(a)).map(a => asString(asRecord(a)?.type) ?? "an action");
        if (clear.length > 0 || actions.length === 0) {
            reportViolation(`this rule on HTTP listener '${refs.targets[0].name}' answers with ${clear.join(", ") || "no action"} ` +
                "instead of a redirect to HTTPS: move it to the HTTPS listener, or make its action " +
                "{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }.", rule.urn);
        }
    });
}

// AWS "Use an Application Load Balancer as a target of a Network Load Balancer": the target
// group's (type alb) port must match a listener port on the ALB, or health checks and traffic go
// to a port the ALB does not listen on.
export function checkAlbTargetGroupPorts(args: StackValidationArgs, reportViolation: ReportViolation): void {
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
export function checkAuthenticationActions(args: StackValidationArgs, reportViolation: ReportViolation): void {
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

/** The target groups a listener's default actions forward to (targetGroupArn or forward.targetGroups). */
function forwardedGroups(listener: PolicyResource, groups: Candidates): PolicyResource[] {
    const arns = asArray(listener.props.defaultActions).flatMap(a => {
        const action = asRecord(a);
        return [action?.targetGroupArn, ...asArray(asRecord(action?.forward)?.targetGroups).map(t => asRecord(t)?.arn)];
    });
    return resolveRefs(listener, "defaultActions", arns, groups).targets;
}

function redirectsEverything(listener: PolicyResource): boolean {
    const actions = asArray(listener.props.defaultActions);
    return actions.length > 0 && actions.some(redirectsToHttps);
}

// The entry points of a production web tier: every listener of an internet-facing load balancer
// either encrypts (HTTPS, TLS) or only redirects HTTP to HTTPS (ELB.1), and its traffic passes AWS
// WAF: an ALB through a web ACL association (ELB.16). An NLB cannot carry a web ACL; the stated
// exception is an NLB TCP listener forwarding to an `alb` target group, whose ALB does both.
export function checkEntryPoints(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const { statedExceptions } = args.getConfig<{ statedExceptions: string[] }>();
    const lbs = new Candidates(resourcesOfType(args.resources, LOAD_BALANCER_TYPES).filter(lb => isInternetFacing(lb.props)));
    if (lbs.resources.length === 0) return;
    const allLbs = new Candidates(resourcesOfType(args.resources, LOAD_BALANCER_TYPES));
    const protectedLbs = referenced(args, TYPES.webAclAssociation, "resourceArn", allLbs);
    const groups = new Candidates(resourcesOfType(args.resources, TARGET_GROUP_TYPES));
    checkEach(resourcesOfType(args.resources, LISTENER_TYPES), listener => {
        // A listener the stack's policy config states as an exception, by its resource name.
        if (statedExceptions.includes(listener.name)) return;
        const lb = resolveRefs(listener, "loadBalancerArn", [tryRead(() => listener.props.loadBalancerArn)], lbs).targets[0];
        if (!lb) return;
        const protocol = listenerProtocol(listener.props) ?? "?";
        const toAlb = forwardedGroups(listener, groups).some(tg => asString(tg.props.targetType) === "alb");
        const problems: string[] = [];
        if (isNetworkLb(lb.props)) {
            if (!toAlb) {
                problems.push(`${protocol}:${showValue(listener.props.port)} on internet-facing NLB '${lb.name}' does not forward to an \`alb\` ` +
                    "target group, so its traffic bypasses AWS WAF (NLBs take no web ACL)" +
                    (protocol === "TLS" ? "" : " and is not encrypted by the load balancer"));
            }
        } else {
            if (protocol !== "HTTPS" && !(protocol === "HTTP" && redirectsEverything(listener))) {
                problems.push(`${protocol}:${showValue(listener.props.port)} on '${lb.name}' neither encrypts (HTTPS) nor redirects to HTTPS`);
            }
            if (isApplicationLb(lb.props) && !protectedLbs.has(lb.urn)) {
                problems.push(`ALB '${lb.name}' has no aws.wafv2.WebAclAssociation`);
            }
        }
        if (problems.length > 0) {
            reportViolation(`${problems.join("; ")}: put internet traffic through HTTPS on a WAF-protected ALB (an NLB in front ` +
                "forwards TCP to an `alb` target group).", listener.urn);
        }
    });
}
