// The front door AWS shipped in 2024-2026 (issue 19), declared under mocks: the example stack
// (Pulumi.example-frontdoor.yaml) shows each feature, and focused configs show the ones AWS keeps
// apart on one load balancer (internal ALB, dualstack-without-public-ipv4, IPAM). Each test reads
// the provider args of aws.lb.LoadBalancer / Listener / ListenerRule / TargetGroup or the
// aws.arczonalshift resource the program registered.
import { expect } from "chai";
import { Plan, plan, T } from "../support/program";
import { repoPlan } from "../plan/fixtures";
import { RecordedResource, runProgram } from "../../tools/engine/mockRun";
import { cliConfig } from "../support/program";
import { PROJECT } from "../../infra/config";
import { capacityReservationNotes } from "../../tools/plan/run";

const AUTOSHIFT = "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

type Action = Record<string, unknown> & { type: string; order?: number };
const actions = (r: RecordedResource) => r.inputs.actions as Action[];

const OIDC = {
    type: "oidc",
    issuer: "https://idp.example.com",
    authorizationEndpoint: "https://idp.example.com/oauth2/authorize",
    tokenEndpoint: "https://idp.example.com/oauth2/token",
    userInfoEndpoint: "https://idp.example.com/oauth2/userinfo",
    clientId: "portal-alb",
    clientSecret: "s3cr3t-from-the-stack",
};
const oidcRule = { albListeners: { https: { rules: { portal: { priority: 10, conditions: [{ pathPattern: ["/portal/*"] }], action: { type: "forward", targetGroup: "TG-ALB", authenticate: OIDC } } } } } };

