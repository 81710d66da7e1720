// Listener actions and rule conditions in words, shared by the traffic model (topology.ts) and the
// renderers: what a reviewer needs to tell two rules apart, never "header true" or "undefined".
import { prop, show } from "./resources";

/**
 * The target group a forward's ARN names, among the groups the action was computed from: the ARN's
 * name segment is the group's physical name, its logical name plus the auto-name suffix
 * (`targetgroup/api-canary-1a2b3c4/...`), so the longest logical name that prefixes it wins.
 */
function groupName(arn: unknown, names: string[]): string | undefined {
    if (typeof arn !== "string") return undefined;
    const physical = /:targetgroup\/([^/]+)\//.exec(arn)?.[1];
    if (!physical) return undefined;
    return names.filter((n) => physical === n || physical.startsWith(`${n}-`)).sort((a, b) => b.length - a.length)[0];
}

function describeForward(a: unknown, names: string[]): string {
    const weighted = prop(a, "forward", "targetGroups");
    if (!Array.isArray(weighted)) return `forward to ${names.join(", ") || show(prop(a, "targetGroupArn"))}`;
    // Weighted: each group with its weight; in a preview the ARNs are unknown, so the names come
    // from the dependencies in order and say so.
    const known = weighted.every((w) => groupName(prop(w, "arn"), names) !== undefined);
    const parts = weighted.map((w, i) => `${known ? groupName(prop(w, "arn"), names) : names[i] ?? "?"} weight ${show(prop(w, "weight"))}`);
    const sticky = prop(a, "forward", "stickiness", "enabled") === true ? `, group stickiness ${show(prop(a, "forward", "stickiness", "duration"))}s` : ", no group stickiness";
    return `forward to ${parts.join(", ")}${known ? "" : " (group order as declared)"}${sticky}`;
}

function describeRedirect(a: unknown): string {
    const r = (k: string) => prop(a, "redirect", k);
    const to = [r("protocol"), r("port")].filter((x) => x !== undefined).map(show).join(":");
    // Placeholders keep the request's value: only what changes is said.
    const changed = (k: string, placeholder: string) => (r(k) !== undefined && r(k) !== placeholder ? `${k} ${show(r(k))}` : undefined);
    const rest = [changed("host", "#{host}"), changed("path", "/#{path}"), changed("query", "#{query}")].filter((x): x is string => x !== undefined);
    const target = [to, ...rest].filter(Boolean).join(", ");
    return `redirect to ${target || "the same URL"} (${show(r("statusCode"))})`;
}

/** "forward to TG-ALB", "redirect to HTTPS:443 (HTTP_301)", "fixed-response 200". `targetGroups`: the names the actions were computed from. */
export function describeActions(actions: unknown, targetGroups: string | string[]): string {
    const names = Array.isArray(targetGroups) ? targetGroups : targetGroups ? targetGroups.split(", ") : [];
    if (!Array.isArray(actions)) return names.length > 0 ? `forward to ${names.join(", ")}` : show(actions);
    return actions.map((a) => {
        const type = prop(a, "type");
        switch (type) {
            case "forward":
                return describeForward(a, names);
            case "redirect":
                return describeRedirect(a);
            case "fixed-response":
                return `fixed-response ${show(prop(a, "fixedResponse", "statusCode"))}`;
            default:
                return show(type);
        }
    }).join(", then ");
}

const values = (v: unknown) => (Array.isArray(v) ? v.map(show).join(" or ") : show(v));

/** One condition in words: "path /api/*", "header X-Beta is true", "query beta=1". */
function describeCondition(c: unknown): string[] {
    const out: string[] = [];
    if (prop(c, "pathPattern") !== undefined) out.push(`path ${values(prop(c, "pathPattern", "values"))}`);
    if (prop(c, "hostHeader") !== undefined) out.push(`host ${values(prop(c, "hostHeader", "values"))}`);
    if (prop(c, "httpRequestMethod") !== undefined) out.push(`method ${values(prop(c, "httpRequestMethod", "values"))}`);
    if (prop(c, "sourceIp") !== undefined) out.push(`source ${values(prop(c, "sourceIp", "values"))}`);
    if (prop(c, "httpHeader") !== undefined) out.push(`header ${show(prop(c, "httpHeader", "httpHeaderName"))} is ${values(prop(c, "httpHeader", "values"))}`);
    const query = prop(c, "queryStrings");
    if (Array.isArray(query)) {
        out.push(`query ${query.map((q) => (prop(q, "key") !== undefined ? `${show(prop(q, "key"))}=${show(prop(q, "value"))}` : `any key=${show(prop(q, "value"))}`)).join(" or ")}`);
    }
    return out;
}

/** "path /robots.txt", "host example.com and method GET or POST". */
export function describeConditions(conditions: unknown): string {
    if (!Array.isArray(conditions)) return show(conditions);
    return conditions.flatMap(describeCondition).join(" and ");
}

/**
 * What the offline plan assumes where only AWS knows: the AZ of each of the stack's own subnets
 * (the mocks put the n-th subnet of vpc.subnetIds and of vpc.instanceSubnetIds in the region's n-th AZ,
 * tools/engine/mockRun.ts accountFacts). Stated as assumptions, so a reader doesn't take them as facts.
 */
export function assumptionNotes(subnets: Record<string, { availabilityZone?: string }> | undefined): string[] {
    const placed = Object.entries(subnets ?? {}).filter(([, s]) => s.availabilityZone);
    if (placed.length === 0) return [];
    return [`assumed, not known offline: the AZ of each subnet, from its position in vpc.subnetIds / vpc.instanceSubnetIds (${placed.map(([id, s]) => `${id} in ${s.availabilityZone}`).join(", ")}); AWS places them where they are, and the AZ checks of this plan rely on the assumption`];
}
