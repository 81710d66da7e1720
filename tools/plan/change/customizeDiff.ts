// Replacements the provider decides in code (CustomizeDiff) rather than in the schema.
import { isRecord } from "../../engine/data";
import { hasUnknown, isUnder, PathChange } from "./diff";
import { SnapshotResource } from "./snapshot";
import { canonicalType } from "../resources";

export interface ReplaceReason {
    /** The input path that forces the replacement. */
    property: string;
    /** Why, in a sentence. */
    why: string;
    /** Where the rule is written (provider source file, or the program's resource option). */
    source: string;
    /** The value is unknown until apply: the resource may be replaced. */
    unknown: boolean;
}

export interface DiffContext {
    old: SnapshotResource;
    new: SnapshotResource;
    changes: PathChange[];
    unknownValue: string;
}

type Rule = (c: DiffContext) => ReplaceReason[];

const LOAD_BALANCER_SOURCE = "internal/service/elbv2/load_balancer.go (customizeDiffLoadBalancerNLB)";

const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

/** Set elements compare by all their fields, as Terraform hashes a TypeSet element. */
function elementKey(v: unknown): string {
    if (!isRecord(v)) return JSON.stringify(v);
    return JSON.stringify(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== "").sort(([a], [b]) => a.localeCompare(b))));
}

function changedUnder(c: DiffContext, property: string): PathChange[] {
    return c.changes.filter((x) => isUnder(x.path, property));
}

/** Could the two elements turn out equal once known (every field equal where both are known)? */
function compatible(a: unknown, b: unknown, unknownValue: string): boolean {
    if (a === unknownValue || b === unknownValue) return true;
    if (isRecord(a) && isRecord(b)) {
        return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => compatible(a[k] ?? "", b[k] ?? "", unknownValue));
    }
    return elementKey(a) === elementKey(b);
}

/**
 * Which of the old set's elements are still in the new one. An element is kept when its position
 * shows no change (unknown on both sides from the same, kept resources: the engine reads it from
 * the state; diff.ts and classify.ts decide that), or when a wholly known new element equals it.
 */
function keptElements(c: DiffContext, property: string, olds: unknown[], news: unknown[], changes: PathChange[]): boolean[] {
    // A source of the list is replaced: its new ID is unknown, and a placeholder equal to the old
    // one (offline IDs follow resource names) proves nothing either.
    if (changes.some((x) => x.path === property && x.via)) return olds.map(() => false);
    const knownNew = new Set(news.filter((n) => !hasUnknown(n, c.unknownValue)).map(elementKey));
    return olds.map((o, i) => !changes.some((x) => isUnder(x.path, `${property}[${i}]`)) || (!hasUnknown(o, c.unknownValue) && knownNew.has(elementKey(o))));
}

const once = (known: boolean) => (known ? "" : " (the new list is known only at apply: a preview shows an update, `pulumi up` replaces)");

/**
 * customizeDiffLoadBalancerNLB: the rule fires only on an existing NLB whose new list is wholly
 * known (a preview with unknown mappings shows an update; `pulumi up` diffs again once they are
 * known). So an unknown is "may replace" only where the rule could fire once it is known.
 *  - subnet_mapping: a change with no more mappings than before, or an existing mapping gone.
 *  - subnets: a change that does not grow the list.
 *  - security_groups: none before and some now, or some before and none now.
 */
const networkLoadBalancer: Rule = (c) => {
    if (c.new.inputs.loadBalancerType !== "network") return [];
    const reasons: ReplaceReason[] = [];
    const reason = (property: string, why: string, unknown: boolean, changes: PathChange[]): ReplaceReason => {
        const via = changes.find((x) => x.via)?.via;
        return { property, why: `${why}${via ? ` (computed from ${via})` : ""}`, source: LOAD_BALANCER_SOURCE, unknown };
    };
    const mappings = changedUnder(c, "subnetMappings");
    if (mappings.length > 0) {
        const olds = list(c.old.inputs.subnetMappings) ?? [];
        const news = list(c.new.inputs.subnetMappings);
        if (!news) {
            reasons.push(reason("subnetMappings", "an NLB's subnet mappings are unknown until apply: an existing mapping changed or removed replaces it", true, mappings));
        } else {
            const keptOld = keptElements(c, "subnetMappings", olds, news, mappings);
            const gone = olds.filter((_, i) => !keptOld[i]);
            const known = !hasUnknown(news, c.unknownValue);
            // A gone element that no new element could equal, once known, is gone for certain.
            const certainlyGone = gone.filter((o) => !news.some((n) => compatible(o, n, c.unknownValue)));
            if (news.length < olds.length) {
                reasons.push(reason("subnetMappings", `the NLB goes from ${olds.length} subnet mappings to ${news.length}; it can only add them in place${once(known)}`, false, mappings));
            } else if (certainlyGone.length > 0) {
                reasons.push(reason("subnetMappings", `${certainlyGone.length} of the NLB's ${olds.length} subnet mappings ${certainlyGone.length > 1 ? "are" : "is"} changed or removed; an NLB can only add them in place${once(known)}`, false, mappings));
            } else if (gone.length > 0) {
                reasons.push(reason("subnetMappings", `${gone.length} of the NLB's subnet mappings may change (unknown until apply), and a changed one replaces it`, true, mappings));
            }
        }
    }
    const subnets = changedUnder(c, "subnets");
    if (subnets.length > 0 && mappings.length === 0) {
        const olds = list(c.old.inputs.subnets) ?? [];
        const news = list(c.new.inputs.subnets);
        if (!news) reasons.push(reason("subnets", "an NLB's subnets are unknown until apply: a list that does not grow replaces it", true, subnets));
        else if (news.length <= olds.length) {
            const keptOld = keptElements(c, "subnets", olds, news, subnets);
            if (news.length < olds.length || keptOld.some((k) => !k)) {
                const certain = news.length < olds.length || olds.some((o, i) => !keptOld[i] && !news.some((n) => compatible(o, n, c.unknownValue)));
                reasons.push(reason("subnets", `the NLB's ${olds.length} subnets become ${news.length}: it can only add subnets in place${once(!hasUnknown(news, c.unknownValue))}`, !certain, subnets));
            }
        }
    }
    const groups = changedUnder(c, "securityGroups");
    if (groups.length > 0) {
        const olds = list(c.old.inputs.securityGroups) ?? [];
        const news = list(c.new.inputs.securityGroups);
        if (!news) {
            if (olds.length > 0) reasons.push(reason("securityGroups", "the NLB's security groups are unknown until apply: losing all of them replaces it", true, groups));
            else reasons.push(reason("securityGroups", "the NLB's security groups are unknown until apply: gaining some where it had none replaces it", true, groups));
        } else if ((olds.length === 0) !== (news.length === 0)) {
            reasons.push(reason("securityGroups", news.length === 0 ? "the NLB loses all its security groups, which it can't do in place" : "the NLB gains security groups where it had none, which it can't do in place", false, groups));
        }
    }
    return reasons;
};

