// The README shows the dev stack's diagram as the code builds it, and documents the plan command
// and every field of its JSON.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { planJson } from "../../tools/plan/render/json";
import { renderMermaid } from "../../tools/plan/render/mermaid";
import { DIAGRAM_STACK, readmeWithDiagram } from "../../tools/plan/readme";
import { devPlan, ROOT } from "./fixtures";

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
        expect(commands).to.deep.equal(["npm ci", "npm test", "npm run plan -- --stack dev"]);
        expect(planSection(readme())).to.contain("npm run plan -- --stack <name>");
    });

    it("documents every field of the JSON output", async () => {
        const section = planSection(readme());
        const json = planJson(await devPlan()) as { resources: { options: Record<string, unknown> }[]; policies: Record<string, unknown> };
        const fields = [...Object.keys(json), ...Object.keys(json.resources[0]), ...Object.keys(json.resources[0].options), ...Object.keys(json.policies), "enforcementLevel", "message"];
        for (const field of fields) expect(section, field).to.contain(`\`${field}\``);
    });
});
