// One reader of the project's files: a plan parses Pulumi.yaml and the stack file once each,
// although the stack config, the stack's policy config and the program's location all come from them.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { readProjectFile, readStackDocument } from "../../tools/engine/project";
import { ROOT, runCli, TempProjects } from "../plan/fixtures";

const temp = new TempProjects();

describe("project reader", () => {
    after(() => temp.removeAll());

    it("a plan parses Pulumi.yaml and the stack file once each", async () => {
        const dir = temp.create({ s: fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8") });
        const files = { project: fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"), stack: fs.readFileSync(path.join(dir, "Pulumi.s.yaml"), "utf8") };
        const parse = YAML.parse;
        const parsed: string[] = [];
        YAML.parse = ((text: string, ...rest: unknown[]) => {
            parsed.push(text);
            return (parse as (...a: unknown[]) => unknown)(text, ...rest);
        }) as typeof YAML.parse;
        try {
            const run = await runCli(["--stack", "s", "--cwd", dir, "--format", "json"]);
            expect(run.code, run.stderr).to.equal(0);
        } finally {
            YAML.parse = parse;
        }
        expect(parsed.filter((t) => t === files.project), "Pulumi.yaml").to.have.length(1);
        expect(parsed.filter((t) => t === files.stack), "Pulumi.s.yaml").to.have.length(1);
    });

    it("sees a file edited since it was read, and hands out documents no reader can change", () => {
        const dir = temp.create({ s: "config:\n  changeReview:failOn: []\n" });
        const file = path.join(dir, "Pulumi.s.yaml");
        const first = readStackDocument(file)!;
        expect(Object.isFrozen(first) && Object.isFrozen(first.config) && Object.isFrozen((first.config as Record<string, unknown>)["changeReview:failOn"])).to.equal(true);
        fs.writeFileSync(file, "config:\n  changeReview:failOn: [fleet-rolls]\n");
        expect(readStackDocument(file)).to.deep.equal({ config: { "changeReview:failOn": ["fleet-rolls"] } });
        expect(readStackDocument(path.join(dir, "Pulumi.none.yaml"))).to.equal(undefined);
        expect(readProjectFile(dir).project).to.equal("elb-web-tier");
    });
});
