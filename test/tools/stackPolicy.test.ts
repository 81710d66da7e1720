// One rule picks a stack's policy pack config: named by the stack file, else its own file, else
// its environment's (the stack name's last dash-separated part), else the pack's defaults.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, policyConfigFor } from "../../tools/engine/stackPolicy";

/** A project directory with the given files (path -> content). */
function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-policy-"));
    for (const [file, content] of Object.entries({ "Pulumi.yaml": "name: elb-web-tier\nruntime: nodejs\n", ...files })) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
    }
    return dir;
}

const configs = { "policies/config/dev.json": "{}", "policies/config/prod.json": "{}", "policies/config/strict.json": "{}" };

describe("policy config per stack", () => {
    const dirs: string[] = [];
    const make = (files: Record<string, string>) => {
        const dir = project(files);
        dirs.push(dir);
        return dir;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("uses the stack's own file", () => {
        expect(policyConfigFor(make(configs), "dev")).to.deep.equal({ file: "policies/config/dev.json", reason: "the stack's own file" });
    });

    it("falls back to the environment's file from the last dash-separated part of the name", () => {
        const dir = make(configs);
        expect(policyConfigFor(dir, "payments-prod").file).to.equal("policies/config/prod.json");
        expect(policyConfigFor(dir, "team-a-dev").file).to.equal("policies/config/dev.json");
        expect(policyConfigFor(dir, "acme/elb-web-tier/payments-prod").file, "a fully qualified stack name").to.equal("policies/config/prod.json");
    });

    it("prefers the stack's own file to its environment's", () => {
        const dir = make({ ...configs, "policies/config/payments-prod.json": "{}" });
        expect(policyConfigFor(dir, "payments-prod").file).to.equal("policies/config/payments-prod.json");
    });

    it("uses the file the stack file names, over its own and its environment's", () => {
        const dir = make({ ...configs, "Pulumi.payments-prod.yaml": "config:\n  aws:region: ap-northeast-2\n  policyPack:config: strict.json\n" });
        expect(policyConfigFor(dir, "payments-prod")).to.deep.equal({ file: "policies/config/strict.json", reason: "named by policyPack:config in Pulumi.payments-prod.yaml" });
    });

    it("finds the stack file where Pulumi.yaml's stackConfigDir puts it", () => {
        const dir = make({ ...configs, "Pulumi.yaml": "name: elb-web-tier\nruntime: nodejs\nstackConfigDir: stacks\n", "stacks/Pulumi.edge.yaml": "config:\n  policyPack:config: prod.json\n" });
        expect(policyConfigFor(dir, "edge").file).to.equal("policies/config/prod.json");
    });

    it("is an error when the named file does not exist, never the pack's defaults", () => {
        const dir = make({ ...configs, "Pulumi.edge.yaml": "config:\n  policyPack:config: prdo.json\n" });
        expect(() => policyConfigFor(dir, "edge")).to.throw("Pulumi.edge.yaml: policyPack:config names policies/config/prdo.json, which does not exist (there are: dev.json, prod.json, strict.json)");
    });

    it("takes only a file name in policies/config/", () => {
        for (const bad of ["../secrets.json", "/etc/passwd", "prod", "{ secure: AAAA }"]) {
            const dir = make({ ...configs, "Pulumi.edge.yaml": `config:\n  policyPack:config: ${bad}\n` });
            expect(() => policyConfigFor(dir, "edge"), bad).to.throw(/must be a file name in policies\/config\/ such as prod\.json/);
        }
    });

    it("leaves a stack with no file of its own or its environment's on the pack's defaults", () => {
        expect(policyConfigFor(make(configs), "sandbox")).to.deep.equal({ file: null, reason: "no policies/config/sandbox.json: the pack's defaults" });
        expect(policyConfigFor(make(configs), "team-qa").reason).to.equal("no policies/config/team-qa.json or policies/config/qa.json: the pack's defaults");
    });

    it("prints the file for the workflows, nothing for the pack's defaults, and exits 2 on an error", () => {
        const dir = make({ ...configs, "Pulumi.edge.yaml": "config:\n  policyPack:config: nope.json\n" });
        const run = (argv: string[]) => {
            let out = "";
            let err = "";
            const code = main(argv, dir, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; } });
            return { code, out, err };
        };
        expect(run(["payments-prod"])).to.deep.equal({ code: 0, out: "policies/config/prod.json\n", err: "" });
        expect(run(["sandbox"])).to.deep.equal({ code: 0, out: "", err: "" });
        expect(run(["edge"]).code).to.equal(2);
        expect(run(["edge"]).err).to.contain("nope.json, which does not exist");
        expect(run([]).code).to.equal(2);
    });

    it("gives this project's stacks their files through the policy-config script", () => {
        // The script's own command line, without npm's second of start-up.
        const root = path.resolve(__dirname, "../..");
        const [command, ...args] = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["policy-config"].split(" ");
        expect(command).to.equal("node");
        expect(execFileSync(process.execPath, [...args, "dev"], { cwd: root, encoding: "utf8" })).to.equal("policies/config/dev.json\n");
    });
});
