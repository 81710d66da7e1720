// `npm run plan` arguments: a stack is required, formats are checked, paths resolve against the
// working directory, and bad usage is a UsageError (exit code 2).
import { expect } from "chai";
import * as path from "path";
import { parseArgs, UsageError } from "../../tools/plan/args";
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
