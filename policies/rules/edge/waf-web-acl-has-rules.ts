import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asString, TYPES } from "../util";
import { RuleDefinition } from "../meta";

function ruleCount(props: Record<string, unknown>): number {
    return asArray(props.rules).length + (asString(props.ruleJson)?.trim() ? 1 : 0);
}

export const wafWebAclHasRules: ResourceValidationPolicy = {
    name: "waf-web-acl-has-rules",
    description: "WAF web ACLs should contain at least one rule or rule group: an empty web ACL applies only its default " +
        "action, so it costs money and protects nothing while looking like protection in an audit.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.webAcl && ruleCount(args.props) === 0) {
            reportViolation("the web ACL has no rules: add rules (e.g. AWSManagedRulesCommonRuleSet, " +
                "AWSManagedRulesKnownBadInputsRuleSet) or ruleJson.");
        }
    },
};

export const rule: RuleDefinition = {
    policy: wafWebAclHasRules,
    severity: "medium",
    resources: "WAF web ACLs",
    equivalents: {
        securityHub: ["WAF.10"],
        checkov: ["CKV_AWS_342"],
    },
};
