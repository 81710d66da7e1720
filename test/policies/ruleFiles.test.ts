// The pack's rules as files: found by a directory scan, one rule per file named after it, each
// with its metadata as data; the README's rule table generated from that data.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadRules, ruleDefinitions, rules, rulesIn } from "../../policies/rules";
import { packReadmeWithTable, policyTable, TABLE_HEADER } from "../../tools/scripts/policyTable";
import { RULE_INDEX, ruleIndexSource } from "../../tools/scripts/ruleIndex";

const POLICIES_DIR = path.join(__dirname, "..", "..", "policies");

/** A rules folder in a temp dir: `files` maps "area/file.js" to its source. */
function rulesFolder(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "rules-"));
    for (const [file, source] of Object.entries(files)) {
        fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), source);
    }
    return root;
}

const ruleModule = (name: string) =>
    `exports.rule = { policy: { name: ${JSON.stringify(name)}, description: "d", validateResource: () => {} }, severity: "low", resources: "r", equivalents: {} };`;

describe("policies/rules as files", () => {
    describe("loading", () => {
        it("finds every rule without a list: areas by folder name, then files by name, helpers skipped", () => {
            const root = rulesFolder({
                "zeta/a-rule.js": ruleModule("a-rule"),
                "alpha/shared.js": "exports.helper = 1;",
                "alpha/c-rule.js": ruleModule("c-rule"),
                "alpha/b-rule.js": ruleModule("b-rule"),
            });
            const loaded = loadRules(root);
            expect(loaded.map(r => `${r.area}/${r.policy.name}`)).to.deep.equal(["alpha/b-rule", "alpha/c-rule", "zeta/a-rule"]);
            expect(loaded[0].file).to.equal("rules/alpha/b-rule.js");
        });

        it("refuses a rule in a file named otherwise, so a file's name always finds its rule", () => {
            const root = rulesFolder({ "net/sg-rule.js": ruleModule("another-name") });
            expect(() => loadRules(root)).to.throw("rules/net/sg-rule: the file holds rule 'another-name'; name the file another-name.ts");
        });

        it("refuses a `rule` export that is not a rule definition", () => {
            const root = rulesFolder({ "net/sg-rule.js": "exports.rule = { severity: 'low' };" });
            expect(() => loadRules(root)).to.throw("rules/net/sg-rule: `rule` is not a RuleDefinition (no policy name)");
        });

        it("serves the pack's rules in that order, each from its own file", () => {
            expect(rules.map(r => r.name)).to.deep.equal(ruleDefinitions.map(r => r.policy.name));
            const keys = ruleDefinitions.map(r => `${r.area}/${r.policy.name}`);
            expect(keys).to.deep.equal([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
            for (const r of ruleDefinitions) {
                expect(fs.existsSync(path.join(POLICIES_DIR, r.file)), r.file).to.equal(true);
                expect(path.basename(r.file, ".ts")).to.equal(r.policy.name);
            }
        });

        it("serves the rules through a generated index that matches the folders (npm run docs writes it)", () => {
            // The pack imports policies/rules/all.ts statically (ts-node type-checks it as one
            // program); a rule file the index misses would never run.
            expect(fs.readFileSync(RULE_INDEX, "utf8"), "policies/rules/all.ts is stale: run npm run docs").to.equal(ruleIndexSource());
            expect(ruleDefinitions.map(r => r.file)).to.deep.equal(loadRules().map(r => r.file));
        });

        it("generates an index that imports each rule module of a folder once, in the pack's order, and not its helpers", () => {
            const root = rulesFolder({
                "zeta/a-rule.js": ruleModule("a-rule"),
                "alpha/shared.js": "exports.helper = 1;",
                "alpha/b-rule.js": ruleModule("b-rule"),
            });
            const source = ruleIndexSource(root);
            expect([...source.matchAll(/^import \{ rule as (\w+) \} from "(.+)";$/gm)].map(m => m[2])).to.deep.equal(["./alpha/b-rule", "./zeta/a-rule"]);
            expect(source).to.include('{ area: "alpha", file: "b-rule.js", rule: r0 }');
            expect(source).to.include('{ area: "zeta", file: "a-rule.js", rule: r1 }');
        });

        it("gives the rules of an area, and refuses an area that has none", () => {
            expect(rulesIn("eips").map(r => r.name)).to.deep.equal(["eip-protected"]);
            expect(() => rulesIn("eip")).to.throw("no rules in eip");
        });
    });

    describe("metadata", () => {
        it("names Security Hub controls, Checkov checks and cdk-nag rules by their IDs", () => {
            for (const r of ruleDefinitions) {
                const name = r.policy.name;
                expect(["low", "medium", "high", "critical"], name).to.include(r.severity);
                expect(r.resources.trim(), name).to.not.equal("");
                for (const id of r.equivalents.securityHub ?? []) expect(id, name).to.match(/^(ELB|EC2|AutoScaling|ACM|WAF|S3|IAM)\.\d+$/);
                for (const id of r.equivalents.checkov ?? []) expect(id, name).to.match(/^CKV2?_AWS_\d+$/);
                for (const rule of r.equivalents.cdkNag ?? []) expect(rule, name).to.match(/^[A-Z][A-Za-z0-9]+( \(.+\))?$/);
            }
        });

        it("keeps severity out of the served findings (metadata only)", () => {
            for (const r of ruleDefinitions) expect(r.policy, r.policy.name).to.not.have.property("severity");
        });
    });

    describe("policies/README.md", () => {
        /** Every file and folder under policies/, as paths relative to it (node_modules aside). */
        const tree = (dir: string, prefix = ""): string[] => fs.readdirSync(dir, { withFileTypes: true })
            .filter(e => e.name !== "node_modules")
            .flatMap(e => (e.isDirectory() ? [`${prefix}${e.name}/`, ...tree(path.join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`]));

        it("names only files that exist, in its layout and in its text", () => {
            const readme = fs.readFileSync(path.join(POLICIES_DIR, "README.md"), "utf8");
            const paths = tree(POLICIES_DIR);
            const exists = (name: string) => name.includes("<") || paths.some(p => p === name || p.endsWith(`/${name}`));
            const layout = /```\npolicies\/\n([\s\S]*?)```/.exec(readme)![1];
            const listed = layout.split("\n").map(line => line.trim().split(/\s{2,}/)[0]).filter(Boolean).flatMap(entry => entry.split(/,\s*/));
            const mentioned = [...readme.matchAll(/`((?:[\w.<>-]+\/)*[\w.<>-]+\.(?:ts|json|yaml))`/g)].map(m => m[1]).filter(m => !m.startsWith("tools/") && !m.startsWith("test/") && !m.startsWith("policies/"));
            expect(listed.length).to.be.greaterThan(10);
            expect([...listed, ...mentioned].filter(name => !exists(name))).to.deep.equal([]);
        });
    });

    describe("the README's rule table", () => {
        it("is what `npm run docs` generates from the rules' metadata (run npm run docs)", () => {
            const readme = fs.readFileSync(path.join(POLICIES_DIR, "README.md"), "utf8");
            expect(packReadmeWithTable(readme)).to.equal(readme);
        });

        it("shows a rule's level, remediation mark, knobs with defaults, controls with their note, and other catalogs", () => {
            const table = policyTable([{
                policy: {
                    name: "x-rule", description: "d", enforcementLevel: "mandatory",
                    configSchema: { properties: { ports: { type: "array", default: [80, 443] } } },
                    validateResource: () => undefined, remediateResource: () => undefined,
                },
                severity: "high", resources: "listeners | rules", area: "a", file: "rules/a/x-rule.ts",
                equivalents: { securityHub: ["ELB.1"], checkov: ["CKV_AWS_2"], cdkNag: ["ALBHttpToHttpsRedirection"], others: ["trivy AVD-AWS-0054"] },
                securityHubNote: "with the redirect", rationale: "Because.",
            }]);
            expect(table.split("\n")[0]).to.equal(TABLE_HEADER);
            expect(table).to.contain("| `x-rule` ♻ | mandatory | listeners \\| rules | `ports` (default `[80, 443]`) | ELB.1 (with the redirect) | " +
                "Checkov CKV_AWS_2; cdk-nag ALBHttpToHttpsRedirection; trivy AVD-AWS-0054. Because. |");
            expect(table).to.contain("- **high**: `x-rule`");
        });
    });
});
