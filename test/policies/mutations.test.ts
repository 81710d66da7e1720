// Mutation testing of the pack against the program's own dev stack: starting from the resources
// the program really declares (which pass), break one covered property at a time and check that
// the policy guarding it reports it. A rule that stopped looking at its property fails here.
import { expect } from "chai";
import { rules as policies } from "../../policies/rules";
import { TYPES } from "../../policies/rules/tokens";
import { makeUrn, PlannedResource, runPolicies } from "../../tools/engine/policyRunner";
import { toPlannedResource } from "../../tools/plan/run";
import { repoPlan } from "../plan/fixtures";

type Props = Record<string, unknown>;
type Resources = PlannedResource[];

interface Mutation {
    what: string;
    policy: string;
    mutate(resources: Resources): void;
}


function props(resources: Resources, name: string): Props {
    const found = resources.filter((r) => r.name === name && !r.type.startsWith("elb-web-tier:"));
    if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
    return found[0].props;
}

function remove(resources: Resources, name: string): void {
    resources.splice(resources.findIndex((r) => r.name === name && !r.type.startsWith("elb-web-tier:")), 1);
}

function replaceProps(resources: Resources, name: string, replacement: Props): void {
    const found = props(resources, name);
    Object.keys(found).forEach((k) => delete found[k]);
    Object.assign(found, replacement);
}

function addBucket(resources: Resources): void {
    resources.push({ urn: makeUrn(TYPES.bucket, "web-logs"), type: TYPES.bucket, name: "web-logs", props: { bucket: "web-logs" } });
}

const SG_RULE = "web_access_sg-https-anywhere-ipv4";

