import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../util";
import { RuleDefinition } from "../meta";
import { KNOWN_BAD_INPUTS, knownBadInputsUses } from "./shared";

export const wafKnownBadInputs: ResourceValidationPolicy = {
    name: "waf-known-bad-inputs",
    description: "WAF web ACLs must include the AWS managed rule group AWSManagedRulesKnownBadInputsRuleSet, blocking (not " +
        "counting) and with its Log4JRCE rules not overridden to count (Checkov CKV_AWS_192): it stops request patterns of known " +
        "exploits such as Log4Shell before they reach the web servers.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.webAcl) {
            return;
        }
        const uses = knownBadInputsUses(args.props);
        if (uses.length === 0) {
            reportViolation(`no rule uses the managed rule group ${KNOWN_BAD_INPUTS} (vendor AWS): add one with overrideAction { none: {} }.`);
        } else if (uses.every(u => u.counted)) {
            reportViolation(`the ${KNOWN_BAD_INPUTS} rule has overrideAction count, so it blocks nothing: use overrideAction { none: {} }.`);
        } else if (uses.every(u => u.log4jCounted || u.counted)) {
            reportViolation(`the ${KNOWN_BAD_INPUTS} rule overrides a Log4JRCE rule to count: remove that ruleActionOverride.`);
        }
    },
};

export const rule: RuleDefinition = {
    policy: wafKnownBadInputs,
    severity: "high",
    resources: "WAF web ACLs (`rules` or `ruleJson`)",
    equivalents: {
        checkov: ["CKV_AWS_192"],
    },
    rationale: "The AWSManagedRulesKnownBadInputsRuleSet group, not counting, its Log4JRCE rule not overridden to count.",
};
