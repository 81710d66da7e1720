// The plan runs the program Pulumi.yaml's `main` names, and records the resource options the
// engine would (protect, retainOnDelete, deleteBeforeReplace, ignoreChanges, replaceOnChanges,
// aliases resolved to URNs, including those a child inherits from its parent's aliases).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { planJson } from "../../tools/plan/render/json";
import { runPlan, toPlannedResource } from "../../tools/plan/run";
import { loadStackConfig } from "../../tools/engine/project";
import { ROOT, TempProjects } from "./fixtures";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
export = async () => {
    const box = new pulumi.ComponentResource("demo:x:Box", "box", {}, { aliases: [{ name: "old-box" }] });
    new pulumi.CustomResource("aws:ec2/eip:Eip", "ip", { domain: "vpc" }, {
        parent: box, protect: true, retainOnDelete: true, deleteBeforeReplace: true,
        ignoreChanges: ["tags"], replaceOnChanges: ["domain"], aliases: ["urn:pulumi:dev::demo::aws:ec2/eip:Eip::legacy-ip"],
    });
    new pulumi.CustomResource("aws:ec2/eip:Eip", "plain", { domain: "vpc" }, { aliases: [{ parent: box }] });
    return { answer: 42 };
};
`;

describe("plan: the program and its resource options", () => {
    const temp = new TempProjects();
    after(() => temp.removeAll());

    function project(main: string | undefined): string {
        const dir = temp.create({ dev: "config: {}\n" }, `name: demo\nruntime: nodejs\n${main !== undefined ? `main: ${main}\n` : ""}`);
        // The program imports @pulumi/pulumi: the repository's copy, through a link.
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        fs.mkdirSync(path.join(dir, "src"));
        fs.writeFileSync(path.join(dir, "src", "program.ts"), PROGRAM);
        return dir;
    }

    it("resolves Pulumi.yaml's main against the project directory, and the directory itself without one", () => {
        const dir = project("src/program.ts");
        expect(loadStackConfig(dir, "dev").program).to.equal(path.join(dir, "src", "program.ts"));
        const bare = project(undefined);
        expect(loadStackConfig(bare, "dev").program).to.equal(bare);
        expect(loadStackConfig(ROOT, "dev").program).to.equal(path.join(ROOT, "infra", "index.ts"));
    });

    it("records the options in the plan, its JSON and what the pack sees", async () => {
        const plan = await runPlan({ projectDir: project("src/program.ts"), stack: "dev" });
        expect(plan.outputs).to.deep.equal({ answer: 42 });
        const ip = plan.resources.find((r) => r.name === "ip");
        const plain = plan.resources.find((r) => r.name === "plain");
        const box = plan.resources.find((r) => r.name === "box");
        expect(box?.aliases).to.deep.equal(["urn:pulumi:dev::demo::demo:x:Box::old-box"]);
        expect(ip).to.include({ protect: true, retainOnDelete: true, deleteBeforeReplace: true });
        expect(ip?.ignoreChanges).to.deep.equal(["tags"]);
        expect(ip?.replaceOnChanges).to.deep.equal(["domain"]);
        // Its own alias, and that alias again under its parent's old URN (the engine's
        // generateAliases multiplies a child's aliases by its parent's). Its own name under the
        // parent's old URN is its URN now (a URN holds the parent's type, not its name): left out.
        expect(ip?.aliases).to.deep.equal(["urn:pulumi:dev::demo::aws:ec2/eip:Eip::legacy-ip", "urn:pulumi:dev::demo::demo:x:Box$aws:ec2/eip:Eip::legacy-ip"]);
        // A spec alias naming a parent: the URN it had under that parent.
        expect(plain).to.include({ protect: false, retainOnDelete: false, deleteBeforeReplace: false });
        expect(plain?.aliases).to.deep.equal(["urn:pulumi:dev::demo::demo:x:Box$aws:ec2/eip:Eip::plain"]);

        const json = planJson(plan) as { resources: { name: string; options: Record<string, unknown> }[] };
        expect(json.resources.find((r) => r.name === "ip")?.options).to.deep.equal({
            protect: true, deleteBeforeReplace: true, retainOnDelete: true, ignoreChanges: ["tags"], replaceOnChanges: ["domain"],
            aliases: ["urn:pulumi:dev::demo::aws:ec2/eip:Eip::legacy-ip", "urn:pulumi:dev::demo::demo:x:Box$aws:ec2/eip:Eip::legacy-ip"],
        });
        expect(toPlannedResource(ip as NonNullable<typeof ip>).opts).to.deep.include({ protect: true, deleteBeforeReplace: true, ignoreChanges: ["tags"] });
    });

    // The plan runs the program without stack traces (they cost a third of a mock run); a failure
    // that is a bug, not a RunError such as a config error, is run again with them.
    function failing(body: string): string {
        const dir = project("src/program.ts");
        fs.writeFileSync(path.join(dir, "src", "program.ts"), `import * as pulumi from "@pulumi/pulumi";\n${body}\nexport = async () => { new pulumi.CustomResource("aws:ec2/eip:Eip", "ip", {}); return brokenStep(); };\n`);
        return dir;
    }

    it("a program bug fails the plan with the frames that say where it broke", async () => {
        const dir = failing("function brokenStep(): never { throw new TypeError(\"no such subnet\"); }");
        const limit = Error.stackTraceLimit;
        const error = await runPlan({ projectDir: dir, stack: "dev" }).then(() => undefined, (e: unknown) => e as Error);
        expect(error).to.be.instanceOf(TypeError);
        expect(error?.stack).to.match(/^TypeError: no such subnet\n\s+at brokenStep \(.*program\.ts/);
        expect(Error.stackTraceLimit, "the limit is put back").to.equal(limit);
    });

    it("a RunError (what a config error is) fails the plan once, as it was thrown", async () => {
        const dir = failing("let runs = 0;\nfunction brokenStep(): never { throw new pulumi.RunError(`bad config, run ${++runs}`); }");
        const limit = Error.stackTraceLimit;
        const error = await runPlan({ projectDir: dir, stack: "dev" }).then(() => undefined, (e: unknown) => e as Error);
        expect(error?.message).to.equal("bad config, run 1");
        expect(Error.stackTraceLimit).to.equal(limit);
    });
});
