// What sits in front of the load balancers: AWS WAF web ACLs and Route 53 alias records.
import {
    Policies,
    PolicyResource,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    asArray,
    asRecord,
    asString,
    Candidates,
    checkEach,
    isApplicationLb,
    isInternetFacing,
    LOAD_BALANCER_TYPES,
    loadBalancerKind,
    readAgain,
    referenced,
    resolveRefs,
    resourcesOfType,
    tryRead,
    TYPES,
} from "./util";
import { ALB_HOSTED_ZONE_IDS, canonicalHostedZone, elbDnsNameFacts, NLB_HOSTED_ZONE_IDS } from "../facts/elb";

// ---- alb-waf-associated -----------------------------------------------------------------------------

// Equivalents: Security Hub ELB.16; Checkov CKV2_AWS_28; cdk-nag ALBWAFEnabled.
export const albWafAssociated: StackValidationPolicy = {
    name: "alb-waf-associated",
    description: "Internet-facing Application Load Balancers should be associated with an AWS WAF web ACL " +
        "(aws.wafv2.WebAclAssociation): the ALB forwards every request it can parse, so without WAF, common exploits and " +
        "bot floods reach the web servers unfiltered. Mandatory in prod.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const albs = resourcesOfType(args.resources, LOAD_BALANCER_TYPES);
        const protectedAlbs = referenced(args, TYPES.webAclAssociation, "resourceArn", new Candidates(albs));
        checkEach(albs, lb => {
            if (isApplicationLb(lb.props) && isInternetFacing(lb.props) && !protectedAlbs.has(lb.urn)) {
                reportViolation("no aws.wafv2.WebAclAssociation names this internet-facing ALB: associate a REGIONAL web ACL " +
                    "(resourceArn: <alb>.arn, webAclArn: <webAcl>.arn), e.g. with the AWS managed rule groups.", lb.urn);
            }
        });
    },
};

// ---- web ACL settings -----------------------------------------------------------------------------

function ruleCount(props: Record<string, unknown>): number {
    return asArray(props.rules).length + (asString(props.ruleJson)?.trim() ? 1 : 0);
}

// Equivalents: Security Hub WAF.10; Checkov CKV_AWS_342 (rule actions).
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

// ---- waf-known-bad-inputs --------------------------------------------------------------------------

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

// Equivalents: Checkov CKV_AWS_192 (WAF prevents message lookup in Log4j2): the AWS managed
// known-bad-inputs group, its Log4JRCE rules not overridden to count.
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

// Equivalents: Security Hub WAF.12 (rules) and the web ACL's own visibilityConfig.
export const wafCloudwatchMetrics: ResourceValidationPolicy = {
    name: "waf-cloudwatch-metrics",
    description: "WAF web ACLs and each of their rules should publish CloudWatch metrics (visibilityConfig." +
        "cloudwatchMetricsEnabled): otherwise nobody sees what a rule blocks, and a rule that blocks real users goes unnoticed.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.webAcl) {
            return;
        }
        const enabled = (config: unknown) => asRecord(config)?.cloudwatchMetricsEnabled === true;
        if (!enabled(args.props.visibilityConfig)) {
            reportViolation("visibilityConfig.cloudwatchMetricsEnabled is not true: enable it on the web ACL.");
        }
        checkEach(asArray(args.props.rules), (rule, i) => {
            if (!enabled(asRecord(rule)?.visibilityConfig)) {
                reportViolation(`rules[${i}].visibilityConfig.cloudwatchMetricsEnabled is not true: enable it on every rule.`);
            }
        });
    },
};

// Equivalents: Security Hub WAF.11; Checkov CKV2_AWS_31.
export const wafWebAclLogging: StackValidationPolicy = {
    name: "waf-web-acl-logging",
    description: "WAF web ACLs should have logging (aws.wafv2.WebAclLoggingConfiguration): the logs are the only record of " +
        "which requests were blocked and why, needed to tune rules and to investigate an attack.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const acls = resourcesOfType(args.resources, [TYPES.webAcl]);
        const logged = referenced(args, TYPES.webAclLogging, "resourceArn", new Candidates(acls));
        for (const acl of acls.filter(a => !logged.has(a.urn))) {
            reportViolation("no aws.wafv2.WebAclLoggingConfiguration names this web ACL: add one (resourceArn: <webAcl>.arn, " +
                "logDestinationConfigs: [a CloudWatch log group, S3 bucket or Firehose named aws-waf-logs-*]).", acl.urn);
        }
    },
};

