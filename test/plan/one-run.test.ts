// The plan reports a stack's problems in one run: a value of the wrong type (which the Pulumi CLI
// refuses before the program starts) and the program's own checks of everything else together.
import { expect } from "chai";
import { runPlan } from "../../tools/plan/run";
import { StackConfigError } from "../../tools/engine/project";
import { TempProjects } from "./fixtures";

async function problems(yaml: string): Promise<string[]> {
    const dir = temp.create({ s: yaml });
    try {
        await runPlan({ projectDir: dir, stack: "s" });
    } catch (e) {
        if (e instanceof StackConfigError) return e.problems;
        throw e;
    }
    throw new Error("expected the plan to refuse the stack");
}
const temp = new TempProjects();

describe("plan: every problem of a stack in one run", () => {
    after(() => temp.removeAll());

    it("reports a value of the wrong type together with the program's cross-field problems", async () => {
        const got = await problems([
            "config:",
            "  elb-web-tier:allowDirectInstanceHttp: maybe",
            "  elb-web-tier:targetGroups:",
            "    TG-ALB:",
            "      slowStart: 60",
            "      algorithm: least_outstanding_requests",
        ].join("\n"));
        expect(got).to.deep.equal([
            "Stack 's' with configuration key 'allowDirectInstanceHttp' must be of type 'boolean'; got the string \"maybe\"",
            "elb-web-tier:targetGroups.TG-ALB.slowStart: works only with algorithm round_robin (the group uses least_outstanding_requests); got 60",
        ]);
    });

    it("says a refused value once, not again as the program's finding on its default", async () => {
        const got = await problems("config:\n  elb-web-tier:ingressCidrs: 10.0.0.0/8\n");
        expect(got).to.have.length(1);
        expect(got[0]).to.contain("configuration key 'ingressCidrs' must be of type 'array<string>'; got the string \"10.0.0.0/8\"");
    });
});
