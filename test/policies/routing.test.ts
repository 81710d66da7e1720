// Listener -> target group protocol pairs, NLB TLS ALPN, and Lambda target permissions,
// written against typed fixtures.
import { expect } from "chai";
import { rules as policies } from "../../policies/rules";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    PlannedResource,
    previewNotesOf,
    previewPolicy,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";
import { fixtures as f } from "./typedFixtures";

const pairing = findPolicy(policies, "lb-listener-target-protocol");
const alpn = findPolicy(policies, "nlb-tls-listener-alpn");
const permission = findPolicy(policies, "lb-lambda-target-permission");

/** A listener of `protocol` forwarding to a fresh target group of `tgProtocol` (or target type). */
function pair(protocol: string, tg: { protocol?: string; targetType?: string }): PlannedResource[] {
    const group = f.targetGroup({ port: 80, vpcId: "vpc-1", ...tg });
    const listener = f.listener({ loadBalancerArn: "arn:lb", port: 443, protocol, defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg/1" }] },
        { propertyDependencies: { defaultActions: [group.urn] } });
    return [group, listener];
}

describe("lb-listener-target-protocol", () => {
    const accepted: [string, { protocol?: string; targetType?: string }][] = [
        ["HTTP", { protocol: "HTTP" }], ["HTTPS", { protocol: "HTTP" }], ["HTTPS", { protocol: "HTTPS" }], ["HTTP", { targetType: "lambda" }],
        ["TCP", { protocol: "TCP" }], ["TCP", { protocol: "TCP_UDP" }], ["TLS", { protocol: "TCP" }], ["TLS", { protocol: "TLS" }],
        ["UDP", { protocol: "UDP" }], ["UDP", { protocol: "TCP_UDP" }], ["TCP_UDP", { protocol: "TCP_UDP" }], ["TCP", { protocol: "TCP", targetType: "alb" }],
    ];
    const refused: [string, { protocol?: string; targetType?: string }, string][] = [
        ["HTTPS", { protocol: "TCP" }, "a HTTPS listener cannot forward to target group"],
        ["TCP", { protocol: "HTTP" }, "AWS accepts TCP, TCP_UDP"],
        ["TCP", { protocol: "UDP" }, "AWS accepts TCP, TCP_UDP"],
        ["TLS", { protocol: "UDP" }, "AWS accepts TCP, TLS"],
        ["UDP", { protocol: "TCP" }, "AWS accepts UDP, TCP_UDP"],
        ["TCP_UDP", { protocol: "TCP" }, "AWS accepts TCP_UDP"],
        ["TCP", { targetType: "lambda" }, "(Lambda targets)"],
        ["TLS", { protocol: "TCP", targetType: "alb" }, 'target type "alb"'],
    ];
    for (const [listener, tg] of accepted) {
        it(`accepts a ${listener} listener forwarding to ${JSON.stringify(tg)}`, async () => {
            expectNoViolation(await runPolicy(pairing, pair(listener, tg)));
        });
    }
    for (const [listener, tg, fragment] of refused) {
        it(`refuses a ${listener} listener forwarding to ${JSON.stringify(tg)}`, async () => {
            const resources = pair(listener, tg);
            const v = expectViolation(await runPolicy(pairing, resources), pairing.name, fragment);
            expect(v.urn).to.equal(resources[1].urn);
            expect(v.enforcementLevel).to.equal("mandatory");
        });
    }

    it("checks listener rules against their listener's protocol, matched by literal ARNs too", async () => {
        const tcpGroup = f.targetGroup({ port: 80, protocol: "TCP", vpcId: "vpc-1", arn: "arn:tg-tcp" } as never);
        const https = f.listener({ loadBalancerArn: "arn:alb", port: 443, protocol: "HTTPS", arn: "arn:listener" } as never);
        const rule = f.listenerRule({ listenerArn: "arn:listener", actions: [{ type: "forward", forward: { targetGroups: [{ arn: "arn:tg-tcp" }] } }], conditions: [] });
        const v = expectViolation(await runPolicy(pairing, [tcpGroup, https, rule]), pairing.name, "a HTTPS listener cannot forward");
        expect(v.urn).to.equal(rule.urn);
    });

    it("notes a target group whose protocol is unknown in preview instead of judging it", async () => {
        const [group, listener] = pair("TCP", { protocol: "HTTP" });
        const r = await previewPolicy(pairing, [{ ...group, props: { ...group.props, protocol: UNKNOWN } }, listener]);
        expect(violationsOf(r, pairing.name)).to.deep.equal([]);
        expect(previewNotesOf(r, pairing.name)[0].message).to.contain("protocol can't be known");
    });
});

describe("nlb-tls-listener-alpn", () => {
    it("asks TLS listeners for an allowed ALPN policy", async () => {
        expectViolation(await runPolicy(alpn, [f.listener({ protocol: "TLS", port: 443 })]), alpn.name, "no alpnPolicy (AWS default 'None')");
        expectViolation(await runPolicy(alpn, [f.listener({ protocol: "TLS", port: 443, alpnPolicy: "None" })]), alpn.name, "alpnPolicy 'None'");
        expectNoViolation(await runPolicy(alpn, [f.listener({ protocol: "TLS", port: 443, alpnPolicy: "HTTP2Preferred" })]));
    });

    it("refuses alpnPolicy on a listener that is not TLS, which AWS rejects", async () => {
        expectViolation(await runPolicy(alpn, [f.listener({ protocol: "TCP", port: 80, alpnPolicy: "HTTP2Preferred" })]), alpn.name, "on a TCP listener");
        expectNoViolation(await runPolicy(alpn, [f.listener({ protocol: "HTTPS", port: 443 }), f.albListener({ protocol: "TCP", port: 80 })]));
    });

    it("takes the allowed list from config, validated against AWS's names", async () => {
        const config = { "nlb-tls-listener-alpn": { allowedAlpnPolicies: ["HTTP1Only"] } };
        expectViolation(await runPolicy(alpn, [f.listener({ protocol: "TLS", alpnPolicy: "HTTP2Preferred" })], { config }), alpn.name, "one of HTTP1Only");
        let error: unknown;
        await runPolicy(alpn, [], { config: { "nlb-tls-listener-alpn": { allowedAlpnPolicies: ["HTTP3"] } } }).catch(e => { error = e; });
        expect(String(error)).to.contain("allowedAlpnPolicies.0: allowedAlpnPolicies.0 must be one of the following");
    });
});

describe("lb-lambda-target-permission", () => {
    function lambdaStack(permissionArgs: Parameters<typeof f.lambdaPermission>[0] | undefined, attachmentDependsOnPermission = true): PlannedResource[] {
        const tg = f.targetGroup({ targetType: "lambda" });
        const grant = permissionArgs && f.lambdaPermission(permissionArgs, { propertyDependencies: { sourceArn: [tg.urn] } });
        const attachment = f.targetGroupAttachment({ targetGroupArn: UNKNOWN, targetId: UNKNOWN }, {
            propertyDependencies: { targetGroupArn: [tg.urn] },
            dependencies: [tg.urn, ...(grant && attachmentDependsOnPermission ? [grant.urn] : [])],
        });
        return [tg, ...(grant ? [grant] : []), attachment];
    }
    const good = { action: "lambda:InvokeFunction", function: "web", principal: "elasticloadbalancing.amazonaws.com", sourceArn: UNKNOWN } as const;

    it("passes a Lambda target group with a scoped ELB permission the attachment depends on", async () => {
        expectNoViolation(await previewPolicy(permission, lambdaStack(good)));
    });

    it("refuses a Lambda target group without a permission, or with one for another principal or action", async () => {
        for (const args of [undefined, { ...good, principal: "lambda.amazonaws.com" }, { ...good, action: "lambda:*" }]) {
            const resources = lambdaStack(args);
            const v = expectViolation(await previewPolicy(permission, resources), permission.name, "has no aws.lambda.Permission for it");
            expect(v.urn).to.equal(resources[0].urn);
        }
    });

    it("refuses a permission not scoped to the target group (no sourceArn dependency or literal match)", async () => {
        const tg = f.targetGroup({ targetType: "lambda" });
        const unscoped = f.lambdaPermission({ ...good, sourceArn: undefined });
        expectViolation(await runPolicy(permission, [tg, unscoped]), permission.name, "has no aws.lambda.Permission");
    });

    it("refuses an attachment that does not depend on the permission", async () => {
        const resources = lambdaStack(good, false);
        const v = expectViolation(await previewPolicy(permission, resources), permission.name, "does not depend on its aws.lambda.Permission");
        expect(v.urn).to.equal(resources[2].urn);
    });

    it("ignores instance and IP target groups", async () => {
        expectNoViolation(await runPolicy(permission, [f.targetGroup({ targetType: "instance", port: 80, protocol: "HTTP" })]));
    });
});
