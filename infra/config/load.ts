// Loading: raw stack config -> the typed, validated WebTierConfig, or a ConfigError listing every
// problem as "<project>:<key.path>: <what is allowed>; got <value>". Nothing is declared before
// this returns.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DEFAULT_REGION, KEYS, KeyMeta, KeyName, PulumiConfigType, REPLACED_KEYS } from "./keys";
import { mergeTraffic, resolveTraffic, TrafficSpec } from "./resolve";
import { Path, Problem, productionProblems, trafficProblems } from "./rules";
import { isKnownRegion } from "./values";
import { frontDoorProblems } from "./frontdoor";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";

/** A config error that Pulumi prints without a stack trace: one line per problem. */
export class ConfigError extends pulumi.RunError {
    /** `source`: where the values came from (the offline plan names the stack file). */
    constructor(readonly problems: string[], source?: string) {
        super(`Invalid stack configuration${source ? ` in ${source}` : ""}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

type Parsed = { [K in KeyName]: z.output<(typeof KEYS)[K]["schema"]> };

/** Everything the program needs from config, plus stack facts. */
export interface WebTierConfig extends Omit<Parsed, "targetGroups" | "albListeners" | "nlbListeners"> {
    project: string;
    stack: string;
    region: string;
    tags: Record<string, string>;
    traffic: TrafficSpec;
}

/** Metadata for Pulumi.yaml and the README: key -> {meta, default, schema}. */
export function keyReference(): { key: string; meta: KeyMeta; default: unknown; schema: z.ZodType }[] {
    return Object.entries(KEYS).map(([k, d]) => ({ key: k, meta: d.meta, default: d.default, schema: d.schema }));
}

const RESERVED_TAGS = ["Project", "Environment", "Team", "ManagedBy", "Name"];

export function describeValue(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? "nothing" : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
    let v: unknown = input;
    for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p] : undefined;
    return v;
}

export function formatPath(path: PropertyKey[]): string {
    return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** zod issues -> problems; unknown fields and bad map keys get their own wording. */
function schemaProblems(values: Record<string, unknown>, error: z.ZodError): Problem[] {
    return error.issues.flatMap((i): Problem[] => {
        if (i.code === "unrecognized_keys") {
            return i.keys.map((k) => ({ path: [...i.path, k] as Path, message: "is not a known field (see the config reference in README.md)", value: valueAt(values, [...i.path, k]) }));
        }
        if (i.code === "invalid_key") {
            return [{ path: i.path as Path, message: `is not an allowed name: ${i.issues.map((x) => x.message).join("; ")}`, value: i.path[i.path.length - 1] }];
        }
        if (i.code === "invalid_union" && i.path.length > 0 && valueAt(values, i.path) !== undefined && i.message.startsWith("Invalid")) {
            return [{ path: i.path as Path, message: "is not an allowed value", value: valueAt(values, i.path) }];
        }
        return [{ path: i.path as Path, message: i.message, value: valueAt(values, i.path) }];
    });
}

function generalProblems(c: Parsed): Problem[] {
    const out: Problem[] = [];
    const add = (key: string, message: string, value: unknown) => out.push({ path: [key], message, value });
    if (c.vpcId && c.subnetIds.length === 0) add("subnetIds", "is required with vpcId: list one public subnet per Availability Zone", c.subnetIds);
    if (!c.vpcId && c.subnetIds.length > 0) add("subnetIds", "needs vpcId; without vpcId the default VPC's subnets are used", c.subnetIds);
    if (!c.vpcId && c.instanceSubnetIds.length > 0) add("instanceSubnetIds", "needs vpcId and subnetIds: they are subnets of your VPC", c.instanceSubnetIds);
    if (c.subnetIds.length === 1) add("subnetIds", "lists one subnet; an ALB needs subnets in at least two Availability Zones", c.subnetIds);
    if (c.vpcId && c.availabilityZones.length > 0) add("availabilityZones", "is for the default VPC; with vpcId the subnets decide the AZs", c.availabilityZones);
    if (c.availabilityZones.length === 1) add("availabilityZones", "lists one AZ; an ALB needs at least two", c.availabilityZones);
    for (const [k, list] of [["subnetIds", c.subnetIds], ["instanceSubnetIds", c.instanceSubnetIds], ["availabilityZones", c.availabilityZones], ["nlbEipAllocationIds", c.nlbEipAllocationIds], ["ingressCidrs", c.ingressCidrs], ["ingressIpv6Cidrs", c.ingressIpv6Cidrs]] as const) {
        const dupes = list.filter((v, i) => list.indexOf(v) !== i);
        if (dupes.length > 0) add(k, `lists ${[...new Set(dupes)].join(", ")} more than once`, list);
    }
    // The NLB is IPv4-only (and so is an ipv4 ALB): without an IPv4 source nothing reaches it.
    if (c.ingressCidrs.length === 0) add("ingressCidrs", "is empty, so nothing could reach the NLB (IPv4-only)" + (c.albIpAddressType === "ipv4" ? " or the ipv4 ALB" : "") + "; list at least one IPv4 CIDR", c.ingressCidrs);
    if (c.albIpAddressType === "dualstack" && c.ingressIpv6Cidrs.length === 0) add("ingressIpv6Cidrs", "is empty, so the dualstack ALB's IPv6 addresses would admit nobody; list an IPv6 CIDR or use albIpAddressType ipv4", c.ingressIpv6Cidrs);
    if (c.allowDirectInstanceHttp && !c.associatePublicIp) add("allowDirectInstanceHttp", "needs associatePublicIp: true (an instance without a public IP can't be opened directly)", c.allowDirectInstanceHttp);
    if (c.albAccessLogsPrefix && !c.albAccessLogsBucket) add("albAccessLogsPrefix", "is set but albAccessLogsBucket is empty", c.albAccessLogsPrefix);
    if (c.nlbAccessLogsPrefix && !c.nlbAccessLogsBucket) add("nlbAccessLogsPrefix", "is set but nlbAccessLogsBucket is empty", c.nlbAccessLogsPrefix);
    for (const k of Object.keys(c.extraTags)) {
        if (RESERVED_TAGS.includes(k)) out.push({ path: ["extraTags", k], message: "is a tag the program manages; choose another key", value: c.extraTags[k] });
    }
    // AWS allows 50 tags per resource; the program sets up to five of its own.
    if (Object.keys(c.extraTags).length > 45) add("extraTags", `has ${Object.keys(c.extraTags).length} tags; at most 45 fit beside the program's own (AWS allows 50)`, Object.keys(c.extraTags).length);
    return out;
}

function regionProblems(c: Parsed, traffic: TrafficSpec, region: string): Problem[] {
    const out: Problem[] = [];
    const arnRegion = (arn: string) => arn.split(":")[3];
    // An ALB or NLB can only use an ACM certificate from its own region.
    const certs: [Path, string][] = [
        ...(c.certificateArn ? [[["certificateArn"], c.certificateArn] as [Path, string]] : []),
        ...[...traffic.albListeners.map((l) => ["albListeners", l] as const), ...traffic.nlbListeners.map((l) => ["nlbListeners", l] as const)].flatMap(([key, l]) => [
            ...(l.certificateArn ? [[[key, l.key, "certificateArn"], l.certificateArn] as [Path, string]] : []),
            ...l.extraCertificateArns.map((a, i) => [[key, l.key, "extraCertificateArns", i], a] as [Path, string]),
        ]),
    ];
    for (const [path, arn] of certs) {
        if (arnRegion(arn) !== region) out.push({ path, message: `is in ${arnRegion(arn)}, but a load balancer can only use an ACM certificate from its own region (${region})`, value: arn });
    }
    if (c.waf.webAclArn && arnRegion(c.waf.webAclArn) !== region) out.push({ path: ["waf", "webAclArn"], message: `is in ${arnRegion(c.waf.webAclArn)}; a regional web ACL must be in the ALB's region (${region})`, value: c.waf.webAclArn });
    for (const az of c.availabilityZones) {
        if (!az.startsWith(region)) out.push({ path: ["availabilityZones"], message: `${az} is not an AZ of the stack's region ${region}`, value: c.availabilityZones });
    }
    for (const tg of traffic.targetGroups) {
        tg.targets.forEach((t, i) => {
            if (t.functionArn && arnRegion(t.functionArn) !== region) out.push({ path: ["targetGroups", tg.name, "targets", i, "functionArn"], message: `is in ${arnRegion(t.functionArn)}; an ALB invokes Lambda functions in its own region (${region})`, value: t.functionArn });
            if (t.availabilityZone && t.availabilityZone !== "all" && !(t.availabilityZone.startsWith(region) && /[a-z]$/.test(t.availabilityZone))) {
                out.push({ path: ["targetGroups", tg.name, "targets", i, "availabilityZone"], message: `must be all or an Availability Zone of ${region}`, value: t.availabilityZone });
            }
        });
    }
    return out;
}

/**
 * Validates raw config values (already parsed from strings) and returns the typed config, or
 * throws a ConfigError listing every problem.
 */
export function validateConfig(values: Record<string, unknown>, stack: { project: string; stack: string; region?: string; secretKeys?: string[] }): WebTierConfig {
    const region = stack.region ?? DEFAULT_REGION;
    const problems: Problem[] = [];
    const lines: string[] = [];
    if (!isKnownRegion(region)) lines.push(`aws:region: must be an AWS region @pulumi/aws knows, such as ap-northeast-2; got ${describeValue(region)}`);

    const parsed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) {
        if (k in REPLACED_KEYS) {
            problems.push({ path: [k], message: `was replaced by ${REPLACED_KEYS[k]}; run pulumi config rm ${k} and set the new key (see the config reference in README.md)`, value: v });
        } else if (!(k in KEYS)) {
            problems.push({ path: [k], message: "is not a known key (see the config reference in README.md); remove it or fix its spelling", value: v });
        }
    }
    for (const [k, def] of Object.entries(KEYS)) {
        const given = values[k] ?? def.default;
        const result = def.schema.safeParse((def as { merge?: (v: unknown) => unknown }).merge?.(values[k]) ?? given);
        if (result.success) parsed[k] = result.data;
        else problems.push(...schemaProblems({ [k]: values[k] }, new z.ZodError(result.error.issues.map((i) => ({ ...i, path: [k, ...i.path] })))));
    }
    if (problems.length === 0) {
        const c = parsed as Parsed;
        problems.push(...generalProblems(c));
        const merged = mergeTraffic(c);
        const traffic = resolveTraffic(merged);
        problems.push(...trafficProblems(merged, traffic));
        problems.push(...productionProblems(c, traffic));
        problems.push(...frontDoorProblems(c, merged, region, { secretKeys: stack.secretKeys }));
        if (problems.length === 0) problems.push(...regionProblems(c, traffic, region));
        if (problems.length === 0 && lines.length === 0) return finish(c, traffic, stack, region);
    }
    lines.push(...problems.map((p) => `${stack.project}:${formatPath(p.path)}: ${p.message}; got ${describeValue(p.value)}`));
    throw new ConfigError(lines);
}

function finish(c: Parsed, traffic: TrafficSpec, stack: { project: string; stack: string }, region: string): WebTierConfig {
    const { targetGroups: _tg, albListeners: _al, nlbListeners: _nl, ...rest } = c;
    void _tg; void _al; void _nl;
    const tags: Record<string, string> = { ...c.extraTags, Project: stack.project, Environment: stack.stack, Team: c.team, ManagedBy: "pulumi" };
    return { ...rest, project: stack.project, stack: stack.stack, region, tags, traffic };
}

/** Parses a raw config string the way the Pulumi SDK's getNumber/getBoolean/getObject would. */
function parseRaw(raw: string, type: PulumiConfigType): unknown {
    if (type === "string") return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw; // leave it to the schema to report, with the value the user gave
    }
}

/** Reads and validates all stack config of the current Pulumi project and stack. */
export function loadConfig(): WebTierConfig {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const prefix = `${project}:`;
    const values: Record<string, unknown> = {};
    for (const [fullKey, raw] of Object.entries(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(prefix)) continue;
        const k = fullKey.slice(prefix.length);
        const def = (KEYS as Record<string, { meta: KeyMeta }>)[k];
        // Unknown and replaced keys are parsed as JSON when they look like it, for the message.
        values[k] = parseRaw(raw, def?.meta.type ?? "object");
    }
    const region = new pulumi.Config("aws").get("region") ?? DEFAULT_REGION;
    return validateConfig(values, { project, stack, region, secretKeys: configSecretKeys(Object.keys(values), prefix) });
}

/**
 * The keys the CLI marks secret (PULUMI_CONFIG_SECRET_KEYS), through the SDK's isConfigSecret,
 * which @pulumi/pulumi exports from runtime/config without a type; undefined when it is missing.
 */
function configSecretKeys(keys: string[], prefix: string): string[] | undefined {
    const isSecret = (runtimeConfig as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return typeof isSecret === "function" ? keys.filter((k) => isSecret(`${prefix}${k}`)) : undefined;
}
