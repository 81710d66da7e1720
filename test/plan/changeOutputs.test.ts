// The change review's stack outputs, as `pulumi preview` lists them: added, removed (a hazard: a
// StackReference reading it gets nothing) and changed; a placeholder or an unknown value is no
// change by itself.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hazardsOf, reviewChanges } from "../../tools/plan/change/review";
import { PlanSnapshot } from "../../tools/plan/change/snapshot";
import { planJson } from "../../tools/plan/render/json";
import { UNKNOWN } from "../../tools/plan/resources";
import { devPlan, runCli } from "./fixtures";

const snapshot = (outputs: Record<string, unknown> | undefined, preview = false): PlanSnapshot =>
    ({ project: "web", stack: "prod", preview, unknownValue: UNKNOWN, resources: [], ...(outputs ? { outputs } : {}), gaps: outputs ? [] : ["outputs"] });

describe("plan --against: stack outputs", () => {
    it("lists added, removed and changed outputs by name; a removed one is a hazard on the stack", () => {
        const review = reviewChanges(
            snapshot({ albUrl: "https://a/", greeting: "Hi", legacyUrl: "http://x/", zones: ["a", "b"], same: { k: 1 } }),
            snapshot({ albUrl: "https://a/", greeting: null, zones: ["a", "b", "c"], same: { k: 1 }, workload: { mode: "ami" } }),
            "base");
        expect(review.outputs.map(({ name, action, before, after }) => ({ name, action, before, after }))).to.deep.equal([
            { name: "greeting", action: "update", before: "Hi", after: null },
            { name: "legacyUrl", action: "delete", before: "http://x/", after: undefined },
            { name: "workload", action: "create", before: undefined, after: { mode: "ami" } },
            { name: "zones", action: "update", before: ["a", "b"], after: ["a", "b", "c"] },
        ]);
        expect(hazardsOf(review)).to.deep.equal([{
            code: "stack-output-removed",
            message: "Stack output legacyUrl is removed: a stack that reads it through a StackReference, or a pipeline through `pulumi stack output legacyUrl`, gets nothing at its next run.",
            urn: "urn:pulumi:prod::web::pulumi:pulumi:Stack::web-prod",
            name: "output legacyUrl",
        }]);
    });

    it("a value unknown until apply matches what the base has there; a change elsewhere in it still shows, flagged", () => {
        const base = snapshot({ albDnsName: "alb-placeholder.elb.amazonaws.com", front: { dns: "x", port: 80 } });
        expect(reviewChanges(base, snapshot({ albDnsName: UNKNOWN, front: { dns: UNKNOWN, port: 80 } }, true), "base").outputs).to.deep.equal([]);
        const changed = reviewChanges(base, snapshot({ albDnsName: UNKNOWN, front: { dns: UNKNOWN, port: 443 } }, true), "base").outputs;
        expect(changed.map((o) => [o.name, o.action, o.unknown])).to.deep.equal([["front", "update", true]]);
    });

    it("a base plan from before outputs were recorded: no output changes, and a note that says so", () => {
        const review = reviewChanges(snapshot(undefined), snapshot({ albUrl: "https://a/" }), "base");
        expect(review.outputs).to.deep.equal([]);
        expect(review.notes).to.include("the base plan records no stack outputs (an older plan format): their changes are not reviewed");
    });

    it("the command: text and JSON list them, and --fail-on stack-output-removed fails on a removed output", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-outputs-"));
        try {
            const base = planJson(await devPlan()) as { outputs: Record<string, unknown> };
            const greeting = base.outputs.greeting;
            base.outputs = { ...base.outputs, greeting: "Old page", legacyUrl: "http://old.example.com/" };
            const file = path.join(dir, "base.json");
            fs.writeFileSync(file, JSON.stringify(base));
            const json = await runCli(["--stack", "dev", "--against", file, "--fail-on", "stack-output-removed", "--format", "json"]);
            expect(json.code).to.equal(1);
            expect(json.stderr).to.equal("error: 1 hazard listed in --fail-on: stack-output-removed (output legacyUrl)\n");
            expect(JSON.parse(json.stdout).outputChanges).to.deep.equal([
                { name: "greeting", action: "update", before: "Old page", after: greeting, unknown: false, hazards: [] },
                { name: "legacyUrl", action: "delete", before: "http://old.example.com/", after: null, unknown: false, hazards: [{ code: "stack-output-removed", message: "Stack output legacyUrl is removed: a stack that reads it through a StackReference, or a pipeline through `pulumi stack output legacyUrl`, gets nothing at its next run." }] },
            ]);
            const text = await runCli(["--stack", "dev", "--against", file]);
            expect(text.code).to.equal(0);
            expect(text.stdout).to.contain(`Changed outputs:\n  ~ greeting: Old page => ${greeting}\n  - legacyUrl: removed (was http://old.example.com/)\n`);
            expect(text.stdout).to.contain("  ! stack-output-removed: Stack output legacyUrl is removed");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
