// The pack as a whole: the contract every policy meets, the loadable pack files, the
// per-environment config files and the README table.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import type { Policies, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { policies as served, rules as policies } from "../../policies/rules";
import { DISPATCH_POLICY, rulesConfig } from "../../policies/rules/dispatch";
import {
    PACK_NAME,
    PACK_VERSION,
    PlannedResource,
    PolicyPackConfig,
    policyConfigFromFile,
    resolvePolicyConfig,
    resource,
    run,
    UNKNOWN,
    validatePolicyConfig,
} from "../support/policyHarness";
import { engineConfigSchema } from "../../tools/engine/policyRunner";
import { isPreviewNote } from "../../tools/engine/policyRunner";
import { generatedStack, RESOURCES_PER_TIER } from "../../tools/scripts/bench/generatedStack";
import { goodAlb, goodNlb, wellFormedStack } from "./loadbalancingFixtures";

const ROOT = path.join(__dirname, "..", "..");
const POLICIES_DIR = path.join(ROOT, "policies");
const read = (file: string) => fs.readFileSync(path.join(POLICIES_DIR, file), "utf8");
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type Policy = Policies[number];

/** A resource of every kind the pack inspects, most of them violating something. */
function corpus(): PlannedResource[] {
    const rule = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] };
    const group = resource("aws:autoscaling/group:Group", { targetGroupArns: ["arn:tg"], tags: [{ key: "Project", value: "x", propagateAtLaunch: true }] });
    return [
        ...wellFormedStack(0),
        ...wellFormedStack(1),
        resource("aws:lb/loadBalancer:LoadBalancer", { ...goodAlb(), subnets: ["subnet-a"], enableDeletionProtection: false }),
        resource("aws:alb/loadBalancer:LoadBalancer", { ...goodNlb(), accessLogs: undefined }),
        resource("aws:ec2/securityGroup:SecurityGroup", { ingress: [rule, { ...rule, protocol: "-1" }], egress: [rule] }),
        resource("aws:ec2/securityGroupRule:SecurityGroupRule", { type: "ingress", ...rule }),
        resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" }),
        resource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
        resource("aws:ec2/instance:Instance", { associatePublicIpAddress: true, userData: "PASSWORD=hunter22", ebsBlockDevices: [{ deviceName: "/dev/sdb" }] }),
        resource("aws:ec2/launchTemplate:LaunchTemplate", { userData: "ZWNobyBoaQ==", networkInterfaces: [{ associatePublicIpAddress: "true" }], blockDeviceMappings: [{ ebs: {} }] }),
        group,
        resource("aws:autoscaling/attachment:Attachment", { autoscalingGroupName: "g", lbTargetGroupArn: "arn:tg" }, { dependencies: [group.urn] }),
        resource("aws:ec2/vpc:Vpc", { cidrBlock: "10.0.0.0/16" }),
        resource("aws:ec2/eip:Eip", { domain: "vpc" }),
        resource("aws:acm/certificate:Certificate", { certificateBody: "(not a PEM)", privateKey: "x" }),
        resource("aws:acm/certificate:Certificate", { domainName: "www.example.com", validationMethod: "EMAIL", keyAlgorithm: "RSA_1024", options: { certificateTransparencyLoggingPreference: "DISABLED" } }),
        resource("aws:s3/bucket:Bucket", { bucket: "logs" }),
        resource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", { bucket: "logs", rule: { objectOwnership: "ObjectWriter" } }),
        resource("aws:wafv2/webAcl:WebAcl", { scope: "REGIONAL", rules: [{ name: "r", visibilityConfig: { cloudwatchMetricsEnabled: false } }] }),
        resource("aws:route53/record:Record", { name: "www", type: "A", aliases: [{ name: "x.eu-west-1.elb.amazonaws.com", zoneId: "Z", evaluateTargetHealth: false }] }),
        resource("aws:ec2/launchConfiguration:LaunchConfiguration", { imageId: "ami-1" }),
        resource("aws:lb/listener:Listener", { protocol: "TLS", port: 443, alpnPolicy: "None" }),
    ];
}

