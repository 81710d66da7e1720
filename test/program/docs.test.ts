// Pulumi.yaml and the README's config reference are generated from infra/config/keys.ts; the stack
// files only use keys the program knows, with valid values.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { keyReference, PROJECT, TLS_POLICIES, validateConfig } from "../../infra/config";
import { pulumiYaml, readmeWithReference } from "../../tools/docs";
import { stackNames } from "../../tools/plan/stackConfig";
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
        expect(YAML.parse(read("Pulumi.yaml")).main).to.equal("infra/index.ts");
    });

    it("the README's config reference matches infra/config/keys.ts (run npm run docs)", () => {
        const readme = read("README.md");
        expect(readme).to.equal(readmeWithReference(readme));
        for (const { key } of keyReference()) expect(readme).to.contain(`| \`${key}\` |`);
    });

    for (const stack of stackNames(ROOT)) {
        const file = `Pulumi.${stack}.yaml`;
        it(`${file} uses only known keys with valid values`, () => {
            const config = (YAML.parse(read(file)).config ?? {}) as Record<string, unknown>;
            const values = Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith(`${PROJECT}:`)).map(([k, v]) => [k.slice(PROJECT.length + 1), v]));
            expect(() => validateConfig(values, { project: PROJECT, stack, region: String(config["aws:region"] ?? "ap-northeast-2") })).to.not.throw();
        });
    }

    it("every TLS policy the config accepts is allowed by the pack's default TLS allowlist", () => {
        const schema = findPolicy(policies, "lb-listener-tls-policy").configSchema?.properties?.allowedPolicies as { default: string[] };
        expect(schema.default).to.include.members([...TLS_POLICIES]);
    });
});
