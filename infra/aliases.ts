// What v1 called the resources the program declares now: one row per kind of resource v1 declared
// under another name or parent, so a deployed v1 stack updates in place instead of replacing. The
// engine ignores an alias to a URN a stack never had. test/program/traffic.test.ts finds every
// resource of v1's dev plan (test/fixtures/dev-v1-plan.json) through these.
//
// A component applies its row with `pulumi.mergeOptions(v1Options(...), opts)`: a caller's aliases
// add to these instead of replacing them.
import * as pulumi from "@pulumi/pulumi";

/** v1 declared every target group and attachment under one TargetGroups component named "web". */
const v1TargetGroups = () => pulumi.createUrn("web", "elb-web-tier:targets:TargetGroups");

/** The names v1 numbered or keyed by, which only the declaring component knows. */
interface V1Facts {
    /** An instance's name, and its number under v1's round-robin naming (EC2_Web-<n>). */
    instance: { component: string; v1Number: number };
    /** A rule on the listener v1 put every rule on (HTTPS, else HTTP), named <alb>-rule-<priority>. */
    albRule: { alb: string; priority: number };
    /** An attachment; instance attachments were keyed by v1's instance name (EC2_Web-<n>). */
    attachment: { group: string; v1Key?: string };
}

type Row<F> = (facts: F) => pulumi.Alias;

/** Kind of resource -> its v1 name and parent (only what differs from now). */
export const V1_ALIASES: {
    [K in "loadBalancer" | "webServers" | "targetGroup"]: Row<void>
} & { [K in keyof V1Facts]: Row<V1Facts[K]> } = {
    // v1 named the ALB's, the NLB's and the instances' components "web". Their children keep their
    // URNs: a URN holds the parent's type, not its name.
    loadBalancer: () => ({ name: "web" }),
    webServers: () => ({ name: "web" }),
    instance: (f) => ({ name: `${f.component}-${f.v1Number}` }),
    albRule: (f) => ({ name: `${f.alb}-rule-${f.priority}` }),
    // Now one WebTargetGroup component per group.
    targetGroup: () => ({ parent: v1TargetGroups() }),
    attachment: (f) => ({ parent: v1TargetGroups(), ...(f.v1Key ? { name: `${f.group}-${f.v1Key}` } : {}) }),
};

/** v1 put every rule on the HTTPS listener (HTTP when there was none): the listener whose rules take the albRule row. */
export function v1RulesListenerKey(listenerKeys: string[]): string | undefined {
    return listenerKeys.find((k) => k === "https") ?? listenerKeys.find((k) => k === "http");
}

/** Resource options carrying the v1 alias of a resource of this kind. */
export function v1Options<K extends "loadBalancer" | "webServers" | "targetGroup">(kind: K): pulumi.ResourceOptions;
export function v1Options<K extends keyof V1Facts>(kind: K, facts: V1Facts[K]): pulumi.ResourceOptions;
export function v1Options(kind: keyof typeof V1_ALIASES, facts?: unknown): pulumi.ResourceOptions {
    return { aliases: [(V1_ALIASES[kind] as Row<unknown>)(facts)] };
}
