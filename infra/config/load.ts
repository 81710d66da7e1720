// Loading: raw stack config -> the typed, validated WebTierConfig, or a ConfigError listing every
// problem as "<project>:<key.path>: <what is allowed>; got <value>". Nothing is declared before
// this returns.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DEFAULT_REGION, KeyDef, KEYS, KeyMeta, KeyName, PulumiConfigType, REPLACED_KEYS } from "./keys";
import { checkedTraffic, MergedTraffic, mergeTraffic, resolveTraffic, TrafficDraft, TrafficSpec } from "./resolve";
import { Path, Problem, productionProblems, stackWideProblems, trafficProblems } from "./rules";
import { isRegionAz, regionAzNames } from "./regions";
import { closestName, isKnownRegion } from "./values";
import { workloadProblems } from "./workload";
import { frontDoorProblems } from "./frontdoor";
import { FleetChoice } from "./production";
import { AccessLogsChoice, accessLogsChoice } from "./loadBalancers";
export { closestName };

/** A config error that Pulumi prints without a stack trace: one line per problem. */
export class ConfigError extends pulumi.RunError {
    /** `source`: where the values came from (the offline plan names the stack file). */
    constructor(readonly problems: string[], source?: string) {
        super(`Invalid stack configuration${source ? ` in ${source}` : ""}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
        // No stack frames: the CLI never shows a RunError's stack, but cmd/run formats every
        // uncaught error with util.inspect(err, { colors: true }) for its trace span, and on
        // Node 20.20 that loops for a minute, then throws, on a source-mapped frame such as
        // node_modules/@pulumi/resource.ts (a scope with no package segment).
        this.stack = `${this.name}: ${this.message}`;
    }
}

type Parsed = { [K in KeyName]: z.output<(typeof KEYS)[K]["schema"]> };

/** Everything the program needs from config, plus stack facts. */
export interface WebTierConfig extends Omit<Parsed, "targetGroups" | "albListeners" | "nlbListeners" | "fleet"> {
    /** fleet.associatePublicIp as set, else by where the instances run (see derivedDefaults). */
    fleet: FleetChoice;
    /** Each load balancer's access logs: the stack's bucket, yours, or none (decided once, in finish). */
    accessLogs: { alb: AccessLogsChoice; nlb: AccessLogsChoice };
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

// ---- Did you mean -------------------------------------------------------------------------------

const didYouMean = (name: string, known: readonly string[]) => {
    const best = closestName(name, known);
    return best ? `; did you mean ${best}?` : "";
};

type ZodDef = { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; options?: z.ZodType[]; discriminator?: string };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: ZodDef } })._zod.def;

/** The object schemas a value at `path` is checked against (a union's option picked by its discriminator). */
function objectShapeAt(schema: z.ZodType, path: PropertyKey[], value: unknown): Record<string, z.ZodType> | undefined {
    const def = defOf(schema);
    switch (def.type) {
        case "optional": case "nullable": case "default": case "prefault": case "readonly": case "catch":
            return def.innerType ? objectShapeAt(def.innerType, path, value) : undefined;
        case "pipe":
            return (def.out && defOf(def.out).type !== "transform" ? objectShapeAt(def.out, path, value) : undefined) ?? (def.in ? objectShapeAt(def.in, path, value) : undefined);
        case "union": {
            const options = def.options ?? [];
            const tag = def.discriminator && value !== null && typeof value === "object" ? (value as Record<string, unknown>)[def.discriminator] : undefined;
            const picked = options.filter((o) => {
                const shape = objectShapeAt(o, [], undefined);
                const lit = shape && def.discriminator ? shape[def.discriminator] : undefined;
                return tag === undefined || !lit || (defOf(lit) as { values?: unknown[] }).values?.includes(tag);
            });
            for (const o of picked) {
                const found = objectShapeAt(o, path, value);
                if (found) return found;
            }
            return undefined;
        }
        case "object":
            if (path.length === 0) return def.shape;
            return def.shape?.[String(path[0])] ? objectShapeAt(def.shape[String(path[0])], path.slice(1), (value as Record<string, unknown> | undefined)?.[String(path[0])]) : undefined;
        case "record":
            if (path.length === 0) return undefined;
            return def.valueType ? objectShapeAt(def.valueType, path.slice(1), (value as Record<string, unknown> | undefined)?.[String(path[0])]) : undefined;
        case "array":
            if (path.length === 0) return undefined;
            return def.element ? objectShapeAt(def.element, path.slice(1), Array.isArray(value) ? value[Number(path[0])] : undefined) : undefined;
        default:
            return undefined;
    }
}

/** Whether `segments` lead somewhere in `schema` (any name in a map, any index in a list, any union option). */
function reaches(schema: z.ZodType, segments: (string | number)[]): boolean {
    const def = defOf(schema);
    switch (def.type) {
        case "optional": case "nullable": case "default": case "prefault": case "readonly": case "catch":
            return def.innerType ? reaches(def.innerType, segments) : false;
        case "pipe":
            return (def.out !== undefined && defOf(def.out).type !== "transform" && reaches(def.out, segments)) || (def.in !== undefined && reaches(def.in, segments));
        case "union":
            return (def.options ?? []).some((o) => reaches(o, segments));
        default:
            break;
    }
    if (segments.length === 0) return true;
    const [head, ...rest] = segments;
    if (def.type === "object") return typeof head === "string" && def.shape?.[head] !== undefined && reaches(def.shape[head], rest);
    if (def.type === "record") return typeof head === "string" && def.valueType !== undefined && reaches(def.valueType, rest);
    if (def.type === "array") return typeof head === "number" && def.element !== undefined && reaches(def.element, rest);
    return false;
}

/**
 * Whether a key path names a key or field of the key table: `protect.elasticIps`,
 * `albListeners.<listener>.sslPolicy` (any segment stands for a map entry's name),
 * `ingressCidrs[0]`, `albListeners.https.rules.api.conditions[0].pathPattern[0]`.
 */
export function knownKeyPath(keyPath: string): boolean {
    const segments = keyPath.split(/\.|(?=\[)/).filter(Boolean).map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
    const [key, ...rest] = segments;
    const def = (KEYS as Record<string, KeyDef>)[String(key)];
    return def !== undefined && reaches(def.schema, rest);
}

const RULE_FIELDS = ["priority", "conditions", "action"];

/**
 * A listener map entry that holds rules instead of listener settings: a rule placed directly under
 * albListeners (`albListeners.api: {priority, conditions, action}`), or `albListeners.rules`.
 */
function misplacedRules(key: string, path: PropertyKey[], unknownKeys: string[]): Problem | undefined {
    if (key !== "albListeners" && key !== "nlbListeners") return undefined;
    if (path.length !== 2) return undefined;
    const name = String(path[1]);
    const looksLikeRule = unknownKeys.some((k) => RULE_FIELDS.includes(k));
    if (name !== "rules" && !looksLikeRule) return undefined;
    const where = key === "nlbListeners"
        ? "NLB listeners take no rules (they forward every connection); route by path or host on an ALB listener: albListeners.https.rules.<rule>"
        : `rules belong to a listener, under its rules map: albListeners.<listener>.rules.<rule> (for example albListeners.https.rules.${name === "rules" ? "<rule>" : name})`;
    return { path: path as Path, message: `${name === "rules" ? "is not a listener" : "looks like a listener rule, not a listener"}: ${where}`, value: unknownKeys };
}

/** zod issues -> problems; unknown fields and bad map keys get their own wording. */
function schemaProblems(key: string, schema: z.ZodType, values: Record<string, unknown>, error: z.ZodError): Problem[] {
    // zod still runs a list's size checks on a string given for the list: the wrong type is the
    // one mistake, so a path with a type error reports only that.
    const typeErrors = new Set(error.issues.filter((i) => i.code === "invalid_type").map((i) => JSON.stringify(i.path)));
    const issues = error.issues.filter((i) => i.code === "invalid_type" || !typeErrors.has(JSON.stringify(i.path)));
    return issues.flatMap((i): Problem[] => {
        if (i.code === "unrecognized_keys") {
            const rules = misplacedRules(key, i.path, i.keys);
            if (rules) return [rules];
            const known = Object.keys(objectShapeAt(schema, i.path.slice(1), values[key]) ?? {});
            return i.keys.map((k) => ({ path: [...i.path, k] as Path, message: `is not a known field${didYouMean(k, known)}${known.length ? ` (fields: ${known.join(", ")})` : " (see the config reference in README.md)"}`, value: valueAt(values, [...i.path, k]) }));
        }
        if (i.code === "invalid_key") {
            return [{ path: i.path as Path, message: `is not an allowed name: ${i.issues.map((x) => x.message).join("; ")}`, value: i.path[i.path.length - 1] }];
        }
        if (i.code === "invalid_union" && i.path.length > 0 && valueAt(values, i.path) !== undefined && i.message.startsWith("Invalid")) {
            return [{ path: i.path as Path, message: "is not an allowed value", value: valueAt(values, i.path) }];
        }
        // A cross-field check in a schema (certificate) says which value its line shows.
        const params = i.code === "custom" ? (i.params as { value?: unknown } | undefined) : undefined;
        return [{ path: i.path as Path, message: i.message, value: params && "value" in params ? params.value : valueAt(values, i.path) }];
    });
}

// ---- Parsing what is valid, reporting what is not ----------------------------------------------

const TOMBSTONE = Symbol("removed");

function hasPath(v: unknown, path: PropertyKey[]): boolean {
    let cur = v;
    for (const p of path) {
        if (cur === null || typeof cur !== "object" || !(p in (cur as object))) return false;
        cur = (cur as Record<PropertyKey, unknown>)[p];
    }
    return true;
}

function markRemoved(v: unknown, path: PropertyKey[]): void {
    const parent = valueAt(v, path.slice(0, -1));
    if (parent !== null && typeof parent === "object") (parent as Record<PropertyKey, unknown>)[path[path.length - 1]] = TOMBSTONE;
}

function sweep(v: unknown): unknown {
    if (Array.isArray(v)) return v.filter((x) => x !== TOMBSTONE).map(sweep);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== TOMBSTONE).map(([k, x]) => [k, sweep(x)]));
    return v;
}

/**
 * One key's value parsed by its schema. When it fails, the problems are reported and the parts
 * that failed are taken out (a section field falls back to its default) until the rest parses,
 * so the cross-field rules still run on everything that is valid: every problem in one run.
 * `failed`: the full paths taken out (cross-field findings about them would repeat the problem).
 */
function parseKey(k: string, def: KeyDef, given: unknown): { data?: unknown; problems: Problem[]; failed: Path[] } {
    const prepare = (v: unknown) => def.merge?.(v) ?? (v === undefined ? def.default : v);
    const first = def.schema.safeParse(prepare(given));
    if (first.success) return { data: first.data, problems: [], failed: [] };
    const prefixed = new z.ZodError(first.error.issues.map((i) => ({ ...i, path: [k, ...i.path] })));
    const problems = schemaProblems(k, def.schema, { [k]: given }, prefixed).map((p) => sectionSwitchHint(k, def, given, p));
    // What each problem is about is taken out first (a misplaced rule: its whole entry).
    const failed: Path[] = problems.map((p) => p.path);
    let current: unknown = given === undefined ? undefined : structuredClone(given);
    for (const f of failed) {
        if (f.length === 1) current = undefined;
        else if (current !== undefined && hasPath(current, f.slice(1))) markRemoved(current, f.slice(1));
    }
    if (current !== undefined) current = sweep(current);
    for (let round = 0; round < 10 && current !== undefined; round++) {
        const r = def.schema.safeParse(prepare(current));
        if (r.success) return { data: r.data, problems, failed };
        for (const issue of r.error.issues) {
            const paths = issue.code === "unrecognized_keys" ? issue.keys.map((x) => [...issue.path, x]) : [issue.path];
            for (const path of paths) {
                // The deepest part of the path the value has: a missing required field takes its parent.
                let at = [...path];
                while (at.length > 0 && !hasPath(current, at)) at = at.slice(0, -1);
                if (at.length === 0) {
                    current = undefined; // the key's value itself: its default
                    break;
                }
                markRemoved(current, at);
            }
            if (current === undefined) break;
        }
        if (current !== undefined) current = sweep(current);
    }
    const fallback = def.schema.safeParse(prepare(undefined));
    return { data: fallback.success ? fallback.data : undefined, problems, failed: [...failed, [k]] };
}

/** `vpc: true` for `vpc: {create: true}`: a section given its on switch as a scalar says which field it is. */
function sectionSwitchHint(k: string, def: KeyDef, given: unknown, p: Problem): Problem {
    if (!def.merge || typeof given !== "boolean" || p.path.length !== 1) return p;
    const shape = objectShapeAt(def.schema, [], undefined) ?? {};
    const field = ["create", "enabled"].find((f) => f in shape);
    return field ? { ...p, message: `${p.message} (to turn it on: ${k}.${field}: ${given}, or pulumi config set --path ${k}.${field} ${given})` } : p;
}

/** A cross-field finding about a value already reported (or fallen back to its default) would say it twice. */
/** Does a message name this key or field (not as part of a longer name)? */
const names = (message: string, name: string) => new RegExp(`(^|[^A-Za-z0-9.])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9])`).test(message);

function repeats(p: Problem, failed: Path[]): boolean {
    return failed.some((f) => {
        const under = f.every((seg, i) => p.path[i] === seg);
        if (under) return true;
        // A finding on what holds the failed value (the list it was taken from, the condition or
        // action it was in) is about what is left without it; a map entry's own findings
        // (targetGroups.<name> unused) stand.
        const holds = p.path.length < f.length && p.path.every((seg, i) => f[i] === seg);
        if (holds && p.path.length !== 2) return true;
        // "needs vpc.id", "can't be used with vpc.create": a finding that names a key that failed.
        // A failed list entry is taken out of its list, so a finding that names the list
        // ("workload.serves lists 8081") reasons from what is left and would contradict the file.
        const lists = f.flatMap((seg, i) => (typeof seg === "number" && i > 0 ? [f.slice(0, i)] : []));
        return [f, ...lists].some((x) => names(p.message, formatPath(x)));
    });
}

function generalProblems(c: Resolved): Problem[] {
    const out: Problem[] = [];
    const add = (key: string, message: string, value: unknown) => out.push({ path: key.split("."), message, value });
    if (c.vpc.id && c.vpc.subnetIds.length === 0) add("vpc.subnetIds", "is required with vpc.id: list one public subnet per Availability Zone", c.vpc.subnetIds);
    if (!c.vpc.id && c.vpc.subnetIds.length > 0) add("vpc.subnetIds", "needs vpc.id; without vpc.id the default VPC's subnets are used", c.vpc.subnetIds);
    if (!c.vpc.id && c.vpc.instanceSubnetIds.length > 0) add("vpc.instanceSubnetIds", "needs vpc.id and vpc.subnetIds: they are subnets of your VPC", c.vpc.instanceSubnetIds);
    if (c.vpc.subnetIds.length === 1) add("vpc.subnetIds", "lists one subnet; an ALB needs subnets in at least two Availability Zones", c.vpc.subnetIds);
    if (c.vpc.id && c.vpc.availabilityZones.length > 0) add("vpc.availabilityZones", "is for the default VPC; with vpc.id the subnets decide the AZs", c.vpc.availabilityZones);
    if (c.vpc.availabilityZones.length === 1) add("vpc.availabilityZones", "lists one AZ; an ALB needs at least two", c.vpc.availabilityZones);
    for (const [k, list] of [["vpc.subnetIds", c.vpc.subnetIds], ["vpc.instanceSubnetIds", c.vpc.instanceSubnetIds], ["vpc.availabilityZones", c.vpc.availabilityZones], ["nlb.eipAllocationIds", c.nlb.eipAllocationIds], ["ingressCidrs", c.ingressCidrs], ["ingressIpv6Cidrs", c.ingressIpv6Cidrs], ["ingressPrefixListIds", c.ingressPrefixListIds]] as const) {
        const dupes = list.filter((v, i) => list.indexOf(v) !== i);
        if (dupes.length > 0) add(k, `lists ${[...new Set(dupes)].join(", ")} more than once`, list);
    }
    // The NLB is IPv4-only (and so is an ipv4 ALB): without an IPv4 source nothing reaches it.
    if (c.ingressCidrs.length === 0 && c.ingressPrefixListIds.length === 0) add("ingressCidrs", "is empty, so nothing could reach the NLB (IPv4-only)" + (c.alb.ipAddressType === "ipv4" ? " or the ipv4 ALB" : "") + "; list at least one IPv4 CIDR, or a prefix list in ingressPrefixListIds", c.ingressCidrs);
    if (c.alb.ipAddressType === "dualstack" && c.ingressIpv6Cidrs.length === 0) add("ingressIpv6Cidrs", "is empty, so the dualstack ALB's IPv6 addresses would admit nobody; list an IPv6 CIDR or use alb.ipAddressType ipv4", c.ingressIpv6Cidrs);
    if (c.allowDirectInstanceHttp && !c.fleet.associatePublicIp) add("allowDirectInstanceHttp", "needs fleet.associatePublicIp: true (an instance without a public IP can't be opened directly)", c.allowDirectInstanceHttp);
    // A prefix needs a bucket to apply to: the stack's (logBucket.create) or the stack's own choice.
    for (const lb of ["alb", "nlb"] as const) {
        const logs = c[lb].accessLogs;
        if (logs.prefix && !logs.bucket && !c.logBucket.create) add(`${lb}.accessLogs.prefix`, `is set but there is no bucket for it: set ${lb}.accessLogs.bucket, or logBucket.create: true`, logs.prefix);
    }
    for (const k of Object.keys(c.extraTags)) {
        if (RESERVED_TAGS.includes(k)) out.push({ path: ["extraTags", k], message: "is a tag the program manages; choose another key", value: c.extraTags[k] });
    }
    // AWS allows 50 tags per resource; the program sets up to five of its own.
    if (Object.keys(c.extraTags).length > 45) add("extraTags", `has ${Object.keys(c.extraTags).length} tags; at most 45 fit beside the program's own (AWS allows 50)`, Object.keys(c.extraTags).length);
    return out;
}

