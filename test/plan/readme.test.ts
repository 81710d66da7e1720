// The README shows the dev stack's diagram as the code builds it, and documents the plan command
// and every field of its JSON.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { planJson } from "../../tools/plan/render/json";
import { renderMermaid } from "../../tools/plan/render/mermaid";
import { DIAGRAM_STACK, readmeWithDiagram } from "../../tools/plan/readme";
import { devPlan, ROOT } from "./fixtures";
import { hazardCodes } from "../../tools/plan/change/hazards";
import { ChangeReview } from "../../tools/plan/change/review";
import { ReplaceReason } from "../../tools/plan/change/customizeDiff";
import { PlanResult } from "../../tools/plan/run";

const emptyPlan: PlanResult = { project: "p", stack: "s", region: "r", preview: false, stackFile: "f", policyConfig: null, resources: [], outputs: {}, violations: [], notes: [] };

const readme = () => fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

function planSection(text: string): string {
    const start = text.indexOf("<!-- plan:start -->");
    const end = text.indexOf("<!-- plan:end -->");
    expect(start, "plan markers").to.be.greaterThan(-1);
    return text.slice(start, end);
}

describe("plan: README", () => {
    it(`shows the ${DIAGRAM_STACK} stack's diagram as the code builds it (npm run plan -- --stack ${DIAGRAM_STACK} --write-readme)`, async () => {
        const text = readme();
        expect(text).to.equal(readmeWithDiagram(text, renderMermaid(await devPlan())));
    });

    it("tells a newcomer to set up, then plan the dev stack, in the first command block", () => {
        const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme())?.[1] ?? "";
        const commands = firstBlock.split("\n").map((l) => l.replace(/\s+#.*$/, "").trim()).filter(Boolean);
        expect(commands).to.deep.equal([".ci/setup", "npm test", "npm run plan -- --stack dev", ".ci/checks"]);
        expect(planSection(readme())).to.contain("npm run plan -- --stack <name>");
    });

    it("documents every field of the JSON output", async () => {
        const section = planSection(readme());
        const json = planJson(await devPlan()) as { resources: { options: Record<string, unknown> }[]; policies: Record<string, unknown> };
        const fields = [...Object.keys(json), ...Object.keys(json.resources[0]), ...Object.keys(json.resources[0].options), ...Object.keys(json.policies), "enforcementLevel", "message"];
        for (const field of fields) expect(section, field).to.contain(`\`${field}\``);
    });

    it("documents --against, --fail-on, every hazard code and every field of the changes", () => {
        const section = planSection(readme());
        expect(section).to.contain("--against <base>");
        expect(section).to.contain("--fail-on <codes>");
        for (const code of hazardCodes()) expect(section, code).to.contain(`| \`${code}\` |`);
        const review: ChangeReview = { base: "b", counts: { create: 0, update: 0, replace: 0, delete: 0, same: 0 }, notes: [], changes: [], outputs: [], stackUrn: "s" };
        const json = planJson({ ...emptyPlan, review }) as { against: Record<string, unknown> };
        const change = { urn: "u", type: "t", name: "n", action: "same" as const, changedInputs: [], unknownInputs: [], replaceReasons: [], deletesFirst: false, hazards: [], notes: [] };
        const entry = (planJson({ ...emptyPlan, review: { ...review, changes: [change] } }) as { changes: Record<string, unknown>[] }).changes[0];
        const reason: (keyof ReplaceReason)[] = ["property", "why", "source", "unknown"];
        const output = { name: "o", action: "update" as const, before: 1, after: 2, unknown: false, hazards: [] };
        const outputEntry = (planJson({ ...emptyPlan, review: { ...review, outputs: [output] } }) as { outputChanges: Record<string, unknown>[] }).outputChanges[0];
        for (const field of ["against", "changes", "outputChanges", ...Object.keys(json.against), ...Object.keys(entry), ...Object.keys(outputEntry), ...reason, "code", "message"]) {
            expect(section, field).to.contain(`\`${field}\``);
        }
    });
});