/** user_data_replace_on_change: new user data replaces the instance instead of restarting it (ForceNewIf on user_data, user_data_base64). */
const instanceUserData: Rule = (c) => {
    if (c.new.inputs.userDataReplaceOnChange !== true) return [];
    return c.changes.filter((x) => x.path === "userData" || x.path === "userDataBase64").map((x) => ({
        property: x.path,
        why: "userDataReplaceOnChange is on: new user data means a new instance (user data runs at first boot only)",
        source: "internal/service/ec2/ec2_instance.go (CustomizeDiff on user_data_replace_on_change)",
        unknown: x.unknown,
    }));
};

/** Graviton families (a1, t4g, m7g, c6gn, ...) are arm64; offline that is all we can tell of a type. */
const architecture = (instanceType: string) => {
    const family = instanceType.split(".")[0];
    return family === "a1" || /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family) ? "arm64" : "x86_64";
};

/** A new instance type that shares no architecture with the old one can't be set on a stopped instance. */
const instanceArchitecture: Rule = (c) => {
    const [o, n] = [c.old.inputs.instanceType, c.new.inputs.instanceType];
    if (typeof o !== "string" || typeof n !== "string" || o === n || n === c.unknownValue || architecture(o) === architecture(n)) return [];
    return [{
        property: "instanceType",
        why: `${o} (${architecture(o)}) and ${n} (${architecture(n)}) share no architecture`,
        source: "internal/service/ec2/ec2_instance.go (CustomizeDiff ForceNewIf on instance_type)",
        unknown: false,
    }];
};

/** resourceVPCCustomizeDiff: a tenancy change replaces the VPC, except dedicated -> default. */
const vpcTenancy: Rule = (c) => {
    const [o, n] = [c.old.inputs.instanceTenancy ?? "default", c.new.inputs.instanceTenancy ?? "default"];
    if (o === n || (o === "dedicated" && n === "default")) return [];
    return [{ property: "instanceTenancy", why: `instance tenancy ${String(o)} -> ${String(n)}: only dedicated -> default changes in place`, source: "internal/service/ec2/vpc_.go (resourceVPCCustomizeDiff)", unknown: n === c.unknownValue }];
};

/** ForceNewIf ipv6_cidr_block: a new IPv6 block replaces a subnet that assigned IPv6 addresses on creation. */
const subnetIpv6: Rule = (c) => {
    const change = c.changes.find((x) => x.path === "ipv6CidrBlock");
    if (!change || c.old.inputs.assignIpv6AddressOnCreation !== true) return [];
    return [{ property: "ipv6CidrBlock", why: `a new IPv6 block on a subnet created with assignIpv6AddressOnCreation${change.via ? ` (computed from ${change.via})` : ""}`, source: "internal/service/ec2/vpc_subnet.go (CustomizeDiff ForceNewIf ipv6_cidr_block)", unknown: change.unknown }];
};

/** vpc_endpoint.go CustomizeDiff: private_dns_enabled changes in place on Interface endpoints only. */
const endpointPrivateDns: Rule = (c) => {
    const change = c.changes.find((x) => x.path === "privateDnsEnabled");
    if (!change || (c.new.inputs.vpcEndpointType ?? "Gateway") === "Interface") return [];
    return [{ property: "privateDnsEnabled", why: "private DNS changes in place on Interface endpoints only", source: "internal/service/ec2/vpc_endpoint.go (CustomizeDiff ForceNew private_dns_enabled)", unknown: change.unknown }];
};

const RULES: Record<string, Rule> = {
    "aws:ec2/vpcEndpoint:VpcEndpoint": endpointPrivateDns,
    "aws:ec2/subnet:Subnet": subnetIpv6,
    "aws:ec2/vpc:Vpc": vpcTenancy,
    "aws:lb/loadBalancer:LoadBalancer": networkLoadBalancer,
    "aws:ec2/instance:Instance": (c) => [...instanceUserData(c), ...instanceArchitecture(c)],
};

export function customizeDiff(c: DiffContext): ReplaceReason[] {
    const rule = RULES[canonicalType(c.new.type)];
    return rule ? rule(c) : [];
}