describe("front door (issue 19)", () => {
    describe("the example stack (Pulumi.example-frontdoor.yaml)", () => {
        let p: Plan;
        let alb: RecordedResource;
        let nlb: RecordedResource;
        before(async () => {
            const result = await repoPlan("example-frontdoor");
            p = new Plan(result.resources, result.outputs);
            alb = p.get(T.lb, "ALB");
            nlb = p.get(T.lb, "NLB");
        });

        it("declares an internal ALB in the private (instance) subnets", () => {
            expect(alb.inputs.internal).to.equal(true);
            const privateSubnets = p.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && /private/.test(r.name));
            expect(privateSubnets).to.have.length.greaterThan(1);
            expect(p.dependencyOf(alb, "subnets").map((r) => r.name).sort()).to.deep.equal(privateSubnets.map((r) => r.name).sort());
        });

        it("sets client keep-alive, the LCU reservation, zonal shift and health-check logs on the ALB", () => {
            expect(alb.inputs.clientKeepAlive).to.equal(7200);
            expect(alb.inputs.minimumLoadBalancerCapacity).to.deep.equal({ capacityUnits: 100 });
            expect(alb.inputs.enableZonalShift).to.equal(true);
            expect(alb.inputs.healthCheckLogs).to.deep.include({ enabled: true, prefix: "alb-health-checks" });
            expect(alb.inputs.accessLogs).to.deep.include({ enabled: true });
            expect(alb.inputs.connectionLogs).to.deep.include({ enabled: true });
        });

        it("lets the ALB's delivery principal write the health-check logs", () => {
            const policy = p.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name.startsWith("logs"));
            expect(JSON.stringify(policy?.inputs.policy)).to.include("alb-health-checks");
        });

        it("turns zonal autoshift on for the ALB with its practice run alarm and blocked window", () => {
            const shifts = p.ofType(AUTOSHIFT);
            expect(shifts.map((s) => s.name)).to.deep.equal(["ALB-autoshift"]);
            expect(shifts[0].inputs).to.deep.include({ zonalAutoshiftStatus: "ENABLED", blockedWindows: ["Sat:00:00-Sun:23:59"] });
            expect(shifts[0].inputs.outcomeAlarms).to.deep.equal([{ alarmIdentifier: "arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:portal-5xx", type: "CLOUDWATCH" }]);
            expect(p.dependencyOf(shifts[0], "resourceArn").map((r) => r.name)).to.deep.equal(["ALB"]);
        });

        it("declares a dualstack internet-facing NLB with IPv6 source NAT, AZ-affine DNS and zonal shift", () => {
            expect(nlb.inputs).to.deep.include({
                internal: false,
                ipAddressType: "dualstack",
                enablePrefixForIpv6SourceNat: "on",
                dnsRecordClientRoutingPolicy: "availability_zone_affinity",
                enableZonalShift: true,
            });
        });

        it("sets the TCP idle timeout on the NLB's TCP listener only", () => {
            expect(p.get(T.listener, "NLB-tcp").inputs.tcpIdleTimeoutSeconds).to.equal(1200);
            expect(p.get(T.listener, "NLB-quic").inputs.tcpIdleTimeoutSeconds).to.equal(undefined);
        });

        it("adds HSTS, CSP, X-Content-Type-Options, X-Frame-Options and CORS headers and removes the Server header on HTTPS", () => {
            expect(p.get(T.listener, "ALB-https").inputs).to.deep.include({
                routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
                routingHttpResponseContentSecurityPolicyHeaderValue: "default-src 'self'",
                routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff",
                routingHttpResponseXFrameOptionsHeaderValue: "DENY",
                routingHttpResponseAccessControlAllowOriginHeaderValue: "https://portal.example.com",
                routingHttpResponseAccessControlAllowMethodsHeaderValue: "GET,POST",
                routingHttpResponseAccessControlAllowCredentialsHeaderValue: "true",
                routingHttpResponseAccessControlMaxAgeHeaderValue: "600",
                routingHttpResponseServerEnabled: false,
                routingHttpRequestXAmznTlsVersionHeaderName: "X-Tls-Version",
                routingHttpRequestXAmznTlsCipherSuiteHeaderName: "X-Tls-Cipher",
            });
            expect(Object.keys(p.get(T.listener, "ALB-http").inputs).filter((k) => k.startsWith("routingHttp"))).to.deep.equal([]);
        });

        it("turns on the TLS version and cipher headers it renames", () => {
            expect(alb.inputs.enableTlsVersionAndCipherSuiteHeaders).to.equal(true);
        });

        it("validates a JWT before the HTTPS listener's default forward", () => {
            const [jwt, forward] = p.get(T.listener, "ALB-https").inputs.defaultActions as Action[];
            expect(jwt).to.deep.equal({
                type: "jwt-validation",
                order: 1,
                jwtValidation: { issuer: "https://auth.example.com/", jwksEndpoint: "https://auth.example.com/.well-known/jwks.json", additionalClaims: [{ name: "scope", format: "space-separated-values", values: ["portal"] }] },
            });
            expect(forward).to.deep.include({ type: "forward", order: 2 });
        });

        it("authenticates the portal rule with OIDC, then forwards, the client secret a secret output", () => {
            const [auth, forward] = actions(p.get(T.rule, "ALB-https-portal"));
            expect(auth.type).to.equal("authenticate-oidc");
            expect(auth.order).to.equal(1);
            const oidc = auth.authenticateOidc as Record<string, unknown>;
            expect(oidc).to.deep.include({ issuer: "https://idp.example.com", clientId: "portal-alb", scope: "openid", sessionTimeout: 28800, onUnauthenticatedRequest: "authenticate", sessionCookieName: "AWSELBAuthSessionCookie" });
            // The mocks record a secret as {<sig>: ..., value}: the engine stores it encrypted.
            expect(oidc.clientSecret).to.have.property(SECRET_SIG);
            expect(forward).to.deep.include({ type: "forward", order: 2 });
            expect(p.dependencyOf(p.get(T.rule, "ALB-https-portal"), "actions").map((r) => r.name)).to.include("TG-ALB");
        });

        it("authenticates the contractors rule with Cognito and rewrites its URL and host header", () => {
            const rule = p.get(T.rule, "ALB-https-contractors");
            const [auth, forward] = actions(rule);
            expect(auth).to.deep.include({ type: "authenticate-cognito", order: 1 });
            expect(auth.authenticateCognito).to.deep.include({ userPoolArn: "arn:aws:cognito-idp:ap-northeast-2:111122223333:userpool/ap-northeast-2_AbCdEf123", userPoolClientId: "1example23456789abcdefghij", userPoolDomain: "portal-contractors" });
            expect(forward.type).to.equal("forward");
            expect(rule.inputs.conditions).to.deep.equal([{ pathPattern: { regexValues: ["^/contractors/(v1|v2)/"] } }]);
            expect(rule.inputs.transforms).to.deep.equal([
                { type: "host-header-rewrite", hostHeaderRewriteConfig: { rewrite: { regex: "^.*$", replace: "portal.internal" } } },
                { type: "url-rewrite", urlRewriteConfig: { rewrite: { regex: "^/contractors/(v1|v2)/(.*)$", replace: "/$2" } } },
            ]);
        });

        it("matches host and header regular expressions", () => {
            expect(p.get(T.rule, "ALB-https-portal").inputs.conditions).to.deep.equal([{ hostHeader: { regexValues: ["^portal\\.(corp\\.)?example\\.com$"] } }]);
            expect(p.get(T.rule, "ALB-https-agents").inputs.conditions).to.deep.equal([{ httpHeader: { httpHeaderName: "X-Agent", regexValues: ["^build-[0-9]+$"] } }]);
            expect(actions(p.get(T.rule, "ALB-https-agents"))).to.have.length(1);
        });

        it("sets DNS failover and unhealthy state routing thresholds on TG-ALB", () => {
            expect(p.get(T.tg, "TG-ALB").inputs.targetGroupHealth).to.deep.equal({
                dnsFailover: { minimumHealthyTargetsCount: "1" },
                unhealthyStateRouting: { minimumHealthyTargetsPercentage: "50" },
            });
        });

        it("drains instead of terminating connections to unhealthy NLB targets", () => {
            expect(p.get(T.tg, "TG-NLB").inputs.targetHealthStates).to.deep.equal([{ enableUnhealthyConnectionTermination: false, unhealthyDrainingInterval: 300 }]);
        });

        it("notes what the LCU reservation costs", () => {
            const notes = capacityReservationNotes(p.resources);
            expect(notes).to.have.length(1);
            expect(notes[0]).to.match(/^cost: ALB reserves 100 LCUs .* about \$584 a month/);
        });
    });

    describe("options AWS keeps apart from the example's internal ALB", () => {
        it("an internet-facing ALB can drop public IPv4: dualstack-without-public-ipv4", async () => {
            const p = await plan({ alb: { ipAddressType: "dualstack-without-public-ipv4" } }, { account: { ipv6: true } });
            expect(p.get(T.lb, "ALB").inputs).to.deep.include({ internal: false, ipAddressType: "dualstack-without-public-ipv4" });
        });

        it("an ALB reservation above the default per-ALB quota of 15,000 is AWS's to refuse, not the config's", async () => {
            const p = await plan({ alb: { minimumCapacityUnits: 20000 } });
            expect(p.get(T.lb, "ALB").inputs.minimumLoadBalancerCapacity).to.deep.equal({ capacityUnits: 20000 });
        });

        it("an internet-facing ALB takes its public IPv4 addresses from an IPAM pool", async () => {
            const p = await plan({ alb: { ipamPoolId: "ipam-pool-0123456789abcdef0" } });
            expect(p.get(T.lb, "ALB").inputs.ipamPools).to.deep.equal({ ipv4IpamPoolId: "ipam-pool-0123456789abcdef0" });
        });

        it("an internal NLB gets no Elastic IPs and no allocation in its subnet mappings", async () => {
            const p = await plan({ nlb: { scheme: "internal" } });
            const nlb = p.get(T.lb, "NLB");
            expect(nlb.inputs.internal).to.equal(true);
            expect(p.ofType(T.eip)).to.have.length(0);
            for (const m of nlb.inputs.subnetMappings as Record<string, unknown>[]) expect(m).to.not.have.property("allocationId");
            expect(p.outputs.nlbStaticIps).to.deep.equal([]);
        });

        it("the seed's stacks stay internet-facing, with AWS's defaults left alone", async () => {
            const p = await plan({});
            for (const lb of p.ofType(T.lb)) {
                expect(lb.inputs.internal, lb.name).to.equal(false);
                for (const k of ["enableTlsVersionAndCipherSuiteHeaders", "clientKeepAlive", "minimumLoadBalancerCapacity", "enableZonalShift", "dnsRecordClientRoutingPolicy", "ipamPools", "healthCheckLogs", "enablePrefixForIpv6SourceNat"]) {
                    expect(lb.inputs, `${lb.name}.${k}`).to.not.have.property(k);
                }
            }
            expect(p.ofType(AUTOSHIFT)).to.have.length(0);
        });

        it("an NLB reserves LCUs for all its AZs, and the plan notes the cost", async () => {
            const p = await plan({ nlb: { minimumCapacityUnits: 11000 } });
            expect(p.get(T.lb, "NLB").inputs.minimumLoadBalancerCapacity).to.deep.equal({ capacityUnits: 11000 });
            expect(capacityReservationNotes(p.resources)).to.deep.equal([
                "cost: NLB reserves 11000 LCUs (minimumLoadBalancerCapacity), billed every hour whether used or not: about $48,180 a month at us-east-1's $0.006 per LCU-hour, on top of the load balancer's hourly charge; the account's reserved-LCU quota per region starts at 0 (request an increase before pulumi up)",
            ]);
        });

        it("an NLB can have zonal autoshift too", async () => {
            const p = await plan({ nlb: { zonalShift: true, crossZone: false, zonalAutoshift: { enabled: true, outcomeAlarms: ["arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:nlb"] } }, fleet: { instanceCount: 4 } });
            const shift = p.get(AUTOSHIFT, "NLB-autoshift");
            expect(p.dependencyOf(shift, "resourceArn").map((r) => r.name)).to.deep.equal(["NLB"]);
        });
    });

    describe("the OIDC client secret", () => {
        it("is accepted when the CLI marks albListeners secret, and reaches the provider as a secret", async () => {
            const result = await runProgram({ project: PROJECT, stack: "dev", config: cliConfig(oidcRule, "ap-northeast-2"), secretKeys: [`${PROJECT}:albListeners`] });
            const rule = result.resources.find((r) => r.type === T.rule && r.name === "ALB-https-portal")!;
            const oidc = (rule.inputs.actions as Action[])[0].authenticateOidc as Record<string, unknown>;
            expect(oidc.clientSecret).to.deep.equal({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t-from-the-stack" });
        });
    });
});
