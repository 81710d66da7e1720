// WebAcl: AWS WAF on the ALB, made here or existing.
import { expect } from "chai";
import { metricName, WebAcl, WebAclArgs, webAclArgsProblems } from "../../infra/waf";
import { Built, buildUnderMocks, describeFindings, MODES, prodFindings, TAGS } from "../support/components";
import { UNKNOWN } from "../support/program";

const T = {
    acl: "aws:wafv2/webAcl:WebAcl",
    association: "aws:wafv2/webAclAssociation:WebAclAssociation",
    logging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
};

const ALB_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/ALB/0123456789abcdef";

const createArgs = (overrides: Partial<Extract<WebAclArgs, { mode: "create" }>> = {}): WebAclArgs => ({
    mode: "create", albArn: ALB_ARN, rateLimitPer5Minutes: 2000, logRetentionDays: 90, tags: TAGS, ...overrides,
});

const build = (args: WebAclArgs, preview = false) =>
    buildUnderMocks(() => ({ webAclArn: new WebAcl("web", args).webAclArn }), { preview });

type Rule = { name: string; priority: number; visibilityConfig: Record<string, unknown>; [k: string]: unknown };

describe("WebAcl", () => {
    for (const mode of MODES) {
        describe(`made here, in ${mode.label}`, () => {
            let b: Built;
            before(async () => {
                b = await build(createArgs(), mode.preview);
            });

            it("is a regional web ACL that allows by default, with metrics and sampling on", () => {
                const acl = b.plan.get(T.acl, "web-acl").inputs;
                expect(acl).to.include({ scope: "REGIONAL" });
                expect(acl.defaultAction).to.deep.equal({ allow: {} });
                expect(acl.visibilityConfig).to.deep.equal({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "web" });
                expect(acl.tags).to.deep.equal({ ...TAGS, Name: "web web ACL" });
            });

            it("blocks an IP over the rate limit per 5 minutes first, then runs the three AWS managed groups with their own actions", () => {
                const rules = b.plan.get(T.acl, "web-acl").inputs.rules as Rule[];
                expect(rules.map((r) => [r.priority, r.name])).to.deep.equal([
                    [0, "RateLimitPerIp"],
                    [10, "AWSManagedRulesAmazonIpReputationList"],
                    [20, "AWSManagedRulesCommonRuleSet"],
                    [30, "AWSManagedRulesKnownBadInputsRuleSet"],
                ]);
                expect(rules[0].action).to.deep.equal({ block: {} });
                expect(rules[0].statement).to.deep.equal({ rateBasedStatement: { limit: 2000, aggregateKeyType: "IP", evaluationWindowSec: 300 } });
                for (const r of rules.slice(1)) {
                    expect(r.overrideAction).to.deep.equal({ none: {} });
                    expect(r.statement).to.deep.equal({ managedRuleGroupStatement: { vendorName: "AWS", name: r.name } });
                }
            });

            it("enables CloudWatch metrics on every rule (Security Hub WAF.12), each under its own name", () => {
                const rules = b.plan.get(T.acl, "web-acl").inputs.rules as Rule[];
                for (const r of rules) expect(r.visibilityConfig).to.deep.equal({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `web-${r.name}` });
            });

            it("logs to a retained log group named aws-waf-logs-... (WAF.11), with credentials redacted", () => {
                const group = b.plan.get(T.logGroup, "web-waf-logs");
                expect(group.inputs).to.include({ namePrefix: "aws-waf-logs-web-", retentionInDays: 90 });
                const logging = b.plan.get(T.logging, "web-logging");
                expect(b.plan.dependencyOf(logging, "resourceArn").map((r) => r.name)).to.deep.equal(["web-acl"]);
                expect(b.plan.dependencyOf(logging, "logDestinationConfigs").map((r) => r.name)).to.deep.equal(["web-waf-logs"]);
                expect(logging.inputs.logDestinationConfigs).to.deep.equal([mode.preview ? UNKNOWN : "arn:aws:logs:ap-northeast-2:123456789012:log-group:aws-waf-logs-web-placeholder"]);
                expect(logging.inputs.redactedFields).to.deep.equal([{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
            });

            it("associates the web ACL with the ALB", () => {
                const association = b.plan.get(T.association, "web-alb");
                expect(association.inputs.resourceArn).to.equal(ALB_ARN);
                expect(b.plan.dependencyOf(association, "webAclArn").map((r) => r.name)).to.deep.equal(["web-acl"]);
                expect(b.outputs.webAclArn).to.equal(mode.preview ? UNKNOWN : "arn:aws:wafv2:ap-northeast-2:123456789012:regional/webacl/web-acl-placeholder/00000000-0000-0000-0000-000000000001");
            });

            it("passes the pack under the prod policy config", async () => {
                const findings = await prodFindings(b, mode.preview);
                expect(findings, describeFindings(findings)).to.deep.equal([]);
            });
        });
    }

    it("counts instead of blocking the managed rules asked for", async () => {
        const b = await build(createArgs({ countOnly: { AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"] } }));
        const common = (b.plan.get(T.acl, "web-acl").inputs.rules as Rule[]).find((r) => r.name === "AWSManagedRulesCommonRuleSet");
        expect(common?.statement).to.deep.equal({
            managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet", ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] },
        });
    });

    it("with an existing web ACL, only associates it", async () => {
        const webAclArn = "arn:aws:wafv2:ap-northeast-2:123456789012:regional/webacl/shared/11111111-2222-3333-4444-555555555555";
        const b = await build({ mode: "existing", albArn: ALB_ARN, webAclArn });
        expect(b.plan.resources.filter((r) => r.custom).map((r) => r.type)).to.deep.equal([T.association]);
        expect(b.plan.get(T.association, "web-alb").inputs).to.deep.equal({ resourceArn: ALB_ARN, webAclArn });
        expect(b.outputs.webAclArn).to.equal(webAclArn);
    });

    it("rejects a rate limit outside AWS's range, a retention CloudWatch doesn't offer and overrides for a group not used", () => {
        expect(webAclArgsProblems(createArgs({ rateLimitPer5Minutes: 5 }))).to.deep.equal(["rateLimitPer5Minutes must be a whole number from 10 to 2,000,000,000; got 5"]);
        expect(webAclArgsProblems(createArgs({ logRetentionDays: 45 })).join()).to.match(/logRetentionDays must be one of CloudWatch Logs' retention values .*; got 45/);
        const bad = createArgs({ countOnly: { AWSManagedRulesSQLiRuleSet: ["x"] } as never });
        expect(webAclArgsProblems(bad).join()).to.match(/AWSManagedRulesSQLiRuleSet is not one of the rule groups used/);
        expect(() => new WebAcl("bad", bad)).to.throw(/^WebAcl bad: /);
    });

    it("keeps metric names to the characters WAF allows", () => {
        expect(metricName("prod web", "RateLimitPerIp")).to.equal("prod_web-RateLimitPerIp");
    });
});
