// One direction: only infra/config reads config, and it imports nothing of the components (only the
// AWS facts it shares with the pack); the components take what they need from config.
import { expect } from "chai";
import { importGraph } from "../support/importGraph";

describe("infra/config", () => {
    const graph = importGraph(["infra", "policies"]);

    it("imports no component, only itself and the AWS facts shared with the pack (the components import config, never the reverse)", () => {
        const config = [...graph].filter(([file]) => file.startsWith("infra/config/"));
        expect(config.length).to.be.greaterThan(10);
        const outward = config.flatMap(([file, imports]) => imports.filter((t) => !t.startsWith("infra/config/") && !t.startsWith("policies/facts/")).map((t) => `${file} imports ${t}`));
        expect(outward).to.deep.equal([]);
    });

    it("is what the components check their names against (one source for the limits)", () => {
        for (const component of ["infra/certificate.ts", "infra/dns.ts", "infra/trustStore.ts"]) {
            expect(graph.get(component), component).to.include("infra/config/awsLimits.ts");
        }
    });
});
