// One offline plan: the stack's config -> the real program under mocks -> the policy pack.
import * as fs from "fs";
import * as path from "path";
import { accountFacts, RecordedResource, runProgram } from "../engine/mockRun";
import { assumptionNotes } from "./describe";
import { PlannedResource, policyConfigFromFile, PolicyPackConfig, runPolicies, Violation } from "../engine/policyRunner";
import { policies } from "../../policies/rules";
import { bootEgressWarning, ConfigError, DEFAULT_REGION, floatingAmiWarning, nlbAccessLogsWarning, validateConfig, valuesFromRawConfig } from "../../infra/config";
import { loadStackConfig, StackConfigError } from "../engine/project";
import { policyConfigFor, StackPolicyError } from "../engine/stackPolicy";
import type { ChangeReview } from "./change/review";

/** The name `policies/index.ts` gives its PolicyPack (shown in the engine's notes). */
const POLICY_PACK_NAME = "elb-web-tier";

export interface PlanOptions {
    projectDir: string;
    stack: string;
    preview?: boolean;
    /** A policy pack config file; default: <projectDir>/policies/config/<stack>.json if it exists. */
    policyConfig?: string;
}

export interface PlanResult {
    project: string;
    stack: string;
    region: string;
    preview: boolean;
    stackFile: string;
    /** The policy pack config file used, relative to the project directory (null: the pack's defaults). */
    policyConfig: string | null;
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    violations: Violation[];
    notes: string[];
    /** With --against: what applying this plan over the base would do. */
    review?: ChangeReview;
}

/** The one rule (tools/engine/stackPolicy.ts): named in the stack file, else its own, else its environment's. */
function defaultPolicyConfig(projectDir: string, stack: string): string | undefined {
    try {
        const { file } = policyConfigFor(projectDir, stack);
        return file ? path.join(projectDir, file) : undefined;
    } catch (e) {
        if (e instanceof StackPolicyError) throw new StackConfigError([e.message]);
        throw e;
    }
}

function readPolicyConfig(file: string): PolicyPackConfig {
    try {
        return policyConfigFromFile(file);
    } catch (e) {
        throw new StackConfigError([`policy config ${file}: ${(e as Error).message}`]);
    }
}

function packVersion(projectDir: string): string | undefined {
    try {
        return (JSON.parse(fs.readFileSync(path.join(projectDir, "policies", "package.json"), "utf8")) as { version?: string }).version;
    } catch {
        return undefined;
    }
}

/** A recorded resource as the pack sees it. Wire-form inputs go as they are: the runner deserializes them like the engine. */
export function toPlannedResource(r: RecordedResource): PlannedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: r.inputs,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        opts: { protect: r.protect, ignoreChanges: r.ignoreChanges, deleteBeforeReplace: r.deleteBeforeReplace, retainOnDelete: r.retainOnDelete },
    };
}

/**
 * Plans a stack. Throws StackConfigError for unusable stack or policy config, the program's
 * ConfigError for invalid values, and anything else the program or a policy throws.
 */
/** A stack's config (as the CLI passes it, full keys) validated as the program validates it, secret keys included. */
function programConfig(stack: string, c: { project: string; config: Record<string, string>; secretKeys: string[] }) {
    const prefix = `${c.project}:`;
    const secretKeys = c.secretKeys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    return validateConfig(valuesFromRawConfig(c.project, c.config), { project: c.project, stack, region: c.config["aws:region"] ?? DEFAULT_REGION, secretKeys });
}

/**
 * Values of the wrong type stop the CLI before the program runs; the plan also checks the rest of
 * the config, so a stack's problems come in one run, not in rounds.
 */
function withProgramProblems(e: StackConfigError, stack: string): StackConfigError {
    if (!e.partial) return e;
    const { project, rejectedKeys } = e.partial;
    try {
        programConfig(stack, e.partial);
    } catch (c) {
        if (!(c instanceof ConfigError)) return e;
        // What the refused values stand at (their defaults) is not the stack's.
        const rejected = rejectedKeys.map((k) => k.slice(project.length + 1));
        const about = (line: string) => rejected.some((k) => new RegExp(`^${project}:${k}([.[:]|$)`).test(line));
        return new StackConfigError([...e.problems, ...c.problems.filter((l) => !about(l))]);
    }
    return e;
}

