// The plan reads Pulumi.yaml and Pulumi.<stack>.yaml exactly as the Pulumi CLI would before it
// starts the program.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { loadStackConfig, StackConfigError, stackNames } from "../../tools/engine/project";
import { runPlan } from "../../tools/plan/run";
import { keyReference, PROJECT } from "../../infra/config";
import { ROOT, TempProjects } from "./fixtures";

const PROJECT_YAML = `name: demo
runtime: nodejs
config:
  aws:region:
    value: eu-west-1
  team:
    type: string
    default: platform
  count:
    type: integer
    default: 2
  flags:
    type: array
    items:
      type: string
    default: [a, b]
  tags:
    value: {}
  shorthand: hello
  other:namespaced: 42
  required:
    type: string
`;

function problems(fn: () => unknown): string[] {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(StackConfigError);
        return (e as StackConfigError).problems;
    }
    throw new Error("expected a StackConfigError");
}

describe("plan: reading stack config like the Pulumi CLI", () => {
    const temp = new TempProjects();
    after(() => temp.removeAll());

    it("fills declared keys from default or value, qualifies bare keys with the project, and applies shorthand", () => {
        const dir = temp.create({ s: "config:\n  demo:required: x\n" }, PROJECT_YAML);
        const c = loadStackConfig(dir, "s");
        expect(c.project).to.equal("demo");
        expect(c.config).to.deep.equal({
            "aws:region": "eu-west-1",
            "demo:count": "2",
            "demo:flags": '["a","b"]',
            "demo:required": "x",
            "demo:shorthand": "hello",
            "demo:tags": "{}",
            "demo:team": "platform",
            // Shorthand for a namespaced key is its value.
            "other:namespaced": "42",
        });
        expect(c.secretKeys).to.deep.equal([]);
    });

    it("lets stack values win and passes them as the CLI does: strings as is, everything else as JSON", () => {
        const dir = temp.create({
            s: [
                "config:",
                "  aws:region: us-east-2",
                "  demo:required: \"007\"",
                "  demo:count: 5",
                "  demo:flags: [x]",
                "  demo:tags: {CostCenter: \"42\"}",
                "  demo:undeclared: true",
            ].join("\n"),
        }, PROJECT_YAML);
        const c = loadStackConfig(dir, "s").config;
        expect(c["aws:region"]).to.equal("us-east-2");
        expect(c["demo:required"]).to.equal("007");
        expect(c["demo:count"]).to.equal("5");
        expect(c["demo:flags"]).to.equal('["x"]');
        expect(c["demo:tags"]).to.equal('{"CostCenter":"42"}');
        // Undeclared keys pass through; the program's validation decides about them.
        expect(c["demo:undeclared"]).to.equal("true");
    });

    it("shows secure values as secrets without decrypting them (the declared default stands in), and notes ESC environments it can't apply", () => {
        const dir = temp.create({
            s: [
                "config:",
                "  demo:required: x",
                "  demo:team:",
                "    secure: v1:AAAA",
                "  demo:token:",
                "    secure: v1:BBBB",
                "  demo:tags:",
                "    Owner:",
                "      secure: v1:CCCC",
                "environment:",
                "  - shared/aws",
            ].join("\n"),
        }, PROJECT_YAML);
        const c = loadStackConfig(dir, "s");
        expect(c.secretKeys).to.deep.equal(["demo:tags", "demo:team", "demo:token"]);
        expect(c.config["demo:team"]).to.equal("platform");
        expect(c.config["demo:token"]).to.equal("[secret]");
        expect(c.config["demo:tags"]).to.equal('{"Owner":"[secret]"}');
        expect(c.notes.join("\n")).to.contain("demo:team is a secret and is not decrypted offline: planned with its declared default");
        expect(JSON.stringify(c)).to.not.contain("v1:");
        expect(c.notes).to.include("Pulumi.s.yaml imports Pulumi ESC environments; they need Pulumi Cloud and are not applied");
    });

    it("refuses what the CLI refuses: keys without a namespace, missing required keys, values of the wrong type", () => {
        const dir = temp.create({
            nonamespace: "config:\n  team: x\n  demo:required: x\n",
            missing: "config: {}\n",
            types: "config:\n  demo:required: x\n  demo:count: many\n  demo:flags: [1, [2]]\n  demo:team: [a]\n",
        }, PROJECT_YAML);
        expect(problems(() => loadStackConfig(dir, "nonamespace"))).to.deep.equal([
            "Pulumi.nonamespace.yaml: could not parse team as a configuration key (configuration keys should be of the form `<namespace>:<name>`, such as demo:team)",
        ]);
        expect(problems(() => loadStackConfig(dir, "missing"))).to.deep.equal(["Stack 'missing' is missing configuration value 'required'"]);
        // The CLI stops at the first; the plan lists them all, in declaration order.
        expect(problems(() => loadStackConfig(dir, "types"))).to.deep.equal([
            "Stack 'types' with configuration key 'team' must be of type 'string'; got [\"a\"]",
            "Stack 'types' with configuration key 'count' must be of type 'integer'; got the string \"many\"",
            "Stack 'types' with configuration key 'flags' must be of type 'array<string>'; got [1,[2]]",
        ]);
    });

    it("plans a certificate imported from secrets: PEM-shaped placeholders where the program checks the shape", async () => {
        const dir = temp.create({ pem: "config:\n  elb-web-tier:certificate:\n    certificateBody:\n      secure: v1:AAAA\n    privateKey:\n      secure: v1:BBBB\n" });
        const c = loadStackConfig(dir, "pem");
        const cert = JSON.parse(c.config["elb-web-tier:certificate"]);
        expect(cert.privateKey).to.equal("-----BEGIN PRIVATE KEY-----\n[secret]\n-----END PRIVATE KEY-----");
        expect(cert.certificateBody).to.match(/^-----BEGIN CERTIFICATE-----\n\[secret\]\n/);
        expect(c.secretKeys).to.include("elb-web-tier:certificate");
        const plan = await runPlan({ projectDir: dir, stack: "pem" });
        expect(plan.resources.some((r) => r.name === "alb-imported")).to.equal(true);
    });

    it("reports a key in a namespace neither the project nor one of its providers reads (the CLI ignores it silently)", () => {
        const dir = temp.create({ typo: "config:\n  aws:region: eu-west-1\n  tls:anything: x\n  web-tier:instanceType: t3.large\n" });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies: { "@pulumi/pulumi": "3", "@pulumi/aws": "7", "@pulumi/tls": "5" } }));
        expect(problems(() => loadStackConfig(dir, "typo"))).to.deep.equal([
            "Pulumi.typo.yaml: web-tier:instanceType is in namespace web-tier, which neither the project nor a provider it uses reads (elb-web-tier, pulumi, policyPack, changeReview, aws, tls), so the CLI would ignore it; did you mean elb-web-tier:instanceType?",
        ]);
    });

    it("names the stacks that do have a file when the requested one has none", () => {
        const dir = temp.create({ dev: "config: {}\n", prod: "config: {}\n" });
        expect(problems(() => loadStackConfig(dir, "staging"))[0]).to.match(/^no stack file Pulumi\.staging\.yaml in .*; stacks with a file: dev, prod$/);
    });

    it("reads every stack file in the repository, with every key of infra/config/keys.ts declared", () => {
        expect(stackNames(ROOT)).to.include("dev");
        for (const stack of stackNames(ROOT)) {
            const c = loadStackConfig(ROOT, stack);
            for (const { key } of keyReference()) expect(c.config, `${stack}: ${key}`).to.have.property(`${PROJECT}:${key}`);
            expect(c.config["aws:region"], stack).to.be.a("string");
        }
        const dev = loadStackConfig(ROOT, "dev");
        expect(dev.stackFile).to.equal("Pulumi.dev.yaml");
        expect(JSON.parse(dev.config[`${PROJECT}:albListeners`]).https.rules["robots-txt"].priority).to.equal(100);
        expect(fs.existsSync(path.join(ROOT, dev.stackFile))).to.equal(true);
    });
});
