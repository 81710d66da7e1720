// Test conveniences around tools/engine/policyRunner.ts (the engine-faithful runner).
//
//   const result = await runPolicy(policy, [resource("aws:ec2/instance:Instance", { ... })]);
//   expectViolation(result, "ec2-imdsv2", "metadataOptions.httpTokens");
//   expectNoViolation(result, "ec2-imdsv2");
import { expect } from "chai";
import type { Policies } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import {
    isPreviewNote,
    UNKNOWN,
    makeUrn,
    PlannedResource,
    PolicyRunResult,
    RunOptions,
    runPolicies,
    Violation,
} from "../../tools/engine/policyRunner";

export * from "../../tools/engine/policyRunner";

/** The pack's name and version, so preview notes read like the real CLI output. */
export const PACK_NAME = "elb-web-tier";
export const PACK_VERSION = "0.1.0";

export type Policy = Policies[number];

export type ResourceExtras = Partial<Omit<PlannedResource, "type" | "props">>;

let counter = 0;

/** A PlannedResource with a generated name and an engine-shaped URN. */
export function resource(type: string, props: Record<string, unknown>, extras: ResourceExtras = {}): PlannedResource {
    const name = extras.name ?? `r${++counter}`;
    return { urn: makeUrn(type, name), name, type, props, ...extras };
}

/**
 * A resource's inputs as the engine sends them to a policy: the provider's *Args type with every
 * Input unwrapped, every property optional, and UNKNOWN allowed anywhere (a preview). Object
 * literals of this type get TypeScript's excess-property check, so a misspelled property fails
 * to compile instead of making a test pass for the wrong reason.
 */
export type Inputs<T> = T extends string | number | boolean ? T | typeof UNKNOWN
    : T extends readonly (infer E)[] ? Inputs<E>[] | typeof UNKNOWN
    : T extends object ? { [K in keyof T]?: Inputs<T[K]> } | typeof UNKNOWN
    : T;

export type FixtureProps<Args> = { [K in keyof pulumi.Unwrap<Args>]?: Inputs<pulumi.Unwrap<Args>[K]> };

/** A typed resource builder for one type token: `typed<aws.lb.ListenerArgs>(TYPES.listener)({ port: 443 })`. */
export function typed<Args>(type: string): (props: FixtureProps<Args>, extras?: ResourceExtras) => PlannedResource {
    return (props, extras) => resource(type, props as Record<string, unknown>, extras);
}

/** Runs a list with this pack's name/version as defaults. */
export function run(policies: Policies, resources: PlannedResource[], options: RunOptions = {}): Promise<PolicyRunResult> {
    return runPolicies(policies, resources, { packName: PACK_NAME, packVersion: PACK_VERSION, ...options });
}

/** Runs a single policy. */
export function runPolicy(policy: Policy, resources: PlannedResource[], options: RunOptions = {}): Promise<PolicyRunResult> {
    return run([policy], resources, options);
}

/** Runs a single policy in preview mode (UNKNOWN props allowed). */
export function previewPolicy(policy: Policy, resources: PlannedResource[], options: RunOptions = {}): Promise<PolicyRunResult> {
    return run([policy], resources, { ...options, preview: true });
}

export function findPolicy(policies: Policies, name: string): Policy {
    const found = policies.find(p => p.name === name);
    if (!found) {
        throw new Error(`no policy named '${name}' (have: ${policies.map(p => p.name).join(", ")})`);
    }
    return found;
}

/** Real violations only: excludes the advisory "can't run ... during preview" notes. */
export function violationsOf(result: PolicyRunResult, policy?: string): Violation[] {
    return result.violations.filter(v => (policy === undefined || v.policy === policy) && !isPreviewNote(v));
}

/** The advisory notes the engine emits when a policy reads an unknown value. */
export function previewNotesOf(result: PolicyRunResult, policy?: string): Violation[] {
    return result.violations.filter(v => (policy === undefined || v.policy === policy) && isPreviewNote(v));
}

/** Asserts `policy` reported a violation whose message contains `fragment`; returns it. */
export function expectViolation(result: PolicyRunResult, policy: string, fragment: string | RegExp): Violation {
    const found = violationsOf(result, policy);
    const matches = found.filter(v => (typeof fragment === "string" ? v.message.includes(fragment) : fragment.test(v.message)));
    expect(matches, `expected a '${policy}' violation matching ${String(fragment)}; got:\n${describe(result)}`).to.not.be.empty;
    return matches[0];
}

/** Asserts `policy` (or any policy, if omitted) reported nothing, not even a preview note. */
export function expectNoViolation(result: PolicyRunResult, policy?: string): void {
    const found = result.violations.filter(v => policy === undefined || v.policy === policy);
    expect(found, `expected no ${policy ? `'${policy}' ` : ""}violations; got:\n${describe(result)}`).to.be.empty;
}

function describe(result: PolicyRunResult): string {
    if (result.violations.length === 0) {
        return "  (no violations)";
    }
    return result.violations.map(v => `  [${v.enforcementLevel}] ${v.policy} ${v.urn ?? ""}: ${v.message}`).join("\n");
}
