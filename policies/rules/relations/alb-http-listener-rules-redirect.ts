import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkHttpListenerRules } from "./shared";

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
