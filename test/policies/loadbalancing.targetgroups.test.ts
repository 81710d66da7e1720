// Target group policies: settings (resource) and in-use (stack).
import { expect } from "chai";

import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    previewNotesOf,
    previewPolicy,
    resource,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";
import {
    LISTENER_RULE_TYPES,
    LISTENER_TYPES,
    TARGET_GROUP_TYPES,
    albTargetGroup,
    forwardRule,
    httpsListener,
    nlbTargetGroup,
} from "./loadbalancingFixtures";
import { rulesIn } from "../../policies/rules";

/** The load-balancing rules: load balancers, listeners, target groups and routing between them. */
const loadBalancingPolicies = rulesIn("loadbalancers", "listeners", "targetgroups", "routing");

const policy = (name: string) => findPolicy(loadBalancingPolicies, name);

type Props = Record<string, unknown>;

function withHealthCheck(base: Props, healthCheck: Props): Props {
    return { ...base, healthCheck: { ...(base.healthCheck as Props), ...healthCheck } };
}

describe("lb-target-group-settings", () => {
    const p = policy("lb-target-group-settings");
    const alb = albTargetGroup;
    const nlb = nlbTargetGroup;

    const failing: [string, Props, string][] = [
        ["health checks turned off", withHealthCheck(alb(), { enabled: false }), "healthCheck.enabled is false"],
        ["an HTTP group whose timeout equals the interval", withHealthCheck(alb(), { interval: 10, timeout: 10 }), "healthCheck.timeout (10s) must be smaller than healthCheck.interval (10s)"],
        ["an HTTPS group whose timeout exceeds the interval", withHealthCheck({ ...alb(), protocol: "HTTPS" }, { interval: 5, timeout: 6 }), "must be smaller than"],
        ["a TCP group whose timeout exceeds the interval", withHealthCheck(nlb(), { interval: 10, timeout: 20 }), "healthCheck.timeout (20s) must not exceed healthCheck.interval (10s)"],
        ["a TCP health check on an HTTP group", withHealthCheck(alb(), { protocol: "TCP" }), "healthCheck.protocol is TCP"],
        ["healthyThreshold 1", withHealthCheck(alb(), { healthyThreshold: 1 }), "healthCheck.healthyThreshold is 1; AWS accepts 2-10"],
        ["unhealthyThreshold 11", withHealthCheck(nlb(), { unhealthyThreshold: 11 }), "healthCheck.unhealthyThreshold is 11"],
        ["interval 301", withHealthCheck(alb(), { interval: 301, timeout: 5 }), "healthCheck.interval is 301; AWS accepts 5-300 seconds"],
        ["timeout 1", withHealthCheck(alb(), { timeout: 1 }), "healthCheck.timeout is 1; AWS accepts 2-120"],
        ["deregistrationDelay 3601", { ...alb(), deregistrationDelay: 3601 }, "deregistrationDelay is 3601; AWS accepts 0-3600"],
        ["slowStart 10", { ...alb(), slowStart: 10 }, "slowStart is 10; AWS accepts 0 (off) or 30-900"],
        ["slowStart 901", { ...alb(), slowStart: 901 }, "slowStart is 901"],
        ["a cookie lasting more than a week", { ...alb(), stickiness: { type: "lb_cookie", cookieDuration: 604801 } }, "stickiness.cookieDuration is 604801; AWS accepts 1-604800"],
        ["slow start with least outstanding requests", { ...alb(), slowStart: 60, loadBalancingAlgorithmType: "least_outstanding_requests" }, "slowStart cannot be combined with loadBalancingAlgorithmType 'least_outstanding_requests'"],
        ["slow start with weighted random", { ...alb(), slowStart: 60, loadBalancingAlgorithmType: "weighted_random" }, "'weighted_random'"],
        ["anomaly mitigation without weighted random", { ...alb(), loadBalancingAnomalyMitigation: "on" }, "loadBalancingAnomalyMitigation 'on' requires loadBalancingAlgorithmType 'weighted_random'"],
        ["cookie stickiness on a TCP group", { ...nlb(), stickiness: { type: "lb_cookie", enabled: true } }, "stickiness.type 'lb_cookie' only works on HTTP/HTTPS target groups"],
        ["app cookie stickiness on a TLS group", { ...nlb(), protocol: "TLS", stickiness: { type: "app_cookie", cookieName: "s" } }, "'app_cookie' only works on HTTP/HTTPS"],
        ["source_ip stickiness on an HTTP group", { ...alb(), stickiness: { type: "source_ip", enabled: true } }, "stickiness.type 'source_ip' only works on TCP/UDP/TLS/TCP_UDP target groups"],
        ["gateway stickiness on a UDP group", { ...nlb(), protocol: "UDP", stickiness: { type: "source_ip_dest_ip" } }, "only works on GENEVE target groups"],
        ["a camelCase stickiness type", { ...alb(), stickiness: { type: "lbCookie" } }, "stickiness.type 'lbCookie' is not an AWS stickiness type"],
        ["proxy protocol v2 on an HTTP group", { ...alb(), proxyProtocolV2: true }, "proxyProtocolV2 only applies to Network Load Balancer"],
        ["client IP preservation on an HTTPS group", { ...alb(), protocol: "HTTPS", preserveClientIp: "true" }, "preserveClientIp only applies"],
        ["connection termination on a Lambda group", { targetType: "lambda", connectionTermination: true }, "connectionTermination only applies"],
        ["slow start on a TCP group", { ...nlb(), slowStart: 60 }, "slowStart only applies to HTTP/HTTPS (ALB) target groups"],
        ["a non-default algorithm on a TCP group", { ...nlb(), loadBalancingAlgorithmType: "least_outstanding_requests" }, "loadBalancingAlgorithmType only applies to HTTP/HTTPS"],
    ];

    const passing: [string, Props][] = [
        ["the fixture ALB group", alb()],
        ["the fixture NLB group (timeout may equal interval on NLB groups)", nlb()],
        ["no health check block (AWS defaults)", { ...alb(), healthCheck: undefined }],
        ["slow start with round robin", { ...alb(), slowStart: 30, loadBalancingAlgorithmType: "round_robin" }],
        ["slowStart 0 with least outstanding requests", { ...alb(), slowStart: 0, loadBalancingAlgorithmType: "least_outstanding_requests" }],
        ["weighted random with anomaly mitigation", { ...alb(), loadBalancingAlgorithmType: "weighted_random", loadBalancingAnomalyMitigation: "on" }],
        ["source_ip stickiness on a TCP_UDP group", { ...nlb(), protocol: "TCP_UDP", stickiness: { type: "source_ip", enabled: true } }],
        ["disabled cookie stickiness on a TCP group", { ...nlb(), stickiness: { type: "lb_cookie", enabled: false } }],
        ["NLB attributes explicitly off on an HTTP group", { ...alb(), proxyProtocolV2: false, preserveClientIp: "false", connectionTermination: false }],
        ["boundary values", withHealthCheck({ ...alb(), deregistrationDelay: 0, slowStart: 900 }, { interval: 300, timeout: 120, healthyThreshold: 10, unhealthyThreshold: 2 })],
        ["a Lambda group with health checks turned off explicitly (its default)", { targetType: "lambda", healthCheck: { enabled: false } }],
        ["a Lambda group with health checks off by AWS default", { targetType: "lambda" }],
        ["a cross-zone setting on an NLB group", { ...nlb(), loadBalancingCrossZoneEnabled: "true" }],
    ];

    for (const type of TARGET_GROUP_TYPES) {
        describe(type, () => {
            for (const [label, props, fragment] of failing) {
                it(`flags ${label}`, async () => {
                    const v = expectViolation(await runPolicy(p, [resource(type, props)]), p.name, fragment);
                    expect(v.enforcementLevel).to.equal("advisory");
                });
            }

            for (const [label, props] of passing) {
                it(`passes ${label}`, async () => {
                    expectNoViolation(await runPolicy(p, [resource(type, props)]));
                });
            }

            it("reports every problem of one group, not just the first", async () => {
                const props = withHealthCheck({ ...alb(), slowStart: 5 }, { interval: 400, timeout: 500 });
                expect(violationsOf(await runPolicy(p, [resource(type, props)]), p.name)).to.have.length(4);
            });

            it("never crashes on odd shapes", async () => {
                const odd = { protocol: 80, healthCheck: "on", stickiness: ["lb_cookie"], slowStart: "soon", deregistrationDelay: null };
                expectViolation(await runPolicy(p, [resource(type, odd)]), p.name, "slowStart is soon");
            });

            it("can be raised to mandatory per environment", async () => {
                const v = expectViolation(
                    await runPolicy(p, [resource(type, withHealthCheck(alb(), { enabled: false }))], { config: { "lb-target-group-settings": "mandatory" } }),
                    p.name, "healthCheck.enabled");
                expect(v.enforcementLevel).to.equal("mandatory");
            });

            it("leaves unknown settings to the engine's preview note, never a violation", async () => {
                const result = await previewPolicy(p, [resource(type, withHealthCheck({ ...alb(), vpcId: UNKNOWN }, { interval: UNKNOWN }))]);
                expect(violationsOf(result, p.name)).to.be.empty;
                expect(previewNotesOf(result, p.name)).to.have.length(1);
                expectNoViolation(await previewPolicy(p, [resource(type, { ...alb(), vpcId: UNKNOWN, name: UNKNOWN })]));
            });
        });
    }
});

