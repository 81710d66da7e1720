// The whole pack against the program's own resources, from a mock run of every stack file in the
// repository (read the way the CLI reads it), in an update and in a preview: each environment
// passes its own policies (policies/config/<stack>.json).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { isPreviewNote } from "../../tools/policyRunner";
import { mandatoryViolations } from "../../tools/plan/run";
import { stackNames } from "../../tools/plan/stackConfig";
import { repoPlan } from "../plan/fixtures";

const ROOT = path.join(__dirname, "..", "..");
const stacks = stackNames(ROOT);
/** The config a stack file names with policyPack:config (the rule's first step, tools/stackPolicy.ts), if any. */
const named = (stack: string): string[] => {
    const file = (YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> }).config?.["policyPack:config"];
    return typeof file === "string" ? [`policies/config/${file}`] : [];
};

describe("the project's own stacks pass the pack", () => {
    it("has at least the dev stack", () => {
        expect(stacks).to.include("dev");
    });

    for (const stack of stacks) {
        for (const preview of [false, true]) {
            it(`${stack} ${preview ? "preview" : "update"}: no mandatory violation under its policy config${stack === "prod" ? ", and none at all" : ""}`, async () => {
                const plan = await repoPlan(stack, preview);
                expect(plan.policyConfig, "policy config file").to.be.oneOf([...named(stack), `policies/config/${stack}.json`, `policies/config/${stack.split("-").pop()}.json`]);
                const show = (vs: typeof plan.violations) => vs.map((v) => `${v.policy} ${v.urn}: ${v.message}`).join("\n");
                expect(mandatoryViolations(plan), show(mandatoryViolations(plan))).to.deep.equal([]);
                if (stack === "prod") {
                    // Preview notes ("can't run ... during preview") are advisory by nature, not findings.
                    const findings = plan.violations.filter((v) => !isPreviewNote(v));
                    expect(findings, show(findings)).to.deep.equal([]);
                }
            });
        }
    }

    it("the dev stack's only findings are the advisories dev accepts: public IPs, deletion protection, access logs", async () => {
        const plan = await repoPlan("dev");
        expect([...new Set(plan.violations.map((v) => v.policy))].sort()).to.deep.equal(["ec2-no-public-ip", "lb-access-logs", "lb-deletion-protection"]);
    });
});