// ---- route53-alias-stack-lb -------------------------------------------------------------------------

// A load balancer's DNS name and zone ID are outputs: typed as literals they do not follow a
// replacement, and an alias without evaluateTargetHealth keeps answering for a dead load balancer.
const ELB_DNS = /\.elb\.(amazonaws\.com|amazonaws\.com\.cn)\.?$/i;

/**
 * Why an alias's zoneId is not the target load balancer's canonical hosted zone (policies/facts/elb.ts),
 * or undefined when it is or cannot be told: a zoneId from an output (unknown) is the load
 * balancer's own. The type and Region come from the stack's load balancer (its provider's or its
 * own `region`) or from the ELB DNS name; with the Region unknown, the zone must still be one of
 * that type's canonical zones.
 */
function aliasZoneProblem(zoneId: unknown, name: string | undefined, targets: PolicyResource[]): string | undefined {
    if (typeof zoneId !== "string") return undefined;
    const fromName = name ? elbDnsNameFacts(name) : undefined;
    const lb = targets[0];
    const kind = lb ? loadBalancerKind(lb.props) : fromName?.kind;
    if (kind !== "application" && kind !== "network") return undefined;
    const region = (lb && (asString(tryRead(() => lb.props.region)) ?? asString(tryRead(() => lb.provider?.props.region)))) ?? fromName?.region;
    const canonical = region ? canonicalHostedZone(kind, region) : undefined;
    const what = kind === "network" ? "Network" : "Application";
    if (canonical !== undefined) {
        return zoneId === canonical ? undefined : `is '${zoneId}', not ${canonical}, the canonical hosted zone of ${what} Load Balancers in ${region}`;
    }
    const known = Object.values(kind === "network" ? NLB_HOSTED_ZONE_IDS : ALB_HOSTED_ZONE_IDS);
    return known.includes(zoneId) ? undefined : `is '${zoneId}', which is no Region's canonical hosted zone of ${what} Load Balancers`;
}

function checkAliases(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const loadBalancers = new Candidates(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), ["dnsName"]);
    checkEach(resourcesOfType(args.resources, [TYPES.route53Record]), (record: PolicyResource) => {
        checkEach(asArray(record.props.aliases), (alias, i) => {
            const a = asRecord(alias);
            const name = tryRead(() => a?.name);
            const refs = resolveRefs(record, "aliases", [name], loadBalancers);
            if (refs.unresolved) {
                readAgain(() => a?.name); // unknown and tied to nothing: the engine notes the undecided alias
            }
            const toElb = refs.targets.length > 0 || (typeof name === "string" && (ELB_DNS.test(name) || elbDnsNameFacts(name) !== undefined));
            if (!toElb) {
                return;
            }
            if (refs.targets.length === 0) {
                reportViolation(`aliases[${i}].name is the literal load balancer name '${String(name)}': use <lb>.dnsName and ` +
                    "<lb>.zoneId of this stack's load balancer, so the record follows a replacement.", record.urn);
            }
            const zoneProblem = aliasZoneProblem(tryRead(() => a?.zoneId), typeof name === "string" ? name : undefined, refs.targets);
            if (zoneProblem) {
                reportViolation(`aliases[${i}].zoneId ${zoneProblem}: use <lb>.zoneId, the load balancer's canonical hosted zone.`, record.urn);
            }
            if (a?.evaluateTargetHealth !== true) {
                reportViolation(`aliases[${i}].evaluateTargetHealth is not true: set it, so Route 53 stops answering with a ` +
                    "load balancer that has no healthy targets.", record.urn);
            }
        });
    });
}

export const route53AliasStackLb: StackValidationPolicy = {
    name: "route53-alias-stack-lb",
    description: "Route 53 alias records for the web tier should point at this stack's load balancers through their dnsName " +
        "and zoneId outputs, with evaluateTargetHealth, and the zoneId must be the target's canonical hosted zone (per type " +
        "and Region): a hard-coded name breaks silently when the load balancer is replaced, and a wrong zone fails the change.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => checkAliases(args, reportViolation),
};

export const edgePolicies: Policies = [albWafAssociated, wafWebAclHasRules, wafKnownBadInputs, wafCloudwatchMetrics, wafWebAclLogging, route53AliasStackLb];
