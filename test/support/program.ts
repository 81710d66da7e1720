// Runs the program fresh under mocks with a given config and offers finders for assertions.
import { expect } from "chai";
import { MockAccount } from "../../tools/engine/mocks";
import { RecordedResource, runProgram, UNKNOWN } from "../../tools/engine/mockRun";
import * as path from "path";
import { ConfigError, PROJECT, validateConfig, valuesFromRawConfig } from "../../infra/config";
import { encodeConfigValue, loadStackConfig } from "../../tools/engine/project";

const ROOT_DIR = path.join(__dirname, "..", "..");

export { UNKNOWN };
export type ConfigValues = Record<string, unknown>;

export interface RunOptions {
    stack?: string;
    region?: string;
    preview?: boolean;
    account?: Partial<MockAccount>;
}

/** Config values as the CLI passes them to the program: strings as is, everything else as JSON. */
export function cliConfig(values: ConfigValues, region?: string): Record<string, string> {
    const out: Record<string, string> = region ? { "aws:region": region } : {};
    for (const [k, v] of Object.entries(values)) out[k.includes(":") ? k : `${PROJECT}:${k}`] = encodeConfigValue(v);
    return out;
}

export class Plan {
    constructor(readonly resources: RecordedResource[], readonly outputs: Record<string, unknown>) {}

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource with this type and logical name. */
    get(type: string, name: string): RecordedResource {
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        expect(found, `${type} ${name}`).to.have.length(1);
        return found[0];
    }

    find(type: string, name: string): RecordedResource | undefined {
        return this.resources.find((r) => r.type === type && r.name === name);
    }

    byUrn(urn: string): RecordedResource {
        const r = this.resources.find((x) => x.urn === urn);
        if (!r) throw new Error(`no resource ${urn}`);
        return r;
    }

    /** The resource a property of `r` was computed from (its property dependency). */
    dependencyOf(r: RecordedResource, property: string): RecordedResource[] {
        return (r.propertyDependencies[property] ?? []).map((u) => this.byUrn(u));
    }
}

function programOptions(values: ConfigValues, options: RunOptions) {
    return {
        project: PROJECT,
        stack: options.stack ?? "dev",
        config: cliConfig(values, options.region ?? "ap-northeast-2"),
        preview: options.preview,
        account: options.account,
    };
}

export async function plan(values: ConfigValues = {}, options: RunOptions = {}): Promise<Plan> {
    const result = await runProgram(programOptions(values, options));
    return new Plan(result.resources, result.outputs);
}

/** Runs the program expecting it to fail; returns the error message and what got registered. */
export async function planError(values: ConfigValues, options: RunOptions = {}): Promise<{ message: string; registered: number }> {
    const registered: RecordedResource[] = [];
    try {
        await runProgram({ ...programOptions(values, options), recordInto: registered });
    } catch (e) {
        return { message: (e as Error).message, registered: registered.length };
    }
    throw new Error(`expected the program to fail, but it declared ${registered.length} resources`);
}

export const T = {
    component: (module: string, name: string) => `${PROJECT}:${module}:${name}`,
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    instance: "aws:ec2/instance:Instance",
    tg: "aws:lb/targetGroup:TargetGroup",
    attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    rule: "aws:lb/listenerRule:ListenerRule",
    eip: "aws:ec2/eip:Eip",
    cert: "aws:acm/certificate:Certificate",
    tlsKey: "tls:index/privateKey:PrivateKey",
    tlsCert: "tls:index/selfSignedCert:SelfSignedCert",
};

/** Stack values as a test edits them by path (free-form, as the YAML has them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form config edited by path
export type EditableValues = Record<string, any>;

/** The config errors validateConfig reports for these values ([] when they are valid). */
export function configProblems(values: ConfigValues, stack = "test", region = "ap-northeast-2"): string[] {
    try {
        validateConfig(values, { project: PROJECT, stack, region });
        return [];
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
}

/** A repo stack file's values read as the CLI passes them, changed by `change`, and the config errors they give. */
export function stackProblems(stack: string, change: (v: EditableValues) => void = () => undefined): string[] {
    const sc = loadStackConfig(ROOT_DIR, stack);
    const values = valuesFromRawConfig(PROJECT, sc.config) as EditableValues;
    change(values);
    return configProblems(values, stack, sc.config["aws:region"]);
}

/** A bad config and the lines its error must contain. */
export interface ErrorCase {
    what: string;
    config: ConfigValues;
    expect: string[];
    options?: RunOptions;
}

/** The key as an error line names it. */
export const configKey = (k: string) => `${PROJECT}:${k}`;

/**
 * One test per case: the program fails before declaring any resource, its message holds each
 * expected fragment, and every problem line has one value, in the program's words (not zod's).
 */
export function itRejects(cases: readonly ErrorCase[]): void {
    for (const c of cases) {
        it(`rejects ${c.what} before declaring any resource`, async () => {
            const { message, registered } = await planError(c.config, c.options);
            for (const fragment of c.expect) expect(message).to.contain(fragment);
            for (const line of message.split("\n").filter((l) => l.startsWith("  - "))) {
                expect(line.split("; got ").length, line).to.be.at.most(2);
                expect(line, line).to.not.match(/Too (big|small)|Invalid (input|option)|expected (string|number)/);
            }
            expect(registered, "resources declared before the error").to.equal(0);
        });
    }
}
