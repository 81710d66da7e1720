// Pack v3 (issue 20): the rules added for the gaps of v2 and for what the program now declares,
// table-driven against typed fixtures, each with pass and fail cases.
import { rules } from "../../policies/rules";
import { hstsMaxAge } from "../../policies/rules/entry/shared";
import { expectNoViolation, expectViolation, findPolicy, PlannedResource, runPolicy } from "../support/policyHarness";
import { fixtures as f } from "./typedFixtures";

interface Case { name: string; resources: () => PlannedResource[]; fragment?: string }

/** Each passing case reports nothing for the rule; each failing case reports the fragment. */
function table(ruleName: string, passes: Case[], fails: Case[]): void {
    describe(ruleName, () => {
        const rule = findPolicy(rules, ruleName);
        for (const c of passes) {
            it(`passes ${c.name}`, async () => expectNoViolation(await runPolicy(rule, c.resources()), ruleName));
        }
        for (const c of fails) {
            it(`refuses ${c.name}`, async () => { expectViolation(await runPolicy(rule, c.resources()), ruleName, c.fragment!); });
        }
    });
}

const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (Action: unknown, Resource: unknown = "*") => ({ Effect: "Allow", Action, Resource });

table("ec2-imds-hop-limit", [
    { name: "a launch template requiring IMDSv2 with hop limit 1", resources: () => [f.launchTemplate({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } })] },
    { name: "an instance with IMDS disabled", resources: () => [f.instance({ metadataOptions: { httpEndpoint: "disabled", httpPutResponseHopLimit: 3 } })] },
    { name: "an instance that does not require IMDSv2 (ec2-imdsv2-required's concern)", resources: () => [f.instance({ metadataOptions: { httpTokens: "optional" } })] },
], [
    { name: "a launch template with hop limit 2", resources: () => [f.launchTemplate({ metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } })], fragment: "httpPutResponseHopLimit is 2" },
    { name: "an instance requiring IMDSv2 with no hop limit (the AMI's default)", resources: () => [f.instance({ metadataOptions: { httpTokens: "required" } })], fragment: "is not set, so the AMI's default applies" },
]);

