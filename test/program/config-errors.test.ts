// Every kind of invalid config fails before any resource is declared, with one line per problem
// naming the key, the value given and what is allowed.
import { expect } from "chai";
import { ConfigValues, configKey, ErrorCase, itRejects, planError } from "../support/program";
import { validateConfig } from "../../infra/config";

const key = configKey;

const TLS_ARN = "arn:aws:acm:ap-northeast-2:111122223333:certificate/12345678-1234-1234-1234-123456789012";
const FN_ARN = "arn:aws:lambda:ap-northeast-2:111122223333:function:api";
/** A rule on the HTTPS listener. */
const rule = (r: Record<string, unknown>, extra: ConfigValues = {}): ConfigValues => ({ albListeners: { https: { rules: { r1: { priority: 1, conditions: [{ pathPattern: ["/a"] }], action: { type: "forward", targetGroup: "TG-ALB" }, ...r } } } }, ...extra });
const ruleKey = (path = "") => key(`albListeners.https.rules.r1${path}`);
const tg = (name: string, spec: Record<string, unknown>) => ({ targetGroups: { [name]: spec } });
/** An extra group with a rule forwarding to it, so it is in use. */
const usedGroup = (name: string, spec: Record<string, unknown>): ConfigValues => ({ ...tg(name, spec), ...rule({ action: { type: "forward", targetGroup: name } }) });
/** An extra NLB listener forwarding to a group. */
const nlbListener = (l: Record<string, unknown>, groups: Record<string, unknown> = {}): ConfigValues => ({ nlbListeners: { extra: { port: 8443, ...l } }, targetGroups: groups });

