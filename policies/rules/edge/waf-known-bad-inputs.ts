import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, asString, TYPES } from "../util";
import { RuleDefinition } from "../meta";

const KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";

interface ManagedGroupUse { counted: boolean; log4jCounted: boolean }

/** How the web ACL uses AWS's known-bad-inputs group: from `rules` (provider shape) or `ruleJson` (API shape). */
function knownBadInputsUses(props: Record<string, unknown>): ManagedGroupUse[] {
    const uses: ManagedGroupUse[] = [];
    for (const r of asArray(props.rules)) {
        const rule = asRecord(r);
        const group = asRecord(asRecord(rule?.statement)?.managedRuleGroupStatement);
        if (group?.name !== KNOWN_BAD_INPUTS || (group.vendorName !== undefined && group.vendorName !== "AWS")) continue;
        uses.push({
            counted: asRecord(rule?.overrideAction)?.count !== undefined,
            log4jCounted: asArray(group.ruleActionOverrides).some(o => /^Log4JRCE/.test(String(asRecord(o)?.name))
                && asRecord(asRecord(o)?.actionToUse)?.count !== undefined),
        });
    }
    const json = asString(props.ruleJson);
    if (json) {
        try {
            for (const r of asArray(JSON.parse(json))) {
                const rule = asRecord(r);
                const group = asRecord(asRecord(rule?.Statement)?.ManagedRuleGroupStatement);
                if (group?.Name !== KNOWN_BAD_INPUTS) continue;
                uses.push({
                    counted: asRecord(rule?.OverrideAction)?.Count !== undefined,
                    log4jCounted: asArray(group.RuleActionOverrides).some(o => /^Log4JRCE/.test(String(asRecord(o)?.Name))
                        && asRecord(asRecord(o)?.ActionToUse)?.Count !== undefined),
                });
            }
        } catch {
            // Not JSON: AWS refuses the web ACL; nothing to read here.
        }
    }
    return uses;
}

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
