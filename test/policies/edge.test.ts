// WAF, Route 53 aliases and ACM certificates, against typed fixtures.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { rules as policies } from "../../policies/rules";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    previewNotesOf,
    previewPolicy,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";
import { fixtures as f } from "./typedFixtures";

const pem = (file: string) => fs.readFileSync(path.join(__dirname, "certs", file), "utf8");
const policy = (name: string) => findPolicy(policies, name);

const alb = () => f.loadBalancer({ loadBalancerType: "application", internal: false, subnets: ["subnet-a", "subnet-b"] });
const visibility = { cloudwatchMetricsEnabled: true, metricName: "web", sampledRequestsEnabled: true };
const goodAcl = () => f.webAcl({
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: visibility,
    rules: [{ name: "common", priority: 1, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { name: "AWSManagedRulesCommonRuleSet", vendorName: "AWS" } }, visibilityConfig: visibility }],
});

describe("alb-waf-associated", () => {
    const p = policy("alb-waf-associated");

    it("passes an internet-facing ALB with a web ACL association, and internal ALBs and NLBs without", async () => {
        const lb = alb();
        const association = f.webAclAssociation({ resourceArn: UNKNOWN, webAclArn: UNKNOWN }, { propertyDependencies: { resourceArn: [lb.urn] } });
        expectNoViolation(await previewPolicy(p, [lb, association]));
        expectNoViolation(await runPolicy(p, [f.loadBalancer({ loadBalancerType: "application", internal: true }), f.loadBalancer({ loadBalancerType: "network" })]));
    });

    it("refuses an internet-facing ALB no association names, and notes one whose scheme is unknown", async () => {
        const lb = alb();
        expect(expectViolation(await runPolicy(p, [lb]), p.name, "no aws.wafv2.WebAclAssociation").urn).to.equal(lb.urn);
        const r = await previewPolicy(p, [f.loadBalancer({ loadBalancerType: "application", internal: UNKNOWN })]);
        expect(violationsOf(r, p.name)).to.deep.equal([]);
        expect(previewNotesOf(r, p.name)).to.have.length(1);
    });
});

describe("WAF web ACL settings", () => {
    it("waf-web-acl-has-rules refuses an empty web ACL", async () => {
        const p = policy("waf-web-acl-has-rules");
        expectNoViolation(await runPolicy(p, [goodAcl()]));
        expectViolation(await runPolicy(p, [f.webAcl({ scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: visibility })]), p.name, "has no rules");
    });

    it("waf-cloudwatch-metrics asks the web ACL and every rule for metrics", async () => {
        const p = policy("waf-cloudwatch-metrics");
        expectNoViolation(await runPolicy(p, [goodAcl()]));
        const acl = goodAcl();
        const props = acl.props as { visibilityConfig: typeof visibility; rules: { visibilityConfig: typeof visibility }[] };
        props.visibilityConfig = { ...visibility, cloudwatchMetricsEnabled: false };
        props.rules[0].visibilityConfig = { ...visibility, cloudwatchMetricsEnabled: false };
        const r = await runPolicy(p, [acl]);
        expect(violationsOf(r, p.name).map(v => v.message.split("\n")[1])).to.deep.equal([
            "visibilityConfig.cloudwatchMetricsEnabled is not true: enable it on the web ACL.",
            "rules[0].visibilityConfig.cloudwatchMetricsEnabled is not true: enable it on every rule.",
        ]);
    });

    it("waf-web-acl-logging asks for a logging configuration naming the web ACL", async () => {
        const p = policy("waf-web-acl-logging");
        const acl = goodAcl();
        expectViolation(await runPolicy(p, [acl]), p.name, "no aws.wafv2.WebAclLoggingConfiguration");
        const logging = f.webAclLogging({ resourceArn: UNKNOWN, logDestinationConfigs: [UNKNOWN] }, { propertyDependencies: { resourceArn: [acl.urn] } });
        expectNoViolation(await previewPolicy(p, [acl, logging]));
    });
});