const bucket = () => f.bucket({ bucket: "logs-1" });
const lifecycle = (rule: Record<string, unknown>) => f.bucketLifecycle({ bucket: "logs-1", rules: [{ id: "r", status: "Enabled", ...rule }] });
table("s3-lifecycle-abort-incomplete-uploads", [
    { name: "an enabled whole-bucket rule aborting after 7 days", resources: () => [bucket(), lifecycle({ filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } })] },
    { name: "one with an empty prefix filter", resources: () => [bucket(), lifecycle({ filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } })] },
], [
    { name: "a bucket whose lifecycle only expires objects", resources: () => [bucket(), lifecycle({ filter: {}, expiration: { days: 90 } })], fragment: "aborts incomplete multipart uploads" },
    { name: "an abort rule limited to a prefix", resources: () => [bucket(), lifecycle({ filter: { prefix: "AWSLogs/" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } })], fragment: "over the whole bucket" },
    { name: "a disabled abort rule", resources: () => [bucket(), f.bucketLifecycle({ bucket: "logs-1", rules: [{ id: "r", status: "Disabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] })], fragment: "aborts incomplete" },
]);

const vis = { cloudwatchMetricsEnabled: true, metricName: "m", sampledRequestsEnabled: true };
const managed = (extra: Record<string, unknown> = {}, overrideAction: Record<string, unknown> = { none: {} }) => ({
    name: "bad-inputs", priority: 1, overrideAction, visibilityConfig: vis,
    statement: { managedRuleGroupStatement: { name: "AWSManagedRulesKnownBadInputsRuleSet", vendorName: "AWS", ...extra } },
});
const acl = (rules: unknown[], ruleJson?: string) => f.webAcl({ scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: vis, rules: rules as never, ruleJson });
table("waf-known-bad-inputs", [
    { name: "a web ACL with the group blocking", resources: () => [acl([managed()])] },
    { name: "the group in ruleJson", resources: () => [acl([], JSON.stringify([{ Name: "b", Priority: 1, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { Name: "AWSManagedRulesKnownBadInputsRuleSet", VendorName: "AWS" } } }]))] },
    { name: "a count override of another of its rules", resources: () => [acl([managed({ ruleActionOverrides: [{ name: "Host_localhost_HEADER", actionToUse: { count: {} } }] })])] },
], [
    { name: "a web ACL with only a rate rule", resources: () => [acl([{ name: "rate", priority: 1, action: { block: {} }, visibilityConfig: vis, statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: "IP" } } }])], fragment: "no rule uses the managed rule group" },
    { name: "the group counting", resources: () => [acl([managed({}, { count: {} })])], fragment: "overrideAction count" },
    { name: "Log4JRCE overridden to count", resources: () => [acl([managed({ ruleActionOverrides: [{ name: "Log4JRCE_HEADER", actionToUse: { count: {} } }] })])], fragment: "overrides a Log4JRCE rule" },
]);

table("lb-ip-address-type-supported", [
    { name: "an internet-facing ALB without public IPv4", resources: () => [f.loadBalancer({ loadBalancerType: "application", internal: false, ipAddressType: "dualstack-without-public-ipv4" })] },
    { name: "a dualstack NLB", resources: () => [f.loadBalancer({ loadBalancerType: "network", ipAddressType: "dualstack" })] },
], [
    { name: "an NLB without public IPv4", resources: () => [f.loadBalancer({ loadBalancerType: "network", ipAddressType: "dualstack-without-public-ipv4" })], fragment: "on a network load balancer" },
    { name: "an internal ALB without public IPv4", resources: () => [f.loadBalancer({ internal: true, ipAddressType: "dualstack-without-public-ipv4" })], fragment: "on an internal ALB" },
]);

table("nlb-internal-no-elastic-ips", [
    { name: "an internet-facing NLB with Elastic IPs", resources: () => [f.loadBalancer({ loadBalancerType: "network", subnetMappings: [{ subnetId: "subnet-1", allocationId: "eipalloc-1" }] })] },
    { name: "an internal NLB with private addresses", resources: () => [f.loadBalancer({ loadBalancerType: "network", internal: true, subnetMappings: [{ subnetId: "subnet-1", privateIpv4Address: "10.0.1.10" }] })] },
], [
    { name: "an internal NLB with an Elastic IP", resources: () => [f.loadBalancer({ loadBalancerType: "network", internal: true, subnetMappings: [{ subnetId: "subnet-1", allocationId: "eipalloc-1" }] })], fragment: "subnetMappings[0].allocationId is set on an internal NLB" },
]);

const https = (hsts?: string) => f.listener({ loadBalancerArn: "arn:lb", port: 443, protocol: "HTTPS", certificateArn: "arn:cert", defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }], routingHttpResponseStrictTransportSecurityHeaderValue: hsts });
table("alb-https-hsts", [
    { name: "an HTTPS listener with max-age one year", resources: () => [https("max-age=31536000; includeSubDomains")] },
    { name: "two years with preload", resources: () => [https("max-age=63072000; includeSubDomains; preload")] },
    { name: "an HTTP listener without the header", resources: () => [f.listener({ loadBalancerArn: "arn:lb", port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] })] },
], [
    { name: "an HTTPS listener without the header", resources: () => [https()], fragment: "is not set" },
    { name: "max-age of one day", resources: () => [https("max-age=86400")], fragment: "max-age must be at least 31536000" },
    { name: "a header without max-age", resources: () => [https("includeSubDomains")], fragment: "max-age must be at least" },
    { name: "a response-header attribute on an NLB TCP listener", resources: () => [f.listener({ loadBalancerArn: "arn:nlb", port: 80, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }], routingHttpResponseServerEnabled: false })], fragment: "routingHttpResponseServerEnabled is set on a TCP listener" },
]);

describe("hstsMaxAge", () => {
    it("reads max-age as RFC 6797 writes it (any case, quoted or not, any position)", () => {
        const cases: [string, number | undefined][] = [["max-age=31536000", 31536000], ["includeSubDomains; MAX-AGE=\"600\"", 600], ["max-age=abc", undefined], ["", undefined]];
        for (const [value, expected] of cases) {
            if (hstsMaxAge(value) !== expected) throw new Error(`${value}: ${String(hstsMaxAge(value))} != ${String(expected)}`);
        }
    });
});

const ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
table("iam-no-full-admin", [
    { name: "a role policy naming its actions", resources: () => [f.iamRolePolicy({ role: "r", policy: doc(allow(["s3:GetObject"], "arn:aws:s3:::b/*")) })] },
    { name: "a Deny of everything", resources: () => [f.iamPolicy({ policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) })] },
    { name: "the SSM managed policy attached", resources: () => [f.iamRolePolicyAttachment({ role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" })] },
], [
    { name: "Action * on Resource * (IAM.1)", resources: () => [f.iamRolePolicy({ role: "r", policy: doc(allow("*")) })], fragment: "full administrator" },
    { name: "Action *:* on a bucket (CKV_AWS_62)", resources: () => [f.iamPolicy({ policy: doc(allow(["*:*"], "arn:aws:s3:::b")) })], fragment: "allows Action \"*:*\"" },
    { name: "AdministratorAccess attached (CKV_AWS_274)", resources: () => [f.iamRolePolicyAttachment({ role: "r", policyArn: ADMIN_ARN })], fragment: "attaches arn:aws:iam::aws:policy/AdministratorAccess" },
    { name: "AdministratorAccess in a role's managedPolicyArns", resources: () => [f.iamRole({ assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), managedPolicyArns: [ADMIN_ARN] })], fragment: "managedPolicyArns[0] attaches" },
    { name: "Action * in a role's inline policy", resources: () => [f.iamRole({ assumeRolePolicy: "{}", inlinePolicies: [{ name: "all", policy: doc(allow("*")) }] })], fragment: "inlinePolicies[0].policy Statement[0]" },
]);

table("iam-no-wildcard-actions", [
    { name: "named actions and iam:PassRole on one role", resources: () => [f.iamRolePolicy({ role: "r", policy: doc(allow(["s3:GetObject", "s3:List*"]), allow("iam:PassRole", "arn:aws:iam::123456789012:role/app")) })] },
], [
    { name: "s3:* (IAM.21)", resources: () => [f.iamRolePolicy({ role: "r", policy: doc(allow("s3:*")) })], fragment: "allows \"s3:*\"" },
    { name: "iam:* on a role (CKV2_AWS_40)", resources: () => [f.iamPolicy({ policy: doc(allow(["iam:*"], "arn:aws:iam::123456789012:role/x")) })], fragment: "allows \"iam:*\"" },
    { name: "iam:PassRole on * (CKV_AWS_286)", resources: () => [f.iamRole({ assumeRolePolicy: "{}", inlinePolicies: [{ name: "p", policy: doc(allow(["iam:PassRole"])) }] })], fragment: "iam:PassRole on Resource \"*\"" },
]);

table("lambda-permission-no-wildcard-principal", [
    { name: "the ELB service principal", resources: () => [f.lambdaPermission({ action: "lambda:InvokeFunction", function: "fn", principal: "elasticloadbalancing.amazonaws.com", sourceArn: "arn:tg" })] },
], [
    { name: "principal * for any action", resources: () => [f.lambdaPermission({ action: "lambda:GetFunction", function: "fn", principal: "*" })], fragment: "principal is \"*\"" },
]);

const script = (body: string) => `#!/bin/bash\n${body}\n`;
table("ec2-no-secrets-in-user-data", [
    { name: "a script that writes a secret read from the environment at boot", resources: () => [f.instance({ userData: script("printf 'DB_PASSWORD=%s' \"$DB_PASSWORD\" > /etc/app.env") })] },
    { name: "a password read from SSM with $(...)", resources: () => [f.instance({ userData: script("DB_PASSWORD=$(aws ssm get-parameter --name /app/db --with-decryption --query Parameter.Value --output text)") })] },
    { name: "a password read from Secrets Manager with backquotes", resources: () => [f.instance({ userData: script("password=`aws secretsmanager get-secret-value --secret-id db --query SecretString --output text`") })] },
    { name: "a password copied from another variable", resources: () => [f.launchTemplate({ userData: Buffer.from(script("export PASSWORD=\"${DB_PASSWORD}\"")).toString("base64") })] },
], [
    { name: "a literal password assignment", resources: () => [f.instance({ userData: script("DB_PASSWORD=hunter2xyz") })], fragment: "a password assignment" },
    { name: "a literal password in base64 launch-template user data, decoded as AWS does", resources: () => [f.launchTemplate({ userData: Buffer.from(script("DB_PASSWORD=hunter2xyz")).toString("base64") })], fragment: "a password assignment" },
    { name: "a private key block", resources: () => [f.instance({ userData: script("cat > /etc/key <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nEOF") })], fragment: "a private key" },
    { name: "an AWS access key ID", resources: () => [f.instance({ userData: script("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE") })], fragment: "an AWS access key ID" },
]);

// ---- lb-log-bucket-delivery: the Region's own ELB account (policies/facts/elb.ts) ----------------

const provider = (region: string) => ({ provider: { type: "pulumi:providers:aws", urn: "urn:pulumi:dev::p::pulumi:providers:aws::default", name: "default", props: { region } } });
const logStack = (principal: Record<string, unknown>, region?: string) => {
    const b = f.bucket({ bucket: "lb-logs" });
    const statement = { Effect: "Allow", Principal: principal, Action: "s3:PutObject", Resource: "arn:aws:s3:::lb-logs/AWSLogs/123456789012/*" };
    return [b, f.bucketPolicy({ bucket: "lb-logs", policy: JSON.stringify({ Statement: [statement] }) }),
        f.loadBalancer({ loadBalancerType: "application", accessLogs: { bucket: "lb-logs", enabled: true } }, region ? provider(region) : {})];
};
table("lb-log-bucket-delivery", [
    { name: "the ELB account of the stack's Region (ap-northeast-2)", resources: () => logStack({ AWS: "arn:aws:iam::600734575887:root" }, "ap-northeast-2") },
    { name: "the service principal in a Region without an ELB account (ap-south-2)", resources: () => logStack({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, "ap-south-2") },
    { name: "the GovCloud account in its partition", resources: () => logStack({ AWS: "arn:aws-us-gov:iam::048591011584:root" }, "us-gov-west-1") },
    { name: "an ELB account when the Region is not known (offline)", resources: () => logStack({ AWS: "arn:aws:iam::127311923021:root" }) },
], [
    { name: "another Region's ELB account", resources: () => logStack({ AWS: "arn:aws:iam::127311923021:root" }, "ap-northeast-2"), fragment: "AWS \"arn:aws:iam::600734575887:root\" (the ELB account of ap-northeast-2)" },
    { name: "the service principal in a Region that has an ELB account", resources: () => logStack({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, "eu-west-1"), fragment: "the ELB account of eu-west-1" },
    { name: "the ELB account in a Region that has none", resources: () => logStack({ AWS: "arn:aws:iam::600734575887:root" }, "ap-south-2"), fragment: "ap-south-2 has no ELB account" },
    { name: "any account's root, Region unknown", resources: () => logStack({ AWS: "arn:aws:iam::123456789012:root" }), fragment: "no bucket policy statement allowing s3:PutObject" },
]);

// ---- stack relations ----------------------------------------------------------------------------

const deps = (map: Record<string, PlannedResource[]>) => ({
    dependencies: Object.values(map).flat().map(r => r.urn),
    propertyDependencies: Object.fromEntries(Object.entries(map).map(([k, rs]) => [k, rs.map(r => r.urn)])),
});
const httpStack = (actions: unknown[], protocol: "HTTP" | "HTTPS" = "HTTP") => {
    const l = f.listener({ loadBalancerArn: "arn:lb", port: protocol === "HTTP" ? 80 : 443, protocol, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] });
    return [l, f.listenerRule({ listenerArn: "arn:l", priority: 10, conditions: [{ pathPattern: { values: ["/x/*"] } }], actions: actions as never }, deps({ listenerArn: [l] }))];
};
table("alb-http-listener-rules-redirect", [
    { name: "a rule on the HTTP listener that redirects to HTTPS", resources: () => httpStack([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]) },
    { name: "a forwarding rule on an HTTPS listener", resources: () => httpStack([{ type: "forward", targetGroupArn: "arn:tg" }], "HTTPS") },
], [
    { name: "a forwarding rule on the HTTP listener", resources: () => httpStack([{ type: "forward", targetGroupArn: "arn:tg" }]), fragment: "answers with forward instead of a redirect to HTTPS" },
    { name: "a fixed response on the HTTP listener", resources: () => httpStack([{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }]), fragment: "answers with fixed-response" },
]);

const albTargetStack = (tgPort: number) => {
    const alb = f.loadBalancer({ loadBalancerType: "application", internal: true });
    const listener = f.listener({ loadBalancerArn: "arn:alb", port: 443, protocol: "HTTPS", certificateArn: "arn:c", defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }] }, deps({ loadBalancerArn: [alb] }));
    const tg = f.targetGroup({ targetType: "alb", port: tgPort, protocol: "TCP", vpcId: "vpc-1" });
    return [alb, listener, tg, f.targetGroupAttachment({ targetGroupArn: "arn:tg", targetId: "arn:alb" }, deps({ targetGroupArn: [tg], targetId: [alb] }))];
};
table("lb-alb-target-group-port", [
    { name: "an alb target group on the ALB's listener port", resources: () => albTargetStack(443) },
    { name: "an instance target group on any port", resources: () => [f.targetGroup({ targetType: "instance", port: 8080, protocol: "HTTP", vpcId: "vpc-1" })] },
], [
    { name: "an alb target group on a port the ALB does not listen on", resources: () => albTargetStack(80), fragment: "has port 80, but ALB" },
]);

const oidc = (over: Record<string, string> = {}) => ({
    type: "authenticate-oidc", order: 1,
    authenticateOidc: { issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/auth", tokenEndpoint: "https://idp.example.com/token", userInfoEndpoint: "https://idp.example.com/userinfo", clientId: "c", clientSecret: "s", ...over },
});
const forward = { type: "forward", order: 2, targetGroupArn: "arn:tg" };
const authStack = (protocol: "HTTP" | "HTTPS", actions: unknown[], ipAddressType = "ipv4") => {
    const alb = f.loadBalancer({ loadBalancerType: "application", ipAddressType });
    return [alb, f.listener({ loadBalancerArn: "arn:alb", port: protocol === "HTTPS" ? 443 : 80, protocol, certificateArn: protocol === "HTTPS" ? "arn:c" : undefined, defaultActions: actions as never }, deps({ loadBalancerArn: [alb] }))];
};
table("alb-authentication-actions", [
    { name: "OIDC with HTTPS endpoints on an HTTPS listener", resources: () => authStack("HTTPS", [oidc(), forward]) },
    { name: "JWT validation with an HTTPS JWKS on an HTTPS listener", resources: () => authStack("HTTPS", [{ type: "jwt-validation", order: 1, jwtValidation: { issuer: "https://idp.example.com", jwksEndpoint: "https://idp.example.com/jwks" } }, forward]) },
    { name: "a listener without authentication", resources: () => authStack("HTTP", [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]) },
], [
    { name: "OIDC on an HTTP listener", resources: () => authStack("HTTP", [oidc(), forward]), fragment: "authentication actions work only on HTTPS listeners" },
    { name: "an http:// token endpoint", resources: () => authStack("HTTPS", [oidc({ tokenEndpoint: "http://idp.example.com/token" }), forward]), fragment: "defaultActions[0].authenticateOidc.tokenEndpoint is 'http://idp.example.com/token'" },
    { name: "an http:// JWKS endpoint", resources: () => authStack("HTTPS", [{ type: "jwt-validation", order: 1, jwtValidation: { issuer: "https://i", jwksEndpoint: "http://i/jwks" } }, forward]), fragment: "jwtValidation.jwksEndpoint" },
    { name: "authentication on a dualstack-without-public-ipv4 ALB", resources: () => authStack("HTTPS", [oidc(), forward], "dualstack-without-public-ipv4"), fragment: "is dualstack-without-public-ipv4" },
    { name: "Cognito in a rule on an HTTP listener", resources: () => {
        const [alb, l] = authStack("HTTP", [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        return [alb, l, f.listenerRule({ listenerArn: "arn:l", priority: 1, conditions: [{ pathPattern: { values: ["/admin/*"] } }], actions: [{ type: "authenticate-cognito", order: 1, authenticateCognito: { userPoolArn: "arn:up", userPoolClientId: "c", userPoolDomain: "d" } }, forward] }, deps({ listenerArn: [l] }))];
    }, fragment: "authenticate-cognito on HTTP listener" },
]);

// ---- route53-alias-stack-lb: the alias names its target's canonical hosted zone ------------------

const aliasStack = (zoneId: string, kind: "application" | "network", region?: string) => {
    const lb = f.loadBalancer({ loadBalancerType: kind }, region ? provider(region) : {});
    return [lb, f.route53Record({ zoneId: "Zmyzone", name: "www", type: "A", aliases: [{ name: "lb-1.example", zoneId, evaluateTargetHealth: true }] }, deps({ aliases: [lb] }))];
};
const literalAlias = (name: string, zoneId: string) => [f.route53Record({ zoneId: "Zmyzone", name: "www", type: "A", aliases: [{ name, zoneId, evaluateTargetHealth: true }] })];
table("route53-alias-stack-lb", [
    { name: "an ALB alias in ap-northeast-2 with the ALB zone of ap-northeast-2", resources: () => aliasStack("ZWKZPGTI48KDX", "application", "ap-northeast-2") },
    { name: "an NLB alias in eu-west-1 with the NLB zone of eu-west-1", resources: () => aliasStack("Z2IFOLAFXWLO4F", "network", "eu-west-1") },
    { name: "an ALB alias, Region unknown, with some Region's ALB zone", resources: () => aliasStack("Z35SXDOTRQ7X7K", "application") },
], [
    { name: "an ALB alias with the NLB zone of its Region", resources: () => aliasStack("ZIBE1TIR4HY56", "application", "ap-northeast-2"), fragment: "not ZWKZPGTI48KDX, the canonical hosted zone of Application Load Balancers in ap-northeast-2" },
    { name: "an NLB alias with another Region's NLB zone", resources: () => aliasStack("Z26RNL4JYFTOTI", "network", "eu-west-1"), fragment: "not Z2IFOLAFXWLO4F" },
    { name: "an alias with the record's own hosted zone, Region unknown", resources: () => aliasStack("Zmyzone", "application"), fragment: "which is no Region's canonical hosted zone of Application Load Balancers" },
    { name: "a literal NLB DNS name with the ALB zone of its Region", resources: () => literalAlias("web-0123456789abcdef.elb.us-east-1.amazonaws.com", "Z35SXDOTRQ7X7K"), fragment: "not Z26RNL4JYFTOTI" },
]);

// ---- lb-entry-points-protected ------------------------------------------------------------------

const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const entryStack = (opts: { waf?: boolean; httpForwards?: boolean; nlbTo?: "alb" | "instance" } = {}) => {
    const alb = f.loadBalancer({ loadBalancerType: "application" });
    const tg = f.targetGroup({ targetType: "instance", port: 80, protocol: "HTTP", vpcId: "vpc-1" });
    const out: PlannedResource[] = [alb, tg,
        f.listener({ loadBalancerArn: "arn:alb", port: 443, protocol: "HTTPS", certificateArn: "arn:c", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }, deps({ loadBalancerArn: [alb], defaultActions: [tg] })),
        f.listener({ loadBalancerArn: "arn:alb", port: 80, protocol: "HTTP", defaultActions: [opts.httpForwards ? { type: "forward", targetGroupArn: "arn:tg" } : redirect] }, deps({ loadBalancerArn: [alb], ...(opts.httpForwards ? { defaultActions: [tg] } : {}) }))];
    if (opts.waf !== false) out.push(f.webAclAssociation({ resourceArn: "arn:alb", webAclArn: "arn:acl" }, deps({ resourceArn: [alb] })));
    if (opts.nlbTo) {
        const nlb = f.loadBalancer({ loadBalancerType: "network" });
        const nlbTg = f.targetGroup({ targetType: opts.nlbTo, port: opts.nlbTo === "alb" ? 443 : 80, protocol: "TCP", vpcId: "vpc-1" });
        out.push(nlb, nlbTg, f.listener({ loadBalancerArn: "arn:nlb", port: 443, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: "arn:nlbtg" }] }, deps({ loadBalancerArn: [nlb], defaultActions: [nlbTg] })));
    }
    return out;
};
table("lb-entry-points-protected", [
    { name: "HTTPS and a redirecting HTTP listener on a WAF-protected ALB", resources: () => entryStack() },
    { name: "an NLB forwarding TCP to an alb target group (the stated exception)", resources: () => entryStack({ nlbTo: "alb" }) },
    { name: "an internal ALB without WAF", resources: () => [f.loadBalancer({ internal: true }), f.listener({ loadBalancerArn: "arn:alb", port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] })] },
], [
    { name: "an ALB without a web ACL association", resources: () => entryStack({ waf: false }), fragment: "has no aws.wafv2.WebAclAssociation" },
    { name: "an HTTP listener that forwards", resources: () => entryStack({ httpForwards: true }), fragment: "neither encrypts (HTTPS) nor redirects to HTTPS" },
    { name: "an NLB forwarding TCP to instances", resources: () => entryStack({ nlbTo: "instance" }), fragment: "does not forward to an `alb` target group" },
]);

describe("lb-entry-points-protected: stated exceptions", () => {
    it("a listener the policy config states as an exception, by resource name, is not reported; the others still are", async () => {
        const rule = findPolicy(rules, "lb-entry-points-protected");
        const stack = entryStack({ nlbTo: "instance" });
        const nlbListener = stack[stack.length - 1];
        const stated = await runPolicy(rule, stack, { config: { "lb-entry-points-protected": { statedExceptions: [nlbListener.name] } } });
        expectNoViolation(stated, "lb-entry-points-protected");
        const other = await runPolicy(rule, stack, { config: { "lb-entry-points-protected": { statedExceptions: ["NLB-elsewhere"] } } });
        expectViolation(other, "lb-entry-points-protected", "does not forward to an `alb` target group");
    });
});
