import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, checkEach, TYPES } from "../util";
import { RuleDefinition } from "../meta";

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

export const rule: RuleDefinition = {
    policy: wafCloudwatchMetrics,
    severity: "low",
    resources: "WAF web ACLs and their rules",
    equivalents: {
        securityHub: ["WAF.12"],
    },
    securityHubNote: "rules; the web ACL's own visibilityConfig too",
};