describe("route53-alias-stack-lb", () => {
    const p = policy("route53-alias-stack-lb");

    it("passes an alias built from this stack's load balancer outputs, with target health", async () => {
        const lb = alb();
        const record = f.route53Record({ zoneId: "Z1", name: "www.example.com", type: "A", aliases: [{ name: UNKNOWN, zoneId: UNKNOWN, evaluateTargetHealth: true }] },
            { propertyDependencies: { aliases: [lb.urn] } });
        expectNoViolation(await previewPolicy(p, [lb, record]));
    });

    it("refuses a literal load balancer DNS name, and an alias without evaluateTargetHealth", async () => {
        const literal = f.route53Record({ zoneId: "Z1", name: "www.example.com", type: "A", aliases: [{ name: "web-123.eu-west-1.elb.amazonaws.com", zoneId: "Z32O12XQLNTSW2", evaluateTargetHealth: true }] });
        expectViolation(await runPolicy(p, [literal]), p.name, "is the literal load balancer name 'web-123.eu-west-1.elb.amazonaws.com'");
        const lb = alb();
        const noHealth = f.route53Record({ zoneId: "Z1", name: "www.example.com", type: "A", aliases: [{ name: UNKNOWN, zoneId: UNKNOWN, evaluateTargetHealth: false }] },
            { propertyDependencies: { aliases: [lb.urn] } });
        expectViolation(await previewPolicy(p, [lb, noHealth]), p.name, "evaluateTargetHealth is not true");
    });

    it("ignores aliases to other AWS targets (CloudFront, S3 websites)", async () => {
        expectNoViolation(await runPolicy(p, [f.route53Record({ zoneId: "Z1", name: "cdn.example.com", type: "A", aliases: [{ name: "d111.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }] })]));
    });
});

describe("ACM certificates", () => {
    it("acm-dns-validation refuses EMAIL or missing validation on requested certificates", async () => {
        const p = policy("acm-dns-validation");
        expectNoViolation(await runPolicy(p, [f.certificate({ domainName: "www.example.com", validationMethod: "DNS" })]));
        expectViolation(await runPolicy(p, [f.certificate({ domainName: "www.example.com", validationMethod: "EMAIL" })]), p.name, '"EMAIL"');
        expectViolation(await runPolicy(p, [f.certificate({ domainName: "www.example.com" })]), p.name, "validationMethod is not set");
        expectNoViolation(await runPolicy(p, [f.certificate({ certificateBody: pem("rsa2048-100y.pem"), privateKey: "(not checked)" })]));
    });

    it("acm-key-algorithm refuses RSA_1024, requested or imported, and accepts RSA 2048+ and ECDSA", async () => {
        const p = policy("acm-key-algorithm");
        expectViolation(await runPolicy(p, [f.certificate({ domainName: "a.example.com", validationMethod: "DNS", keyAlgorithm: "RSA_1024" })]), p.name, '"RSA_1024"');
        expectViolation(await runPolicy(p, [f.certificate({ certificateBody: pem("rsa1024-100y.pem"), privateKey: "x" })]), p.name, "1024-bit RSA key");
        expectNoViolation(await runPolicy(p, [
            f.certificate({ domainName: "a.example.com", validationMethod: "DNS", keyAlgorithm: "EC_prime256v1" }),
            f.certificate({ certificateBody: pem("rsa2048-100y.pem"), privateKey: "x" }),
            f.certificate({ certificateBody: pem("ec256-1d.pem"), privateKey: "x" }),
        ]));
    });

    it("acm-transparency-logging refuses an opt-out", async () => {
        const p = policy("acm-transparency-logging");
        expectViolation(await runPolicy(p, [f.certificate({ domainName: "a.example.com", options: { certificateTransparencyLoggingPreference: "DISABLED" } })]), p.name, "is DISABLED");
        expectNoViolation(await runPolicy(p, [f.certificate({ domainName: "a.example.com", options: { certificateTransparencyLoggingPreference: "ENABLED" } })]));
    });

    it("acm-imported-certificate-expiry flags an imported certificate within minDaysToExpiry, and skips a body that is not a PEM", async () => {
        const p = policy("acm-imported-certificate-expiry");
        expectViolation(await runPolicy(p, [f.certificate({ certificateBody: pem("ec256-1d.pem"), privateKey: "x" })]), p.name, "under the 30 days required");
        expectNoViolation(await runPolicy(p, [f.certificate({ certificateBody: pem("rsa2048-100y.pem"), privateKey: "x" })]));
        expectViolation(await runPolicy(p, [f.certificate({ certificateBody: pem("rsa2048-100y.pem"), privateKey: "x" })], { config: { "acm-imported-certificate-expiry": { minDaysToExpiry: 40000 } } }), p.name, "under the 40000 days");
        expectNoViolation(await runPolicy(p, [f.certificate({ certificateBody: "(placeholder certificate)", privateKey: "x" })]));
    });
});