/** Would Node find the program module (a file, a directory with an index, with or without .ts)? */
function programExists(program: string): boolean {
    try {
        require.resolve(program);
        return true;
    } catch {
        return false;
    }
}

export async function runPlan(options: PlanOptions): Promise<PlanResult> {
    let stackConfig: ReturnType<typeof loadStackConfig>;
    try {
        stackConfig = loadStackConfig(options.projectDir, options.stack);
    } catch (e) {
        throw e instanceof StackConfigError ? withProgramProblems(e, options.stack) : e;
    }
    // A Pulumi.yaml copied on its own (stack files kept in a scratch directory) has no program
    // beside it: say so as a usage problem, not as a crash with a stack trace (exit 3).
    if (!programExists(stackConfig.program)) {
        const missing = path.resolve(stackConfig.program) === path.resolve(options.projectDir) ? `${options.projectDir} has no package.json naming a main (nor an index.js)` : `${stackConfig.program} does not exist`;
        throw new StackConfigError([`${path.join(options.projectDir, "Pulumi.yaml")}: no program to run: ${missing} (the Pulumi CLI runs Pulumi.yaml's main, else the project directory's package.json main); plan from the project directory (the one with package.json and infra/), with its stack files there, or name the program in Pulumi.yaml's main`]);
    }
    const policyFile = options.policyConfig ?? defaultPolicyConfig(options.projectDir, options.stack);
    if (policyFile && !fs.existsSync(policyFile)) throw new StackConfigError([`policy config ${policyFile} does not exist`]);
    const policyConfig = policyFile ? readPolicyConfig(policyFile) : undefined;
    const preview = options.preview ?? false;

    const { resources, outputs } = await runProgram({
        project: stackConfig.project,
        stack: stackConfig.stack,
        config: stackConfig.config,
        secretKeys: stackConfig.secretKeys,
        preview,
        program: stackConfig.program,
    }).catch((e: unknown) => {
        // The program's validation names the key; the plan adds the file it came from.
        throw e instanceof ConfigError ? new ConfigError(e.problems, stackConfig.stackFile) : e;
    });
    // The config as the program read it (it has just accepted it): what the notes reason about.
    const config = programConfig(stackConfig.stack, stackConfig);
    const result = await runPolicies(policies, resources.map(toPlannedResource), {
        config: policyConfig,
        preview,
        packName: POLICY_PACK_NAME,
        packVersion: packVersion(options.projectDir),
    });
    return {
        project: stackConfig.project,
        stack: stackConfig.stack,
        region: stackConfig.config["aws:region"] ?? DEFAULT_REGION,
        preview,
        stackFile: stackConfig.stackFile,
        policyConfig: policyFile ? path.relative(options.projectDir, policyFile) : null,
        resources,
        outputs,
        violations: result.violations,
        notes: [...stackConfig.notes, ...assumptionNotes(accountFacts(stackConfig.project, stackConfig.config).subnets), ...quotaNotes(resources), ...prefixListNotes(resources), ...capacityReservationNotes(resources), ...[floatingAmiWarning(config, stackConfig.stack), bootEgressWarning(config), nlbAccessLogsWarning(config)].filter((n): n is string => n !== undefined)],
    };
}

/** AWS's default quota: 5 Elastic IPs per region ("EC2-VPC Elastic IPs"); each NLB AZ and public NAT gateway takes one. */
export const EIP_QUOTA = 5;

function quotaNotes(resources: RecordedResource[]): string[] {
    const eips = resources.filter((r) => r.type === "aws:ec2/eip:Eip");
    if (eips.length === 0) return [];
    const note = `allocates ${eips.length} Elastic IP${eips.length === 1 ? "" : "s"} (${eips.map((e) => e.name).join(", ")})`;
    return [eips.length > EIP_QUOTA
        ? `warning: ${note}, more than the default quota of ${EIP_QUOTA} per region: request an increase (Service Quotas, "EC2-VPC Elastic IPs") before pulumi up`
        : `${note}; the default quota is ${EIP_QUOTA} per region, shared with everything else in the account`];
}

/** AWS's default quota of inbound rules per security group (and address family): "Inbound or outbound rules per security group". */
export const SG_INBOUND_RULE_QUOTA = 60;

