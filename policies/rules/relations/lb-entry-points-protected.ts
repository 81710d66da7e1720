import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, asString, Candidates, checkEach, isApplicationLb, isInternetFacing, isNetworkLb, LISTENER_TYPES, listenerProtocol, LOAD_BALANCER_TYPES, referenced, resolveRefs, resourcesOfType, showValue, TARGET_GROUP_TYPES, tryRead, TYPES } from "../util";
import { redirectsToHttps } from "./shared";

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
function checkEntryPoints(args: StackValidationArgs, reportViolation: ReportViolation): void {
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

export const lbEntryPointsProtected: StackValidationPolicy = {
    name: "lb-entry-points-protected",
    description: "Every listener of an internet-facing load balancer should be encrypted (HTTPS) or redirect HTTP to HTTPS, and " +
        "its traffic should pass AWS WAF: an ALB with a web ACL association, or an NLB forwarding TCP to an `alb` target group " +
        "(the stated exception: NLBs take no web ACL). Otherwise one entry point bypasses the protections the others have. " +
        "Meant to be mandatory in prod.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            statedExceptions: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: [],
                description: "Listeners (by resource name, such as NLB-quic) a stack states as exceptions: an entry point that " +
                    "cannot pass an ALB (UDP, say) and that the stack's owner has accepted; each one should be explained beside it.",
            },
        },
    },
    validateStack: (args, reportViolation) => checkEntryPoints(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbEntryPointsProtected,
    severity: "medium",
    resources: "stack: listeners of internet-facing load balancers: HTTPS, or HTTP redirecting to HTTPS, on an ALB with a web ACL association; an NLB only forwarding TCP to an `alb` target group (the stated exception); knob `statedExceptions` (listener resource names a stack accepts, e.g. a UDP edge)",
    equivalents: {
        securityHub: ["ELB.1", "ELB.16"],
    },
    securityHubNote: "together",
    rationale: "Disabled in `config/dev.json` (no WAF in dev); **mandatory** in `config/prod.json`: prod and payments-prod pass their NLB's TLS through to the ALB (`ALB-front`); `config/example-frontdoor.json` states its QUIC and TCP edge listeners as exceptions.",
};
