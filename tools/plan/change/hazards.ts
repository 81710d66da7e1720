// What a reviewer must not miss in a change: each hazard has a short code (for --fail-on) and a
// sentence on the resource it concerns.
import { Pair, optionsOf } from "./classify";
import { SnapshotResource } from "./snapshot";
import { canonicalType, TYPES } from "../resources";

export const HAZARD_CODES = {
    "static-ip-released": "an Elastic IP is released (deleted or replaced), or an NLB stops using one: clients that allowlist the address lose it",
    "load-balancer-replaced": "a load balancer is replaced: it gets a new DNS name and ARN",
    "load-balancer-deleted-first": "a load balancer is deleted before its replacement exists: downtime until the new one is active",
    "all-instances-replaced": "every EC2 instance (or an Auto Scaling group with all of its instances) is replaced in one update",
    "all-instances-restarted": "every EC2 instance stops and starts at once (a new instance type or user data, changed in place)",
    "fleet-rolls": "an Auto Scaling group moves to a new launch template version: its instance refresh replaces every instance",
    "launch-template-without-refresh": "a launch template changes but the Auto Scaling group using it has no instance refresh",
    "target-group-replaced-in-use": "a target group is replaced while a listener or listener rule forwards to it",
    "listener-rule-priority-conflict": "a listener rule takes a priority another rule of the listener holds until later in the update: AWS refuses (PriorityInUse)",
    "protected-resource": "a protected resource would be deleted, or replaced by a protected one: pulumi up fails",
    "stack-output-removed": "a stack output is removed: stacks and pipelines that read it get nothing",
} as const;

export type HazardCode = keyof typeof HAZARD_CODES;

export const hazardCodes = (): HazardCode[] => Object.keys(HAZARD_CODES) as HazardCode[];

/**
 * The hazards a production stack blocks on unless its stack file lists its own
 * (`changeReview:failOn`): a lost static IP, downtime, a refused update, the whole fleet at once.
 */
export const PROD_BLOCKING: HazardCode[] = ["static-ip-released", "load-balancer-deleted-first", "protected-resource", "all-instances-replaced"];

