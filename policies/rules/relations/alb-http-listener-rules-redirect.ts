import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, asString, Candidates, checkEach, LISTENER_RULE_TYPES, LISTENER_TYPES, listenerProtocol, readAgain, resolveRefs, resourcesOfType, tryRead } from "../util";
import { redirectsToHttps } from "./shared";

// Security Hub ELB.1 ("Application Load Balancer should be configured to redirect all
// HTTP requests to HTTPS"): a listener rule on an HTTP listener that forwards (or answers) serves
// those requests in clear text even when the default action redirects.
function checkHttpListenerRules(args: StackValidationArgs, reportViolation: ReportViolation): void {
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

export const albHttpListenerRulesRedirect: StackValidationPolicy = {
    name: "alb-http-listener-rules-redirect",
    description: "Listener rules on HTTP listeners must redirect to HTTPS too (Security Hub ELB.1): a rule that forwards or " +
        "answers serves its requests in clear text even when the listener's default action redirects.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkHttpListenerRules(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: albHttpListenerRulesRedirect,
    severity: "high",
    resources: "stack: listener rules → their HTTP listener (every action a redirect to HTTPS)",
    equivalents: {
        securityHub: ["ELB.1"],
    },
    securityHubNote: "rules as well as default actions",
};