const cases: ErrorCase[] = [
    // Types and formats
    { what: "a misspelled key", config: { instanceCnt: 3 }, expect: [`${key("instanceCnt")}: is not a known key`] },
    { what: "a non-integer count", config: { fleet: { instanceCount: "two" } }, expect: [`${key("fleet.instanceCount")}: must be an integer from 1 to 20; got "two"`] },
    { what: "a count out of range", config: { fleet: { instanceCount: 0 } }, expect: [`${key("fleet.instanceCount")}: must be an integer from 1 to 20; got 0`] },
    { what: "a boolean that is not one", config: { alb: { dropInvalidHeaderFields: "yes" } }, expect: [`${key("alb.dropInvalidHeaderFields")}: must be true or false; got "yes"`] },
    { what: "an instance type EC2 does not have", config: { fleet: { instanceType: "t3micro" } }, expect: [`${key("fleet.instanceType")}: is not an EC2 instance type @pulumi/aws knows`, "new:<type>"] },
    { what: "a malformed AMI ID", config: { fleet: { amiId: "ami-xyz" } }, expect: [`${key("fleet.amiId")}: must be empty or an AMI ID`] },
    { what: "a malformed VPC ID", config: { vpc: { id: "my-vpc", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, expect: [`${key("vpc.id")}: must be empty or a VPC ID`] },
    { what: "an IPv4 CIDR with host bits set", config: { ingressCidrs: ["10.1.2.3/8"] }, expect: [`${key("ingressCidrs[0]")}: is not in canonical form (AWS rejects it), did you mean 10.0.0.0/8?; got "10.1.2.3/8"`] },
    { what: "an IPv4 CIDR with leading zeros", config: { ingressCidrs: ["010.0.0.0/8"] }, expect: [`${key("ingressCidrs[0]")}: is not in canonical form (AWS rejects it), did you mean 10.0.0.0/8?`] },
    { what: "an IPv6 CIDR with host bits set", config: { ingressIpv6Cidrs: ["2001:db8::1/32"] }, expect: [`${key("ingressIpv6Cidrs[0]")}: is not in canonical form (AWS rejects it), did you mean 2001:db8::/32?`] },
    { what: "an IPv6 CIDR in upper case", config: { ingressIpv6Cidrs: ["2001:DB8::/32"] }, expect: [`${key("ingressIpv6Cidrs[0]")}: is not in canonical form (AWS rejects it), did you mean 2001:db8::/32?`] },
    { what: "a single IPv4 address for a CIDR", config: { ingressCidrs: ["203.0.113.7"] }, expect: [`${key("ingressCidrs[0]")}: is an address, not a CIDR: for this one address write 203.0.113.7/32; got "203.0.113.7"`] },
    { what: "a single IPv6 address for a CIDR", config: { ingressIpv6Cidrs: ["2001:db8::7"] }, expect: [`${key("ingressIpv6Cidrs[0]")}: is an address, not a CIDR: for this one address write 2001:db8::7/128`] },
    { what: "a single address in a rule's sourceIp", config: { albListeners: { https: { rules: { office: { priority: 1, conditions: [{ sourceIp: ["10.0.0.1"] }], action: { type: "fixed-response", statusCode: "403" } } } } } },
        expect: [`${key("albListeners.https.rules.office.conditions[0].sourceIp[0]")}: is an address, not a CIDR: for this one address write 10.0.0.1/32`] },
    { what: "an IPv6 CIDR that is not one", config: { ingressIpv6Cidrs: ["2001:db8::g/32"] }, expect: [`${key("ingressIpv6Cidrs[0]")}: must be an IPv6 CIDR`] },
    { what: "an IPv4 CIDR in the IPv6 list", config: { ingressIpv6Cidrs: ["10.0.0.0/8"] }, expect: [`${key("ingressIpv6Cidrs[0]")}: must be an IPv6 CIDR`] },
    { what: "an AZ name that is not one", config: { vpc: { availabilityZones: ["seoul-a", "ap-northeast-2b"] } }, expect: [`${key("vpc.availabilityZones[0]")}: must be an Availability Zone name`] },
    { what: "a greeting with a newline", config: { workload: { greeting: "hi\nthere" } }, expect: [`${key("workload.greeting")}: must not contain control characters`] },
    { what: "an empty greeting", config: { workload: { mode: "greeting", greeting: "" } }, expect: [`${key("workload.greeting")}: must not be empty`] },
    { what: "a team tag with forbidden characters", config: { team: "web#team" }, expect: [`${key("team")}: may contain only letters`] },
    { what: "an extra tag under aws:", config: { extraTags: { "aws:owner": "x" } }, expect: [`${key("extraTags.aws:owner")}`, "must not start with aws:"] },
    { what: "an extra tag that overrides the program's", config: { extraTags: { Team: "x" } }, expect: [`${key("extraTags.Team")}: is a tag the program manages`] },
    { what: "a key of the seed's flat target group settings", config: { tgAlbPort: 8080 }, expect: [`${key("tgAlbPort")}: was replaced by targetGroups.TG-ALB.port; move it: pulumi config rm tgAlbPort && pulumi config set --path targetGroups.TG-ALB.port 8080`, "got 8080"] },
    { what: "the old HTTPS switch", config: { albHttps: false }, expect: [`${key("albHttps")}: was replaced by albListeners.https.enabled`] },
    { what: "the old rule list", config: { albListenerRules: [] }, expect: [`${key("albListenerRules")}: was replaced by albListeners.https.rules`] },
    { what: "a flat load balancer key of v2", config: { albIdleTimeout: 120 }, expect: [`${key("albIdleTimeout")}: was replaced by alb.idleTimeout; move it: pulumi config rm albIdleTimeout && pulumi config set --path alb.idleTimeout 120`, "got 120"] },
    { what: "a flat access-log key of v2", config: { nlbAccessLogsBucket: "my-logs" }, expect: [`${key("nlbAccessLogsBucket")}: was replaced by nlb.accessLogs.bucket; move it: pulumi config rm nlbAccessLogsBucket && pulumi config set --path nlb.accessLogs.bucket my-logs`, `got "my-logs"`] },
    // pulumi config set --path 'albZonalAutoshift.enabled' true stores {albZonalAutoshift: {enabled: true}}.
    { what: "a v2 key set with --path", config: { albZonalAutoshift: { enabled: true } }, expect: [`${key("albZonalAutoshift")}: was replaced by alb.zonalAutoshift; run pulumi config rm albZonalAutoshift`, `got {"enabled":true}`] },
    // Target groups: enums and ranges AWS enforces
    // Only slips of case or separators get a suggestion: the nearest value by edits (ipv4) is not what ipv6 means.
    { what: "an address type AWS spells otherwise", config: { nlb: { ipAddressType: "ipv6" } }, expect: [`${key("nlb.ipAddressType")}: must be one of ipv4, dualstack; got "ipv6"`] },
    { what: "a camelCase algorithm", config: tg("TG-ALB", { algorithm: "leastOutstandingRequests" }), expect: [`${key("targetGroups.TG-ALB.algorithm")}: must be one of round_robin, least_outstanding_requests, weighted_random (did you mean least_outstanding_requests?); got "leastOutstandingRequests"`] },
    { what: "an NLB health check over UDP", config: tg("TG-NLB", { healthCheck: { protocol: "UDP" } }), expect: [`${key("targetGroups.TG-NLB.healthCheck.protocol")}: must be one of HTTP, HTTPS, TCP`] },
    { what: "a health check interval out of range", config: tg("TG-ALB", { healthCheck: { interval: 400 } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.interval")}: must be an integer from 5 to 300; got 400`] },
    { what: "a health check timeout that is not a number", config: tg("TG-NLB", { healthCheck: { timeout: "ten" } }), expect: [`${key("targetGroups.TG-NLB.healthCheck.timeout")}: must be an integer from 2 to 120; got "ten"`] },
    { what: "a threshold out of range", config: tg("TG-ALB", { healthCheck: { healthyThreshold: 11 } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.healthyThreshold")}: must be an integer from 2 to 10; got 11`] },
    { what: "a deregistration delay out of range", config: tg("TG-NLB", { deregistrationDelay: 3601 }), expect: [`${key("targetGroups.TG-NLB.deregistrationDelay")}: must be an integer from 0 to 3600; got 3601`] },
    { what: "a stickiness duration out of range", config: tg("TG-ALB", { stickiness: { duration: 604801 } }), expect: [`${key("targetGroups.TG-ALB.stickiness.duration")}: must be an integer from 1 to 604800`] },
    { what: "an ALB matcher outside 200-499", config: tg("TG-ALB", { healthCheck: { matcher: "200-599" } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.matcher")}: codes must be from 200 to 499; got "200-599"`] },
    { what: "a matcher on a TCP health check", config: tg("TG-NLB", { healthCheck: { matcher: "200" } }), expect: [`${key("targetGroups.TG-NLB.healthCheck.matcher")}: applies to HTTP/HTTPS health checks only`] },
    { what: "a malformed matcher", config: tg("TG-NLB", { healthCheck: { protocol: "HTTP", matcher: "2xx" } }), expect: [`${key("targetGroups.TG-NLB.healthCheck.matcher")}: must be HTTP codes`] },
    { what: "a health check path without a leading slash", config: tg("TG-ALB", { healthCheck: { path: "health" } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.path")}: must be a path starting with /`] },
    { what: "a health check port out of range", config: tg("TG-ALB", { healthCheck: { port: "70000" } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.port")}: must be traffic-port or a port number from 1 to 65535`] },
    { what: "a TCP health check on an ALB group", config: tg("TG-ALB", { healthCheck: { protocol: "TCP" } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.protocol")}: must be HTTP or HTTPS on an ALB target group`] },
    { what: "health checks turned off on an instance group", config: tg("TG-ALB", { healthCheck: { enabled: false } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.enabled")}: can be false only for Lambda target groups`] },
    { what: "an unknown target group field", config: tg("TG-ALB", { weight: 3 }), expect: [`${key("targetGroups.TG-ALB.weight")}: is not a known field`] },
    { what: "a target group name AWS can't take", config: usedGroup("api_v2", { protocol: "HTTP", port: 8080 }), expect: [`${key("targetGroups.api_v2")}: target group names must be 1-24 letters, digits and hyphens`] },
    { what: "a new group without a protocol", config: usedGroup("api", { port: 8080 }), expect: [`${key("targetGroups.api.protocol")}: is required`] },
    // Target groups: cross-field rules
    { what: "a timeout not less than the interval", config: tg("TG-ALB", { healthCheck: { interval: 10, timeout: 10 } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.timeout")}: must be less than healthCheck.interval (10s); got 10`] },
    { what: "a slow start below 30 seconds", config: tg("TG-ALB", { slowStart: 10 }), expect: [`${key("targetGroups.TG-ALB.slowStart")}: must be 0 (off) or from 30 to 900 seconds; got 10`] },
    { what: "slow start with least outstanding requests", config: tg("TG-ALB", { slowStart: 60, algorithm: "least_outstanding_requests" }), expect: [`${key("targetGroups.TG-ALB.slowStart")}: works only with algorithm round_robin (the group uses least_outstanding_requests); got 60`] },
    { what: "slow start with weighted random", config: tg("TG-ALB", { slowStart: 60, algorithm: "weighted_random" }), expect: [`${key("targetGroups.TG-ALB.slowStart")}: works only with algorithm round_robin (the group uses weighted_random)`] },
    { what: "anomaly mitigation without weighted random", config: tg("TG-ALB", { anomalyMitigation: true }), expect: [`${key("targetGroups.TG-ALB.anomalyMitigation")}: needs algorithm weighted_random (the group uses round_robin)`] },
    { what: "an NLB setting on an ALB group", config: tg("TG-ALB", { proxyProtocolV2: true }), expect: [`${key("targetGroups.TG-ALB.proxyProtocolV2")}: applies to NLB (TCP, TLS, UDP, TCP_UDP) target groups only`] },
    { what: "an ALB setting on an NLB group", config: tg("TG-NLB", { slowStart: 60 }), expect: [`${key("targetGroups.TG-NLB.slowStart")}: applies to ALB (HTTP, HTTPS) target groups only`] },
    { what: "cookie stickiness on an NLB group", config: tg("TG-NLB", { stickiness: { enabled: true, type: "lb_cookie" } }), expect: [`${key("targetGroups.TG-NLB.stickiness.type")}: must be source_ip on an NLB target group`] },
    { what: "app_cookie without a cookie name", config: tg("TG-ALB", { stickiness: { enabled: true, type: "app_cookie" } }), expect: [`${key("targetGroups.TG-ALB.stickiness.cookieName")}: is required with type app_cookie`] },
    { what: "proxy protocol on the ALB's port", config: tg("TG-NLB", { proxyProtocolV2: true }), expect: [`${key("targetGroups.TG-NLB.port")}: is also used by TG-ALB, which sends no proxy protocol header`] },
    { what: "a group no listener uses", config: tg("spare", { protocol: "HTTP", port: 8080 }), expect: [`${key("targetGroups.spare")}: is not used by any listener or rule`] },
    { what: "a group used by both load balancers", config: { nlbListeners: { tcp: { defaultAction: { type: "forward", targetGroup: "TG-ALB" } } } }, expect: [`${key("nlbListeners.tcp.defaultAction")}: forwards to TG-ALB, a HTTP group, which an NLB can't use`] },
    // Target types
    { what: "targets on an instance group", config: tg("TG-ALB", { targets: [{ ip: "10.0.0.5" }] }), expect: [`${key("targetGroups.TG-ALB.targets")}: instance groups register the web fleet itself`] },
    { what: "an ip group without targets", config: usedGroup("api", { protocol: "HTTP", port: 8080, targetType: "ip" }), expect: [`${key("targetGroups.api.targets")}: an ip target group needs a list of {ip, port?, availabilityZone?}`] },
    { what: "a public IP target", config: usedGroup("api", { protocol: "HTTP", port: 8080, targetType: "ip", targets: [{ ip: "8.8.8.8" }] }), expect: [`${key("targetGroups.api.targets[0].ip")}: must be a private address`] },
    { what: "an IPv6 target in an ipv4 group", config: usedGroup("api", { protocol: "HTTP", port: 8080, targetType: "ip", targets: [{ ip: "fd00::5" }] }), expect: [`${key("targetGroups.api.targets[0].ip")}: is not an ipv4 address`] },
    { what: "an IP target in an AZ of another region", config: usedGroup("api", { protocol: "HTTP", port: 8080, targetType: "ip", targets: [{ ip: "172.31.0.5", availabilityZone: "us-east-1a" }] }), expect: [`${key("targetGroups.api.targets[0].availabilityZone")}: must be all or an Availability Zone of ap-northeast-2`] },
    { what: "a Lambda group with a deregistration delay or slow start (AWS: instance and ip targets only)", config: usedGroup("fn", { targetType: "lambda", deregistrationDelay: 30, slowStart: 60, targets: [{ functionArn: FN_ARN }] }), expect: [
        `${key("targetGroups.fn.deregistrationDelay")}: does not apply to a Lambda target group (AWS supports it for instance and ip targets only); remove it; got 30`,
        `${key("targetGroups.fn.slowStart")}: does not apply to a Lambda target group (AWS supports it for instance and ip targets only); remove it; got 60`,
    ] },
    { what: "a Lambda group with a port", config: usedGroup("fn", { targetType: "lambda", port: 80, targets: [{ functionArn: FN_ARN }] }), expect: [`${key("targetGroups.fn.port")}: does not apply to a Lambda target group`] },
    { what: "a Lambda group with two functions", config: usedGroup("fn", { targetType: "lambda", targets: [{ functionArn: FN_ARN }, { functionArn: `${FN_ARN}2` }] }), expect: [`${key("targetGroups.fn.targets")}: a Lambda target group takes exactly one target`] },
    { what: "a Lambda function of another region", config: usedGroup("fn", { targetType: "lambda", targets: [{ functionArn: FN_ARN.replace("ap-northeast-2", "us-east-1") }] }), expect: [`${key("targetGroups.fn.targets[0].functionArn")}: is in us-east-1; an ALB invokes Lambda functions in its own region`] },
    { what: "a Lambda group behind the NLB", config: nlbListener({ protocol: "TCP", defaultAction: { type: "forward", targetGroup: "fn" } }, { fn: { targetType: "lambda", targets: [{ functionArn: FN_ARN }] } }), expect: [`${key("nlbListeners.extra.defaultAction")}: forwards to fn, a Lambda group, which an NLB can't use`] },
    { what: "an alb group over HTTP", config: nlbListener({ protocol: "TCP", port: 443, defaultAction: { type: "forward", targetGroup: "to-alb" } }, { "to-alb": { protocol: "HTTP", port: 443, targetType: "alb" } }), expect: [`${key("targetGroups.to-alb.protocol")}: must be TCP for an alb target group`] },
    { what: "an alb group on a port the ALB does not listen on", config: nlbListener({ protocol: "TCP", defaultAction: { type: "forward", targetGroup: "to-alb" } }, { "to-alb": { protocol: "TCP", port: 8443, targetType: "alb" } }), expect: [`${key("targetGroups.to-alb.port")}: must equal one of the ALB's listener ports (80, 443)`] },
    { what: "an alb group behind a TLS listener", config: nlbListener({ protocol: "TLS", defaultAction: { type: "forward", targetGroup: "to-alb" } }, { "to-alb": { protocol: "TCP", port: 443, targetType: "alb" } }), expect: [`${key("nlbListeners.extra.defaultAction")}: forwards to to-alb, an alb target group, which needs a TCP listener`] },
    { what: "an alb group with a TCP health check", config: nlbListener({ protocol: "TCP", defaultAction: { type: "forward", targetGroup: "to-alb" } }, { "to-alb": { protocol: "TCP", port: 443, targetType: "alb", healthCheck: { protocol: "TCP" } } }), expect: [`${key("targetGroups.to-alb.healthCheck.protocol")}: must be HTTP or HTTPS for an alb target group`] },
    // Listeners
    { what: "a security policy ELB does not offer (which of ELB's an environment allows is the pack's call)", config: { albListeners: { https: { sslPolicy: "ELBSecurityPolicy-TLS13-1-4-2030-01" } } }, expect: [`${key("albListeners.https.sslPolicy")}: must be a security policy ELB offers`] },
    { what: "a certificate on an HTTP listener", config: { albListeners: { http: { certificateArn: TLS_ARN } } }, expect: [`${key("albListeners.http.certificateArn")}: applies to HTTPS and TLS listeners only (this one is HTTP)`] },
    { what: "an ALPN policy on a TCP listener", config: { nlbListeners: { tcp: { alpnPolicy: "HTTP2Preferred" } } }, expect: [`${key("nlbListeners.tcp.alpnPolicy")}: applies to TLS listeners only (this one is TCP)`] },
    { what: "two listeners on one port", config: nlbListener({ port: 80, protocol: "UDP", defaultAction: { type: "forward", targetGroup: "dns" } }, { dns: { protocol: "UDP", port: 53 } }), expect: [`${key("nlbListeners.extra.port")}: is also the port of listener tcp`] },
    { what: "a UDP listener forwarding to a TCP group", config: nlbListener({ protocol: "UDP", defaultAction: { type: "forward", targetGroup: "TG-NLB" } }), expect: [`${key("nlbListeners.extra.defaultAction")}: forwards a UDP listener to TG-NLB (TCP); a UDP listener takes UDP or TCP_UDP target groups`] },
    { what: "a TCP_UDP listener forwarding to a TCP group", config: nlbListener({ protocol: "TCP_UDP", defaultAction: { type: "forward", targetGroup: "TG-NLB" } }), expect: [`a TCP_UDP listener takes TCP_UDP target groups`] },
    { what: "an ALB listener forwarding to a TCP group", config: { albListeners: { https: { defaultAction: { type: "forward", targetGroup: "TG-NLB" } } } }, expect: [`${key("albListeners.https.defaultAction")}: forwards to TG-NLB, a TCP group, which an ALB can't use`] },
    { what: "a new listener without a default action", config: { nlbListeners: { extra: { port: 8443, protocol: "TCP" } } }, expect: [`${key("nlbListeners.extra.defaultAction")}: is required for a listener the stack adds`] },
    { what: "a forward to a group that does not exist", config: { albListeners: { https: { defaultAction: { type: "forward", targetGroup: "TG-API" } } } }, expect: [`${key("albListeners.https.defaultAction")}: forwards to TG-API, which is not in targetGroups`] },
    { what: "a forward to one group and to weighted groups at once", config: rule({ action: { type: "forward", targetGroup: "TG-ALB", targetGroups: [{ targetGroup: "TG-ALB", weight: 1 }] } }), expect: [`${ruleKey(".action")}: forward needs exactly one of targetGroup (one group) or targetGroups (weighted)`] },
    { what: "a weighted forward across six groups", config: rule({ action: { type: "forward", targetGroups: Array.from({ length: 6 }, () => ({ targetGroup: "TG-ALB", weight: 1 })) } }), expect: [`${ruleKey(".action.targetGroups")}: AWS allows at most 5 target groups per forward action`] },
    { what: "a weight over 999", config: rule({ action: { type: "forward", targetGroups: [{ targetGroup: "TG-ALB", weight: 1000 }] } }), expect: [`${ruleKey(".action.targetGroups[0].weight")}: must be an integer from 0 to 999; got 1000`] },
    { what: "a weighted forward with every weight 0", config: rule({ action: { type: "forward", targetGroups: [{ targetGroup: "TG-ALB", weight: 0 }] } }), expect: [`${ruleKey(".action.targetGroups")}: has every weight 0`] },
    { what: "group stickiness out of range", config: rule({ action: { type: "forward", targetGroups: [{ targetGroup: "TG-ALB", weight: 1 }], stickiness: 604801 } }), expect: [`${ruleKey(".action.stickiness")}: must be an integer from 1 to 604800`] },
    { what: "group stickiness on a single-group forward", config: rule({ action: { type: "forward", targetGroup: "TG-ALB", stickiness: 60 } }), expect: [`${ruleKey(".action.stickiness")}: applies to a weighted forward (targetGroups) only`] },
    // Listener rules
    { what: "a listener rule without conditions", config: rule({ conditions: [] }), expect: [`${ruleKey(".conditions")}: needs at least one condition`] },
    { what: "a listener rule with too many condition values", config: rule({ conditions: [{ pathPattern: ["/a", "/b", "/c"] }, { hostHeader: ["a.example.com", "b.example.com", "c.example.com"] }] }), expect: [`${ruleKey(".conditions")}: has 6 condition values; AWS allows at most 5 per rule`] },
    { what: "a listener rule condition with four values", config: rule({ conditions: [{ pathPattern: ["/a", "/b", "/c", "/d"] }] }), expect: [`${ruleKey(".conditions[0].pathPattern")}: AWS allows at most 3 values per condition`] },
    { what: "a listener rule condition with no values", config: rule({ conditions: [{ pathPattern: [] }] }), expect: [`${ruleKey(".conditions[0].pathPattern")}: must list at least one value`] },
    { what: "a listener rule with too many wildcards", config: rule({ conditions: [{ pathPattern: ["/*/*/*", "/?/?/?"] }] }), expect: [`${ruleKey(".conditions")}: has 6 wildcards; AWS allows at most 5 per rule`] },
    { what: "wildcards counted across header and query values", config: rule({ conditions: [{ pathPattern: ["/*/*"] }, { httpHeader: { name: "X-Env", values: ["*a*"] } }, { queryString: [{ key: "v", value: "?*" }] }] }), expect: [`${ruleKey(".conditions")}: has 6 wildcards`] },
    { what: "two path conditions in one rule", config: rule({ conditions: [{ pathPattern: ["/a"] }, { pathPattern: ["/b"] }] }), expect: [`${ruleKey(".conditions")}: has 2 pathPattern conditions; AWS allows one per rule`] },
    { what: "a condition of two kinds", config: rule({ conditions: [{ pathPattern: ["/a"], hostHeader: ["a.example.com"] }] }), expect: [`${ruleKey(".conditions[0]")}: must set exactly one of pathPattern`] },
    { what: "a Host header condition", config: rule({ conditions: [{ httpHeader: { name: "Host", values: ["a.example.com"] } }] }), expect: [`${ruleKey(".conditions[0].httpHeader.name")}: must not be Host: use a hostHeader condition`] },
    { what: "a header name over 40 characters", config: rule({ conditions: [{ httpHeader: { name: "X".repeat(41), values: ["1"] } }] }), expect: [`${ruleKey(".conditions[0].httpHeader.name")}: must be an HTTP header name of 1-40 token characters`] },
    { what: "a query value with a stray backslash", config: rule({ conditions: [{ queryString: [{ key: "q", value: "a\\b" }] }] }), expect: [`${ruleKey(".conditions[0].queryString[0].value")}: may use \\ only to escape * ? or \\`] },
    { what: "a host pattern over 128 bytes but not characters", config: rule({ conditions: [{ hostHeader: [`${"가".repeat(42)}.kr`] }] }), expect: [`${ruleKey(".conditions[0].hostHeader[0]")}: must be at most 128 bytes (the provider counts bytes, not characters)`] },
    { what: "duplicate listener rule priorities", config: { albListeners: { https: { rules: { a: { priority: 5, conditions: [{ pathPattern: ["/a"] }], action: { type: "forward", targetGroup: "TG-ALB" } }, b: { priority: 5, conditions: [{ pathPattern: ["/b"] }], action: { type: "forward", targetGroup: "TG-ALB" } } } } } }, expect: [`${key("albListeners.https.rules.b.priority")}: is also the priority of rule a`] },
    { what: "a listener rule priority out of range", config: rule({ priority: 50001 }), expect: [`${ruleKey(".priority")}: must be an integer from 1 to 50000; got 50001`] },
    { what: "a fixed response with a 3XX code", config: rule({ action: { type: "fixed-response", statusCode: 301 } }), expect: [`${ruleKey(".action.statusCode")}: must be a 2XX, 4XX or 5XX status code; got 301`] },
    { what: "a fixed response body over 1024 bytes", config: rule({ action: { type: "fixed-response", statusCode: "200", messageBody: "가".repeat(400) } }), expect: [`${ruleKey(".action.messageBody")}: must be at most 1024 bytes`] },
    { what: "a redirect that changes nothing", config: rule({ action: { type: "redirect" } }), expect: [`${ruleKey(".action")}: must change at least one of protocol, port, host or path`] },
    { what: "a redirect of placeholders only", config: rule({ action: { type: "redirect", protocol: "#{protocol}", host: "#{host}", port: "#{port}", path: "/#{path}" } }), expect: [`${ruleKey(".action")}: must change at least one of protocol, port, host or path`] },
    { what: "a redirect that changes only the query", config: rule({ action: { type: "redirect", query: "x=1" } }), expect: [`${ruleKey(".action")}: must change at least one of protocol, port, host or path`] },
    { what: "a redirect to the listener's own protocol and port", config: rule({ action: { type: "redirect", protocol: "HTTPS", port: 443 } }), expect: [`${ruleKey(".action")}: must change at least one of protocol, port, host or path`] },
    { what: "a redirect from HTTPS to HTTP", config: rule({ action: { type: "redirect", protocol: "HTTP", port: "80" } }), expect: [`${ruleKey(".action.protocol")}: can't be HTTP on an HTTPS listener`] },
    { what: "a redirect to HTTPS without a port (it keeps the request's port 80)", config: { albListeners: { http: { defaultAction: { type: "redirect", protocol: "HTTPS" } } } },
        expect: [`${key("albListeners.http.defaultAction.port")}: is not set, so the redirect keeps the request's port (#{port}) and sends HTTPS to port 80 on the request's own host, where this ALB has no HTTPS listener on port 80 (it listens on HTTP:80, HTTPS:443): clients would get no answer; set port, such as "443"; got nothing`] },
    { what: "a redirect to HTTPS:443 on an ALB without an HTTPS listener", config: { alb: { scheme: "internal" }, fleet: { associatePublicIp: false }, vpc: { create: true }, albListeners: { https: { enabled: false }, http: { defaultAction: { type: "redirect", protocol: "HTTPS", port: "443" }, rules: { app: { priority: 1, conditions: [{ pathPattern: ["/app/*"] }], action: { type: "forward", targetGroup: "TG-ALB" } } } } } },
        expect: [`${key("albListeners.http.defaultAction.port")}: redirects to HTTPS:443 on the request's own host, where this ALB has no HTTPS listener on port 443 (it listens on HTTP:80): clients would get no answer; redirect to a port it listens on, or to another host; got "443"`] },
    { what: "a rule's redirect to a port the ALB does not listen on", config: rule({ action: { type: "redirect", port: "8443" } }),
        expect: [`${ruleKey(".action.port")}: redirects to HTTPS:8443 on the request's own host, where this ALB has no HTTPS listener on port 8443 (it listens on HTTP:80, HTTPS:443)`] },
    { what: "a redirect port out of range", config: rule({ action: { type: "redirect", port: 70000 } }), expect: [`${ruleKey(".action.port")}: must be #{port} or a port number from 1 to 65535; got 70000`] },
    { what: "an unknown action type", config: rule({ action: { type: "authenticate-oidc" } }), expect: [`${ruleKey(".action.type")}: must be an action with type forward, redirect or fixed-response; got "authenticate-oidc"`] },
    { what: "an action type in the wrong case", config: rule({ action: { type: "Fixed-Response" } }), expect: [`${ruleKey(".action.type")}: must be an action with type forward, redirect or fixed-response (did you mean fixed-response?); got "Fixed-Response"`] },
    { what: "a host header without a dot", config: rule({ conditions: [{ hostHeader: ["localhost"] }] }), expect: [`${ruleKey(".conditions[0].hostHeader[0]")}: must include at least one '.'`] },
    { what: "an unknown listener rule field", config: rule({ weight: 3 }), expect: [`${ruleKey(".weight")}: is not a known field`] },
    // Production posture
    { what: "a fleet whose desired capacity is outside its bounds", config: { fleet: { mode: "autoscaling", minSize: 2, maxSize: 4, desiredCapacity: 5 } }, expect: [`${key("fleet.desiredCapacity")}: must be from fleet.minSize (2) to fleet.maxSize (4); got 5`] },
    { what: "a fleet minimum above its maximum", config: { fleet: { mode: "autoscaling", minSize: 5, maxSize: 4, desiredCapacity: 4 } }, expect: [`${key("fleet.minSize")}: must not exceed fleet.maxSize (4); got 5`] },
    { what: "an instance refresh range wider than 100", config: { fleet: { mode: "autoscaling", instanceRefresh: { minHealthyPercentage: 50, maxHealthyPercentage: 200 } } }, expect: [`${key("fleet.instanceRefresh.maxHealthyPercentage")}: may be at most 100 above minHealthyPercentage (50); got 200`] },
    { what: "CPU scaling above 100 percent", config: { fleet: { mode: "autoscaling", scaling: { metric: "cpu", targetValue: 150 } } }, expect: [`${key("fleet.scaling.targetValue")}: is a CPU percentage with metric cpu: 1-100; got 150`] },
    { what: "request-count scaling on an NLB group", config: { fleet: { mode: "autoscaling", scaling: { targetGroup: "TG-NLB" } } }, expect: [`${key("fleet.scaling.targetGroup")}: must name an ALB target group of the fleet's instances (have: TG-ALB)`] },
    { what: "an unknown fleet mode", config: { fleet: { mode: "spot" } }, expect: [`${key("fleet.mode")}: must be one of instances, autoscaling; got "spot"`] },
    { what: "a created VPC beside vpcId", config: { vpc: { create: true, id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] }, fleet: { associatePublicIp: false } }, expect: [`${key("vpc.create")}: can't be combined with vpc.id`] },
    { what: "public IPs in a created VPC", config: { vpc: { create: true }, fleet: { associatePublicIp: true } }, expect: [`${key("fleet.associatePublicIp")}: must be false with vpc.create`] },
    { what: "a created VPC of /12", config: { vpc: { create: true, cidr: "10.0.0.0/12" }, fleet: { associatePublicIp: false } }, expect: [`${key("vpc.cidr")}: must be a /16 to /24`] },
    { what: "more AZs than the region has", config: { vpc: { create: true, azCount: 6 }, fleet: { associatePublicIp: false } }, expect: [`${key("vpc.azCount")}: asks for more AZs than ap-northeast-2 has (ap-northeast-2 has ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d)`] },
    { what: "a DNS certificate without a zone", config: { certificate: { domainName: "www.example.com" } }, expect: [`${key("certificate.hostedZoneId")}: is required with certificate.domainName`] },
    { what: "two certificate modes", config: { certificate: { arn: TLS_ARN, domainName: "www.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } }, expect: [`${key("certificate.domainName")}: is set together with certificate.arn; choose one certificate`, `got ["certificate.arn","certificate.domainName"]`] },
    { what: "an imported certificate without its key", config: { certificate: { certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" } }, expect: [`${key("certificate.privateKey")}: is required with certificate.certificateBody`] },
    { what: "an imported private key that is not PEM", config: { certificate: { certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", privateKey: "hunter2" } }, expect: [`${key("certificate.privateKey")}: must be a PEM private key`, `got "(not shown)"`] },
    { what: "an upper-case domain", config: { certificate: { domainName: "WWW.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } }, expect: [`${key("certificate.domainName")}: must be a lower-case DNS name`] },
    { what: "alias records without a zone", config: { dnsRecords: { albName: "www.example.com" } }, expect: [`${key("dnsRecords.hostedZoneId")}: is required with albName or nlbName`] },
    { what: "a created log bucket beside an existing one", config: { logBucket: { create: true }, alb: { accessLogs: { bucket: "my-logs" } } }, expect: [`${key("logBucket.create")}: can't be combined with alb.accessLogs.bucket`] },
    { what: "a web ACL of another region", config: { waf: { enabled: true, webAclArn: "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/12345678-1234-1234-1234-123456789012" } }, expect: [`${key("waf.webAclArn")}: is in us-east-1; a regional web ACL must be in the ALB's region (ap-northeast-2)`] },
    { what: "an unknown protection flag", config: { protect: { instances: true } }, expect: [`${key("protect.instances")}: is not a known field`] },
    { what: "mutual TLS on an HTTP listener", config: { albListeners: { http: { mutualAuthentication: { mode: "passthrough" } } } }, expect: [`${key("albListeners.http.mutualAuthentication")}: applies to HTTPS listeners only (this one is HTTP)`] },
    { what: "mutual TLS verify without a CA bundle", config: { albListeners: { https: { mutualAuthentication: { mode: "verify" } } } }, expect: [`${key("albListeners.https.mutualAuthentication.caBundle")}: is required with mode verify`] },
    // What the components would refuse only once constructed, mid-deploy
    { what: "a flow-log retention CloudWatch doesn't offer", config: { vpc: { create: true, flowLogRetentionDays: 100 }, fleet: { associatePublicIp: false } }, expect: [`${key("vpc.flowLogRetentionDays")}: must be one of CloudWatch Logs' retention values: 1, 3, 5`, "got 100"] },
    { what: "a WAF log retention CloudWatch doesn't offer", config: { waf: { enabled: true, logRetentionDays: 10 } }, expect: [`${key("waf.logRetentionDays")}: must be one of CloudWatch Logs' retention values`] },
    { what: "one alias name for both load balancers", config: { dnsRecords: { hostedZoneId: "Z0123456789ABCDEFGHIJ", albName: "www.example.com", nlbName: "www.example.com" } }, expect: [`${key("dnsRecords")}: records: www.example.com listed twice`] },
    { what: "a certificate whose first name is over 64 characters", config: { certificate: { domainName: "a-very-long-service-name-for-the-payments-team.internal.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } }, expect: [`${key("certificate.domainName")}: domainName a-very-long-service-name-for-the-payments-team.internal.example.com is over 64 characters`] },
    { what: "a certificate naming one domain twice", config: { certificate: { domainName: "www.example.com", subjectAlternativeNames: ["www.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" } }, expect: [`${key("certificate.subjectAlternativeNames")}: lists www.example.com twice`] },
    { what: "mutual TLS objects without a pinned version", config: { albListeners: { https: { mutualAuthentication: { mode: "verify", caBundle: { bucket: "my-pki", key: "ca.pem" }, revocationLists: { r2025: { bucket: "my-pki", key: "2025.crl" } } } } } },
        expect: [`${key("albListeners.https.mutualAuthentication.caBundle.version")}: is required: ELB reads the object when the trust store is created`, `${key("albListeners.https.mutualAuthentication.revocationLists.r2025.version")}: is required`] },
    { what: "a mutual-TLS listener whose trust store name is too long", config: { albListeners: { "internal-partner-api": { port: 8443, protocol: "HTTPS", defaultAction: { type: "forward", targetGroup: "TG-ALB" }, mutualAuthentication: { mode: "verify", caBundle: { bucket: "my-pki", key: "ca.pem", version: "v1" } } } } },
        expect: [`${key("albListeners.internal-partner-api.mutualAuthentication")}: makes a trust store AWS can't name`, "use a shorter listener name"] },
    // Stack-wide
    { what: "subnetIds without vpcId", config: { vpc: { subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, expect: [`${key("vpc.subnetIds")}: needs vpc.id`] },
    { what: "instance subnets without vpcId", config: { vpc: { instanceSubnetIds: ["subnet-0ccc33333", "subnet-0ddd44444"] } }, expect: [`${key("vpc.instanceSubnetIds")}: needs vpc.id and vpc.subnetIds`] },
    { what: "an instance subnet in an AZ the load balancers don't use", config: { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"], instanceSubnetIds: ["subnet-0ccc33333"] } },
        options: { account: { subnets: { "subnet-0aaa11111": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" }, "subnet-0bbb22222": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2b" }, "subnet-0ccc33333": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2c" } } } },
        expect: [`${key("vpc.instanceSubnetIds")}: subnet-0ccc33333 is in ap-northeast-2c, where the load balancers have no subnet (ap-northeast-2a, ap-northeast-2b)`] },
    { what: "vpc.id without subnetIds", config: { vpc: { id: "vpc-0abc12345" } }, expect: [`${key("vpc.subnetIds")}: is required with vpc.id`] },
    { what: "one subnet", config: { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111"] } }, expect: [`${key("vpc.subnetIds")}: lists one subnet; an ALB needs subnets in at least two Availability Zones`] },
    { what: "one AZ", config: { vpc: { availabilityZones: ["ap-northeast-2a"] } }, expect: [`${key("vpc.availabilityZones")}: lists one AZ; an ALB needs at least two`] },
    { what: "a repeated AZ", config: { vpc: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] } }, expect: [`${key("vpc.availabilityZones")}: lists ap-northeast-2a more than once`] },
    { what: "AZs of another region", config: { vpc: { availabilityZones: ["us-east-1a", "us-east-1b"] } }, expect: [`${key("vpc.availabilityZones[0]")}: is not an AZ of the stack's region ap-northeast-2 (ap-northeast-2 has ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d); got "us-east-1a"`] },
    { what: "AZs together with vpcId", config: { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"], availabilityZones: ["ap-northeast-2a", "ap-northeast-2b"] } }, expect: [`${key("vpc.availabilityZones")}: is for the default VPC`] },
    { what: "no IPv4 ingress for the IPv4-only NLB", config: { ingressCidrs: [] }, expect: [`${key("ingressCidrs")}: is empty, so nothing could reach the NLB (IPv4-only) or the ipv4 ALB; list at least one IPv4 CIDR, or a prefix list in ingressPrefixListIds`] },
    { what: "a prefix list given by name", config: { ingressPrefixListIds: ["com.amazonaws.global.cloudfront.origin-facing"] }, expect: [`${key("ingressPrefixListIds[0]")}: must be a prefix list ID such as pl-0123456789abcdef0; got "com.amazonaws.global.cloudfront.origin-facing"`] },
    { what: "direct instance HTTP without a public IP", config: { allowDirectInstanceHttp: true, fleet: { associatePublicIp: false } }, expect: [`${key("allowDirectInstanceHttp")}: needs fleet.associatePublicIp: true`] },
    { what: "a certificate from another region", config: { certificate: { arn: TLS_ARN.replace("ap-northeast-2", "us-east-1") } }, expect: [`${key("certificate.arn")}: is in us-east-1, but a load balancer can only use an ACM certificate from its own region (ap-northeast-2)`] },
    { what: "an SNI certificate from another region", config: { albListeners: { https: { extraCertificateArns: [TLS_ARN.replace("ap-northeast-2", "eu-west-1")] } } }, expect: [`${key("albListeners.https.extraCertificateArns[0]")}: is in eu-west-1`] },
    { what: "a certificate that is not an ACM ARN", config: { certificate: { arn: "arn:aws:iam::123456789012:server-certificate/x" } }, expect: [`${key("certificate.arn")}: must be an ACM certificate ARN`] },
    { what: "the v2 certificate key", config: { certificateArn: "arn:aws:acm:ap-northeast-2:111122223333:certificate/12345678-1234-1234-1234-123456789012" }, expect: [`${key("certificateArn")}: was replaced by certificate.arn; move it: pulumi config rm certificateArn && pulumi config set --path certificate.arn arn:aws:acm:ap-northeast-2:111122223333:certificate/12345678-1234-1234-1234-123456789012`] },
    { what: "an idle timeout out of range", config: { alb: { idleTimeout: 4001 } }, expect: [`${key("alb.idleTimeout")}: must be an integer from 1 to 4000`] },
    { what: "a security group given by name", config: { alb: { extraSecurityGroupIds: ["corp-baseline"] } }, expect: [`${key("alb.extraSecurityGroupIds[0]")}: must be a security group ID such as sg-0123456789abcdef0; got "corp-baseline"`] },
    { what: "more security groups than a load balancer takes", config: { nlb: { extraSecurityGroupIds: ["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005"] } }, expect: [`${key("nlb.extraSecurityGroupIds")}: must list at most 4 security groups: AWS allows 5 per load balancer, and web_access_sg is one`] },
    { what: "an invalid bucket name", config: { alb: { accessLogs: { bucket: "My_Bucket" } } }, expect: [`${key("alb.accessLogs.bucket")}: must be an S3 bucket name`] },
    { what: "an access-log prefix containing AWSLogs", config: { alb: { accessLogs: { bucket: "logs-bucket", prefix: "x/AWSLogs" } } }, expect: [`${key("alb.accessLogs.prefix")}: must be at most 256 bytes, not contain AWSLogs`] },
    { what: "an access-log prefix without a bucket", config: { nlb: { accessLogs: { prefix: "nlb" } } }, expect: [`${key("nlb.accessLogs.prefix")}: is set but there is no bucket for it: set nlb.accessLogs.bucket, or logBucket.create: true`] },
    { what: "an invalid region", config: {}, options: { region: "Seoul" }, expect: ["aws:region: must be an AWS region @pulumi/aws knows, such as ap-northeast-2; got \"Seoul\""] },
    { what: "a region that looks like one but is not", config: {}, options: { region: "mars-east-1" }, expect: ["aws:region: must be an AWS region @pulumi/aws knows"] },
    // Facts discovered from the account, still before any resource
    { what: "a region without a default VPC", config: {}, options: { account: { hasDefaultVpc: false } }, expect: [`${key("vpc.id")}: is empty, so the default VPC is used, but ap-northeast-2 has none`] },
    { what: "an AZ without a default subnet", config: {}, options: { account: { missingDefaultSubnets: ["ap-northeast-2d"] } }, expect: [`${key("vpc.availabilityZones")}: the default VPC vpc-placeholder-default has no default subnet in ap-northeast-2d`] },
    { what: "a VPC the account doesn't have", config: { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, options: { account: { missingIds: ["vpc-0abc12345"] } }, expect: [`${key("vpc.id")}: vpc-0abc12345 was not found in ap-northeast-2`] },
    { what: "subnets the account doesn't have", config: { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, options: { account: { missingIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, expect: [`${key("vpc.subnetIds")}: subnet-0aaa11111 was not found`, `${key("vpc.subnetIds")}: subnet-0bbb22222 was not found`] },
    { what: "an Elastic IP allocation the account doesn't have", config: { nlb: { eipAllocationIds: ["eipalloc-0aaaaaaaa", "eipalloc-0bbbbbbbb", "eipalloc-0cccccccc", "eipalloc-0dddddddd"] } }, options: { account: { missingIds: ["eipalloc-0cccccccc"] } }, expect: [`${key("nlb.eipAllocationIds")}: eipalloc-0cccccccc was not found in ap-northeast-2`] },
    { what: "a subnet in another VPC", config: { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, options: { account: { subnets: { "subnet-0aaa11111": { vpcId: "vpc-0abc12345" }, "subnet-0bbb22222": { vpcId: "vpc-0fff99999" } } } }, expect: [`${key("vpc.subnetIds")}: subnet-0bbb22222 is in vpc-0fff99999, not in vpc.id vpc-0abc12345`] },
    { what: "two subnets in one AZ", config: { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, options: { account: { subnets: { "subnet-0aaa11111": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" }, "subnet-0bbb22222": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" } } } }, expect: [`${key("vpc.subnetIds")}: subnet-0aaa11111 and subnet-0bbb22222 are both in ap-northeast-2a`] },
    { what: "dual stack on IPv4-only subnets", config: { alb: { ipAddressType: "dualstack" } }, expect: [`${key("alb.ipAddressType")}: is dualstack, but subnets subnet-placeholder-ap-northeast-2a`] },
    { what: "the wrong number of Elastic IPs", config: { nlb: { eipAllocationIds: ["eipalloc-0aaaaaaaa"] } }, expect: [`${key("nlb.eipAllocationIds")}: lists 1 allocations, but the NLB spans 4 AZs`] },
    { what: "an IP target outside the VPC without availabilityZone all", config: { targetGroups: { api: { protocol: "HTTP", port: 8080, targetType: "ip", targets: [{ ip: "10.1.2.3" }] } }, albListeners: { https: { rules: { api: { priority: 10, conditions: [{ pathPattern: ["/api/*"] }], action: { type: "forward", targetGroup: "api" } } } } } }, expect: [`${key("targetGroups.api.targets[0].ip")}: is outside the VPC (172.31.0.0/16); register it with availabilityZone: all`] },
    { what: "cross-zone off with AZs left without instances", config: { nlb: { crossZone: false } }, expect: [`${key("nlb.crossZone")}: is false, but fleet.instanceCount 2 leaves some of the 4 AZs`] },
];

describe("invalid config", () => {
    itRejects(cases);

    it("accepts redirects that land: to a listener of this ALB, or to another host on any port", () => {
        const ok = (v: ConfigValues) => expect(() => validateConfig(v as Record<string, unknown>, { project: "elb-web-tier", stack: "dev" })).to.not.throw();
        ok({ albListeners: { http: { defaultAction: { type: "redirect", protocol: "HTTPS", port: 443 } } } });
        ok({ albListeners: { http: { defaultAction: { type: "redirect", protocol: "HTTPS", host: "www.example.com" } } } });
        ok({ albListeners: { https: { rules: { docs: { priority: 1, conditions: [{ pathPattern: ["/docs/*"] }], action: { type: "redirect", host: "docs.example.com", port: "8443" } } } } } });
    });

    it("reports every problem at once, one line each", async () => {
        const { message } = await planError({ fleet: { instanceCount: 0 }, targetGroups: { "TG-ALB": { algorithm: "fastest" } }, bogus: true });
        const lines = message.split("\n").filter((l) => l.startsWith("  - "));
        expect(lines).to.have.length(3);
        expect(message).to.match(/^Invalid stack configuration:/);
    });

    it("fails in a preview too, before any resource", async () => {
        const { message, registered } = await planError({ targetGroups: { "TG-ALB": { slowStart: 5 } } }, { preview: true });
        expect(message).to.contain(`${key("targetGroups.TG-ALB.slowStart")}: must be 0 (off) or from 30 to 900 seconds; got 5`);
        expect(registered).to.equal(0);
    });
});