/**
 * The reason a description gives for its requirement: the text after the clause that says
 * "must" or "should", introduced by ": ", "; ", " because ", " so ", " otherwise " or a new
 * sentence, and at least eight words long. Undefined when there is no requirement or no reason.
 */
function reasonOf(description: string): string | undefined {
    const requirement = /\b(must|should)\b/.exec(description);
    if (!requirement) return undefined;
    const rest = description.slice(requirement.index);
    const joint = /(: |; | because | so | otherwise |\. )/.exec(rest);
    const reason = joint ? rest.slice(joint.index + joint[0].length).trim() : "";
    return reason.split(/\s+/).length >= 8 ? reason : undefined;
}

// What gojsonschema (Go's RE2 regexp) cannot compile: lookaround and back-references.
const NOT_RE2 = /\(\?[=!<]|\\[1-9]/;

/** Every schema node of a configSchema, depth first. */
function schemaNodes(node: unknown): Record<string, unknown>[] {
    if (typeof node !== "object" || node === null) return [];
    const record = node as Record<string, unknown>;
    return [record, ...Object.values(record).flatMap(v => (Array.isArray(v) ? v.flatMap(schemaNodes) : schemaNodes(v)))];
}

/** Wraps a policy so every getConfig call is counted. */
function countingConfigReads(policy: Policy): { policy: Policy; reads: () => number } {
    let reads = 0;
    const spy = <A extends ResourceValidationArgs | StackValidationArgs>(args: A): A =>
        ({ ...args, getConfig: <T extends object>() => { reads++; return args.getConfig<T>(); } });
    const wrapped: Record<string, unknown> = { ...policy };
    const r = policy as ResourceValidationPolicy;
    const s = policy as StackValidationPolicy;
    if (typeof r.validateResource === "function") {
        const validate = r.validateResource;
        wrapped.validateResource = (args: ResourceValidationArgs, report: Parameters<typeof validate>[1]) => validate(spy(args), report);
    }
    if (typeof r.remediateResource === "function") {
        const remediate = r.remediateResource;
        wrapped.remediateResource = (args: ResourceValidationArgs) => remediate(spy(args));
    }
    if (typeof s.validateStack === "function") {
        const validate = s.validateStack;
        wrapped.validateStack = (args: StackValidationArgs, report: Parameters<typeof validate>[1]) => validate(spy(args), report);
    }
    return { policy: wrapped as unknown as Policy, reads: () => reads };
}

/** Replaces every leaf (or, with `shape`, every value) by `replacement(value)`. */
function mapLeaves(value: unknown, replacement: (leaf: unknown) => unknown): unknown {
    if (Array.isArray(value)) return value.map(v => mapLeaves(v, replacement));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, replacement)]));
    }
    return replacement(value);
}

