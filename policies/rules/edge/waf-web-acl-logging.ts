import { StackValidationPolicy } from "@pulumi/policy";
import { Candidates, referenced, resourcesOfType, TYPES } from "../util";
import { RuleDefinition } from "../meta";

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

export const rule: RuleDefinition = {
    policy: wafWebAclLogging,
    severity: "medium",
    resources: "stack: WAF web ACLs → `aws.wafv2.WebAclLoggingConfiguration`",
    equivalents: {
        securityHub: ["WAF.11"],
        checkov: ["CKV2_AWS_31"],
        cdkNag: ["WAFv2LoggingEnabled"],
    },
};