function regionProblems(c: Parsed, merged: MergedTraffic, traffic: TrafficDraft, region: string): Problem[] {
    const out: Problem[] = [];
    const arnRegion = (arn: string) => arn.split(":")[3];
    // An ALB or NLB can only use an ACM certificate from its own region.
    const certs: [Path, string][] = [
        ...(c.certificate.mode === "existing" ? [[["certificate", "arn"], c.certificate.arn] as [Path, string]] : []),
        ...[...traffic.albListeners.map((l) => ["albListeners", l] as const), ...traffic.nlbListeners.map((l) => ["nlbListeners", l] as const)].flatMap(([key, l]) => [
            ...(l.certificateArn ? [[[key, l.key, "certificateArn"], l.certificateArn] as [Path, string]] : []),
            ...l.extraCertificateArns.map((a, i) => [[key, l.key, "extraCertificateArns", i], a] as [Path, string]),
        ]),
    ];
    for (const [path, arn] of certs) {
        if (arnRegion(arn) !== region) out.push({ path, message: `is in ${arnRegion(arn)}, but a load balancer can only use an ACM certificate from its own region (${region})`, value: arn });
    }
    if (c.waf.webAclArn && arnRegion(c.waf.webAclArn) !== region) out.push({ path: ["waf", "webAclArn"], message: `is in ${arnRegion(c.waf.webAclArn)}; a regional web ACL must be in the ALB's region (${region})`, value: c.waf.webAclArn });
    const regionAzs = regionAzNames(region);
    const azList = regionAzs ? ` (${region} has ${regionAzs.join(", ")})` : "";
    c.vpc.availabilityZones.forEach((az, i) => {
        if (!az.startsWith(region)) out.push({ path: ["vpc", "availabilityZones", i], message: `is not an AZ of the stack's region ${region}${azList}`, value: az });
        else if (!isRegionAz(region, az)) out.push({ path: ["vpc", "availabilityZones", i], message: `is not an Availability Zone of ${region}${azList}`, value: az });
    });
    // A created VPC spreads over azCount of the region's AZs (or those vpc.availabilityZones names).
    if (c.vpc.create && regionAzs && c.vpc.availabilityZones.length === 0 && c.vpc.azCount > regionAzs.length) {
        out.push({ path: ["vpc", "azCount"], message: `asks for more AZs than ${region} has${azList}`, value: c.vpc.azCount });
    }
    // The targets as written, whatever the group's type (a misplaced one is a problem of its own).
    for (const [name, tg] of merged.targetGroups) {
        (tg.targets ?? []).forEach((t, i) => {
            if (t.functionArn && arnRegion(t.functionArn) !== region) out.push({ path: ["targetGroups", name, "targets", i, "functionArn"], message: `is in ${arnRegion(t.functionArn)}; an ALB invokes Lambda functions in its own region (${region})`, value: t.functionArn });
            if (t.availabilityZone && t.availabilityZone !== "all" && !isRegionAz(region, t.availabilityZone)) {
                out.push({ path: ["targetGroups", name, "targets", i, "availabilityZone"], message: `must be all or an Availability Zone of ${region}${azList}`, value: t.availabilityZone });
            }
        });
    }
    return out;
}

