// `npm run plan` arguments: a stack is required, formats are checked, paths resolve against the
// working directory, and bad usage is a UsageError (exit code 2).
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs, UsageError } from "../../tools/plan/args";
import { discoverFormats, OUTPUT_FORMATS } from "../../tools/plan/formats";
import { ROOT } from "./fixtures";

describe("plan: command-line arguments", () => {
    it("defaults to text output, an update, the nearest Pulumi.yaml and the stack's own policy config", () => {
        const args = parseArgs(["--stack", "dev"], path.join(ROOT, "infra"));
        expect(args).to.deep.equal({ stack: "dev", format: "text", preview: false, policyConfig: undefined, projectDir: ROOT, writeReadme: false, failOn: [], all: false, help: false });
    });

    it("takes every option in long and short form", () => {
        const args = parseArgs(["-s", "prod", "-f", "json", "--preview", "--policy-config", "p.json", "-C", "/tmp/x", "--write-readme"], "/work");
        expect(args).to.include({ stack: "prod", format: "json", preview: true, policyConfig: "/work/p.json", projectDir: "/tmp/x", writeReadme: true });
    });

    for (const [argv, message] of [
        [[], "--stack <name> (or --all) is required"],
        [["--stack", "dev", "--format", "yaml"], "--format must be one of text, json, markdown, mermaid"],
        [["--stack", "../etc/passwd"], "is not a valid stack name"],
        [["--stack", "dev", "--verbose"], "Unknown option '--verbose'"],
        [["--stack", "dev", "extra"], "Unexpected argument 'extra'"],
    ] as const) {
        it(`rejects ${JSON.stringify(argv)}: ${message}`, () => {
            expect(() => parseArgs([...argv], ROOT)).to.throw(UsageError, message);
        });
    }
});

describe("plan output formats: one file each", () => {
    const dirWith = (files: Record<string, string>): string => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-formats-"));
        for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), source);
        return dir;
    };
    const formatModule = (name: string, extra = "") => `exports.format = { name: ${JSON.stringify(name)}, description: "d", ${extra} render: () => ${JSON.stringify(name)} };`;

    it("finds every module exporting a format (helpers skipped), the default first, then by name", () => {
        const dir = dirWith({ "z.js": formatModule("zeta"), "a.js": formatModule("alpha"), "helper.js": "exports.x = 1;", "t.js": formatModule("text", "default: true,") });
        expect(discoverFormats(dir).map((f) => f.name)).to.deep.equal(["text", "alpha", "zeta"]);
    });

    it("refuses two defaults, no default, or two formats of one name", () => {
        expect(() => discoverFormats(dirWith({ "a.js": formatModule("a", "default: true,"), "b.js": formatModule("b", "default: true,") }))).to.throw("2 output formats marked default (a, b)");
        expect(() => discoverFormats(dirWith({ "a.js": formatModule("a") }))).to.throw("0 output formats marked default (none)");
        expect(() => discoverFormats(dirWith({ "a.js": formatModule("a", "default: true,"), "b.js": formatModule("a") }))).to.throw('b.js: a second output format named "a"');
    });

    it("serves the repo's formats: text by default, then json, markdown, mermaid", () => {
        expect(OUTPUT_FORMATS.map((f) => f.name)).to.deep.equal(["text", "json", "markdown", "mermaid"]);
    });
});
