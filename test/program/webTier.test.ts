// WebTier declares the whole tier from the parsed config; infra/index.ts only loads config, looks
// up the network and the AMI, and returns WebTier's outputs.
import * as path from "path";
import { expect } from "chai";
import { runProgram } from "../../tools/engine/mockRun";
import { cliConfig, plan, T } from "../support/program";

const withOptions = (values: Record<string, unknown>) => runProgram({
    project: "elb-web-tier", stack: "dev", config: cliConfig(values, "ap-northeast-2"), program: path.join(__dirname, "fixtures", "webTierWithOptions.ts"),
});

describe("WebTier", () => {
    it("keeps every component at the stack's root, so deployed stacks keep their URNs", async () => {
        const p = await plan();
        const roots = p.resources.filter((r) => !r.custom && r.parent === undefined);
        expect(roots.map((r) => r.name)).to.include.members(["web", "EC2_Web", "TG-ALB", "TG-NLB", "alb", "ALB", "NLB"]);
        expect(p.resources.some((r) => r.type.includes("WebTier"))).to.equal(false);
    });

    it("merges its options into every component's own: a caller's option reaches each, the component's dependsOn stays", async () => {
        const result = await withOptions({ fleet: { mode: "autoscaling" } });
        const components = result.resources.filter((r) => !r.custom && r.parent === undefined);
        expect(components.length).to.be.greaterThan(5);
        for (const c of components) expect(c.ignoreChanges, c.name).to.include("tags");
        const fleet = components.find((r) => r.type.endsWith(":WebFleet"));
        const listeners = result.resources.filter((r) => r.type === T.listener && r.urn.includes(":ApplicationLoadBalancer$")).map((r) => r.urn);
        expect(fleet?.dependencies).to.include.members(listeners);
    });
});
