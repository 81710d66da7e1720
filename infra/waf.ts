// WebAcl: AWS WAF in front of the ALB. Either a web ACL made here (AWS managed rule groups, a
// per-IP rate limit, metrics on every rule, logging) or an existing one, only associated.
//
// Security Hub: WAF.10 (a web ACL has at least one rule), WAF.11 (logging enabled), WAF.12 (rules
// have CloudWatch metrics enabled).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { named } from "./common";
import { retentionProblem } from "./config/awsLimits";

/** The AWS managed rule groups every web ACL made here runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

export type ManagedRuleGroup = (typeof MANAGED_RULE_GROUPS)[number];

export interface CreateWebAclArgs {
    mode: "create";
    /** The ALB to protect. */
    albArn: pulumi.Input<string>;
    /** Requests one client IP may make per 5 minutes before it is blocked (AWS: 10 to 2,000,000,000). */
    rateLimitPer5Minutes: number;
    /** Days the WAF log group keeps logs (a CloudWatch retention value, e.g. 30, 90, 365). */
    logRetentionDays: number;
    /**
     * Rules of a managed group to only count, not block (AWS's ruleActionOverrides), e.g.
     * { AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"] } for uploads over 8 KB.
     */
    countOnly?: Partial<Record<ManagedRuleGroup, string[]>>;
    tags: Record<string, string>;
}

export interface ExistingWebAclArgs {
    mode: "existing";
    albArn: pulumi.Input<string>;
    /** ARN of a REGIONAL web ACL in the ALB's region (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>). */
    webAclArn: pulumi.Input<string>;
}

export type WebAclArgs = CreateWebAclArgs | ExistingWebAclArgs;

/** WAF metric names: letters, digits, - and _ only (1-255; "All" and "Default_Action" are reserved). */
export function metricName(...parts: string[]): string {
    return parts.join("-").replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 255);
}

const visibility = (metric: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: metric });

function managedRule(name: string, group: ManagedRuleGroup, priority: number, countOnly: string[] = []): aws.types.input.wafv2.WebAclRule {
    return {
        name: group,
        priority,
        // A rule group's own actions apply ("none" means: don't override them).
        overrideAction: { none: {} },
        statement: {
            managedRuleGroupStatement: {
                vendorName: "AWS",
                name: group,
                ruleActionOverrides: countOnly.length > 0 ? countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
            },
        },
        visibilityConfig: visibility(metricName(name, group)),
    };
}

function rateRule(name: string, limit: number, priority: number): aws.types.input.wafv2.WebAclRule {
    return {
        name: "RateLimitPerIp",
        priority,
        action: { block: {} },
        // evaluationWindowSec 300: the limit counts requests over the last 5 minutes.
        statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
        visibilityConfig: visibility(metricName(name, "RateLimitPerIp")),
    };
}

export function webAclArgsProblems(args: WebAclArgs): string[] {
    if (args.mode === "existing") return [];
    const problems: string[] = [];
    const limit = args.rateLimitPer5Minutes;
    if (!(Number.isInteger(limit) && limit >= 10 && limit <= 2_000_000_000)) problems.push(`rateLimitPer5Minutes must be a whole number from 10 to 2,000,000,000; got ${limit}`);
    const retention = retentionProblem("logRetentionDays", args.logRetentionDays);
    if (retention) problems.push(retention);
    for (const group of Object.keys(args.countOnly ?? {})) {
        if (!(MANAGED_RULE_GROUPS as readonly string[]).includes(group)) problems.push(`countOnly: ${group} is not one of the rule groups used (${MANAGED_RULE_GROUPS.join(", ")})`);
    }
    return problems;
}

export class WebAcl extends pulumi.ComponentResource {
    /** The web ACL protecting the ALB (made here or given). */
    readonly webAclArn: pulumi.Output<string>;
    readonly webAcl?: aws.wafv2.WebAcl;
    readonly logGroup?: aws.cloudwatch.LogGroup;

    constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = webAclArgsProblems(args);
        if (problems.length > 0) throw new Error(`WebAcl ${name}: ${problems.join("; ")}`);
        super("elb-web-tier:waf:WebAcl", name, {}, opts);
        const parent = { parent: this };

        if (args.mode === "create") {
            this.webAcl = new aws.wafv2.WebAcl(`${name}-acl`, {
                scope: "REGIONAL",
                description: `${name}: AWS managed rules and a per-IP rate limit in front of the ALB`,
                defaultAction: { allow: {} },
                rules: [
                    rateRule(name, args.rateLimitPer5Minutes, 0),
                    ...MANAGED_RULE_GROUPS.map((group, i) => managedRule(name, group, 10 * (i + 1), args.countOnly?.[group])),
                ],
                visibilityConfig: visibility(metricName(name)),
                tags: named(args.tags, `${name} web ACL`),
            }, parent);
            // "The log group name must start with aws-waf-logs-" (AWS WAF, CloudWatch Logs destinations).
            this.logGroup = new aws.cloudwatch.LogGroup(`${name}-waf-logs`, {
                namePrefix: `aws-waf-logs-${name}-`,
                retentionInDays: args.logRetentionDays,
                tags: named(args.tags, `${name} WAF logs`),
            }, parent);
            // WAF adds the log group's resource policy for delivery.logs.amazonaws.com itself when
            // the deploying role may call logs:PutResourcePolicy.
            new aws.wafv2.WebAclLoggingConfiguration(`${name}-logging`, {
                resourceArn: this.webAcl.arn,
                logDestinationConfigs: [this.logGroup.arn],
                // Credentials and sessions stay out of the logs.
                redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
            }, parent);
            this.webAclArn = this.webAcl.arn;
        } else {
            this.webAclArn = pulumi.output(args.webAclArn);
        }

        new aws.wafv2.WebAclAssociation(`${name}-alb`, { resourceArn: args.albArn, webAclArn: this.webAclArn }, parent);
        this.registerOutputs({ webAclArn: this.webAclArn });
    }
}
