// The v1 aliases live in one table (infra/aliases.ts): each row is what keeps some resource of v1's
// dev plan from being replaced. test/program/traffic.test.ts checks that the table finds every v1
// resource; here, that no row is dead weight.
import { expect } from "chai";
import { V1_ALIASES } from "../../infra/aliases";
import { runPlan } from "../../tools/plan/run";
import v1 from "../fixtures/dev-v1-plan.json";
import { ROOT } from "../plan/fixtures";
import { T } from "../support/program";

/** v1 resources of the dev stack the program no longer answers to, by URN or alias. */
async function lostV1Urns(): Promise<string[]> {
    const p = await runPlan({ projectDir: ROOT, stack: "dev", preview: false });
    const known = new Set(p.resources.flatMap((r) => [r.urn, ...r.aliases]));
    return v1.filter((r) => r.type !== T.component("targets", "TargetGroups") && !known.has(r.urn)).map((r) => r.urn);
}

describe("v1 aliases (infra/aliases.ts)", () => {
    const table = V1_ALIASES as Record<string, unknown>;
    for (const kind of Object.keys(V1_ALIASES)) {
        it(`without the ${kind} row, a resource of v1's dev plan would be replaced`, async () => {
            const row = table[kind];
            table[kind] = () => ({ name: "not-a-v1-name" });
            try {
                expect(await lostV1Urns()).not.to.be.empty;
            } finally {
                table[kind] = row;
            }
        });
    }
});
