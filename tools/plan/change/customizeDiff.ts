// Replacements the provider decides in code (CustomizeDiff) rather than in the schema.
import { isUnder, PathChange } from "./diff";
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

/** Set elements compare by all their fields, as Terraform hashes a TypeSet element. */
function elementKey(v: unknown): string {
    if (!isRecord(v)) return JSON.stringify(v);
    return JSON.stringify(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== "").sort(([a], [b]) => a.localeCompare(b))));
}

function changedUnder(c: DiffContext, property: string): PathChange[] {
    return c.changes.filter((x) => isUnder(x.path, property));
}

/** An unknown list (or an unknown element of it): the NLB may be replaced. */
function mayChange(changes: PathChange[], property: string, why: string): ReplaceReason[] {
    const unknown = changes.find((x) => x.unknown);
    if (!unknown) return [];
    return [{ property, why: `${why}${unknown.via ? ` (computed from ${unknown.via})` : ""}`, source: LOAD_BALANCER_SOURCE, unknown: true }];
}

/**
 * NLB: subnet mappings may only be added (an existing one changed or removed replaces it), subnets
 * only grow, and security groups can't go from none to some or from some to none.
 */
const networkLoadBalancer: Rule = (c) => {
    if (c.new.inputs.loadBalancerType !== "network") return [];
    const reasons: ReplaceReason[] = [];
    for (const property of ["subnetMappings", "subnets"]) {
        const changes = changedUnder(c, property);
        if (changes.length === 0) continue;
        const olds = list(c.old.inputs[property]);
        const news = list(c.new.inputs[property]);
        const known = olds && news && changes.every((x) => !x.unknown);
        if (!known) {
            reasons.push(...mayChange(changes, property, `an NLB's ${property} may change, and a changed or removed one replaces it`));
            continue;
        }
        const newKeys = new Set(news.map(elementKey));
        const kept = olds.filter((o) => newKeys.has(elementKey(o))).length;
        if (kept < olds.length) {
            const removed = olds.length - kept;
            reasons.push({
                property,
                why: `${removed} of the NLB's ${olds.length} ${property === "subnets" ? "subnets" : "subnet mappings"} ${removed > 1 ? "are" : "is"} changed or removed; an NLB can only add them in place`,
                source: LOAD_BALANCER_SOURCE,
                unknown: false,
            });
        }
    }
    const groups = changedUnder(c, "securityGroups");
    if (groups.length > 0) {
        const olds = list(c.old.inputs.securityGroups) ?? [];
        const news = list(c.new.inputs.securityGroups);
        if (!news) {
            reasons.push(...mayChange(groups, "securityGroups", "an NLB's security groups may change, and gaining or losing all of them replaces it"));
        } else if ((olds.length === 0) !== (news.length === 0)) {
            reasons.push({
                property: "securityGroups",
                why: news.length === 0 ? "the NLB loses all its security groups, which it can't do in place" : "the NLB gains security groups where it had none, which it can't do in place",
                source: LOAD_BALANCER_SOURCE,
                unknown: false,
            });
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

const RULES: Record<string, Rule> = {
    "aws:lb/loadBalancer:LoadBalancer": networkLoadBalancer,
    "aws:ec2/instance:Instance": (c) => [...instanceUserData(c), ...instanceArchitecture(c)],
};

export function customizeDiff(c: DiffContext): ReplaceReason[] {
    const rule = RULES[canonicalType(c.new.type)];
    return rule ? rule(c) : [];
}
