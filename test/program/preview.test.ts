// A preview runs the program with unknown values (IDs, ARNs, IPs not yet known): it must still
// declare the full topology, and never read an unknown in a way that breaks.
import { expect } from "chai";
import { plan, Plan, T, UNKNOWN } from "../support/program";

describe("preview (unknown values)", () => {
    let p: Plan;
    before(async () => {
        p = await plan({ albListeners: { https: { rules: { robots: { priority: 100, conditions: [{ pathPattern: ["/robots.txt"] }], action: { type: "fixed-response", statusCode: "200" } } } } } }, { preview: true });
    });

    it("declares the same resources as an update", async () => {
        const update = await plan({ albListeners: { https: { rules: { robots: { priority: 100, conditions: [{ pathPattern: ["/robots.txt"] }], action: { type: "fixed-response", statusCode: "200" } } } } } });
        expect(p.resources.map((r) => r.urn).sort()).to.deep.equal(update.resources.map((r) => r.urn).sort());
    });

    it("leaves computed values unknown: Elastic IP allocations, security group IDs, ARNs", () => {
        const nlb = p.get(T.lb, "NLB");
        for (const m of nlb.inputs.subnetMappings as { allocationId: unknown; subnetId: unknown }[]) {
            expect(m.allocationId).to.equal(UNKNOWN);
            expect(m.subnetId).to.match(/^subnet-placeholder-/);
        }
        expect(p.get(T.lb, "ALB").inputs.securityGroups).to.deep.equal([UNKNOWN]);
        expect(p.get(T.listener, "ALB-https").inputs.certificateArn).to.equal(UNKNOWN);
    });

    it("knows everything that comes from config or lookups", () => {
        expect(p.get(T.instance, "EC2_Web-ap-northeast-2a-1").inputs.ami).to.equal("ami-placeholder-al2023-x86_64");
        expect(p.get(T.tg, "TG-ALB").inputs.healthCheck).to.include({ path: "/", interval: 30 });
        expect(p.get(T.lb, "ALB").inputs.subnets).to.have.length(4);
    });

    it("reports the outputs that depend on resources as unknown", () => {
        expect(p.outputs.albDnsName).to.equal(UNKNOWN);
        expect(p.outputs.availabilityZones).to.have.length(4);
    });
});