describe("policy pack", () => {
    describe("every policy", () => {
        it("has a unique kebab-case name other than the reserved 'all'", () => {
            const names = policies.map(p => p.name);
            expect(new Set(names).size, "duplicate names").to.equal(names.length);
            for (const name of names) {
                expect(name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
                expect(name).to.not.equal("all");
            }
        });

        it("the says-why check rejects a bare requirement and accepts one with a reason", () => {
            expect(reasonOf("Load balancers must have deletion protection enabled.")).to.equal(undefined);
            expect(reasonOf("Load balancers must have deletion protection, always, in every stack.")).to.equal(undefined);
            expect(reasonOf("Deletion protection is good: it protects things from being deleted by mistake today.")).to.equal(undefined);
            expect(reasonOf("Load balancers must have deletion protection: deleting one drops every connection and releases its addresses."))
                .to.equal("deleting one drops every connection and releases its addresses.");
        });

        it("has a description that states the requirement (must/should) and then why, and a default enforcement level", () => {
            for (const p of policies) {
                expect(reasonOf(p.description), `${p.name}: "${p.description}"`).to.be.a("string");
                expect(["advisory", "mandatory"], p.name).to.include(p.enforcementLevel);
            }
        });

        it("validates resources or the stack", () => {
            for (const p of policies) {
                const r = p as ResourceValidationPolicy;
                const s = p as StackValidationPolicy;
                expect(typeof r.validateResource === "function" || typeof s.validateStack === "function", p.name).to.equal(true);
            }
        });

        it("declares knobs the way the engine accepts them: defaults that pass their own schema, no enforcementLevel", () => {
            for (const p of policies.filter(x => x.configSchema)) {
                const schema = p.configSchema!;
                expect(schema.properties, p.name).to.not.have.property("enforcementLevel");
                expect(schema.required ?? [], p.name).to.not.include("enforcementLevel");
                for (const [knob, s] of Object.entries(schema.properties)) {
                    expect(s.default, `${p.name}.${knob} needs a default`).to.not.equal(undefined);
                    expect(s.description, `${p.name}.${knob} needs a description`).to.be.a("string");
                }
            }
            expect(() => resolvePolicyConfig(policies)).to.not.throw();
        });

        it("declares schemas a strict JSON Schema compiler accepts, with RE2 patterns and no formats", () => {
            // The runner (like the CLI) ignores unknown keywords; here a misspelled one fails.
            const strict = new Ajv({ strict: true, allErrors: true });
            for (const p of policies.filter(x => x.configSchema)) {
                expect(() => strict.compile(engineConfigSchema(p.configSchema!)), p.name).to.not.throw();
                for (const node of schemaNodes(p.configSchema!.properties)) {
                    // gojsonschema checks formats ajv (without ajv-formats) does not: keep them out.
                    expect(node, p.name).to.not.have.property("format");
                    if (typeof node.pattern === "string") expect(node.pattern, p.name).to.not.match(NOT_RE2);
                }
            }
            expect(() => strict.compile(engineConfigSchema({ properties: { a: { type: "string", minimun: 1 } as never } }))).to.throw(/unknown keyword/);
        });

        it("has a configSchema if and only if it reads config", async () => {
            for (const p of policies) {
                const { policy, reads } = countingConfigReads(p);
                await run([policy], corpus());
                expect(reads() > 0, `${p.name}: reads config = ${reads() > 0}, has configSchema = ${p.configSchema !== undefined}`)
                    .to.equal(p.configSchema !== undefined);
            }
        });

        it("never throws anything but the engine's unknown-value error, in preview with every value unknown", async () => {
            const unknownLeaves = corpus().map(r => ({ ...r, props: mapLeaves(r.props, () => UNKNOWN) as Record<string, unknown> }));
            const unknownProps = corpus().map(r => ({ ...r, props: Object.fromEntries(Object.keys(r.props).map(k => [k, UNKNOWN])) }));
            // A policy that finds something in the known corpus must, with those values unknown, still
            // find it or say it could not decide: never pass silently.
            const known = await run(policies, corpus());
            const finders = new Set(known.violations.map(v => v.policy));
            expect(finders.size, [...finders].join()).to.be.greaterThan(10);
            for (const unknown of [unknownLeaves, unknownProps]) {
                const result = await run(policies, unknown, { preview: true });
                const spoken = new Set(result.violations.map(v => v.policy));
                expect([...finders].filter(name => !spoken.has(name)), "silent on unknowns").to.deep.equal([]);
            }
        });

        it("never throws on values of the wrong shape", async () => {
            const shapes: ((leaf: unknown) => unknown)[] = [
                leaf => (typeof leaf === "number" ? String(leaf) : leaf),
                leaf => (typeof leaf === "string" ? 42 : leaf),
                () => null,
                () => ({ unexpected: true }),
                () => [],
            ];
            const names = new Set(policies.map(p => p.name));
            /** Findings on junk still name a policy and read as sentences, never "[object Object]". */
            const expectSaneFindings = (result: Awaited<ReturnType<typeof run>>) => {
                for (const v of result.violations) {
                    expect(names.has(v.policy), v.policy).to.equal(true);
                    expect(v.message, v.policy).to.not.match(/\[object Object\]/);
                }
            };
            for (const shape of shapes) {
                expectSaneFindings(await run(policies, corpus().map(r => ({ ...r, props: mapLeaves(r.props, shape) as Record<string, unknown> }))));
            }
            const wholeProps = [null, "x", 1, [], {}];
            for (const odd of wholeProps) {
                expectSaneFindings(await run(policies, corpus().map(r => ({ ...r, props: Object.fromEntries(Object.keys(r.props).map(k => [k, odd])) }))));
            }
        });
    });

    describe("the benchmark's generated web tier", () => {
        for (const preview of [false, true]) {
            it(`passes every mandatory rule ${preview ? "in preview" : "in an update"}, its only findings the advisories it leaves out (EIP protection, WAF, so its entry points are unprotected)`, async () => {
                const result = await run(policies, generatedStack(RESOURCES_PER_TIER * 2, preview), { preview });
                const findings = result.violations.filter(v => !isPreviewNote(v));
                expect([...new Set(findings.map(v => `${v.enforcementLevel} ${v.policy}`))].sort()).to.deep.equal(["advisory alb-waf-associated", "advisory eip-protected", "advisory lb-entry-points-protected"]);
            });
        }
    });

    describe("loadable pack files", () => {
        it("policies/index.ts does nothing but construct the pack from the rules list", () => {
            const code = read("index.ts").replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "");
            const statements = code.split(";").map(s => s.replace(/\s+/g, " ").trim()).filter(s => s !== "");
            expect(statements).to.deep.equal([
                'import { PolicyPack } from "@pulumi/policy"',
                'import { policies } from "./rules"',
                `new PolicyPack("${PACK_NAME}", { policies })`,
            ]);
            // server.js rejects any other pack name with process.exit(1).
            expect(PACK_NAME).to.match(/^[a-zA-Z0-9-_.]{1,100}$/);
        });

        it("PulumiPolicy.yaml names the nodejs runtime and describes the pack", () => {
            const project = parseYaml(read("PulumiPolicy.yaml")) as { runtime?: unknown; description?: unknown };
            expect(project.runtime).to.equal("nodejs");
            expect(project.description).to.be.a("string").and.not.empty;
        });

        it("package.json has a name, the harness's version, and the root's ranges for @pulumi/policy, @pulumi/pulumi, typescript 5 and @types/node", () => {
            const pkg = JSON.parse(read("package.json")) as { name: string; version: string; dependencies: Record<string, string> };
            const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, Record<string, string>>;
            expect(pkg.name).to.equal("elb-web-tier-policies");
            // PolicyPack refuses to start without a version.
            expect(pkg.version).to.match(/^\d+\.\d+\.\d+/);
            expect(pkg.version).to.equal(PACK_VERSION);
            const rootRange = (dep: string) => root.dependencies?.[dep] ?? root.devDependencies?.[dep];
            // Published alone, the pack is installed from this file: its own TypeScript 5.x (else the CLI
            // falls back to the TypeScript 3.8 bundled with @pulumi/pulumi) and Node types.
            for (const dep of ["@pulumi/policy", "@pulumi/pulumi", "typescript", "@types/node"]) {
                expect(pkg.dependencies[dep], dep).to.equal(rootRange(dep));
            }
            expect(pkg.dependencies.typescript).to.match(/^\^5\./);
        });
    });

    describe("per-environment config", () => {
        for (const env of ["dev", "prod"]) {
            describe(`config/${env}.json`, () => {
                const file = path.join(POLICIES_DIR, "config", `${env}.json`);
                const config = (): PolicyPackConfig => rulesConfig(policyConfigFromFile(file)) as PolicyPackConfig;

                it("parses like the CLI parses --policy-pack-config", () => {
                    expect(config).to.not.throw();
                });

                it("configures only the served policy, and passes its schema as the CLI checks it", () => {
                    const file_ = policyConfigFromFile(file);
                    expect(Object.keys(file_)).to.deep.equal([DISPATCH_POLICY]);
                    expect(() => resolvePolicyConfig(served, file_)).to.not.throw();
                });

                it("names only existing policies (or 'all') with valid levels", () => {
                    const names = new Set(policies.map(p => p.name));
                    for (const [key, value] of Object.entries(config())) {
                        expect(key === "all" || names.has(key), `unknown policy '${key}'`).to.equal(true);
                        const level = typeof value === "string" ? value : (value as { enforcementLevel?: string } | undefined)?.enforcementLevel;
                        if (level !== undefined) expect(LEVELS, key).to.include(level);
                    }
                });

                it("sets only knobs the policy declares, with values its configSchema accepts", () => {
                    for (const [key, value] of Object.entries(config())) {
                        if (key === "all" || typeof value !== "object" || value === null) continue;
                        const policy = policies.find(p => p.name === key)!;
                        const { enforcementLevel: _level, ...knobs } = value as Record<string, unknown>;
                        for (const knob of Object.keys(knobs)) {
                            expect(policy.configSchema?.properties, `${key}.${knob}`).to.have.property(knob);
                        }
                        expect(validatePolicyConfig(policy, knobs)).to.deep.equal([]);
                    }
                    expect(() => resolvePolicyConfig(policies, config())).to.not.throw();
                });
            });
        }

        it("prod raises deletion protection, access logs and required tags to mandatory", () => {
            const resolved = resolvePolicyConfig(policies, rulesConfig(policyConfigFromFile(path.join(POLICIES_DIR, "config", "prod.json"))) as PolicyPackConfig);
            for (const name of ["lb-deletion-protection", "lb-access-logs", "required-tags"]) {
                expect(resolved.get(name)?.enforcementLevel, name).to.equal("mandatory");
            }
        });

        it("dev keeps those advisory so dev stacks can be torn down", () => {
            const resolved = resolvePolicyConfig(policies, rulesConfig(policyConfigFromFile(path.join(POLICIES_DIR, "config", "dev.json"))) as PolicyPackConfig);
            for (const name of ["lb-deletion-protection", "lb-access-logs", "required-tags"]) {
                expect(resolved.get(name)?.enforcementLevel, name).to.equal("advisory");
            }
        });
    });

    describe("README", () => {
        it("lists exactly the policies in the pack, with their default levels", () => {
            const rows = read("README.md").split("\n")
                .map(line => /^\|\s*`([a-z0-9-]+)`(?:\s*♻)?\s*\|\s*(\w+)\s*\|/.exec(line))
                .filter((m): m is RegExpExecArray => m !== null)
                .map(m => [m[1], m[2]] as const);
            const documented = Object.fromEntries(rows);
            expect(rows.length, "a policy is listed twice").to.equal(Object.keys(documented).length);
            expect(documented).to.deep.equal(Object.fromEntries(policies.map(p => [p.name, p.enforcementLevel])));
        });

        it("gives every policy a Security Hub column and answers for every control the pack is held to", () => {
            const readme = read("README.md");
            expect(readme).to.contain("| Policy | Default level | Resources | Config knobs | Security Hub | Checkov, cdk-nag, CIS and others |");
            const controls = readme.split("\n").filter(line => /^\| (ELB|EC2|AutoScaling|ACM|WAF|S3)\.\d/.test(line));
            const answered = new Set(controls.flatMap(line => line.split(" | ")[0].match(/(ELB|EC2|AutoScaling|ACM|WAF|S3)\.\d+/g) ?? []));
            const required = [
                ...[1, 4, 5, 6, 12, 13, 16, 17, 18, 21, 22].map(n => `ELB.${n}`),
                ...[8, 9, 12, 13, 14, 18, 19, 25, 53, 54, 170, 181, 2, 6, 15, 57].map(n => `EC2.${n}`),
                ...[1, 2, 3, 5, 6, 9].map(n => `AutoScaling.${n}`), "ACM.1", "ACM.2", "WAF.10", "WAF.11", "WAF.12", "S3.17",
            ];
            expect(required.filter(c => !answered.has(c)), "controls without a rule or a reason").to.deep.equal([]);
            for (const line of controls) {
                expect(line.split(" | ")[1]?.trim().length ?? 0, line).to.be.greaterThan(10);
            }
        });

        it("marks exactly the policies that offer a remediation", () => {
            const marked = read("README.md").split("\n")
                .map(line => /^\|\s*`([a-z0-9-]+)`\s*♻/.exec(line)?.[1])
                .filter((n): n is string => n !== undefined);
            const remediating = policies.filter(p => typeof (p as ResourceValidationPolicy).remediateResource === "function").map(p => p.name);
            expect(marked.sort()).to.deep.equal(remediating.sort());
        });
    });
});