/** A value as one shell word: bare when it is safe to, else single-quoted. */
const shellWord = (text: string) => (/^[A-Za-z0-9._:/@=,+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);

/**
 * How to move an old key's value to its replacement. A scalar moved to one field gets the exact
 * commands (a secret's value is never printed: set it again with --secret); anything else is told
 * where the new field is documented.
 */
function moveCommand(oldKey: string, replacement: string, value: unknown, secret: boolean): string {
    const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    if (replacement.includes(" ") || !scalar) return `run pulumi config rm ${oldKey} and set the new key (see the config reference in README.md)`;
    const set = secret ? `pulumi config set --secret --path ${shellWord(replacement)} <value>` : `pulumi config set --path ${shellWord(replacement)} ${shellWord(String(value))}`;
    return `move it: pulumi config rm ${oldKey} && ${set}`;
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
    const failed: Path[] = [];
    const knownKeys = Object.keys(KEYS);
    for (const [k, v] of Object.entries(values)) {
        if (k in REPLACED_KEYS) {
            problems.push({ path: [k], message: `was replaced by ${REPLACED_KEYS[k]}; ${moveCommand(k, REPLACED_KEYS[k], v, stack.secretKeys?.includes(k) ?? false)}`, value: v });
        } else if (!(k in KEYS)) {
            // A misspelt old key ("albIdleTimeOut") points at its replacement (alb.idleTimeout).
            const near = closestName(k, [...knownKeys, ...Object.keys(REPLACED_KEYS)]);
            const hint = near && near in REPLACED_KEYS && !REPLACED_KEYS[near].includes(" ") ? REPLACED_KEYS[near] : near && near in REPLACED_KEYS ? closestName(k, knownKeys) : near;
            problems.push({ path: [k], message: `is not a known key (${hint ? `did you mean ${hint}?` : "see the config reference in README.md"}); remove it or fix its spelling`, value: v });
        }
    }
    for (const [k, def] of Object.entries(KEYS) as [string, KeyDef][]) {
        const result = parseKey(k, def, values[k]);
        problems.push(...result.problems);
        failed.push(...result.failed);
        if (result.data !== undefined) parsed[k] = result.data;
    }
    // Cross-field rules on everything that parsed (what failed stands at its default), in the same run.
    if (Object.keys(KEYS).every((k) => k in parsed)) {
        const c = derivedDefaults(parsed as Parsed);
        const merged = mergeTraffic(c);
        const traffic = resolveTraffic(merged);
        const crossField = [
            ...generalProblems(c), ...trafficProblems(merged, traffic), ...productionProblems(c, traffic),
            ...workloadProblems(c, traffic, { project: stack.project, stack: stack.stack, region }),
            ...frontDoorProblems(c, merged, region, { secretKeys: stack.secretKeys }),
            ...stackWideProblems(c, traffic), ...regionProblems(c, merged, traffic, region),
        ];
        problems.push(...crossField.filter((p) => !repeats(p, failed)));
        if (problems.length === 0 && lines.length === 0) return finish(c, checkedTraffic(traffic), stack, region);
    }
    // A problem under a key the stack set with --secret never shows the value (the CLI prints
    // errors in plain text, and CI logs keep them).
    const secret = (p: Problem) => stack.secretKeys?.includes(String(p.path[0])) ?? false;
    lines.push(...problems.map((p) => `${stack.project}:${formatPath(p.path)}: ${p.message}; got ${secret(p) ? "[secret]" : describeValue(p.value)}`));
    throw new ConfigError(lines);
}

type Resolved = Omit<Parsed, "fleet"> & { fleet: FleetChoice };

/**
 * Defaults that follow the stack's other choices (a field left out of its key's declared default): instances in private
 * subnets (a created VPC's, or vpc.instanceSubnetIds, "private ones" by the key's description) get no
 * public IP unless the stack says so; in public subnets they get one, as the seed's do.
 */
function derivedDefaults(c: Parsed): Resolved {
    const privateInstances = c.vpc.create || c.vpc.instanceSubnetIds.length > 0;
    return { ...c, fleet: { ...c.fleet, associatePublicIp: c.fleet.associatePublicIp ?? !privateInstances } };
}

function finish(c: Resolved, traffic: TrafficSpec, stack: { project: string; stack: string }, region: string): WebTierConfig {
    const { targetGroups: _tg, albListeners: _al, nlbListeners: _nl, ...rest } = c;
    void _tg; void _al; void _nl;
    const tags: Record<string, string> = { ...c.extraTags, Project: stack.project, Environment: stack.stack, Team: c.team, ManagedBy: "pulumi" };
    const accessLogs = { alb: accessLogsChoice("alb", c.alb.accessLogs, c.logBucket.create), nlb: accessLogsChoice("nlb", c.nlb.accessLogs, c.logBucket.create) };
    return { ...rest, accessLogs, project: stack.project, stack: stack.stack, region, tags, traffic };
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

/**
 * The project's values from config as the CLI passes it to the program (full key -> string), parsed
 * as the program reads them. Tests over stack files use it on the plan's reading of a stack file,
 * so `secure:` values and declared defaults are what the CLI would give.
 */
export function valuesFromRawConfig(project: string, raw: Record<string, string>): Record<string, unknown> {
    const prefix = `${project}:`;
    const values: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        if (!fullKey.startsWith(prefix)) continue;
        const k = fullKey.slice(prefix.length);
        const def = (KEYS as Record<string, { meta: KeyMeta }>)[k];
        // Unknown and replaced keys are parsed as JSON when they look like it, for the message.
        values[k] = parseRaw(text, def?.meta.type ?? "object");
    }
    return values;
}

/** Reads and validates all stack config of the current Pulumi project and stack. */
export function loadConfig(): WebTierConfig {
    const project = pulumi.getProject();
    const stack = pulumi.getStack();
    const values = valuesFromRawConfig(project, pulumi.runtime.allConfig());
    const region = new pulumi.Config("aws").get("region") ?? DEFAULT_REGION;
    return validateConfig(values, { project, stack, region, secretKeys: configSecretKeys(Object.keys(values), project) });
}

/**
 * The keys the CLI marks secret (PULUMI_CONFIG_SECRET_KEYS; setAllConfig's under mocks), through
 * pulumi.runtime.isConfigSecret, which the SDK exports without a type; undefined when it is missing.
 */
function configSecretKeys(keys: string[], project: string): string[] | undefined {
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return typeof isSecret === "function" ? keys.filter((k) => isSecret(`${project}:${k}`)) : undefined;
}
