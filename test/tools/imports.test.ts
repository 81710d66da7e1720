import { expect } from "chai";
import { importCycles, importGraph, ImportGraph, specifiers } from "../support/importGraph";

/**
 * The layers, lowest first (README "Layout"): a file may import its own layer or a lower one.
 * The program and the pack know nothing of the tooling; the offline engine knows nothing of the
 * commands; the commands know nothing of the developer scripts; tests and CI see everything.
 */
const LAYERS: { name: string; rank: number; test: (file: string) => boolean }[] = [
    { name: "infra/, policies/ (the program and the pack)", rank: 0, test: (f) => /^(infra|policies)\//.test(f) },
    { name: "tools/engine/ (the offline engine)", rank: 1, test: (f) => f.startsWith("tools/engine/") },
    { name: "tools/plan/, tools/verify/, tools/twin/ (the commands)", rank: 2, test: (f) => /^tools\/(plan|verify|twin)\//.test(f) },
    { name: "tools/scripts/ (developer scripts)", rank: 3, test: (f) => f.startsWith("tools/scripts/") },
    { name: "test/, .ci/", rank: 4, test: (f) => /^(test|\.ci)\//.test(f) },
];

function layerOf(file: string) {
    const layer = LAYERS.find((l) => l.test(file));
    if (!layer) throw new Error(`${file} is in no layer: add its directory to LAYERS and to the README's Layout`);
    return layer;
}

function layerViolations(graph: ImportGraph): string[] {
    return [...graph].flatMap(([file, imports]) => imports
        .filter((target) => layerOf(target).rank > layerOf(file).rank)
        .map((target) => `${file} (${layerOf(file).name}) imports ${target} (${layerOf(target).name})`));
}

describe("module structure", () => {
    const graph = importGraph(["infra", "policies", "tools", "test", ".ci"]);

    it("reads every kind of import: import, import type, export from, require, typeof import", () => {
        // tools/plan/index.ts loads its modules with require(...) as typeof import(...).
        expect(graph.get("tools/plan/index.ts")).to.include.members(["tools/plan/cli.ts", "tools/engine/entry.ts"]);
        // A type-only import is an edge: run.ts's policy types come from the policy runner.
        expect(graph.get("tools/plan/run.ts")).to.include("tools/engine/policyRunner.ts");
        expect(graph.size).to.be.greaterThan(150);
    });

    it("finds a cycle when there is one, through types too", () => {
        const looped: ImportGraph = new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]], ["d.ts", ["a.ts"]]]);
        expect(importCycles(looped)).to.deep.equal([["a.ts", "b.ts", "c.ts", "a.ts"]]);
        expect(importCycles(new Map([["a.ts", ["a.ts"]]]))).to.deep.equal([["a.ts", "a.ts"]]);
        expect(importCycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).to.deep.equal([]);
    });

    it("has no import cycle in infra/, policies/, tools/, test/ or .ci/", () => {
        expect(importCycles(graph).map((loop) => loop.join(" -> "))).to.deep.equal([]);
    });

    it("imports only downwards: program and pack <- offline engine <- commands <- scripts <- tests", () => {
        expect(layerViolations(graph)).to.deep.equal([]);
    });

    it("uses @pulumi/policy through its entry only; of @pulumi/pulumi's files, only the wire protocol and the CLI's entry points", () => {
        // @pulumi/policy's other modules (deserialize, proxy, policy, server) are internal: the
        // offline runner states their semantics itself (tools/engine/props.ts). proto/ is the gRPC
        // contract the engine and the analyzer speak; cmd/ is what the CLI starts.
        const deep = [...specifiers(["infra", "policies", "tools", "test", ".ci"])].flatMap(([file, specs]) => specs
            .filter((s) => /^@pulumi\/policy\/./.test(s) || (/^@pulumi\/pulumi\/./.test(s) && !/^@pulumi\/pulumi\/(proto|cmd)\//.test(s)))
            .map((s) => `${file}: ${s}`));
        expect(deep).to.deep.equal([]);
    });

    it("would report an engine module importing a command", () => {
        const upward: ImportGraph = new Map([["tools/engine/mocks.ts", ["tools/plan/run.ts"]], ["tools/plan/run.ts", []]]);
        expect(layerViolations(upward)).to.deep.equal([
            "tools/engine/mocks.ts (tools/engine/ (the offline engine)) imports tools/plan/run.ts (tools/plan/, tools/verify/, tools/twin/ (the commands))",
        ]);
    });
});
