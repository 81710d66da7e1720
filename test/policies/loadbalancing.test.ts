// Load-balancing rules: the pack-level contract and the load balancer rules.
// Listener rules are in loadbalancing.listeners.test.ts, target groups in loadbalancing.targetgroups.test.ts.
import { expect } from "chai";

import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    previewNotesOf,
    previewPolicy,
    resource,
    run,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";
import { LB_TYPES, LISTENER_TYPES, goodAlb, goodNlb, wellFormedStack } from "./loadbalancingFixtures";
import { rulesIn } from "../../policies/rules";

/** The load-balancing rules: load balancers, listeners, target groups and routing between them. */
const loadBalancingPolicies = rulesIn("loadbalancers", "listeners", "targetgroups", "routing");

const policy = (name: string) => findPolicy(loadBalancingPolicies, name);

describe("load-balancing policies: the pack contract", () => {
    it("gives every policy a kebab-case name and a description", () => {
        for (const p of loadBalancingPolicies) {
            expect(p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            expect(p.description.length, p.name).to.be.greaterThan(60);
        }
    });

    it("passes a well-formed web tier (ALB + NLB, listeners, rules, target groups) without a single finding", async () => {
        for (const family of [0, 1]) {
            expectNoViolation(await run(loadBalancingPolicies, wellFormedStack(family)));
        }
    });

    it("passes the same web tier in preview, with ARNs and IDs unknown, without a finding or a note", async () => {
        for (const family of [0, 1]) {
            expectNoViolation(await run(loadBalancingPolicies, wellFormedStack(family, UNKNOWN), { preview: true }));
        }
    });

    it("accepts every knob's default against its own schema (the CLI validates config before starting)", async () => {
        // run() reconciles and validates config; an invalid default would throw here.
        await run(loadBalancingPolicies, []);
    });
});

describe("alb-drop-invalid-header-fields", () => {
    const p = policy("alb-drop-invalid-header-fields");

    for (const type of LB_TYPES) {
        describe(type, () => {
            const failing: [string, Record<string, unknown>][] = [
                ["absent", { ...goodAlb(), dropInvalidHeaderFields: undefined }],
                ["false", { ...goodAlb(), dropInvalidHeaderFields: false }],
                ["absent with loadBalancerType absent (application)", { ...goodAlb(), loadBalancerType: undefined, dropInvalidHeaderFields: undefined }],
            ];
            for (const [label, props] of failing) {
                it(`flags an ALB with dropInvalidHeaderFields ${label}`, async () => {
                    const v = expectViolation(await runPolicy(p, [resource(type, props)]), p.name, "set dropInvalidHeaderFields to true");
                    expect(v.enforcementLevel).to.equal("mandatory");
                });
            }

            it("passes an ALB that drops invalid headers", async () => {
                expectNoViolation(await runPolicy(p, [resource(type, goodAlb())]));
            });

            it("ignores NLBs, where the attribute does not exist", async () => {
                expectNoViolation(await runPolicy(p, [resource(type, { ...goodNlb(), dropInvalidHeaderFields: undefined })]));
            });

            it("remediates an ALB by setting dropInvalidHeaderFields to true", async () => {
                const result = await runPolicy(p, [resource(type, { ...goodAlb(), dropInvalidHeaderFields: false })], {
                    config: { "alb-drop-invalid-header-fields": "remediate" },
                });
                expect(result.remediations).to.have.length(1);
                expect(result.remediations[0].props).to.include({ dropInvalidHeaderFields: true, loadBalancerType: "application" });
                expectNoViolation(result);
            });

            it("does not remediate an NLB", async () => {
                const result = await runPolicy(p, [resource(type, goodNlb())], { config: { "alb-drop-invalid-header-fields": "remediate" } });
                expect(result.remediations).to.be.empty;
            });

            it("leaves an unknown type to the engine's preview note", async () => {
                const result = await previewPolicy(p, [resource(type, { ...goodAlb(), loadBalancerType: UNKNOWN })]);
                expect(violationsOf(result, p.name)).to.be.empty;
                expect(previewNotesOf(result, p.name)).to.have.length(1);
            });
        });
    }
});

describe("lb-deletion-protection", () => {
    const p = policy("lb-deletion-protection");
    for (const type of LB_TYPES) {
        for (const [kind, good] of [["ALB", goodAlb], ["NLB", goodNlb]] as const) {
            it(`${type}: flags an ${kind} without deletion protection and passes one with it`, async () => {
                const v = expectViolation(
                    await runPolicy(p, [resource(type, { ...good(), enableDeletionProtection: false })]),
                    p.name, "set enableDeletionProtection to true");
                expect(v.enforcementLevel).to.equal("advisory");
                expectViolation(await runPolicy(p, [resource(type, { ...good(), enableDeletionProtection: undefined })]), p.name, "enableDeletionProtection");
                expectNoViolation(await runPolicy(p, [resource(type, good())]));
            });
        }

        it(`${type}: can be raised to mandatory per environment`, async () => {
            const v = expectViolation(
                await runPolicy(p, [resource(type, { ...goodAlb(), enableDeletionProtection: false })], { config: { "lb-deletion-protection": "mandatory" } }),
                p.name, "enableDeletionProtection");
            expect(v.enforcementLevel).to.equal("mandatory");
        });
    }
});

describe("lb-access-logs", () => {
    const p = policy("lb-access-logs");
    for (const [family, type] of LB_TYPES.entries()) {
        describe(type, () => {
            /** A load balancer and one listener of `protocol` on it, tied by property dependencies. */
            const withListener = (props: Record<string, unknown>, protocol: string, port = 443) => {
                const lb = resource(type, props);
                const listener = resource(LISTENER_TYPES[family], { port, protocol, defaultActions: [] }, {
                    propertyDependencies: { loadBalancerArn: [lb.urn] },
                });
                return [lb, listener];
            };
            const failing: [string, Record<string, unknown>, string, string][] = [
                ["an ALB without accessLogs", { ...goodAlb(), accessLogs: undefined }, "HTTPS", "Access logs are not configured"],
                ["an ALB with enabled absent (provider default false)", { ...goodAlb(), accessLogs: { bucket: "logs" } }, "HTTP", "accessLogs.enabled is not true"],
                ["an NLB with a TLS listener and logs disabled", { ...goodNlb(), accessLogs: { bucket: "logs", enabled: false } }, "TLS", "this NLB has a TLS listener"],
                ["an ALB with an empty bucket", { ...goodAlb(), accessLogs: { bucket: "", enabled: true } }, "HTTPS", "accessLogs.bucket is empty"],
            ];
            for (const [label, props, protocol, fragment] of failing) {
                it(`flags ${label}`, async () => {
                    const v = expectViolation(await runPolicy(p, withListener(props, protocol)), p.name, fragment);
                    expect(v.urn).to.contain(type);
                });
            }

            it("does not ask an NLB without TLS listeners for logs (NLBs log TLS listeners only)", async () => {
                for (const protocol of ["TCP", "UDP", "TCP_UDP"]) {
                    expectNoViolation(await runPolicy(p, withListener({ ...goodNlb(), accessLogs: undefined }, protocol, 80)), p.name);
                }
                expectNoViolation(await runPolicy(p, [resource(type, { ...goodNlb(), accessLogs: undefined })]), p.name);
            });

            it("notes that it cannot decide when an NLB's listener protocol is unknown in preview, or a listener cannot be tied to a load balancer", async () => {
                const nlb = resource(type, { ...goodNlb(), accessLogs: undefined });
                const unknownProtocol = resource(LISTENER_TYPES[family], { loadBalancerArn: UNKNOWN, port: 443, protocol: UNKNOWN }, { propertyDependencies: { loadBalancerArn: [nlb.urn] } });
                const orphanTls = resource(LISTENER_TYPES[family], { loadBalancerArn: UNKNOWN, port: 443, protocol: "TLS" });
                for (const listener of [unknownProtocol, orphanTls]) {
                    const r = await previewPolicy(p, [nlb, listener]);
                    expect(violationsOf(r, p.name)).to.deep.equal([]);
                    expect(previewNotesOf(r, p.name)).to.have.length(1);
                }
                // A known TLS listener settles it even in preview.
                const tls = resource(LISTENER_TYPES[family], { loadBalancerArn: UNKNOWN, port: 443, protocol: "TLS" }, { propertyDependencies: { loadBalancerArn: [nlb.urn] } });
                expectViolation(await previewPolicy(p, [nlb, tls]), p.name, "Access logs are not configured");
            });

            it("passes ALBs and TLS NLBs logging to a bucket, and skips Gateway LBs", async () => {
                expectNoViolation(await runPolicy(p, [
                    ...withListener(goodAlb(), "HTTPS"),
                    ...withListener(goodNlb(), "TLS"),
                    resource(type, { loadBalancerType: "gateway", subnets: ["subnet-a"] }),
                ]));
            });

            it("treats a bucket created in the same stack (unknown in preview) as set", async () => {
                expectNoViolation(await previewPolicy(p, [resource(type, { ...goodAlb(), accessLogs: { bucket: UNKNOWN, enabled: true } })]));
            });
        });
    }
});

describe("alb-desync-mitigation", () => {
    const p = policy("alb-desync-mitigation");
    for (const type of LB_TYPES) {
        it(`${type}: flags an ALB in 'monitor' mode`, async () => {
            expectViolation(await runPolicy(p, [resource(type, { ...goodAlb(), desyncMitigationMode: "monitor" })]), p.name, "set it to 'defensive'");
        });

        it(`${type}: passes absent (AWS default defensive), 'defensive', 'strictest', and NLBs`, async () => {
            expectNoViolation(await runPolicy(p, [
                resource(type, { ...goodAlb(), desyncMitigationMode: undefined }),
                resource(type, { ...goodAlb(), desyncMitigationMode: "defensive" }),
                resource(type, { ...goodAlb(), desyncMitigationMode: "strictest" }),
                resource(type, { ...goodNlb(), desyncMitigationMode: "monitor" }),
            ]));
        });
    }
});

describe("lb-multi-az", () => {
    const p = policy("lb-multi-az");
    for (const type of LB_TYPES) {
        it(`${type}: flags a load balancer in one subnet or one subnet mapping`, async () => {
            expectViolation(await runPolicy(p, [resource(type, { ...goodAlb(), subnets: ["subnet-a"] })]), p.name, "placed in 1 subnet(s)");
            expectViolation(
                await runPolicy(p, [resource(type, { ...goodNlb(), subnetMappings: [{ subnetId: "subnet-a", allocationId: "eipalloc-1" }] })]),
                p.name, "at least 2 subnets");
            expectViolation(await runPolicy(p, [resource(type, { ...goodAlb(), subnets: undefined })]), p.name, "placed in 0 subnet(s)");
        });

        it(`${type}: passes two subnets or two subnet mappings`, async () => {
            expectNoViolation(await runPolicy(p, [resource(type, goodAlb()), resource(type, goodNlb())]));
        });

        it(`${type}: honours the minSubnets knob`, async () => {
            const config = { "lb-multi-az": { minSubnets: 3 } };
            expectViolation(await runPolicy(p, [resource(type, goodAlb())], { config }), p.name, "at least 3 subnets");
            expectNoViolation(await runPolicy(p, [resource(type, { ...goodAlb(), subnets: ["a", "b", "c"] })], { config }));
        });

        it(`${type}: counts subnets whose IDs are unknown in preview`, async () => {
            expectNoViolation(await previewPolicy(p, [resource(type, { ...goodAlb(), subnets: [UNKNOWN, UNKNOWN] })]));
        });
    }

    it("rejects a minSubnets below 1 in config", async () => {
        let error: unknown;
        await runPolicy(p, [], { config: { "lb-multi-az": { minSubnets: 0 } } }).catch(e => { error = e; });
        expect(String(error)).to.include("lb-multi-az");
    });
});

describe("nlb-static-ips", () => {
    const p = policy("nlb-static-ips");
    for (const type of LB_TYPES) {
        describe(type, () => {
            const failing: [string, Record<string, unknown>, string][] = [
                ["plain subnets", { ...goodNlb(), subnetMappings: undefined, subnets: ["subnet-a", "subnet-b"] }, "has no subnetMappings"],
                ["a mapping without allocationId", { ...goodNlb(), subnetMappings: [{ subnetId: "subnet-a", allocationId: "eipalloc-1" }, { subnetId: "subnet-b" }] }, "subnetMappings[1] has no allocationId"],
                ["an empty allocationId", { ...goodNlb(), subnetMappings: [{ subnetId: "subnet-a", allocationId: "" }, { subnetId: "subnet-b", allocationId: "eipalloc-2" }] }, "subnetMappings[0] has no allocationId"],
                ["both subnets and subnetMappings", { ...goodNlb(), subnets: ["subnet-a"] }, "remove subnets"],
                ["an internal NLB with an Elastic IP", { ...goodNlb(), internal: true }, "sets allocationId on an internal NLB"],
            ];
            for (const [label, props, fragment] of failing) {
                it(`flags ${label}`, async () => {
                    const v = expectViolation(await runPolicy(p, [resource(type, props)]), p.name, fragment);
                    expect(v.enforcementLevel).to.equal("mandatory");
                });
            }

            it("passes an internet-facing NLB with an Elastic IP per subnet, an internal NLB without, and ALBs", async () => {
                expectNoViolation(await runPolicy(p, [
                    resource(type, goodNlb()),
                    resource(type, { ...goodNlb(), internal: true, subnetMappings: [{ subnetId: "subnet-a", privateIpv4Address: "10.0.1.10" }] }),
                    resource(type, { ...goodNlb(), internal: true, subnetMappings: undefined, subnets: ["subnet-a", "subnet-b"] }),
                    resource(type, goodAlb()),
                ]));
            });

            it("treats Elastic IPs created in the same stack (allocationId unknown in preview) as attached", async () => {
                const props = { ...goodNlb(), subnetMappings: [{ subnetId: UNKNOWN, allocationId: UNKNOWN }, { subnetId: UNKNOWN, allocationId: UNKNOWN }] };
                expectNoViolation(await previewPolicy(p, [resource(type, props)]));
            });

            it("skips a subnet mapping that is itself unknown in preview and checks the others", async () => {
                const props = { ...goodNlb(), subnetMappings: [UNKNOWN, { subnetId: "subnet-b" }] };
                const result = await previewPolicy(p, [resource(type, props)]);
                expect(violationsOf(result, p.name).map(v => v.message)).to.satisfy((m: string[]) => m.length === 1 && m[0].includes("subnetMappings[1] has no allocationId"));
                expect(previewNotesOf(result, p.name)).to.be.empty;
            });

            it("still flags an unknown allocationId on an internal NLB (it is set, whatever its value)", async () => {
                const props = { ...goodNlb(), internal: true, subnetMappings: [{ subnetId: "subnet-a", allocationId: UNKNOWN }] };
                expectViolation(await previewPolicy(p, [resource(type, props)]), p.name, "subnetMappings[0] sets allocationId");
            });
        });
    }
});

describe("alb-has-https-listener (stack)", () => {
    const p = policy("alb-has-https-listener");

    for (const [i, lbType] of LB_TYPES.entries()) {
        const listenerType = LISTENER_TYPES[i];
        describe(`${lbType} with ${listenerType}`, () => {
            it("flags an internet-facing ALB with only an HTTP listener, on the ALB's URN", async () => {
                const alb = resource(lbType, goodAlb());
                const http = resource(listenerType, { loadBalancerArn: "arn:alb", protocol: "HTTP", port: 80 }, { propertyDependencies: { loadBalancerArn: [alb.urn] } });
                const v = expectViolation(await runPolicy(p, [alb, http]), p.name, "has no HTTPS listener");
                expect(v.urn).to.equal(alb.urn);
                expect(v.enforcementLevel).to.equal("mandatory");
            });

            it("flags an ALB with no listener at all, and one whose HTTPS listener belongs to another ALB", async () => {
                const lonely = resource(lbType, goodAlb());
                const served = resource(lbType, goodAlb());
                const https = resource(listenerType, { loadBalancerArn: UNKNOWN, protocol: "HTTPS", port: 443 }, { propertyDependencies: { loadBalancerArn: [served.urn] } });
                const result = await previewPolicy(p, [lonely, served, https]);
                expect(violationsOf(result, p.name).map(v => v.urn)).to.deep.equal([lonely.urn]);
            });

            it("passes when the HTTPS listener is tied by propertyDependencies, by dependencies, or by a known ARN", async () => {
                const a = resource(lbType, goodAlb());
                const b = resource(lbType, goodAlb());
                const c = resource(lbType, { ...goodAlb(), arn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/c/1" });
                expectNoViolation(await runPolicy(p, [
                    a, b, c,
                    resource(listenerType, { loadBalancerArn: "x", protocol: "HTTPS" }, { propertyDependencies: { loadBalancerArn: [a.urn] } }),
                    resource(listenerType, { loadBalancerArn: "y", protocol: "HTTPS" }, { dependencies: [b.urn] }),
                    resource(listenerType, { loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/c/1", protocol: "HTTPS" }),
                ]));
            });

            it("ignores internal ALBs and NLBs", async () => {
                expectNoViolation(await runPolicy(p, [resource(lbType, { ...goodAlb(), internal: true }), resource(lbType, goodNlb())]));
            });

            it("does not guess when a possibly-HTTPS listener cannot be tied to a load balancer in preview: it notes it cannot decide", async () => {
                const alb = resource(lbType, goodAlb());
                const unknownProtocol = resource(listenerType, { loadBalancerArn: UNKNOWN, protocol: UNKNOWN });
                const unknownLb = resource(listenerType, { loadBalancerArn: UNKNOWN, protocol: "HTTPS" });
                for (const [listener, what] of [[unknownProtocol, "protocol"], [unknownLb, "loadBalancerArn"]] as const) {
                    const r = await previewPolicy(p, [alb, listener]);
                    expect(violationsOf(r, p.name)).to.deep.equal([]);
                    expect(previewNotesOf(r, p.name).map(n => n.message).join()).to.contain(`${what} can't be known during preview`);
                }
            });

            it("still accuses the ALBs it can decide when another one is unknown in preview", async () => {
                const bare = resource(lbType, goodAlb());
                const r = await previewPolicy(p, [bare, resource(lbType, { ...goodAlb(), internal: UNKNOWN })]);
                expect(violationsOf(r, p.name).map(v => v.urn)).to.deep.equal([bare.urn]);
                expect(previewNotesOf(r, p.name)).to.have.length(1);
            });

            it("notes load balancers whose type or scheme is unknown in preview instead of judging them", async () => {
                const r = await previewPolicy(p, [resource(lbType, { ...goodAlb(), internal: UNKNOWN }), resource(lbType, { ...goodAlb(), loadBalancerType: UNKNOWN })]);
                expect(violationsOf(r, p.name)).to.deep.equal([]);
                expect(previewNotesOf(r, p.name)).to.have.length(1);
            });
        });
    }
});
