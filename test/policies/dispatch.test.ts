// The served pack (policies/rules/dispatch.ts): one policy running every rule must report what the
// rules served one by one would have reported, with each rule's own name, level and knobs.
import { expect } from "chai";
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies as served, rules } from "../../policies/rules";
import { dispatch, DISPATCH_POLICY } from "../../policies/rules/dispatch";
import { resource, run, UNKNOWN, Violation } from "../support/policyHarness";
import { generatedStack } from "../../tools/scripts/bench/generatedStack";

const BUCKET = "aws:s3/bucket:Bucket";
const OTHER = "aws:ec2/eip:Eip";

function flagRule(extra: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy {
    return {
        name: "flag-check",
        description: "Buckets must not set flag: it is bad.",
        enforcementLevel: "advisory",
        configSchema: { properties: { limit: { type: "number", default: 1 } } },
        validateResource: (args, report) => {
            if (args.type !== BUCKET) return;
            const { limit } = args.getConfig<{ limit: number }>();
            if (Number(args.props.flag) > limit) report(`flag ${String(args.props.flag)} over ${limit}`);
        },
        ...extra,
    };
}

const stackRule: StackValidationPolicy = {
    name: "count-check",
    description: "Stacks must have at most one bucket: more is waste.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const buckets = args.resources.filter(r => r.type === BUCKET);
        if (buckets.length > 1) report(`${buckets.length} buckets`, buckets[1].urn);
    },
};

const shape = (vs: Violation[]) => vs.map(v => `${v.enforcementLevel} ${v.policy}: ${v.message.split("\n").pop()}`).sort();

describe("the served pack (web-tier-rules)", () => {
    const pack: Policies = [dispatch([flagRule(), stackRule])];
    const resources = () => [resource(BUCKET, { flag: 2 }), resource(BUCKET, { flag: 0 }), resource(OTHER, {})];

    it("reports each rule's findings under the rule's name, description and default level, like the rules served one by one", async () => {
        const one = await run(pack, resources());
        const byOne = await run([flagRule(), stackRule], resources());
        expect(shape(one.violations)).to.deep.equal(shape(byOne.violations));
        expect(shape(one.violations)).to.deep.equal(["advisory flag-check: flag 2 over 1", "mandatory count-check: 2 buckets"]);
        expect(one.violations.find(v => v.policy === "flag-check")!.message).to.equal("Buckets must not set flag: it is bad.\nflag 2 over 1");
    });

    it("takes a rule's level and knobs from web-tier-rules.rules, and disabled rules do not run", async () => {
        const config = { [DISPATCH_POLICY]: { rules: { "flag-check": { enforcementLevel: "mandatory", limit: 5 }, "count-check": "disabled" } } };
        expect(shape((await run(pack, resources(), { config })).violations)).to.deep.equal([]);
        const strict = { [DISPATCH_POLICY]: { rules: { "flag-check": { enforcementLevel: "mandatory", limit: 0 } } } };
        expect(shape((await run(pack, resources(), { config: strict })).violations)).to.deep.equal(["mandatory count-check: 2 buckets", "mandatory flag-check: flag 2 over 0"]);
    });

    it("raises advisory findings to mandatory when its own level is mandatory (or all is), and switches off when disabled", async () => {
        expect(shape((await run(pack, resources(), { config: { all: "mandatory" } })).violations)).to.include("mandatory flag-check: flag 2 over 1");
        expect((await run(pack, resources(), { config: { [DISPATCH_POLICY]: "disabled" } })).violations).to.deep.equal([]);
    });

    it("refuses an unknown rule name and a knob of the wrong type, as the CLI validates the schema", async () => {
        let err: unknown;
        try { await run(pack, resources(), { config: { [DISPATCH_POLICY]: { rules: { "no-such-rule": "mandatory" } } } }); } catch (e) { err = e; }
        expect(String(err)).to.match(/policy pack configuration is invalid/);
        err = undefined;
        try { await run(pack, resources(), { config: { [DISPATCH_POLICY]: { rules: { "flag-check": { limit: "many" } } } } }); } catch (e) { err = e; }
        expect(String(err)).to.match(/policy pack configuration is invalid/);
    });

    it("turns an unknown value read in preview into that rule's advisory note, and still runs the other rules", async () => {
        const r = await run(pack, [resource(BUCKET, { flag: UNKNOWN }), resource(BUCKET, { flag: 3 })], { preview: true });
        expect(r.violations.some(v => v.policy === "flag-check" && /^can't run policy 'flag-check' .* during preview/.test(v.message))).to.equal(true);
        expect(shape(r.violations)).to.include("advisory flag-check: flag 3 over 1");
        expect(shape(r.violations)).to.include("mandatory count-check: 2 buckets");
    });

    it("skips a rule for a type only after it decided on the type alone, never one that read the resource", async () => {
        let calls = 0;
        const counting = flagRule({ name: "counting", validateResource: (args, report) => { calls++; if (args.type === BUCKET && args.props.flag) report("flag"); } });
        const p = [dispatch([counting])];
        await run(p, [resource(OTHER, {}), resource(OTHER, {}), resource(OTHER, {})]);
        expect(calls, "read only the type of the first EIP, then skipped the others").to.equal(1);
        const r = await run(p, [resource(BUCKET, {}), resource(BUCKET, { flag: 1 })]);
        expect(shape(r.violations)).to.deep.equal(["advisory counting: flag"]);
    });

    it("runs a rule's remediation when web-tier-rules is at remediate and the rule is set to remediate", async () => {
        const instance = () => resource("aws:ec2/instance:Instance", { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } });
        const on = { [DISPATCH_POLICY]: { enforcementLevel: "remediate" as const, rules: { "ec2-imdsv2-required": "remediate" } } };
        const fixed = await run(served, [instance()], { config: on });
        expect(fixed.remediations.map(r => (r.props.metadataOptions as Record<string, unknown>).httpTokens)).to.deep.equal(["required"]);
        expect(fixed.violations.filter(v => v.policy === "ec2-imdsv2-required")).to.deep.equal([]);
        const off = await run(served, [instance()], { config: { [DISPATCH_POLICY]: { rules: { "ec2-imdsv2-required": "remediate" } } } });
        expect(off.remediations).to.deep.equal([]);
        expect(shape(off.violations.filter(v => v.policy === "ec2-imdsv2-required"))).to.have.length(1);
    });

    it("finds on the repository's generated stack exactly what the rules served one by one find", async () => {
        const stack = generatedStack(300);
        const one = await run(served, stack);
        const byOne = await run(rules, stack);
        expect(shape(one.violations)).to.deep.equal(shape(byOne.violations));
    });
});