const mutations: Mutation[] = [
    { what: "an IAM server certificate on the HTTPS listener", policy: "lb-listener-acm-certificate", mutate: (r) => { props(r, "ALB-https").certificateArn = "arn:aws:iam::123456789012:server-certificate/web"; } },
    { what: "no certificate on the HTTPS listener", policy: "lb-listener-acm-certificate", mutate: (r) => { delete props(r, "ALB-https").certificateArn; } },
    { what: "no TLS policy (AWS's 2016 default)", policy: "lb-listener-tls-policy", mutate: (r) => { delete props(r, "ALB-https").sslPolicy; } },
    { what: "a TLS 1.0 policy", policy: "lb-listener-tls-policy", mutate: (r) => { props(r, "ALB-https").sslPolicy = "ELBSecurityPolicy-2016-08"; } },
    { what: "HTTP forwarding instead of redirecting", policy: "alb-http-redirects-to-https", mutate: (r) => { props(r, "ALB-http").defaultActions = props(r, "ALB-https").defaultActions; } },
    { what: "no HTTPS listener on the ALB", policy: "alb-has-https-listener", mutate: (r) => { remove(r, "ALB-https"); remove(r, "ALB-https-robots-txt"); } },
    { what: "invalid headers passed through", policy: "alb-drop-invalid-header-fields", mutate: (r) => { props(r, "ALB").dropInvalidHeaderFields = false; } },
    { what: "desync mitigation in monitor mode", policy: "alb-desync-mitigation", mutate: (r) => { props(r, "ALB").desyncMitigationMode = "monitor"; } },
    { what: "an ALB in one subnet", policy: "lb-multi-az", mutate: (r) => { props(r, "ALB").subnets = [(props(r, "ALB").subnets as string[])[0]]; } },
    { what: "an NLB mapping without an Elastic IP", policy: "nlb-static-ips", mutate: (r) => { delete (props(r, "NLB").subnetMappings as Props[])[0].allocationId; } },
    { what: "an NLB on plain subnets", policy: "nlb-static-ips", mutate: (r) => { const nlb = props(r, "NLB"); nlb.subnets = (nlb.subnetMappings as Props[]).map((m) => m.subnetId); delete nlb.subnetMappings; } },
    { what: "SSH from the internet", policy: "sg-no-ssh-ingress", mutate: (r) => { Object.assign(props(r, SG_RULE), { fromPort: 22, toPort: 22 }); } },
    { what: "RDP from the internet", policy: "sg-no-rdp-from-internet", mutate: (r) => { Object.assign(props(r, SG_RULE), { fromPort: 3389, toPort: 3389 }); } },
    { what: "all protocols from the internet", policy: "sg-no-all-ports-from-internet", mutate: (r) => { Object.assign(props(r, SG_RULE), { ipProtocol: "-1", fromPort: -1, toPort: -1 }); } },
    { what: "a non-web port from the internet", policy: "sg-internet-ingress-web-ports-only", mutate: (r) => { Object.assign(props(r, SG_RULE), { fromPort: 8080, toPort: 8080 }); } },
    { what: "SSH from a private range", policy: "sg-no-ssh-ingress", mutate: (r) => { Object.assign(props(r, SG_RULE), { fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" }); } },
    { what: "a port range from the internet that includes SSH", policy: "sg-no-ssh-ingress", mutate: (r) => { Object.assign(props(r, SG_RULE), { fromPort: 20, toPort: 25 }); } },
    { what: "a security group rule without a description", policy: "sg-descriptions", mutate: (r) => { delete props(r, SG_RULE).description; } },
    { what: "IMDSv1 allowed", policy: "ec2-imdsv2-required", mutate: (r) => { (props(r, "EC2_Web-ap-northeast-2a-1").metadataOptions as Props).httpTokens = "optional"; } },
    { what: "an unencrypted root volume", policy: "ec2-volumes-encrypted", mutate: (r) => { (props(r, "EC2_Web-ap-northeast-2b-1").rootBlockDevice as Props).encrypted = false; } },
    { what: "an access key in user data", policy: "ec2-no-secrets-in-user-data", mutate: (r) => { props(r, "EC2_Web-ap-northeast-2a-1").userData += "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"; } },
    { what: "a missing Team tag", policy: "required-tags", mutate: (r) => { delete (props(r, "TG-ALB").tags as Props).Team; } },
    { what: "a health check timeout longer than its interval", policy: "lb-target-group-settings", mutate: (r) => { (props(r, "TG-ALB").healthCheck as Props).timeout = 40; } },
    { what: "slow start with least outstanding requests", policy: "lb-target-group-settings", mutate: (r) => { Object.assign(props(r, "TG-ALB"), { slowStart: 60, loadBalancingAlgorithmType: "least_outstanding_requests" }); } },
    { what: "cookie stickiness on the TCP target group", policy: "lb-target-group-settings", mutate: (r) => { props(r, "TG-NLB").stickiness = { type: "lb_cookie", enabled: true }; } },
    { what: "a UDP listener forwarding to the TCP target group", policy: "lb-listener-target-protocol", mutate: (r) => { props(r, "NLB-tcp").protocol = "UDP"; } },
    { what: "a Lambda target group without a Lambda permission", policy: "lb-lambda-target-permission", mutate: (r) => { props(r, "TG-ALB").targetType = "lambda"; } },
    { what: "a launch configuration next to the instances", policy: "asg-launch-template", mutate: (r) => {
        r.push({ urn: makeUrn(TYPES.launchConfiguration, "web-lc"), type: TYPES.launchConfiguration, name: "web-lc", props: { imageId: "ami-1", instanceType: "t3.micro" } });
    } },
    { what: "a bucket without a public access block", policy: "s3-bucket-public-access-blocked", mutate: addBucket },
    { what: "a bucket without a TLS-only policy", policy: "s3-bucket-tls-only", mutate: addBucket },
    { what: "ALB access logs to a bucket no log principal may write to", policy: "lb-log-bucket-delivery", mutate: (r) => {
        addBucket(r);
        props(r, "ALB").accessLogs = { bucket: "web-logs", enabled: true };
    } },
    { what: "an EMAIL-validated certificate", policy: "acm-dns-validation", mutate: (r) => { replaceProps(r, "ALB-self-signed", { domainName: "www.example.com", validationMethod: "EMAIL" }); } },
    { what: "a 1024-bit RSA certificate", policy: "acm-key-algorithm", mutate: (r) => { replaceProps(r, "ALB-self-signed", { domainName: "www.example.com", validationMethod: "DNS", keyAlgorithm: "RSA_1024" }); } },
    { what: "certificate transparency logging disabled", policy: "acm-transparency-logging", mutate: (r) => { props(r, "ALB-self-signed").options = { certificateTransparencyLoggingPreference: "DISABLED" }; } },
    { what: "a target group no listener uses", policy: "lb-target-group-in-use", mutate: (r) => { remove(r, "NLB-tcp"); } },
    { what: "two listener rules with one priority", policy: "lb-listener-rule-limits", mutate: (r) => {
        const rule = r.find((x) => x.name === "ALB-https-robots-txt") as PlannedResource;
        r.push({ ...structuredClone(rule), urn: `${rule.urn}-copy`, name: "ALB-rule-100-copy" });
    } },
    { what: "a metadata hop limit of 2", policy: "ec2-imds-hop-limit", mutate: (r) => { (props(r, "EC2_Web-ap-northeast-2a-1").metadataOptions as Props).httpPutResponseHopLimit = 2; } },
    { what: "a web ACL without the known-bad-inputs group", policy: "waf-known-bad-inputs", mutate: (r) => {
        r.push({ urn: makeUrn(TYPES.webAcl, "web-acl"), type: TYPES.webAcl, name: "web-acl", props: { scope: "REGIONAL", defaultAction: { allow: {} }, rules: [] } });
    } },
    { what: "an NLB without public IPv4", policy: "lb-ip-address-type-supported", mutate: (r) => { props(r, "NLB").ipAddressType = "dualstack-without-public-ipv4"; } },
    { what: "the NLB made internal with its Elastic IPs", policy: "nlb-internal-no-elastic-ips", mutate: (r) => { props(r, "NLB").internal = true; } },
    { what: "AdministratorAccess attached to a role", policy: "iam-no-full-admin", mutate: (r) => {
        r.push({ urn: makeUrn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "admin"), type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "admin", props: { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" } });
    } },
    { what: "s3:* in a role policy", policy: "iam-no-wildcard-actions", mutate: (r) => {
        r.push({ urn: makeUrn("aws:iam/rolePolicy:RolePolicy", "s3-all"), type: "aws:iam/rolePolicy:RolePolicy", name: "s3-all", props: { role: "r", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }) } });
    } },
    { what: "a Lambda permission for anyone", policy: "lambda-permission-no-wildcard-principal", mutate: (r) => {
        r.push({ urn: makeUrn(TYPES.lambdaPermission, "public"), type: TYPES.lambdaPermission, name: "public", props: { action: "lambda:InvokeFunction", function: "fn", principal: "*" } });
    } },
    { what: "a forwarding rule on the HTTP listener", policy: "alb-http-listener-rules-redirect", mutate: (r) => {
        const http = r.find((x) => x.name === "ALB-http" && x.type === TYPES.listener) as PlannedResource;
        r.push({ urn: makeUrn(TYPES.listenerRule, "ALB-http-api"), type: TYPES.listenerRule, name: "ALB-http-api", dependencies: [http.urn], propertyDependencies: { listenerArn: [http.urn] },
            props: { listenerArn: "arn:listener", priority: 5, conditions: [{ pathPattern: { values: ["/api/*"] } }], actions: [{ type: "forward", targetGroupArn: "arn:tg" }] } });
    } },
    { what: "an alb target group on a port the ALB does not listen on", policy: "lb-alb-target-group-port", mutate: (r) => {
        const alb = r.find((x) => x.name === "ALB" && x.type === TYPES.loadBalancer) as PlannedResource;
        const tg = { urn: makeUrn(TYPES.targetGroup, "TG-ALB-of-NLB"), type: TYPES.targetGroup, name: "TG-ALB-of-NLB", props: { targetType: "alb", port: 8443, protocol: "TCP", vpcId: "vpc-1" } };
        r.push(tg, { urn: makeUrn(TYPES.attachment, "TG-ALB-of-NLB-alb"), type: TYPES.attachment, name: "TG-ALB-of-NLB-alb", dependencies: [tg.urn, alb.urn],
            propertyDependencies: { targetGroupArn: [tg.urn], targetId: [alb.urn] }, props: { targetGroupArn: "arn:tg-alb", targetId: "arn:alb" } });
    } },
    { what: "an OIDC login on the HTTP listener", policy: "alb-authentication-actions", mutate: (r) => {
        (props(r, "ALB-http").defaultActions as Props[]).unshift({ type: "authenticate-oidc", order: 1, authenticateOidc: { issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/auth", tokenEndpoint: "https://idp.example.com/token", userInfoEndpoint: "https://idp.example.com/userinfo", clientId: "c", clientSecret: "s" } });
    } },
];

describe("pack mutations against the dev stack", () => {
    let base: Resources;
    const findings = async (resources: Resources) => (await runPolicies(policies, resources, {})).violations;

    before(async () => {
        const plan = await repoPlan("dev");
        base = plan.resources.map(toPlannedResource);
    });

    for (const m of mutations) {
        it(`${m.policy} catches ${m.what}`, async () => {
            const before = (await findings(base)).filter((v) => v.policy === m.policy);
            const mutated = structuredClone(base);
            m.mutate(mutated);
            const after = (await findings(mutated)).filter((v) => v.policy === m.policy);
            expect(after.length, after.map((v) => v.message).join("\n")).to.be.greaterThan(before.length);
        });
    }

    it("covers every mandatory policy of the pack", () => {
        const mandatory = policies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        expect(mutations.map((m) => m.policy)).to.include.members(mandatory);
    });
});
