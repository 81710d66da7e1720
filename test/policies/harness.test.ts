import { expect } from "chai";
import { TYPES } from "../../policies/rules/tokens";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import {
    Policies,
    ResourceValidationPolicy,
    StackValidationPolicy,
    validateResourceOfType,
} from "@pulumi/policy";
import {
    expectNoViolation,
    expectViolation,
    PolicyError,
    PolicyPackConfig,
    policyConfigFromFile,
    previewNotesOf,
    resolvePolicyConfig,
    resource,
    run,
    UNKNOWN,
    validatePolicyConfig,
} from "../support/policyHarness";

const BUCKET = TYPES.bucket;

/** A resource policy that flags every resource whose `flag` prop is true. */
function flagPolicy(extra: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy {
    return {
        name: "flag-check",
        description: "Flags are bad.",
        enforcementLevel: "advisory",
        validateResource: (args, report) => {
            if (args.props.flag === true) {
                report("prop 'flag' is set; unset it.");
            }
        },
        ...extra,
    };
}

describe("policy harness (tools/engine/policyRunner.ts) mirrors the engine", () => {
    describe("enforcement level precedence", () => {
        const policy = flagPolicy();
        const flagged = [resource(BUCKET, { flag: true })];

        it("uses the policy's own default level", async () => {
            const v = expectViolation(await run([policy], flagged), "flag-check", "unset it");
            expect(v.enforcementLevel).to.equal("advisory");
        });

        it("falls back to the pack's level when the policy has none", async () => {
            const noLevel = flagPolicy({ enforcementLevel: undefined });
            const r1 = await run([noLevel], flagged);
            expect(r1.violations[0].enforcementLevel).to.equal("advisory");
            const r2 = await run([noLevel], flagged, { packEnforcementLevel: "mandatory" });
            expect(r2.violations[0].enforcementLevel).to.equal("mandatory");
        });

        it("lets `all` override every policy's default", async () => {
            const r = await run([policy], flagged, { config: { all: "mandatory" } });
            expect(r.violations[0].enforcementLevel).to.equal("mandatory");
            const r2 = await run([policy], flagged, { config: { all: { enforcementLevel: "mandatory" } } });
            expect(r2.violations[0].enforcementLevel).to.equal("mandatory");
        });

        it("lets a policy entry override `all`", async () => {
            const r = await run([policy], flagged, { config: { all: "mandatory", "flag-check": "advisory" } });
            expect(r.violations[0].enforcementLevel).to.equal("advisory");
            const r2 = await run([policy], flagged, { config: { "flag-check": { enforcementLevel: "mandatory" } } });
            expect(r2.violations[0].enforcementLevel).to.equal("mandatory");
        });

        it("keeps the `all` level when a policy entry only sets knobs", async () => {
            const withKnob = flagPolicy({ configSchema: { properties: { knob: { type: "number", default: 1 } } } });
            const r = await run([withKnob], flagged, { config: { all: "mandatory", "flag-check": { knob: 2 } } });
            expect(r.violations[0].enforcementLevel).to.equal("mandatory");
        });

        it("skips a disabled policy entirely", async () => {
            const r = await run([policy], flagged, { config: { "flag-check": "disabled" } });
            expect(r.violations).to.be.empty;
            expect(r.notApplicable).to.be.empty;
        });

        it("rejects an invalid enforcement level like the CLI", async () => {
            const bad = { "flag-check": "warn" } as unknown as PolicyPackConfig;
            await expectRejection(run([policy], flagged, { config: bad }), /not a valid enforcement level/);
        });
    });

    describe("violation shape", () => {
        it("prefixes the description and attributes the violation to the resource", async () => {
            const r = await run([flagPolicy()], [resource(BUCKET, { flag: true }, { name: "b1" })]);
            expect(r.violations).to.have.length(1);
            expect(r.violations[0].message).to.equal("Flags are bad.\nprop 'flag' is set; unset it.");
            expect(r.violations[0].urn).to.match(/::aws:s3\/bucket:Bucket::b1$/);
        });
    });

    describe("config", () => {
        const seen: unknown[] = [];
        const policy = flagPolicy({
            configSchema: {
                properties: {
                    ports: { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: [80, 443] },
                    mode: { type: "string", enum: ["a", "b"] },
                },
            },
            validateResource: args => {
                seen.push(args.getConfig());
            },
        });

        beforeEach(() => seen.splice(0));

        it("fills schema defaults", async () => {
            await run([policy], [resource(BUCKET, {})]);
            expect(seen).to.deep.equal([{ ports: [80, 443] }]);
        });

        it("merges configured knobs over defaults and hides enforcementLevel", async () => {
            await run([policy], [resource(BUCKET, {})], { config: { "flag-check": { enforcementLevel: "mandatory", mode: "b" } } });
            expect(seen).to.deep.equal([{ ports: [80, 443], mode: "b" }]);
        });

        it("replaces arrays rather than merging them", async () => {
            await run([policy], [resource(BUCKET, {})], { config: { "flag-check": { ports: [8443] } } });
            expect(seen).to.deep.equal([{ ports: [8443] }]);
        });

        it("validates config against the schema", async () => {
            await expectRejection(run([policy], [resource(BUCKET, {})], { config: { "flag-check": { ports: ["http"] } } }),
                /flag-check: ports\.0: Invalid type/);
            await expectRejection(run([policy], [resource(BUCKET, {})], { config: { "flag-check": { mode: "c" } } }),
                /flag-check: mode: mode must be one of the following: "a", "b"/);
        });

        it("reports every schema error in the CLI's (gojsonschema's) words", async () => {
            const strict = flagPolicy({
                configSchema: {
                    properties: {
                        cidrs: { type: "array", items: { type: "string", pattern: "^[0-9./]+$" }, minItems: 1, uniqueItems: true },
                        name: { type: "string", minLength: 2 },
                    },
                    required: ["name"],
                },
            });
            expect(validatePolicyConfig(strict, { cidrs: ["10.0.0.0/8", "x"] }).sort()).to.deep.equal([
                "flag-check: cidrs.1: Does not match pattern '^[0-9./]+$'",
                "flag-check: name is required",
            ]);
            await expectRejection(run([strict], [], { config: { "flag-check": { cidrs: [], name: "n" } } }),
                /flag-check: cidrs: Array must have at least 1 items\n {2}flag-check: name: String length must be greater than or equal to 2/);
            await expectRejection(run([strict], [], { config: { "flag-check": { cidrs: ["1/1", "1/1"], name: "nn" } } }),
                /flag-check: cidrs: array items\[0,1\] must be unique/);
        });

        it("accepts knobs the schema does not name and keywords it does not know, as the CLI does", async () => {
            // The CLI's schema has no additionalProperties, and gojsonschema skips unknown keywords.
            const loose = flagPolicy({ configSchema: { properties: { a: { type: "integer", default: 1, unknownKeyword: true } as never } } });
            expect(validatePolicyConfig(loose, { a: 2, b: "extra" })).to.deep.equal([]);
            expect(validatePolicyConfig(loose, { a: "two" })).to.deep.equal(["flag-check: a: Invalid type. Expected: integer, given: string"]);
        });

        it("refuses a schema that declares enforcementLevel, as server.js does before serving", async () => {
            const inProperties = flagPolicy({ configSchema: { properties: { enforcementLevel: { type: "string" } } } });
            await expectRejection(run([inProperties], []), /enforcementLevel cannot be explicitly specified in properties/);
            const inRequired = flagPolicy({ configSchema: { properties: {}, required: ["enforcementLevel"] } });
            await expectRejection(run([inRequired], []), /"enforcementLevel" cannot be specified in required/);
        });

        it("returns {} from getConfig for a policy without a schema", async () => {
            const plain = flagPolicy({ validateResource: args => { seen.push(args.getConfig()); } });
            await run([plain], [resource(BUCKET, {})]);
            expect(seen).to.deep.equal([{}]);
        });

        it("reads a --policy-pack-config file", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
            const file = path.join(dir, "c.json");
            fs.writeFileSync(file, JSON.stringify({ all: "advisory", "flag-check": { mode: "a" } }));
            expect(policyConfigFromFile(file)).to.deep.equal({ all: "advisory", "flag-check": { mode: "a" } });
            fs.writeFileSync(file, JSON.stringify({ "flag-check": 3 }));
            expect(() => policyConfigFromFile(file)).to.throw(/must be a string or object/);
        });

        it("resolves every policy's effective config", () => {
            const resolved = resolvePolicyConfig([policy, flagPolicy({ name: "other", enforcementLevel: "mandatory" })], { all: "advisory" });
            expect(resolved.get("flag-check")).to.deep.equal({ enforcementLevel: "advisory", properties: { ports: [80, 443] } });
            expect(resolved.get("other")).to.deep.equal({ enforcementLevel: "advisory", properties: {} });
        });
    });

    describe("remediation", () => {
        const policy: ResourceValidationPolicy = {
            name: "fix-flag",
            description: "Flags are bad.",
            enforcementLevel: "advisory",
            remediateResource: args => (args.props.flag === true ? { ...args.props, flag: false } : undefined),
            validateResource: (args, report) => {
                if (args.props.flag === true) report("prop 'flag' is set.");
            },
        };

        it("does not remediate below the remediate level", async () => {
            const r = await run([policy], [resource(BUCKET, { flag: true })]);
            expect(r.remediations).to.be.empty;
            expectViolation(r, "fix-flag", "'flag' is set");
        });

        it("applies the remediation and validates the remediated props", async () => {
            const r = await run([policy], [resource(BUCKET, { flag: true, keep: 1 })], { config: { "fix-flag": "remediate" } });
            expect(r.remediations).to.have.length(1);
            expect(r.remediations[0].props).to.deep.equal({ flag: false, keep: 1 });
            expectNoViolation(r, "fix-flag");
        });

        it("reports what remediation could not fix as mandatory", async () => {
            const noFix = { ...policy, remediateResource: () => undefined };
            const r = await run([noFix], [resource(BUCKET, { flag: true })], { config: { "fix-flag": "remediate" } });
            expect(expectViolation(r, "fix-flag", "'flag' is set").enforcementLevel).to.equal("mandatory");
        });

        it("feeds one remediation's output into the next policy's remediation and every validation", async () => {
            const observer = flagPolicy({ name: "observer" });
            const r = await run([policy, observer], [resource(BUCKET, { flag: true })], { config: { "fix-flag": "remediate" } });
            expectNoViolation(r, "observer");
        });

        it("marks a remediate-level policy without remediateResource as not applicable", async () => {
            const r = await run([flagPolicy()], [resource(BUCKET, { flag: true })], { config: { "flag-check": "remediate" } });
            expect(r.notApplicable.map(n => n.reason)).to.include("Policy does not implement remediateResource");
            expect(expectViolation(r, "flag-check", "unset it").enforcementLevel).to.equal("mandatory");
        });
    });

    describe("notApplicable and typed validators", () => {
        it("records args.notApplicable(reason)", async () => {
            const p = flagPolicy({ validateResource: args => args.notApplicable("not my kind") });
            const r = await run([p], [resource(BUCKET, {})]);
            expect(r.notApplicable).to.deep.equal([{ policy: "flag-check", urn: r.notApplicable[0].urn, reason: "not my kind" }]);
            expect(r.violations).to.be.empty;
        });

        it("fast-skips a typed validator on other resource types", async () => {
            const p = flagPolicy({
                validateResource: validateResourceOfType(aws.ec2.Instance, (props, _args, report) => {
                    if (props.associatePublicIpAddress) report("public");
                }),
            });
            const r = await run([p], [resource(BUCKET, { associatePublicIpAddress: true }), resource("aws:ec2/instance:Instance", { associatePublicIpAddress: true })]);
            expect(r.notApplicable[0].reason).to.equal("Policy only applies to resources of type 'aws:ec2/instance:Instance'");
            expect(r.violations).to.have.length(1);
        });

        it("offers isType/asType, name, opts, provider and stackTags to resource policies", async () => {
            const seen: Record<string, unknown>[] = [];
            const p = flagPolicy({
                validateResource: args => {
                    seen.push({
                        isInstance: args.isType(aws.ec2.Instance),
                        asBucket: args.asType(aws.s3.Bucket),
                        name: args.name,
                        protect: args.opts.protect,
                        parent: args.opts.parent,
                        providerRegion: args.provider?.props.region,
                        team: args.stackTags.get("team"),
                    });
                },
            });
            await run([p], [resource("aws:ec2/instance:Instance", { ami: "x" }, {
                name: "web", parent: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", opts: { protect: true },
                provider: { type: "pulumi:providers:aws", urn: "urn:pulumi:dev::p::pulumi:providers:aws::default", name: "default", props: { region: "eu-west-1" } },
            })], { stackTags: { team: "web" } });
            expect(seen).to.deep.equal([{
                isInstance: true, asBucket: undefined, name: "web", protect: true,
                parent: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", providerRegion: "eu-west-1", team: "web",
            }]);
        });

        it("skips a policy with neither validateResource nor validateStack", async () => {
            const p = { name: "empty", description: "nothing", enforcementLevel: "mandatory" } as unknown as Policies[number];
            const r = await run([p], [resource(BUCKET, {})]);
            expect(r).to.deep.equal({ violations: [], notApplicable: [], remediations: [] });
        });
    });

    describe("stack policies", () => {
        it("see every resource with parent, dependencies and propertyDependencies resolved", async () => {
            const seen: string[] = [];
            const stackPolicy: StackValidationPolicy = {
                name: "stack-check",
                description: "Checks the stack.",
                enforcementLevel: "mandatory",
                validateStack: (args, report) => {
                    for (const r of args.resources) {
                        seen.push(`${r.name}<-${r.parent?.name ?? "-"} deps=${r.dependencies.map(d => d.name).join(",")} ` +
                            `pd=${(r.propertyDependencies.bucket ?? []).map(d => d.name).join(",")}`);
                    }
                    report("stack message", args.resources[1].urn);
                },
            };
            const a = resource(BUCKET, {}, { name: "a" });
            const b = resource("aws:s3/bucketPolicy:BucketPolicy", { bucket: "x" }, {
                name: "b", parent: a.urn, dependencies: [a.urn, "urn:missing"], propertyDependencies: { bucket: [a.urn] },
            });
            const r = await run([stackPolicy], [a, b]);
            expect(seen).to.deep.equal(["a<-- deps= pd=", "b<-a deps=a pd=a"]);
            expect(r.violations).to.deep.equal([{ policy: "stack-check", enforcementLevel: "mandatory", urn: b.urn, message: "Checks the stack.\nstack message" }]);
        });

        it("report as mandatory when configured to remediate", async () => {
            const stackPolicy: StackValidationPolicy = {
                name: "stack-check", description: "d", enforcementLevel: "advisory", validateStack: (_a, report) => report("x"),
            };
            const r = await run([stackPolicy], [], { config: { "stack-check": "remediate" } });
            expect(r.violations[0].enforcementLevel).to.equal("mandatory");
        });
    });

    describe("preview and unknown values", () => {
        it("turns reading an UNKNOWN into an advisory note, not a crash", async () => {
            const p = flagPolicy({ enforcementLevel: "mandatory" });
            const r = await run([p], [resource(BUCKET, { flag: UNKNOWN }, { name: "u" })], { preview: true });
            const notes = previewNotesOf(r, "flag-check");
            expect(notes).to.have.length(1);
            expect(notes[0].enforcementLevel).to.equal("advisory");
            expect(notes[0].message).to.equal(
                "can't run policy 'flag-check' from policy pack 'elb-web-tier@v0.1.0' during preview: string value at .flag can't be known during preview");
        });

        it("detects unknowns nested in arrays and objects", async () => {
            const p = flagPolicy({ validateResource: args => { void args.props.list[0].inner; } });
            const r = await run([p], [resource(BUCKET, { list: [{ inner: UNKNOWN }] })], { preview: true });
            expect(previewNotesOf(r)[0].message).to.contain("value at .list.0.inner can't be known");
        });

        it("does not complain about unknowns a policy never reads", async () => {
            const r = await run([flagPolicy()], [resource(BUCKET, { other: UNKNOWN })], { preview: true });
            expectNoViolation(r);
        });

        it("turns an unknown read in a stack policy into an advisory note", async () => {
            const stackPolicy: StackValidationPolicy = {
                name: "stack-check", description: "d", enforcementLevel: "mandatory",
                validateStack: args => { void args.resources[0].props.flag; },
            };
            const r = await run([stackPolicy], [resource(BUCKET, { flag: UNKNOWN })], { preview: true });
            expect(previewNotesOf(r, "stack-check")).to.have.length(1);
        });

        it("turns an unknown read in a remediation into an advisory note", async () => {
            const p = flagPolicy({ remediateResource: args => ({ ...args.props, flag: !args.props.flag }) });
            const r = await run([p], [resource(BUCKET, { flag: UNKNOWN })], { preview: true, config: { "flag-check": "remediate" } });
            expect(previewNotesOf(r, "flag-check").map(n => n.message)).to.satisfy((m: string[]) => m.some(x => x.startsWith("can't run remediation 'flag-check'")));
        });

        it("reports remediated props with unknowns still UNKNOWN", async () => {
            const p = flagPolicy({ remediateResource: args => { args.props.flag = false; return args.props; } });
            const r = await run([p], [resource(BUCKET, { flag: true, arn: UNKNOWN })], { preview: true, config: { "flag-check": "remediate" } });
            expect(r.remediations[0].props).to.deep.equal({ flag: false, arn: UNKNOWN });
        });

        it("refuses UNKNOWN outside preview (an update has no unknown inputs)", async () => {
            await expectRejection(run([flagPolicy()], [resource(BUCKET, { flag: UNKNOWN })]), /only exist in preview/);
        });

        it("drops undefined props like the wire format does", async () => {
            const keys: string[][] = [];
            const p = flagPolicy({ validateResource: args => { keys.push(Object.keys(args.props)); } });
            await run([p], [resource(BUCKET, { a: 1, b: undefined })]);
            expect(keys).to.deep.equal([["a"]]);
        });
    });

    describe("bugs in policies", () => {
        it("propagates any other error as a PolicyError", async () => {
            const p = flagPolicy({ validateResource: () => { throw new TypeError("cannot read x of undefined"); } });
            await expectRejection(run([p], [resource(BUCKET, {})]), /Error validating resource with policy 'flag-check'.*\n.*cannot read x of undefined/, PolicyError);
        });

        it("propagates errors from async validators and stack policies", async () => {
            const p = flagPolicy({ validateResource: async () => { throw new Error("boom"); } });
            await expectRejection(run([p], [resource(BUCKET, {})]), /boom/, PolicyError);
            const s: StackValidationPolicy = { name: "s", description: "d", validateStack: () => { throw new Error("bang"); } };
            await expectRejection(run([s], []), /bang/, PolicyError);
        });
    });
});

async function expectRejection(promise: Promise<unknown>, pattern: RegExp, type: new (...args: never[]) => Error = Error): Promise<void> {
    try {
        await promise;
    } catch (e) {
        expect(e).to.be.instanceOf(type);
        expect((e as Error).message).to.match(pattern);
        return;
    }
    expect.fail(`expected a rejection matching ${pattern}`);
}
