// Listener, listener certificate and listener rule policies.
import { expect } from "chai";
import * as path from "path";

import { DEFAULT_ALLOWED_SSL_POLICIES } from "../../policies/rules/listeners/shared";
import { ELB_17_SSL_POLICIES } from "../../policies/facts/tls";
import { rulesConfig } from "../../policies/rules/dispatch";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    policyConfigFromFile,
    PolicyPackConfig,
    previewNotesOf,
    previewPolicy,
    resource,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";
import {
    ACM_ARN,
    LISTENER_CERTIFICATE_TYPES,
    LISTENER_RULE_TYPES,
    LISTENER_TYPES,
    TLS_POLICY,
    forwardRule,
    httpRedirectListener,
    httpsListener,
} from "./loadbalancingFixtures";
import { rulesIn } from "../../policies/rules";

/** The load-balancing rules: load balancers, listeners, target groups and routing between them. */
const loadBalancingPolicies = rulesIn("loadbalancers", "listeners", "targetgroups", "routing");

const policy = (name: string) => findPolicy(loadBalancingPolicies, name);

const IAM_CERT = "arn:aws:iam::123456789012:server-certificate/web";

function tlsListener(): Record<string, unknown> {
    return { ...httpsListener("arn:nlb", "arn:tg-nlb"), protocol: "TLS", port: 443 };
}

describe("lb-listener-acm-certificate", () => {
    const p = policy("lb-listener-acm-certificate");

    for (const type of LISTENER_TYPES) {
        describe(type, () => {
            const failing: [string, Record<string, unknown>, string][] = [
                ["an HTTPS listener without certificateArn", { ...httpsListener(), certificateArn: undefined }, "HTTPS listener has no certificateArn"],
                ["an HTTPS listener with an empty certificateArn", { ...httpsListener(), certificateArn: " " }, "has no certificateArn"],
                ["an HTTPS listener with an IAM server certificate", { ...httpsListener(), certificateArn: IAM_CERT }, "uses IAM server certificate"],
                ["a TLS listener with an IAM server certificate in GovCloud", { ...tlsListener(), certificateArn: "arn:aws-us-gov:iam::1:server-certificate/x" }, "TLS listener uses IAM server certificate"],
                ["a TLS listener with a non-ACM ARN", { ...tlsListener(), certificateArn: "arn:aws:s3:::bucket/cert.pem" }, "not an ACM certificate ARN"],
                ["a lower-case https listener without a certificate", { ...httpsListener(), protocol: "https", certificateArn: undefined }, "has no certificateArn"],
            ];
            for (const [label, props, fragment] of failing) {
                it(`flags ${label}`, async () => {
                    const v = expectViolation(await runPolicy(p, [resource(type, props)]), p.name, fragment);
                    expect(v.message).to.include("set certificateArn to an ACM certificate");
                    expect(v.enforcementLevel).to.equal("mandatory");
                });
            }

            it("passes ACM certificates in every partition, and ignores HTTP/TCP listeners", async () => {
                expectNoViolation(await runPolicy(p, [
                    resource(type, httpsListener()),
                    resource(type, { ...tlsListener(), certificateArn: "arn:aws-cn:acm:cn-north-1:1:certificate/x" }),
                    resource(type, { ...httpsListener(), certificateArn: "arn:aws-us-gov:acm:us-gov-west-1:1:certificate/x" }),
                    resource(type, httpRedirectListener()),
                    resource(type, { loadBalancerArn: "arn:nlb", port: 80, protocol: "TCP", defaultActions: [] }),
                ]));
            });

            it("leaves a certificate created in the same stack (unknown in preview) to the engine's note", async () => {
                const result = await previewPolicy(p, [resource(type, { ...httpsListener(), certificateArn: UNKNOWN })]);
                expect(violationsOf(result, p.name)).to.be.empty;
                expect(previewNotesOf(result, p.name)).to.have.length(1);
            });

            it("does not read the certificate of an HTTP listener at all, even when unknown", async () => {
                expectNoViolation(await previewPolicy(p, [resource(type, { ...httpRedirectListener(), certificateArn: UNKNOWN })]));
            });
        });
    }

    for (const type of LISTENER_CERTIFICATE_TYPES) {
        it(`${type}: flags extra certificates that are not from ACM and passes ACM ones`, async () => {
            expectViolation(await runPolicy(p, [resource(type, { listenerArn: "arn:https", certificateArn: IAM_CERT })]), p.name, "Listener certificate uses IAM server certificate");
            expectViolation(await runPolicy(p, [resource(type, { listenerArn: "arn:https" })]), p.name, "Listener certificate has no certificateArn");
            expectNoViolation(await runPolicy(p, [resource(type, { listenerArn: "arn:https", certificateArn: ACM_ARN })]));
        });
    }
});

