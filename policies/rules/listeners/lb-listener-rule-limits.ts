import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkRuleLimits } from "./shared";

export const lbListenerRuleLimits: StackValidationPolicy = {
    name: "lb-listener-rule-limits",
    description:
        "Listener rules must fit AWS's rule limits, which AWS only enforces at `pulumi up`, minutes in: " +
        "priorities 1-50000 and unique per listener; at most one host-header, http-request-method, " +
        "path-pattern and source-ip condition per rule; match-evaluation and wildcard quotas; exactly one " +
        "final forward/redirect/fixed-response action and one action of each type.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            maxMatchEvaluationsPerRule: { type: "integer", minimum: 1, default: 5, description: "AWS: match evaluations per rule." },
            maxMatchEvaluationsPerCondition: { type: "integer", minimum: 1, default: 3, description: "AWS: match evaluations per condition." },
            maxWildcardsPerRule: { type: "integer", minimum: 0, default: 5, description: "AWS: wildcards per rule." },
        },
    },
    validateStack: (args, reportViolation) => checkRuleLimits(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbListenerRuleLimits,
    severity: "low",
    resources: "stack: listener rules",
    equivalents: {},
};
