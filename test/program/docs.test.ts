// Pulumi.yaml and the README's config reference are generated from infra/config/keys.ts; the stack
// files only use keys the program knows, with valid values.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { keyReference, PROJECT, TLS_POLICIES, validateConfig, valuesFromRawConfig } from "../../infra/config";
import { pulumiYaml, readmeWithReference } from "../../tools/scripts/docs";
import { loadStackConfig, stackNames } from "../../tools/engine/project";
import { rules as policies } from "../../policies/rules";
import { findPolicy } from "../support/policyHarness";

const ROOT = path.join(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("generated files and stack files", () => {
    it("Pulumi.yaml matches infra/config/keys.ts (run npm run docs)", () => {
        expect(read("Pulumi.yaml")).to.equal(pulumiYaml());
    });

    it("Pulumi.yaml declares every key with a type or value, a description and a default", () => {
        const config = YAML.parse(read("Pulumi.yaml")).config as Record<string, Record<string, unknown>>;
        for (const { key } of keyReference()) {
            const decl = config[key];
            expect(decl, key).to.be.an("object");
            expect(decl.description, key).to.be.a("string").and.not.equal("");
            expect("default" in decl || "value" in decl, `${key} default`).to.equal(true);
        }
    });

    it("the CLI starts the program from the project directory, where cmd/run finds tsconfig.json, and package.json names the entry", () => {
        // With a `main` the CLI runs the program from main's directory (getPwdMain), where no
        // tsconfig.json is: see test/engine/cli.test.ts for what that did.
        expect(YAML.parse(read("Pulumi.yaml"))).to.not.have.property("main");
        expect(JSON.parse(read("package.json")).main).to.equal("infra/index.ts");
    });

    it("the README's config reference matches infra/config/keys.ts (run npm run docs)", () => {
        const readme = read("README.md");
        expect(readme).to.equal(readmeWithReference(readme));
        for (const { key } of keyReference()) expect(readme).to.contain(`| \`${key}\` |`);
    });

    for (const stack of stackNames(ROOT)) {
        const file = `Pulumi.${stack}.yaml`;
        it(`${file} uses only known keys with valid values (read as the CLI reads it: secrets, declared defaults)`, () => {
            const { config, secretKeys } = loadStackConfig(ROOT, stack);
            const values = valuesFromRawConfig(PROJECT, config);
            const secret = secretKeys.filter((k) => k.startsWith(`${PROJECT}:`)).map((k) => k.slice(PROJECT.length + 1));
            expect(() => validateConfig(values, { project: PROJECT, stack, region: config["aws:region"] ?? "ap-northeast-2", secretKeys: secret })).to.not.throw();
        });
    }

    it("every TLS policy the pack's default allowlist admits is one the config accepts (the pack narrows, the config follows AWS)", () => {
        const schema = findPolicy(policies, "lb-listener-tls-policy").configSchema?.properties?.allowedPolicies as { default: string[] };
        expect([...TLS_POLICIES]).to.include.members(schema.default);
    });
});

describe("infra/config/index.ts's map of its directory", () => {
    it("names every file of infra/config, and no file that is not there", () => {
        const dir = path.join(ROOT, "infra", "config");
        const header = read("infra/config/index.ts").split("\n").filter((l) => l.startsWith("//"));
        const named = header.map((l) => /^\/\/\s+([\w.]+\.ts)\s/.exec(l)?.[1]).filter((f): f is string => f !== undefined);
        const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts");
        expect([...named].sort()).to.deep.equal([...files].sort());
    });
});