describe("alb-http-redirects-to-https", () => {
    const p = policy("alb-http-redirects-to-https");

    for (const type of LISTENER_TYPES) {
        describe(type, () => {
            const failing: [string, Record<string, unknown>][] = [
                ["forwards", { ...httpRedirectListener(), defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }],
                ["returns a fixed response", { ...httpRedirectListener(), defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }] }],
                ["redirects without a protocol (stays on HTTP)", { ...httpRedirectListener(), defaultActions: [{ type: "redirect", redirect: { host: "example.com", statusCode: "HTTP_301" } }] }],
                ["redirects to HTTP", { ...httpRedirectListener(), defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_302" } }] }],
                ["has no default actions", { ...httpRedirectListener(), defaultActions: [] }],
                ["omits the protocol (ALB default HTTP) and forwards", { loadBalancerArn: "arn:alb", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }],
            ];
            for (const [label, props] of failing) {
                it(`flags an HTTP listener that ${label}`, async () => {
                    const v = expectViolation(await runPolicy(p, [resource(type, props)]), p.name, "HTTP listener does not redirect to HTTPS");
                    expect(v.message).to.include("redirect: { protocol: 'HTTPS'");
                    expect(v.enforcementLevel).to.equal("mandatory");
                });
            }

            it("passes a redirect to HTTPS (any case), and ignores HTTPS, TCP and Gateway listeners", async () => {
                expectNoViolation(await runPolicy(p, [
                    resource(type, httpRedirectListener()),
                    resource(type, { ...httpRedirectListener(), defaultActions: [{ type: "redirect", redirect: { protocol: "https", statusCode: "HTTP_301" } }] }),
                    resource(type, httpsListener()),
                    resource(type, { loadBalancerArn: "arn:nlb", port: 80, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
                    resource(type, { loadBalancerArn: "arn:gwlb", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }),
                ]));
            });

            it("never crashes on odd shapes", async () => {
                expectViolation(await runPolicy(p, [resource(type, { ...httpRedirectListener(), defaultActions: "redirect" })]), p.name, "does not redirect");
                expectViolation(await runPolicy(p, [resource(type, { ...httpRedirectListener(), defaultActions: [null, 7, { type: "redirect" }] })]), p.name, "does not redirect");
            });

            it("leaves unknown default actions to the engine's preview note", async () => {
                const result = await previewPolicy(p, [resource(type, { ...httpRedirectListener(), defaultActions: UNKNOWN })]);
                expect(violationsOf(result, p.name)).to.be.empty;
                expect(previewNotesOf(result, p.name)).to.have.length(1);
            });
        });
    }
});

describe("lb-listener-tls-policy", () => {
    const p = policy("lb-listener-tls-policy");

    it("allows only TLS 1.2+ policies without legacy CBC/SHA-1 suites by default", () => {
        for (const name of DEFAULT_ALLOWED_SSL_POLICIES) {
            expect(name).to.match(/^ELBSecurityPolicy-TLS13-1-[23]-/);
            expect(name).to.not.match(/Ext[012]/);
        }
        // Remediation applies the first: the program's default, AWS's current recommendation.
        expect(DEFAULT_ALLOWED_SSL_POLICIES[0]).to.equal("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
        expect(DEFAULT_ALLOWED_SSL_POLICIES).to.include.members([
            "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
            "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
        ]);
    });

    it("uses Security Hub ELB.17's recommended list in every environment, without ELBSecurityPolicy-TLS13-1-2-2021-06", async () => {
        const prod = rulesConfig(policyConfigFromFile(path.join(__dirname, "..", "..", "policies", "config", "prod.json"))) as PolicyPackConfig;
        const allowed = (prod["lb-listener-tls-policy"] as { allowedPolicies: string[] }).allowedPolicies;
        expect(allowed).to.deep.equal([...ELB_17_SSL_POLICIES]);
        expect(allowed).to.not.include("ELBSecurityPolicy-TLS13-1-2-2021-06");
        const listener = resource(LISTENER_TYPES[0], { ...httpsListener(), sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
        expectViolation(await runPolicy(p, [listener], { config: prod }), p.name, "sslPolicy 'ELBSecurityPolicy-TLS13-1-2-2021-06', which is not allowed");
        // The default allowlist is ELB.17's too (the program's config doesn't offer 2021-06 either).
        expectViolation(await runPolicy(p, [listener]), p.name, "sslPolicy 'ELBSecurityPolicy-TLS13-1-2-2021-06', which is not allowed");
    });

    for (const type of LISTENER_TYPES) {
        describe(type, () => {
            const failing: [string, Record<string, unknown>, string][] = [
                ["an HTTPS listener without sslPolicy", { ...httpsListener(), sslPolicy: undefined }, "no sslPolicy (AWS default ELBSecurityPolicy-2016-08)"],
                ["an HTTPS listener on ELBSecurityPolicy-2016-08", { ...httpsListener(), sslPolicy: "ELBSecurityPolicy-2016-08" }, "sslPolicy 'ELBSecurityPolicy-2016-08'"],
                ["a TLS listener allowing TLS 1.0", { ...tlsListener(), sslPolicy: "ELBSecurityPolicy-TLS13-1-0-2021-06" }, "TLS listener uses sslPolicy 'ELBSecurityPolicy-TLS13-1-0-2021-06'"],
                ["an HTTPS listener with legacy Ext1 ciphers", { ...httpsListener(), sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06" }, "Ext1"],
            ];
            for (const [label, props, fragment] of failing) {
                it(`flags ${label}`, async () => {
                    const v = expectViolation(await runPolicy(p, [resource(type, props)]), p.name, fragment);
                    expect(v.message).to.include(`set sslPolicy to '${TLS_POLICY}'`);
                    expect(v.enforcementLevel).to.equal("mandatory");
                });
            }

            it("passes allowed policies and ignores HTTP/TCP listeners", async () => {
                expectNoViolation(await runPolicy(p, [
                    resource(type, httpsListener()),
                    resource(type, { ...tlsListener(), sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" }),
                    resource(type, httpRedirectListener()),
                    resource(type, { loadBalancerArn: "arn:nlb", port: 80, protocol: "TCP", defaultActions: [] }),
                ]));
            });

            it("remediates a missing or disallowed policy to the first allowed one", async () => {
                const config = { "lb-listener-tls-policy": "remediate" as const };
                const result = await runPolicy(p, [
                    resource(type, { ...httpsListener(), sslPolicy: undefined }),
                    resource(type, { ...tlsListener(), sslPolicy: "ELBSecurityPolicy-2016-08" }),
                    resource(type, httpsListener()),
                    resource(type, httpRedirectListener()),
                ], { config });
                expect(result.remediations.map(r => r.props.sslPolicy)).to.deep.equal([TLS_POLICY, TLS_POLICY]);
                expect(result.remediations[0].props).to.include({ protocol: "HTTPS", certificateArn: ACM_ARN });
                expectNoViolation(result);
            });

            it("honours a per-environment allowedPolicies list, remediating to its first entry", async () => {
                const allowedPolicies = ["ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"];
                const strict = { "lb-listener-tls-policy": { allowedPolicies } };
                expectViolation(await runPolicy(p, [resource(type, httpsListener())], { config: strict }), p.name, "set sslPolicy to 'ELBSecurityPolicy-TLS13-1-3-2021-06'");
                expectNoViolation(await runPolicy(p, [resource(type, { ...httpsListener(), sslPolicy: allowedPolicies[1] })], { config: strict }));
                const result = await runPolicy(p, [resource(type, httpsListener())], {
                    config: { "lb-listener-tls-policy": { enforcementLevel: "remediate", allowedPolicies } },
                });
                expect(result.remediations[0].props.sslPolicy).to.equal(allowedPolicies[0]);
            });

            it("leaves an unknown sslPolicy to the engine's preview note", async () => {
                const result = await previewPolicy(p, [resource(type, { ...httpsListener(), sslPolicy: UNKNOWN })]);
                expect(violationsOf(result, p.name)).to.be.empty;
                expect(previewNotesOf(result, p.name)).to.have.length(1);
            });
        });
    }

    it("rejects config that names something other than an ELB security policy", async () => {
        let error: unknown;
        await runPolicy(p, [], { config: { "lb-listener-tls-policy": { allowedPolicies: ["TLSv1.2"] } } }).catch(e => { error = e; });
        expect(String(error)).to.include("lb-listener-tls-policy");
    });
});

describe("lb-listener-rule-limits (stack)", () => {
    const p = policy("lb-listener-rule-limits");

    for (const [i, ruleType] of LISTENER_RULE_TYPES.entries()) {
        const listenerType = LISTENER_TYPES[i];
        describe(`${ruleType} on ${listenerType}`, () => {
            const listener = resource(listenerType, httpsListener());
            const otherListener = resource(listenerType, httpsListener());
            const rule = (props: Record<string, unknown>, on = listener) =>
                resource(ruleType, { ...forwardRule("arn:https", "arn:tg"), ...props }, { propertyDependencies: { listenerArn: [on.urn] } });

            it("flags a priority used twice on the same listener, on the second rule", async () => {
                const first = rule({ priority: 10 });
                const second = rule({ priority: 10 });
                const v = expectViolation(await runPolicy(p, [listener, first, second]), p.name, "priority 10 is already used");
                expect(v.urn).to.equal(second.urn);
                expect(v.message).to.include(`'${first.name}'`);
            });

            it("allows the same priority on different listeners, and absent priorities", async () => {
                expectNoViolation(await runPolicy(p, [listener, otherListener, rule({ priority: 10 }), rule({ priority: 10 }, otherListener), rule({ priority: undefined }), rule({ priority: undefined })]));
            });

            it("groups rules by a literal listener ARN when there are no dependencies", async () => {
                const a = resource(ruleType, { ...forwardRule("arn:aws:elasticloadbalancing:l/1", "arn:tg"), priority: 7 });
                const b = resource(ruleType, { ...forwardRule("arn:aws:elasticloadbalancing:l/1", "arn:tg"), priority: 7 });
                expectViolation(await runPolicy(p, [a, b]), p.name, "priority 7 is already used");
            });

            it("does not compare priorities of rules whose listener is unknown in preview", async () => {
                const a = resource(ruleType, { ...forwardRule(UNKNOWN, UNKNOWN), priority: 7 });
                const b = resource(ruleType, { ...forwardRule(UNKNOWN, UNKNOWN), priority: 7 });
                expectNoViolation(await previewPolicy(p, [a, b]));
            });

            const failing: [string, Record<string, unknown>, string][] = [
                ["priority 0", { priority: 0 }, "priority 0 is invalid"],
                ["priority 50001", { priority: 50001 }, "whole numbers 1-50000"],
                ["a fractional priority", { priority: 1.5 }, "priority 1.5 is invalid"],
                ["two path-pattern conditions", { conditions: [{ pathPattern: { values: ["/a"] } }, { pathPattern: { values: ["/b"] } }] }, "use pathPattern 2 times"],
                ["two host-header conditions", { conditions: [{ hostHeader: { values: ["a.example.com"] } }, { hostHeader: { values: ["b.example.com"] } }] }, "use hostHeader 2 times"],
                ["four values in one condition", { conditions: [{ pathPattern: { values: ["/a", "/b", "/c", "/d"] } }] }, "conditions[0] (pathPattern) has 4 match values"],
                ["six match evaluations in a rule", { conditions: [
                    { pathPattern: { values: ["/a", "/b", "/c"] } },
                    { httpHeader: { httpHeaderName: "X-A", values: ["1", "2"] } },
                    { queryStrings: [{ key: "v", value: "1" }] },
                ] }, "6 match evaluations in total"],
                ["seven wildcards in a rule", { conditions: [{ pathPattern: { values: ["/a/*/*", "/b/*"] } }, { hostHeader: { values: ["*.example.*"] } }, { queryStrings: [{ key: "k*", value: "?" }] }] }, "7 wildcard characters"],
                ["two forward actions", { actions: [{ type: "forward", targetGroupArn: "arn:a" }, { type: "forward", targetGroupArn: "arn:b" }] }, "more than one 'forward' action"],
                ["no final action", { actions: [{ type: "authenticate-oidc", authenticateOidc: {} }] }, "contain 0 of forward/redirect/fixed-response"],
                ["a redirect and a forward", { actions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }, { type: "forward", targetGroupArn: "arn:a" }] }, "contain 2 of forward/redirect/fixed-response"],
                ["the forward before the authenticate action", { actions: [{ type: "forward", targetGroupArn: "arn:a", order: 1 }, { type: "authenticate-cognito", order: 2 }] }, "'forward' action must run last"],
            ];
            for (const [label, props, fragment] of failing) {
                it(`flags ${label}`, async () => {
                    const r = rule(props);
                    const v = expectViolation(await runPolicy(p, [listener, r]), p.name, fragment);
                    expect(v.urn).to.equal(r.urn);
                    expect(v.enforcementLevel).to.equal("advisory");
                });
            }

            it("passes rules within the limits: repeated http-header/query-string, authenticate before forward, regex values", async () => {
                expectNoViolation(await runPolicy(p, [listener,
                    rule({ conditions: [
                        { httpHeader: { httpHeaderName: "X-A", values: ["1"] } },
                        { httpHeader: { httpHeaderName: "X-B", values: ["2"] } },
                        { queryStrings: [{ key: "a", value: "1" }] },
                        { queryStrings: [{ value: "b*" }] },
                        { hostHeader: { regexValues: ["^(.+)\\.example\\.com$"] } },
                    ] }),
                    rule({ priority: 20, actions: [{ type: "authenticate-oidc", authenticateOidc: {} }, { type: "forward", targetGroupArn: "arn:a" }] }),
                    rule({ priority: 30, actions: [{ type: "forward", order: 5, targetGroupArn: "arn:a" }, { type: "authenticate-cognito", order: 1 }] }),
                    rule({ priority: 40, conditions: [{ sourceIp: { values: ["10.0.0.0/8", "192.168.0.0/16"] } }, { httpRequestMethod: { values: ["GET", "HEAD"] } }] }),
                ]));
            });

            it("honours the limit knobs", async () => {
                const r = rule({ conditions: [{ pathPattern: { values: ["/a", "/b", "/c"] } }] });
                expectViolation(await runPolicy(p, [listener, r], { config: { "lb-listener-rule-limits": { maxMatchEvaluationsPerCondition: 2 } } }), p.name, "AWS allows 2 per condition");
                expectViolation(await runPolicy(p, [listener, r], { config: { "lb-listener-rule-limits": { maxMatchEvaluationsPerRule: 2 } } }), p.name, "AWS allows 2 per rule");
                expectViolation(await runPolicy(p, [listener, rule({ conditions: [{ pathPattern: { values: ["/*"] } }] })], { config: { "lb-listener-rule-limits": { maxWildcardsPerRule: 0 } } }), p.name, "1 wildcard characters");
            });

            it("skips what is unknown in preview and still checks the rest", async () => {
                const unknownEverything = rule({ priority: UNKNOWN, conditions: UNKNOWN, actions: UNKNOWN });
                const unknownParts = rule({
                    priority: 11,
                    conditions: [{ pathPattern: { values: [UNKNOWN, "/b"] } }, { hostHeader: UNKNOWN }],
                    actions: [{ type: "forward", targetGroupArn: UNKNOWN, forward: UNKNOWN }, { type: UNKNOWN }],
                });
                const stillWrong = rule({ priority: 12, conditions: [{ pathPattern: { values: [UNKNOWN] } }, { pathPattern: { values: [UNKNOWN] } }] });
                const result = await previewPolicy(p, [listener, unknownEverything, unknownParts, stillWrong]);
                expect(previewNotesOf(result, p.name), JSON.stringify(result.violations)).to.be.empty;
                expect(violationsOf(result, p.name).map(v => v.urn)).to.deep.equal([stillWrong.urn]);
            });

            it("never crashes on odd shapes", async () => {
                const odd = rule({ priority: "ten", conditions: [null, 5, { pathPattern: "x" }, { queryStrings: "k=v" }], actions: [null, { type: 3 }] });
                expectViolation(await runPolicy(p, [listener, odd]), p.name, "priority ten is invalid");
            });
        });
    }
});
