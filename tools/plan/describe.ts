// Listener actions and rule conditions in words, shared by the traffic model (topology.ts) and the
// renderers.
import { prop, show } from "./resources";

/** "forward to TG-ALB", "redirect to HTTPS:443 (HTTP_301)", "fixed-response 200". */
export function describeActions(actions: unknown, targetGroups: string): string {
    if (!Array.isArray(actions)) return targetGroups ? `forward to ${targetGroups}` : show(actions);
    return actions.map((a) => {
        const type = prop(a, "type");
        switch (type) {
            case "forward":
                return `forward to ${targetGroups || show(prop(a, "targetGroupArn"))}`;
            case "redirect": {
                const to = [prop(a, "redirect", "protocol"), prop(a, "redirect", "port")].filter((x) => x !== undefined).map(show).join(":");
                return `redirect to ${to || "the same URL"} (${show(prop(a, "redirect", "statusCode"))})`;
            }
            case "fixed-response":
                return `fixed-response ${show(prop(a, "fixedResponse", "statusCode"))}`;
            default:
                return show(type);
        }
    }).join(", then ");
}

/** "path /robots.txt", "host example.com and method GET". */
export function describeConditions(conditions: unknown): string {
    if (!Array.isArray(conditions)) return show(conditions);
    const kinds: [string, string][] = [["pathPattern", "path"], ["hostHeader", "host"], ["httpRequestMethod", "method"], ["sourceIp", "source"], ["httpHeader", "header"], ["queryStrings", "query"]];
    return conditions.flatMap((c) => kinds.filter(([k]) => prop(c, k) !== undefined).map(([k, label]) => `${label} ${show(prop(c, k, "values") ?? prop(c, k))}`)).join(" and ");
}
