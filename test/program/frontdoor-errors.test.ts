// Every AWS limit of the front-door features (issue 19) is a config error before any resource:
// one line per problem naming the key path, the value and what is allowed.
import { expect } from "chai";
import { ConfigValues, configKey, ErrorCase, itRejects, planError } from "../support/program";
import { regexProblem } from "../../infra/config/traffic";

const key = configKey;
const OIDC = {
    type: "oidc",
    issuer: "https://idp.example.com",
    authorizationEndpoint: "https://idp.example.com/oauth2/authorize",
    tokenEndpoint: "https://idp.example.com/oauth2/token",
    userInfoEndpoint: "https://idp.example.com/oauth2/userinfo",
    clientId: "portal-alb",
    clientSecret: "plain-text-secret",
};
const COGNITO = { type: "cognito", userPoolArn: "arn:aws:cognito-idp:ap-northeast-2:111122223333:userpool/ap-northeast-2_AbCdEf123", userPoolClientId: "1example23456789abcdefghij", userPoolDomain: "portal" };
const JWT = { type: "jwt", issuer: "https://auth.example.com/", jwksEndpoint: "https://auth.example.com/jwks.json" };
/** A rule on the HTTPS listener (or on `listener`). */
const rule = (r: Record<string, unknown>, listener = "https", extra: ConfigValues = {}): ConfigValues => ({
    albListeners: { [listener]: { rules: { r1: { priority: 1, conditions: [{ pathPattern: ["/a"] }], action: { type: "forward", targetGroup: "TG-ALB" }, ...r } } } },
    ...extra,
});
const authRule = (authenticate: Record<string, unknown>, listener = "https") => rule({ action: { type: "forward", targetGroup: "TG-ALB", authenticate } }, listener);
const ruleKey = (path = "", listener = "https") => key(`albListeners.${listener}.rules.r1${path}`);
const https = (l: Record<string, unknown>) => ({ albListeners: { https: l } });
const ALARM = "arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:app";