describe("lb-target-group-in-use (stack)", () => {
    const p = policy("lb-target-group-in-use");

    for (const [i, tgType] of TARGET_GROUP_TYPES.entries()) {
        const listenerType = LISTENER_TYPES[i];
        const ruleType = LISTENER_RULE_TYPES[i];
        describe(`${tgType} with ${listenerType} / ${ruleType}`, () => {
            it("flags a target group nothing forwards to, on the group's URN", async () => {
                const used = resource(tgType, albTargetGroup());
                const orphan = resource(tgType, albTargetGroup());
                const listener = resource(listenerType, httpsListener("arn:alb", UNKNOWN), { propertyDependencies: { defaultActions: [used.urn] } });
                const result = await previewPolicy(p, [used, orphan, listener]);
                const v = expectViolation(result, p.name, "is not referenced by any listener default action or listener rule action");
                expect(violationsOf(result, p.name).map(x => x.urn)).to.deep.equal([orphan.urn]);
                expect(v.enforcementLevel).to.equal("advisory");
            });

            it("flags every target group when there is no listener at all", async () => {
                const result = await runPolicy(p, [resource(tgType, albTargetGroup()), resource(tgType, nlbTargetGroup())]);
                expect(violationsOf(result, p.name)).to.have.length(2);
            });

            it("counts forwards from listener default actions, listener rules and weighted forward blocks", async () => {
                const a = resource(tgType, albTargetGroup());
                const b = resource(tgType, albTargetGroup());
                const c = resource(tgType, { ...nlbTargetGroup(), arn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/c/1" });
                const d = resource(tgType, albTargetGroup());
                expectNoViolation(await runPolicy(p, [
                    a, b, c, d,
                    resource(listenerType, httpsListener("arn:alb", "arn:a"), { propertyDependencies: { defaultActions: [a.urn] } }),
                    resource(ruleType, forwardRule("arn:https", "arn:b"), { propertyDependencies: { actions: [b.urn] } }),
                    // Matched by the known ARN alone.
                    resource(listenerType, { loadBalancerArn: "arn:nlb", protocol: "TCP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/c/1" }] }),
                    // Weighted forward, tied through plain dependencies.
                    resource(ruleType, { ...forwardRule("arn:https", undefined, 20), actions: [{ type: "forward", forward: { targetGroups: [{ arn: "arn:d", weight: 1 }] } }] }, { dependencies: [d.urn] }),
                ]));
            });

            it("does not guess when a forward target cannot be identified in preview", async () => {
                const tg = resource(tgType, albTargetGroup());
                const blind = [
                    resource(listenerType, httpsListener("arn:alb", UNKNOWN)),
                    resource(listenerType, { ...httpsListener(), defaultActions: UNKNOWN }),
                    resource(listenerType, { ...httpsListener(), defaultActions: [UNKNOWN] }),
                    resource(ruleType, { ...forwardRule("arn:https", undefined), actions: [{ type: "forward", forward: { targetGroups: UNKNOWN } }] }),
                    resource(ruleType, { ...forwardRule("arn:https", undefined), actions: [{ type: "forward", forward: { targetGroups: [{ arn: UNKNOWN }] } }] }),
                ];
                for (const listenerOrRule of blind) {
                    const result = await previewPolicy(p, [tg, listenerOrRule]);
                    expectNoViolation(result);
                }
            });

            it("never crashes on odd shapes", async () => {
                const tg = resource(tgType, albTargetGroup());
                const odd = resource(listenerType, { ...httpsListener(), defaultActions: [null, "forward", { forward: "tg" }, { forward: { targetGroups: [null] } }] });
                expectViolation(await runPolicy(p, [tg, odd]), p.name, "is not referenced");
            });
        });
    }
});
