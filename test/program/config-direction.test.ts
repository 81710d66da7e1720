// One direction: only infra/config reads config, and it imports nothing of the components; the
// components take what they need from config (spec types, the limits AWS sets on names).
import { expect } from "chai";
import { importGraph } from "../support/importGraph";

describe("infra/config", () => {
    const graph = importGraph(["infra"]);

    it("imports nothing outside infra/config (the components import it, never the reverse)", () => {
        const config = [...graph].filter(([file]) => file.startsWith("infra/config/"));
        expect(config.length).to.be.greaterThan(10);
        const outward = config.flatMap(([file, imports]) => imports.filter((t) => !t.startsWith("infra/config/")).map((t) => `${file} imports ${t}`));
        expect(outward).to.deep.equal([]);
    });

    it("is what the components check their names against (one source for the limits)", () => {
        for (const component of ["infra/certificate.ts", "infra/dns.ts", "infra/trustStore.ts"]) {
            expect(graph.get(component), component).to.include("infra/config/awsLimits.ts");
        }
    });
});