const T = { ...TYPES, launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate" };
const typeOf = (p: Pair) => canonicalType(p.change.type);
const gone = (p: Pair) => p.change.action === "delete" || p.change.action === "replace";
const add = (p: Pair, code: HazardCode, message: string) => p.change.hazards.push({ code, message });

/** Which resources' `property` was computed from `urn`. */
function usersOf(pairs: Pair[], urn: string, types: string[], properties: string[]): SnapshotResource[] {
    return pairs.map((p) => p.new).filter((r): r is SnapshotResource =>
        r !== undefined && types.includes(canonicalType(r.type)) && properties.some((k) => (r.propertyDependencies[k] ?? []).includes(urn)));
}

function allocationIds(r: SnapshotResource | undefined, unknownValue: string): string[] {
    const mappings = Array.isArray(r?.inputs.subnetMappings) ? r.inputs.subnetMappings : [];
    return mappings.map((m) => (m as Record<string, unknown>)?.allocationId).filter((a): a is string => typeof a === "string" && a !== "" && a !== unknownValue);
}

function staticIps(pairs: Pair[], unknownValue: string): void {
    for (const p of pairs.filter((x) => typeOf(x) === T.eip && gone(x))) {
        const retained = optionsOf(p.change.action === "delete" ? p.old : p.new).retainOnDelete;
        if (retained) continue;
        add(p, "static-ip-released", `Elastic IP ${p.change.name} is ${p.change.action === "delete" ? "released" : "replaced by a new address"}: AWS takes the old public IP back, and every client or partner that allowlists it loses it.`);
    }
    // Allocation IDs given as such (existing Elastic IPs): the plan's own Elastic IPs are covered above.
    for (const p of pairs.filter((x) => typeOf(x) === T.loadBalancer && x.old && (x.old.propertyDependencies.subnetMappings ?? []).length === 0)) {
        const kept = new Set(allocationIds(p.new, unknownValue));
        const dropped = allocationIds(p.old, unknownValue).filter((a) => !kept.has(a));
        if (dropped.length > 0) add(p, "static-ip-released", `${p.change.name} stops using Elastic IP ${dropped.join(", ")}: its static address no longer reaches the load balancer.`);
    }
}

function loadBalancers(pairs: Pair[]): void {
    for (const p of pairs.filter((x) => typeOf(x) === T.loadBalancer && x.change.action === "replace")) {
        add(p, "load-balancer-replaced", `${p.change.name} is replaced: the new load balancer has a new DNS name and ARN, so DNS records and clients that use the old name break.`);
        if (p.change.deletesFirst) {
            add(p, "load-balancer-deleted-first", `${p.change.name} is deleted before its replacement is created: no traffic until the new one is active (minutes). An NLB keeping its Elastic IPs must go first, since AWS refuses an allocation ID still in use.`);
        }
    }
}

/**
 * In-place instance changes that stop and start it (ec2_instance.go resourceInstanceUpdate: a new
 * instance_type, or user data without user_data_replace_on_change, is set on the stopped instance).
 */
const RESTARTING_INPUTS = ["instanceType", "userData", "userDataBase64"];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function instances(pairs: Pair[]): void {
    const existing = pairs.filter((p) => typeOf(p) === T.instance && p.change.action !== "create" && p.change.action !== "delete");
    // Every instance of the base replaced, or deleted (renamed without an alias, or the fleet
    // moved elsewhere): one hazard for the set, on the first of them, naming them all.
    const based = pairs.filter((p) => typeOf(p) === T.instance && p.old);
    const gone = based.filter((p) => p.change.action === "replace" || p.change.action === "delete");
    if (gone.length > 0 && gone.length === based.length) {
        const deleted = gone.filter((p) => p.change.action === "delete").length;
        const how = deleted === 0 ? "are replaced" : deleted === gone.length ? "are deleted" : "are replaced or deleted";
        add(gone[0], "all-instances-replaced", `All ${plural(gone.length, "instance")} (${gone.map((p) => p.change.name).join(", ")}) ${how} in this one update: none of the old ones is left to serve if the new ones fail their health checks.`);
    }
    const restarted = existing.filter((p) => p.change.action === "update" && p.change.changedInputs.some((c) => RESTARTING_INPUTS.includes(c.split(/[.[]/)[0])));
    if (restarted.length > 0 && restarted.length === existing.length) {
        const what = [...new Set(restarted.flatMap((p) => p.change.changedInputs.map((c) => c.split(/[.[]/)[0]).filter((c) => RESTARTING_INPUTS.includes(c))))].join(", ");
        add(restarted[0], "all-instances-restarted", `All ${plural(restarted.length, "instance")} (${restarted.map((p) => p.change.name).join(", ")}) stop and start in this one update (${what} changed in place: EC2 sets it on a stopped instance): the targets go unhealthy together and nothing serves until they are back. Use fleet.mode autoscaling for a rolling refresh, or change them one stack update at a time.`);
    }
    for (const p of pairs.filter((x) => typeOf(x) === T.autoscalingGroup && x.change.action === "replace")) {
        add(p, "all-instances-replaced", `Auto Scaling group ${p.change.name} is replaced, and every instance with it, in this one update.`);
    }
    // A template change that makes no new version (tags only) reaches no instance.
    for (const p of pairs.filter((x) => typeOf(x) === T.launchTemplate && ((x.change.action === "update" && x.change.recomputes) || x.change.action === "replace"))) {
        const groups = usersOf(pairs, p.change.urn, [T.autoscalingGroup], ["launchTemplate", "mixedInstancesPolicy"]).filter((g) => g.inputs.instanceRefresh === undefined);
        if (groups.length > 0) {
            add(p, "launch-template-without-refresh", `${p.change.name} changes, but ${groups.map((g) => g.name).join(", ")} has no instanceRefresh: running instances keep the old template until something replaces them.`);
        }
    }
}

/** The instance refresh preferences of a group, with AWS's defaults (MinHealthyPercentage 90, MaxHealthyPercentage 100). */
function refreshRange(group: SnapshotResource): { min: number; max: number } {
    const prefs = (group.inputs.instanceRefresh as { preferences?: Record<string, unknown> } | undefined)?.preferences ?? {};
    const num = (v: unknown, d: number) => (typeof v === "number" ? v : typeof v === "string" && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : d);
    return { min: num(prefs.minHealthyPercentage, 90), max: num(prefs.maxHealthyPercentage, 100) };
}

/**
 * A group whose launch template, mixed instances policy or launch configuration changes (or a
 * property its instanceRefresh.triggers lists) starts an instance refresh when it has one
 * (internal/service/autoscaling/group.go, resourceGroupUpdate shouldRefreshInstances).
 */
function fleets(pairs: Pair[]): void {
    for (const p of pairs.filter((x) => typeOf(x) === T.autoscalingGroup && x.change.action === "update" && x.new)) {
        const group = p.new as SnapshotResource;
        const refresh = group.inputs.instanceRefresh as { triggers?: unknown } | undefined;
        if (!refresh) continue;
        const triggers = ["launchTemplate", "mixedInstancesPolicy", "launchConfiguration", ...(Array.isArray(refresh.triggers) ? refresh.triggers.filter((t): t is string => typeof t === "string") : [])];
        const cause = p.change.changedInputs.find((c) => triggers.includes(c.split(/[.[]/)[0]));
        if (!cause) continue;
        const { min, max } = refreshRange(group);
        const order = max > 100 ? `new instances launch before old ones terminate (up to ${max}% of the desired capacity running)` : `old instances terminate before their replacements are in service (at most ${max}% running)`;
        const unknown = p.change.unknownInputs.some((u) => u.startsWith(cause.split(/[.[]/)[0]));
        add(p, "fleet-rolls", `Auto Scaling group ${p.change.name} ${unknown ? "moves" : "changes"} ${cause}${unknown ? " (a new launch template version)" : ""}: its instance refresh replaces every instance, keeping at least ${min}% of the desired capacity healthy; ${order}. A failed refresh does not roll back to the old template version here (terraform-provider-aws#34189).`);
    }
}

/** Which listener a rule belongs to: its listenerArn (known) or the listener it is computed from. */
function listenerOf(r: SnapshotResource, unknownValue: string, continued: Map<string, string>): string | undefined {
    const deps = r.propertyDependencies.listenerArn ?? [];
    if (deps.length > 0) return deps.map((u) => continued.get(u) ?? u).sort().join(",");
    const arn = r.inputs.listenerArn;
    return typeof arn === "string" && arn !== unknownValue ? arn : undefined;
}

/**
 * Rule priorities are unique per listener, checked by AWS on every create and SetRulePriorities:
 * a rule that takes a priority another rule still holds fails with PriorityInUse, in whatever order
 * the engine applies them (a deleted rule goes last), so swapping two priorities never applies in
 * one update (pulumi/pulumi-aws#175, closed by design).
 */
function listenerRulePriorities(pairs: Pair[], unknownValue: string): void {
    const isRule = (p: Pair) => typeOf(p) === T.listenerRule;
    // Base URNs to new URNs, so a listener matched through an alias is the same listener.
    const continued = new Map(pairs.filter((p) => p.old && p.new).map((p) => [(p.old as SnapshotResource).urn, (p.new as SnapshotResource).urn]));
    const held = new Map<string, Pair>();
    for (const p of pairs.filter((x) => isRule(x) && x.old)) {
        const old = p.old as SnapshotResource;
        const listener = listenerOf(old, unknownValue, continued);
        if (listener !== undefined && typeof old.inputs.priority === "number") held.set(`${listener} ${old.inputs.priority}`, p);
    }
    for (const p of pairs.filter((x) => isRule(x) && x.new && x.change.action !== "same")) {
        const r = p.new as SnapshotResource;
        const priority = r.inputs.priority;
        const listener = listenerOf(r, unknownValue, continued);
        if (listener === undefined || typeof priority !== "number") continue;
        // Unchanged priority on an updated rule: nothing to take.
        if (p.change.action === "update" && p.old?.inputs.priority === priority) continue;
        const holder = held.get(`${listener} ${priority}`);
        if (!holder || holder === p) continue;
        const until = holder.change.action === "delete" ? "is deleted, after every create and update" : `moves to priority ${String(holder.new?.inputs.priority)}`;
        add(p, "listener-rule-priority-conflict", `${p.change.name} takes priority ${priority}, which ${holder.change.name} holds until it ${until}: AWS refuses with PriorityInUse and the update stops half-applied (pulumi-aws#175). Move ${holder.change.name} to a free priority in an update of its own first.`);
    }
}

function targetGroups(pairs: Pair[]): void {
    for (const p of pairs.filter((x) => typeOf(x) === T.targetGroup && x.change.action === "replace")) {
        const users = usersOf(pairs, p.change.urn, [T.listener, T.listenerRule], ["defaultActions", "actions"]);
        if (users.length === 0) continue;
        add(p, "target-group-replaced-in-use", `${p.change.name} is replaced while ${users.map((u) => u.name).join(", ")} forward${users.length > 1 ? "" : "s"} to it: they switch to the new group before its targets are registered and healthy, so requests fail until they are.`);
    }
}

/**
 * The engine refuses to delete a resource its state marks protected, and to replace one only when
 * the old and the new are both protected ("we do allow unprotecting and replacing ... in a single
 * update": pulumi/pulumi pkg/resource/deploy/step_generator.go).
 */
function protectedResources(pairs: Pair[]): void {
    for (const p of pairs.filter(gone)) {
        const refused = p.change.action === "delete" ? optionsOf(p.old).protect : optionsOf(p.old).protect && optionsOf(p.new).protect;
        if (!refused) continue;
        add(p, "protected-resource", `${p.change.name} is protected: pulumi up fails instead of ${p.change.action === "delete" ? "deleting" : "replacing"} it (turn protect off for it, in an update of its own for a delete, or avoid the change).`);
    }
}

/** Adds the hazards to the pairs' changes. */
export function findHazards(pairs: Pair[], unknownValue: string): void {
    staticIps(pairs, unknownValue);
    loadBalancers(pairs);
    instances(pairs);
    fleets(pairs);
    targetGroups(pairs);
    listenerRulePriorities(pairs, unknownValue);
    protectedResources(pairs);
}