const cases: ErrorCase[] = [
    // Scheme and address types
    { what: "a scheme that is not one", config: { alb: { scheme: "public" } }, expect: [`${key("alb.scheme")}: must be one of internet-facing, internal; got "public"`] },
    { what: "dualstack-without-public-ipv4 on an internal ALB", config: { alb: { scheme: "internal", ipAddressType: "dualstack-without-public-ipv4" } }, expect: [`${key("alb.ipAddressType")}: is for internet-facing ALBs only`] },
    { what: "dualstack-without-public-ipv4 on an NLB", config: { nlb: { ipAddressType: "dualstack-without-public-ipv4" } }, expect: [`${key("nlb.ipAddressType")}: must be one of ipv4, dualstack; got "dualstack-without-public-ipv4"`] },
    { what: "dualstack-without-public-ipv4 admitting no IPv6 client", config: { alb: { ipAddressType: "dualstack-without-public-ipv4" }, ingressIpv6Cidrs: [] }, expect: [`${key("ingressIpv6Cidrs")}: is empty, so an ALB reachable from the internet only over IPv6 would admit nobody`] },
    { what: "dualstack-without-public-ipv4 on IPv4-only subnets", config: { alb: { ipAddressType: "dualstack-without-public-ipv4" } }, expect: [`${key("alb.ipAddressType")}: is dualstack-without-public-ipv4, but subnets subnet-placeholder-ap-northeast-2a`] },
    { what: "a dualstack NLB on IPv4-only subnets", config: { nlb: { ipAddressType: "dualstack" } }, expect: [`${key("nlb.ipAddressType")}: is dualstack, but subnets subnet-placeholder-ap-northeast-2a`] },
    { what: "Elastic IPs on an internal NLB", config: { nlb: { scheme: "internal", eipAllocationIds: ["eipalloc-0aaaaaaaa", "eipalloc-0bbbbbbbb", "eipalloc-0cccccccc", "eipalloc-0dddddddd"] } }, expect: [`${key("nlb.eipAllocationIds")}: can't be used with nlb.scheme internal: an internal NLB takes private IPs, never Elastic IPs`] },
    { what: "an IPAM pool on an internal ALB", config: { alb: { scheme: "internal", ipamPoolId: "ipam-pool-0123456789abcdef0" } }, expect: [`${key("alb.ipamPoolId")}: gives public IPv4 addresses; an internal ALB has none`] },
    { what: "an IPAM pool without public IPv4", config: { alb: { ipAddressType: "dualstack-without-public-ipv4", ipamPoolId: "ipam-pool-0123456789abcdef0" } }, options: { account: { ipv6: true } }, expect: [`${key("alb.ipamPoolId")}: gives public IPv4 addresses; alb.ipAddressType dualstack-without-public-ipv4 has none`] },
    { what: "a malformed IPAM pool ID", config: { alb: { ipamPoolId: "pool-1" } }, expect: [`${key("alb.ipamPoolId")}: must be empty or an IPAM pool ID`] },
    {
        what: "HTTP/2 off in front of an HTTP2 group", config: rule({ action: { type: "forward", targetGroup: "h2" } }, "https", {
            alb: { enableHttp2: false }, targetGroups: { h2: { protocol: "HTTP", port: 8080, protocolVersion: "HTTP2", targetType: "ip", targets: [{ ip: "172.31.1.10" }] } },
        }),
        expect: [`${key("alb.enableHttp2")}: is false, so clients reach albListeners.https over HTTP/1.1 only, and it forwards to h2, a HTTP2 group, which the ALB answers with 464; keep HTTP/2 on, or make h2 HTTP1; got false`],
    },
    { what: "an X-Forwarded-For mode that is not one", config: { alb: { xffHeaderProcessingMode: "replace" } }, expect: [`${key("alb.xffHeaderProcessingMode")}: must be one of append, preserve, remove; got "replace"`] },
    { what: "an internal load balancer on instance subnets with two in one AZ", config: { alb: { scheme: "internal" }, vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"], instanceSubnetIds: ["subnet-0ccc33333", "subnet-0ddd44444"] }, fleet: { associatePublicIp: false } },
        options: { account: { subnets: { "subnet-0aaa11111": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" }, "subnet-0bbb22222": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2b" }, "subnet-0ccc33333": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" }, "subnet-0ddd44444": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" } } } },
        expect: [`${key("vpc.instanceSubnetIds")}: has more than one subnet in ap-northeast-2a, but alb.scheme internal places the load balancer in these subnets`, `${key("vpc.instanceSubnetIds")}: spans 1 AZ`] },

    // Connections and capacity
    { what: "a client keep-alive below AWS's minimum", config: { alb: { clientKeepAlive: 59 } }, expect: [`${key("alb.clientKeepAlive")}: must be an integer from 60 to 604800; got 59`] },
    { what: "a client keep-alive above AWS's maximum", config: { alb: { clientKeepAlive: 604801 } }, expect: [`${key("alb.clientKeepAlive")}: must be an integer from 60 to 604800; got 604801`] },
    { what: "a TCP idle timeout below 60", config: { nlbListeners: { tcp: { tcpIdleTimeout: 59 } } }, expect: [`${key("nlbListeners.tcp.tcpIdleTimeout")}: must be an integer from 60 to 6000; got 59`] },
    { what: "a TCP idle timeout above 6000", config: { nlbListeners: { tcp: { tcpIdleTimeout: 6001 } } }, expect: [`${key("nlbListeners.tcp.tcpIdleTimeout")}: must be an integer from 60 to 6000; got 6001`] },
    { what: "a TCP idle timeout on a UDP listener", config: { nlbListeners: { dns: { port: 53, protocol: "UDP", tcpIdleTimeout: 120, defaultAction: { type: "forward", targetGroup: "dns" } } }, targetGroups: { dns: { protocol: "UDP", port: 53 } } }, expect: [`${key("nlbListeners.dns.tcpIdleTimeout")}: applies to TCP listeners only (this one is UDP)`] },
    { what: "an ALB LCU reservation below 100", config: { alb: { minimumCapacityUnits: 50 } }, expect: [`${key("alb.minimumCapacityUnits")}: must be 0 (off) or an integer of at least 100; got 50`] },
    { what: "an NLB LCU reservation below 2,750", config: { nlb: { minimumCapacityUnits: 2000 } }, expect: [`${key("nlb.minimumCapacityUnits")}: must be 0 (off) or an integer of at least 2750; got 2000`] },
    { what: "an NLB LCU reservation below 2,750 per AZ", config: { nlb: { minimumCapacityUnits: 5500 } }, expect: [`${key("nlb.minimumCapacityUnits")}: is 1375 LCUs per AZ over the NLB's 4 AZs (ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d); AWS reserves 2750 to 45000 per AZ, so use 11000 to 180000; got 5500`] },
    { what: "an NLB LCU reservation above 45,000 per AZ", config: { nlb: { minimumCapacityUnits: 180004 } }, expect: [`${key("nlb.minimumCapacityUnits")}: is 45001 LCUs per AZ`] },
    { what: "an NLB LCU reservation with a TLS listener", config: { nlb: { minimumCapacityUnits: 11000 }, nlbListeners: { tls: { port: 443, protocol: "TLS", defaultAction: { type: "forward", targetGroup: "TG-NLB" } } } }, expect: [`${key("nlb.minimumCapacityUnits")}: can't be used with TLS listeners (tls)`] },
    { what: "IPv6 source NAT on an IPv4 NLB", config: { nlb: { ipv6SourceNatPrefix: true } }, expect: [`${key("nlb.ipv6SourceNatPrefix")}: needs nlb.ipAddressType dualstack`] },
    { what: "a dualstack NLB with UDP and no source NAT prefix", config: { nlb: { ipAddressType: "dualstack" }, nlbListeners: { dns: { port: 53, protocol: "UDP", defaultAction: { type: "forward", targetGroup: "dns" } } }, targetGroups: { dns: { protocol: "UDP", port: 53 } } }, options: { account: { ipv6: true } },
        expect: [`${key("nlb.ipv6SourceNatPrefix")}: must be true: a dualstack NLB with UDP listeners (dns) needs IPv6 source NAT prefixes; got false`] },

    // Resilience
    { what: "a DNS client routing policy that is not one", config: { nlb: { dnsClientRoutingPolicy: "nearest" } }, expect: [`${key("nlb.dnsClientRoutingPolicy")}: must be one of any_availability_zone, availability_zone_affinity, partial_availability_zone_affinity`] },
    { what: "autoshift without zonal shift", config: { alb: { zonalAutoshift: { enabled: true, outcomeAlarms: [ALARM] } } }, expect: [`${key("alb.zonalAutoshift.enabled")}: needs alb.zonalShift: true`] },
    { what: "autoshift without an outcome alarm", config: { alb: { zonalShift: true, zonalAutoshift: { enabled: true } } }, expect: [`${key("alb.zonalAutoshift.outcomeAlarms")}: needs at least one CloudWatch alarm`] },
    { what: "a practice run alarm from another region", config: { alb: { zonalShift: true, zonalAutoshift: { enabled: true, outcomeAlarms: [ALARM.replace("ap-northeast-2", "us-east-1")] } } }, expect: [`${key("alb.zonalAutoshift.outcomeAlarms[0]")}: is in us-east-1; practice run alarms must be in the load balancer's region (ap-northeast-2)`] },
    { what: "allowed and blocked windows together", config: { alb: { zonalShift: true, zonalAutoshift: { enabled: true, outcomeAlarms: [ALARM], allowedWindows: ["Mon:09:00-Mon:17:00"], blockedWindows: ["Sat:00:00-Sat:23:59"] } } }, expect: [`${key("alb.zonalAutoshift.allowedWindows")}: can't be combined with blockedWindows`] },
    { what: "a malformed practice run window", config: { alb: { zonalShift: true, zonalAutoshift: { enabled: true, outcomeAlarms: [ALARM], blockedWindows: ["Monday 9-17"] } } }, expect: [`${key("alb.zonalAutoshift.blockedWindows[0]")}: must be a window such as Mon:09:00-Mon:17:00`] },
    { what: "practice run settings while autoshift is off", config: { nlb: { zonalAutoshift: { outcomeAlarms: [ALARM] } } }, expect: [`${key("nlb.zonalAutoshift.enabled")}: is not true, so the practice run settings would do nothing`] },
    { what: "zonal shift on a cross-zone NLB whose group terminates unhealthy connections", config: { nlb: { zonalShift: true } }, expect: [`${key("targetGroups.TG-NLB.unhealthyConnectionTermination")}: must be false for nlb.zonalShift on a cross-zone NLB (AWS's default is true; or turn nlb.crossZone off)`] },
    { what: "zonal shift on a cross-zone NLB with a UDP group", config: { nlb: { zonalShift: true }, targetGroups: { "TG-NLB": { unhealthyConnectionTermination: false }, dns: { protocol: "UDP", port: 53 } }, nlbListeners: { dns: { port: 53, protocol: "UDP", defaultAction: { type: "forward", targetGroup: "dns" } } } },
        expect: [`${key("targetGroups.dns.protocol")}: must be TCP or TLS for nlb.zonalShift on a cross-zone NLB`] },
    { what: "a DNS failover count that is neither off nor a number", config: { targetGroups: { "TG-ALB": { targetGroupHealth: { dnsFailover: { minimumHealthyTargetsCount: "none" } } } } }, expect: [`${key("targetGroups.TG-ALB.targetGroupHealth.dnsFailover.minimumHealthyTargetsCount")}: must be off or an integer from 1 to 1000`] },
    { what: "DNS failover percentage above 100", config: { targetGroups: { "TG-ALB": { targetGroupHealth: { dnsFailover: { minimumHealthyTargetsPercentage: 101 } } } } }, expect: [`${key("targetGroups.TG-ALB.targetGroupHealth.dnsFailover.minimumHealthyTargetsPercentage")}: must be off or a percentage from 1 to 100; got 101`] },
    { what: "unhealthy state routing count off (AWS has no off for the count)", config: { targetGroups: { "TG-ALB": { targetGroupHealth: { unhealthyStateRouting: { minimumHealthyTargetsCount: "off" } } } } }, expect: [`${key("targetGroups.TG-ALB.targetGroupHealth.unhealthyStateRouting.minimumHealthyTargetsCount")}: must be an integer from 1 to 1000; got "off"`] },
    { what: "unhealthy connection termination on an ALB group", config: { targetGroups: { "TG-ALB": { unhealthyConnectionTermination: false } } }, expect: [`${key("targetGroups.TG-ALB.unhealthyConnectionTermination")}: applies to NLB TCP and TLS target groups only (this one is HTTP)`] },
    { what: "a draining interval while termination is on", config: { targetGroups: { "TG-NLB": { unhealthyDrainingInterval: 60 } } }, expect: [`${key("targetGroups.TG-NLB.unhealthyDrainingInterval")}: needs unhealthyConnectionTermination: false`] },
    { what: "a draining interval above 360000", config: { targetGroups: { "TG-NLB": { unhealthyConnectionTermination: false, unhealthyDrainingInterval: 360001 } } }, expect: [`${key("targetGroups.TG-NLB.unhealthyDrainingInterval")}: must be an integer from 0 to 360000`] },
    { what: "health-check logs without the stack's log bucket", config: { alb: { healthCheckLogs: true } }, expect: [`${key("alb.healthCheckLogs")}: needs logBucket.create: true`] },

    // Authentication
    { what: "OIDC with a plain-text client secret", config: authRule(OIDC), expect: [`${ruleKey(".action.authenticate.clientSecret")}: is plain text in the stack config; store it as a stack secret: pulumi config set --secret --path 'albListeners.https.rules.r1.action.authenticate.clientSecret' <secret>; got "(not shown)"`] },
    { what: "authentication on an HTTP listener", config: { ...authRule(COGNITO, "http"), albListeners: { http: { defaultAction: { type: "forward", targetGroup: "TG-ALB", authenticate: COGNITO } } } }, expect: [`${key("albListeners.http.defaultAction.authenticate")}: applies to HTTPS listeners only (this one is HTTP)`] },
    { what: "an OIDC endpoint over http", config: authRule({ ...OIDC, tokenEndpoint: "http://idp.example.com/token" }), expect: [`${ruleKey(".action.authenticate.tokenEndpoint")}: must be a full https:// URL`] },
    { what: "an OIDC issuer that is not a URL", config: authRule({ ...OIDC, issuer: "idp" }), expect: [`${ruleKey(".action.authenticate.issuer")}: must be a full https:// URL`] },
    { what: "OIDC without a client secret", config: authRule({ ...OIDC, clientSecret: undefined }), expect: [`${ruleKey(".action.authenticate.clientSecret")}: must be an OAuth client secret`] },
    { what: "a session timeout above 7 days", config: authRule({ ...COGNITO, sessionTimeout: 604801 }), expect: [`${ruleKey(".action.authenticate.sessionTimeout")}: must be an integer from 1 to 604800`] },
    { what: "more than 10 extra authentication parameters", config: authRule({ ...COGNITO, extraParams: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, "x"])) }), expect: [`${ruleKey(".action.authenticate.extraParams")}: AWS allows at most 10 extra authentication request parameters`] },
    { what: "an unauthenticated-request behaviour that is not one", config: authRule({ ...COGNITO, onUnauthenticatedRequest: "redirect" }), expect: [`${ruleKey(".action.authenticate.onUnauthenticatedRequest")}: must be one of authenticate, deny, allow`] },
    { what: "a user pool ARN of another service", config: authRule({ ...COGNITO, userPoolArn: "arn:aws:cognito-identity:ap-northeast-2:111122223333:identitypool/x" }), expect: [`${ruleKey(".action.authenticate.userPoolArn")}: must be a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>)`] },
    { what: "a user pool ARN naming two regions", config: authRule({ ...COGNITO, userPoolArn: "arn:aws:cognito-idp:ap-northeast-2:111122223333:userpool/us-east-1_AbCdEf123" }), expect: [`${ruleKey(".action.authenticate.userPoolArn")}: names two regions`] },
    { what: "a user pool in another region", config: authRule({ ...COGNITO, userPoolArn: "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AbCdEf123" }), expect: [`${ruleKey(".action.authenticate.userPoolArn")}: is in us-east-1; use a user pool in the ALB's region (ap-northeast-2)`] },
    { what: "an authentication type that is not one", config: authRule({ type: "saml" }), expect: [`${ruleKey(".action.authenticate.type")}: must be an authentication with type oidc, cognito or jwt; got "saml"`] },
    { what: "a JWKS endpoint over http", config: authRule({ ...JWT, jwksEndpoint: "http://auth.example.com/jwks.json" }), expect: [`${ruleKey(".action.authenticate.jwksEndpoint")}: must be a full https:// URL`] },
    { what: "a JWT claim AWS always checks", config: authRule({ ...JWT, additionalClaims: [{ name: "exp", format: "single-string", values: ["1"] }] }), expect: [`${ruleKey(".action.authenticate.additionalClaims[0].name")}: is validated by AWS always (exp, iss, nbf, iat)`] },
    { what: "a JWT claim format that is not one", config: authRule({ ...JWT, additionalClaims: [{ name: "scope", format: "csv", values: ["a"] }] }), expect: [`${ruleKey(".action.authenticate.additionalClaims[0].format")}: must be one of single-string, string-array, space-separated-values`] },
    { what: "authentication before a redirect", config: rule({ action: { type: "redirect", host: "example.org", authenticate: COGNITO } }), expect: [`${ruleKey(".action.authenticate")}: is not a known field`] },
    { what: "authentication on an NLB listener", config: { nlbListeners: { tcp: { defaultAction: { type: "forward", targetGroup: "TG-NLB", authenticate: COGNITO } } } }, expect: [`${key("nlbListeners.tcp.defaultAction.authenticate")}: is not a known field`] },

    // Transforms and regex conditions
    { what: "a rewrite regex longer than 1024 characters", config: rule({ transforms: { urlRewrite: { regex: "a".repeat(1025), replace: "/" } } }), expect: [`${ruleKey(".transforms.urlRewrite.regex")}: must be 1 to 1024 characters`] },
    { what: "an empty rewrite regex", config: rule({ transforms: { hostHeaderRewrite: { regex: "", replace: "x" } } }), expect: [`${ruleKey(".transforms.hostHeaderRewrite.regex")}: must be 1 to 1024 characters`] },
    { what: "a rewrite replacement longer than 1024 characters", config: rule({ transforms: { urlRewrite: { regex: "^/(.*)$", replace: "/".repeat(1025) } } }), expect: [`${ruleKey(".transforms.urlRewrite.replace")}: must be at most 1024 characters`] },
    { what: "a third kind of transform", config: rule({ transforms: { headerRewrite: { regex: "a", replace: "b" } } }), expect: [`${ruleKey(".transforms.headerRewrite")}: is not a known field`] },
    { what: "a rewrite regex with a lookahead", config: rule({ transforms: { urlRewrite: { regex: "^/(?!admin)(.*)$", replace: "/$1" } } }), expect: [`${ruleKey(".transforms.urlRewrite.regex")}: uses lookaheads and lookbehinds, which AWS's rule regular expressions do not support`] },
    { what: "a condition regex longer than 128 characters", config: rule({ conditions: [{ pathRegex: [`^/${"a".repeat(127)}`] }] }), expect: [`${ruleKey(".conditions[0].pathRegex[0]")}: must be 1 to 128 characters`] },
    { what: "a condition regex that does not compile", config: rule({ conditions: [{ hostRegex: ["^(portal"] }] }), expect: [`${ruleKey(".conditions[0].hostRegex[0]")}: is not a valid regular expression`] },
    { what: "a path pattern and a path regex on one rule", config: rule({ conditions: [{ pathPattern: ["/a"] }, { pathRegex: ["^/b"] }] }), expect: [`${ruleKey(".conditions")}: has 2 pathPattern conditions; AWS allows one per rule`] },
    { what: "more than 5 condition values counting regexes", config: rule({ conditions: [{ pathRegex: ["^/a", "^/b", "^/c"] }, { hostRegex: ["^a\\.x$", "^b\\.x$", "^c\\.x$"] }] }), expect: [`${ruleKey(".conditions")}: has 6 condition values; AWS allows at most 5 per rule`] },
    { what: "a header condition with values and regexValues", config: rule({ conditions: [{ httpHeader: { name: "X-A", values: ["a"], regexValues: ["^a$"] } }] }), expect: [`${ruleKey(".conditions[0].httpHeader")}: needs exactly one of values (wildcards) or regexValues`] },

    // Response headers
    { what: "an HSTS value without max-age", config: https({ responseHeaders: { strictTransportSecurity: "includeSubDomains" } }), expect: [`${key("albListeners.https.responseHeaders.strictTransportSecurity")}: must be max-age=<seconds>[; includeSubDomains][; preload]`] },
    { what: "HSTS on an HTTP listener", config: { albListeners: { http: { responseHeaders: { strictTransportSecurity: "max-age=300" } } } }, expect: [`${key("albListeners.http.responseHeaders.strictTransportSecurity")}: is ignored by browsers on an HTTP listener (RFC 6797)`] },
    { what: "an X-Content-Type-Options value other than nosniff", config: https({ responseHeaders: { xContentTypeOptions: "sniff" } }), expect: [`${key("albListeners.https.responseHeaders.xContentTypeOptions")}: must be one of nosniff`] },
    { what: "an X-Frame-Options value AWS does not take", config: https({ responseHeaders: { xFrameOptions: "ALLOWALL" } }), expect: [`${key("albListeners.https.responseHeaders.xFrameOptions")}: must be DENY, SAMEORIGIN or ALLOW-FROM <uri>`] },
    { what: "a CORS max age above 86400", config: https({ responseHeaders: { accessControlMaxAge: 86401 } }), expect: [`${key("albListeners.https.responseHeaders.accessControlMaxAge")}: must be an integer from 0 to 86400`] },
    { what: "a CORS method that is not one", config: https({ responseHeaders: { accessControlAllowMethods: "GET,FETCH" } }), expect: [`${key("albListeners.https.responseHeaders.accessControlAllowMethods")}: must be * or a comma-separated list of GET, HEAD`] },
    { what: "Allow-Credentials false", config: https({ responseHeaders: { accessControlAllowCredentials: false } }), expect: [`${key("albListeners.https.responseHeaders.accessControlAllowCredentials")}: must be true (AWS's only value`] },
    { what: "credentials with a wildcard origin", config: https({ responseHeaders: { accessControlAllowOrigin: "*", accessControlAllowCredentials: true } }), expect: [`${key("albListeners.https.responseHeaders.accessControlAllowCredentials")}: can't be used with accessControlAllowOrigin *`] },
    { what: "a header value longer than 1024 characters", config: https({ responseHeaders: { contentSecurityPolicy: "x".repeat(1025) } }), expect: [`${key("albListeners.https.responseHeaders.contentSecurityPolicy")}: must be 1 to 1024 characters on one line`] },
    { what: "renamed mTLS headers on an HTTP listener", config: { albListeners: { http: { mtlsHeaderNames: { tlsVersion: "X-Tls" } } } }, expect: [`${key("albListeners.http.mtlsHeaderNames")}: applies to HTTPS listeners only (this one is HTTP)`] },
    { what: "a renamed header name with a space", config: https({ mtlsHeaderNames: { clientCert: "X Client Cert" } }), expect: [`${key("albListeners.https.mtlsHeaderNames.clientCert")}: must be an HTTP header name of 1-40 token characters`] },
    { what: "client certificate headers renamed without mutual TLS", config: https({ mtlsHeaderNames: { clientCertSubject: "X-Client-Subject" } }), expect: [`${key("albListeners.https.mtlsHeaderNames")}: renames clientCertSubject, which the ALB sends only with mutualAuthentication`] },
    { what: "two mTLS headers renamed alike", config: https({ mtlsHeaderNames: { tlsVersion: "X-Tls", tlsCipherSuite: "x-tls" } }), expect: [`${key("albListeners.https.mtlsHeaderNames")}: gives two headers the name x-tls`] },
];