/**
 * A security group rule that references a managed prefix list counts as the list's maximum
 * entries against the group's rule quota (Amazon VPC quotas, "Maximum number of entries per
 * prefix list"). The plan can't know a list's maximum offline: it says how many references the
 * stack makes and beside how many other rules.
 */
export function prefixListNotes(resources: RecordedResource[]): string[] {
    const rules = resources.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    // By the group each rule is in: the resource its securityGroupId comes from (known in a preview too).
    const groupOf = (r: RecordedResource) => r.propertyDependencies.securityGroupId?.[0] ?? String(r.inputs.securityGroupId);
    const groups = new Map<string, RecordedResource[]>();
    for (const r of rules) groups.set(groupOf(r), [...(groups.get(groupOf(r)) ?? []), r]);
    const group = (key: string) => resources.find((r) => r.urn === key)?.name ?? key;
    return [...groups].flatMap(([id, inGroup]) => {
        const refs = inGroup.filter((r) => typeof r.inputs.prefixListId === "string");
        if (refs.length === 0) return [];
        const lists = [...new Set(refs.map((r) => r.inputs.prefixListId as string))];
        const ports = (list: string) => refs.filter((r) => r.inputs.prefixListId === list).map((r) => `${String(r.inputs.ipProtocol).toUpperCase()} ${r.inputs.fromPort}`);
        // A rule from anywhere on a port a list is referenced on admits everyone the list would.
        const anywhere = inGroup.filter((r) => (r.inputs.cidrIpv4 === "0.0.0.0/0" || r.inputs.cidrIpv6 === "::/0") && refs.some((p) => p.inputs.fromPort === r.inputs.fromPort && p.inputs.ipProtocol === r.inputs.ipProtocol));
        const open = [...new Set(anywhere.map((r) => `${String(r.inputs.ipProtocol).toUpperCase()} ${r.inputs.fromPort} from ${r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6}`))];
        return [
            `${group(id)} references ${lists.map((l) => `${l} on ${ports(l).join(", ")}`).join("; ")} (${refs.length} reference${refs.length === 1 ? "" : "s"}) beside ${inGroup.length - refs.length} other inbound rule${inGroup.length - refs.length === 1 ? "" : "s"}: ` +
                `AWS counts each reference as the list's maximum entries against ${SG_INBOUND_RULE_QUOTA} inbound rules per security group (CloudFront's origin-facing list counts 55, so two references need 110); ` +
                "check the lists' maximum entries (aws ec2 describe-managed-prefix-lists) and, past the quota, raise \"Inbound or outbound rules per security group\" before pulumi up",
            ...(open.length > 0 ? [`warning: ${group(id)} also admits ${open.join(", ")}, so the prefix lists restrict nothing there; to admit only them, set ingressCidrs: [] and ingressIpv6Cidrs: [] (or narrow them)`] : []),
        ];
    });
}

/**
 * LCU reservation (minimumLoadBalancerCapacity) is billed for every reserved LCU-hour whether used
 * or not (Elastic Load Balancing pricing). The estimate uses us-east-1's list prices per LCU-hour;
 * other regions cost more or less. The regional quota of reserved LCUs starts at 0 (ELB quotas).
 */
export const LCU_HOUR_USD = { application: 0.008, network: 0.006 } as const;

export function capacityReservationNotes(resources: RecordedResource[]): string[] {
    return resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer").flatMap((r) => {
        const units = (r.inputs.minimumLoadBalancerCapacity as { capacityUnits?: unknown } | undefined)?.capacityUnits;
        if (typeof units !== "number" || units <= 0) return [];
        const kind = r.inputs.loadBalancerType === "network" ? "network" : "application";
        const monthly = Math.round(units * LCU_HOUR_USD[kind] * 730);
        return [`cost: ${r.name} reserves ${units} LCUs (minimumLoadBalancerCapacity), billed every hour whether used or not: about $${monthly.toLocaleString("en-US")} a month at us-east-1's $${LCU_HOUR_USD[kind]} per LCU-hour, on top of the load balancer's hourly charge; the account's reserved-LCU quota per region starts at 0 (request an increase before pulumi up)`];
    });
}

export function mandatoryViolations(plan: PlanResult): Violation[] {
    return plan.violations.filter((v) => v.enforcementLevel === "mandatory");
}
