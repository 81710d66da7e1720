// Target groups: every field a stack can write reaches the provider (through infra/targets.ts
// TARGET_GROUP_FIELDS or under its own name), and a new attribute named like the provider's
// argument needs nothing but its schema line.
import { expect } from "chai";
import { z } from "zod";
import { draftTargetGroup, resolveTargetGroup } from "../../infra/config";
import { targetGroupInput, TargetGroupInput } from "../../infra/config/traffic";
import { TARGET_GROUP_FIELDS, targetGroupArgs } from "../../infra/targets";

const ALB: TargetGroupInput = { protocol: "HTTP", port: 80 };
const NLB: TargetGroupInput = { protocol: "TCP", port: 80 };
const FUNCTION = "arn:aws:lambda:ap-northeast-2:111122223333:function:hooks";

/**
 * For each schema field: a group that sets it, and what the provider must get (chai nested paths).
 * `owned`: the field is no provider argument; the component (or the config) does what it says.
 */
const FIELDS: Record<keyof TargetGroupInput, { group: TargetGroupInput; args: Record<string, unknown> } | { group: TargetGroupInput; owned: string }> = {
    enabled: { group: { ...ALB, enabled: true }, owned: "config: enabled false leaves the group out of the map" },
    protocol: { group: { protocol: "HTTPS", port: 443 }, args: { protocol: "HTTPS" } },
    port: { group: { ...ALB, port: 8080 }, args: { port: 8080 } },
    protocolVersion: { group: { ...ALB, protocol: "HTTPS", protocolVersion: "GRPC" }, args: { protocolVersion: "GRPC" } },
    targetType: { group: { ...ALB, targetType: "ip", targets: [{ ip: "10.0.0.1" }] }, args: { targetType: "ip" } },
    ipAddressType: { group: { ...ALB, targetType: "ip", ipAddressType: "ipv6", targets: [{ ip: "fd00::1" }] }, args: { ipAddressType: "ipv6" } },
    healthCheck: { group: { ...ALB, healthCheck: { path: "/healthz", matcher: "200-299" } }, args: { "healthCheck.path": "/healthz", "healthCheck.matcher": "200-299" } },
    deregistrationDelay: { group: { ...NLB, deregistrationDelay: 30 }, args: { deregistrationDelay: 30 } },
    slowStart: { group: { ...ALB, slowStart: 60 }, args: { slowStart: 60 } },
    algorithm: { group: { ...ALB, algorithm: "least_outstanding_requests" }, args: { loadBalancingAlgorithmType: "least_outstanding_requests" } },
    anomalyMitigation: { group: { ...ALB, algorithm: "weighted_random", anomalyMitigation: true }, args: { loadBalancingAnomalyMitigation: "on" } },
    stickiness: {
        group: { ...ALB, stickiness: { enabled: true, type: "app_cookie", cookieName: "SESSION", duration: 600 } },
        args: { "stickiness.enabled": true, "stickiness.type": "app_cookie", "stickiness.cookieName": "SESSION", "stickiness.cookieDuration": 600 },
    },
    connectionTermination: { group: { ...NLB, connectionTermination: true }, args: { connectionTermination: true } },
    preserveClientIp: { group: { ...NLB, preserveClientIp: false }, args: { preserveClientIp: "false" } },
    proxyProtocolV2: { group: { ...NLB, proxyProtocolV2: true }, args: { proxyProtocolV2: true } },
    lambdaMultiValueHeaders: { group: { targetType: "lambda", lambdaMultiValueHeaders: true, targets: [{ functionArn: FUNCTION }] }, args: { lambdaMultiValueHeadersEnabled: true } },
    targetGroupHealth: {
        group: { ...ALB, targetGroupHealth: { dnsFailover: { minimumHealthyTargetsCount: 2 }, unhealthyStateRouting: { minimumHealthyTargetsPercentage: "off" } } },
        args: { "targetGroupHealth.dnsFailover.minimumHealthyTargetsCount": "2", "targetGroupHealth.unhealthyStateRouting.minimumHealthyTargetsPercentage": "off" },
    },
    unhealthyConnectionTermination: { group: { ...NLB, unhealthyConnectionTermination: false }, args: { "targetHealthStates[0].enableUnhealthyConnectionTermination": false } },
    unhealthyDrainingInterval: { group: { ...NLB, unhealthyConnectionTermination: false, unhealthyDrainingInterval: 60 }, args: { "targetHealthStates[0].unhealthyDrainingInterval": 60 } },
    targets: { group: { ...ALB, targetType: "ip", targets: [{ ip: "10.0.0.1" }] }, owned: "component: registered as attachments" },
};