describe("front-door config errors (issue 19)", () => {
    itRejects(cases);

    it("reports every front-door problem of a stack in one run", async () => {
        const { message } = await planError({ alb: { clientKeepAlive: 1, scheme: "internal", ipAddressType: "dualstack-without-public-ipv4" }, nlb: { ipv6SourceNatPrefix: true } });
        expect(message).to.include(`${key("alb.clientKeepAlive")}:`);
        // Schema errors stop before the cross-field rules; fix the schema error and both rules show.
        const second = await planError({ alb: { scheme: "internal", ipAddressType: "dualstack-without-public-ipv4" }, nlb: { ipv6SourceNatPrefix: true } });
        expect(second.message).to.include(`${key("alb.ipAddressType")}:`).and.to.include(`${key("nlb.ipv6SourceNatPrefix")}:`);
    });

    describe("AWS's regular expression subset", () => {
        const unsupported: [string, string][] = [
            ["(?=a)", "lookaheads"], ["(?<=a)b", "lookbehinds"], ["(a)\\1", "backreferences"], ["(?>a)", "atomic groups"],
            ["a++", "possessive quantifiers"], ["(?R)", "recursion"], ["\\p{L}", "Unicode character classes"],
        ];
        for (const [re, feature] of unsupported) {
            it(`refuses ${feature}: ${re}`, () => expect(regexProblem(re)).to.include("which AWS's rule regular expressions do not support"));
        }
        for (const re of ["(?P<ver>v[0-9]+)/", "(?i)^/API/", "(?i:www)\\.example\\.com", "^/api/(v[0-9]+)/(.*)$", "^[a-z0-9-]+\\.example\\.com$", "\\+\\+", "a{2,3}", "(?:a|b)*"]) {
            it(`accepts ${re}`, () => expect(regexProblem(re)).to.equal(undefined));
        }
    });
});
