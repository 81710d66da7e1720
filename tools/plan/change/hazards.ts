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
    "launch-template-without-refresh": "a launch template changes but the Auto Scaling group using it has no instance refresh",
    "target-group-replaced-in-use": "a target group is replaced while a listener or listener rule forwards to it",
    "protected-resource": "a protected resource would be deleted or replaced: pulumi up fails",
} as const;

export type HazardCode = keyof typeof HAZARD_CODES;

export const hazardCodes = (): HazardCode[] => Object.keys(HAZARD_CODES) as HazardCode[];

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

function instances(pairs: Pair[]): void {
    const existing = pairs.filter((p) => typeOf(p) === T.instance && p.change.action !== "create" && p.change.action !== "delete");
    const replaced = existing.filter((p) => p.change.action === "replace");
    if (replaced.length > 0 && replaced.length === existing.length) {
        const names = replaced.map((p) => p.change.name).join(", ");
        for (const p of replaced) {
            add(p, "all-instances-replaced", `All ${replaced.length} instance${replaced.length > 1 ? "s" : ""} (${names}) are replaced in this one update: none of the old ones is left to serve if the new ones fail their health checks.`);
        }
    }
    for (const p of pairs.filter((x) => typeOf(x) === T.autoscalingGroup && x.change.action === "replace")) {
        add(p, "all-instances-replaced", `Auto Scaling group ${p.change.name} is replaced, and every instance with it, in this one update.`);
    }
    for (const p of pairs.filter((x) => typeOf(x) === T.launchTemplate && (x.change.action === "update" || x.change.action === "replace"))) {
        const groups = usersOf(pairs, p.change.urn, [T.autoscalingGroup], ["launchTemplate", "mixedInstancesPolicy"]).filter((g) => g.inputs.instanceRefresh === undefined);
        if (groups.length > 0) {
            add(p, "launch-template-without-refresh", `${p.change.name} changes, but ${groups.map((g) => g.name).join(", ")} has no instanceRefresh: running instances keep the old template until something replaces them.`);
        }
    }
}

function targetGroups(pairs: Pair[]): void {
    for (const p of pairs.filter((x) => typeOf(x) === T.targetGroup && x.change.action === "replace")) {
        const users = usersOf(pairs, p.change.urn, [T.listener, T.listenerRule], ["defaultActions", "actions"]);
        if (users.length === 0) continue;
        add(p, "target-group-replaced-in-use", `${p.change.name} is replaced while ${users.map((u) => u.name).join(", ")} forward${users.length > 1 ? "" : "s"} to it: they switch to the new group before its targets are registered and healthy, so requests fail until they are.`);
    }
}

function protectedResources(pairs: Pair[]): void {
    for (const p of pairs.filter(gone)) {
        const isProtected = optionsOf(p.old).protect || (p.change.action === "replace" && optionsOf(p.new).protect);
        if (!isProtected) continue;
        add(p, "protected-resource", `${p.change.name} is protected: pulumi up fails instead of ${p.change.action === "delete" ? "deleting" : "replacing"} it (unprotect it in an update of its own first, or avoid the change).`);
    }
}

/** Adds the hazards to the pairs' changes. */
export function findHazards(pairs: Pair[], unknownValue: string): void {
    staticIps(pairs, unknownValue);
    loadBalancers(pairs);
    instances(pairs);
    targetGroups(pairs);
    protectedResources(pairs);
}