const argsOf = (group: TargetGroupInput) => targetGroupArgs(draftTargetGroup("g", group), "vpc-1", {});
const without = (group: TargetGroupInput, field: string) => Object.fromEntries(Object.entries(group).filter(([k]) => k !== field)) as TargetGroupInput;

describe("target group fields -> aws.lb.TargetGroupArgs", () => {
    it("the table below covers every field of the targetGroups schema", () => {
        expect(Object.keys(FIELDS)).to.have.members(Object.keys(targetGroupInput.shape));
    });

    for (const [field, c] of Object.entries(FIELDS)) {
        if ("owned" in c) {
            it(`${field} is no provider argument (${c.owned})`, () => {
                expect(targetGroupInput.safeParse(c.group).success, "a valid entry").to.equal(true);
                expect(argsOf(c.group)).not.to.have.property(field);
                if (c.owned.startsWith("component:")) expect(TARGET_GROUP_FIELDS).to.have.property(field, c.owned);
            });
            continue;
        }
        it(`${field} sets ${Object.keys(c.args).join(", ")}`, () => {
            expect(targetGroupInput.safeParse(c.group).success, "a valid entry").to.equal(true);
            const args = argsOf(c.group);
            for (const [path, value] of Object.entries(c.args)) expect(args).to.have.nested.property(path).that.deep.equals(value);
            // The field itself makes the difference, not the rest of the sample.
            expect(args, "the same group without the field").not.to.deep.equal(argsOf(without(c.group, field)));
        });
    }

    it("a new attribute named like the provider's argument needs only its schema line", () => {
        // What a newcomer adds to traffic.ts targetGroupInput; resolve.ts and targets.ts stay as they are.
        const withNewLine = targetGroupInput.extend({
            loadBalancingCrossZoneEnabled: z.enum(["true", "false", "use_load_balancer_configuration"]).optional(),
        });
        const group = withNewLine.parse({ protocol: "TCP", port: 80, loadBalancingCrossZoneEnabled: "false" }) as TargetGroupInput;
        expect(argsOf(group)).to.include({ loadBalancingCrossZoneEnabled: "false", protocol: "TCP", port: 80 });
        expect(argsOf(NLB)).not.to.have.property("loadBalancingCrossZoneEnabled");
    });

    it("leaves out what AWS refuses for the group's type: Lambda groups take no deregistration delay, ALB-type groups no stickiness", () => {
        const lambda = argsOf({ targetType: "lambda", deregistrationDelay: 30, targets: [{ functionArn: FUNCTION }] });
        expect(lambda).not.to.have.any.keys("deregistrationDelay", "vpcId", "port", "protocol");
        expect(argsOf({ ...NLB, targetType: "alb", stickiness: { enabled: false } })).not.to.have.property("stickiness");
        expect(argsOf({ ...ALB, algorithm: "round_robin", anomalyMitigation: false })).not.to.have.property("loadBalancingAnomalyMitigation");
    });

    it("never fixes the physical name: the seed's name is the Name tag only", () => {
        const args = targetGroupArgs(resolveTargetGroup("TG-ALB", ALB), "vpc-1", { Team: "t" });
        expect(args).not.to.have.property("name");
        expect(args.tags).to.deep.equal({ Team: "t", Name: "TG-ALB" });
    });
});
