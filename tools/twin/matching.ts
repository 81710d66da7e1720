// AWS's listener-rule matching, once: the regular expressions the HAProxy config uses, and a
// reference evaluator the checks compare HAProxy's answers with ("Condition types for listener
// rules"):
// - path-pattern: case-sensitive, on the path only (not the query string);
// - host-header: case-insensitive, on the Host header without its port;
// - http-header: the header name and values case-insensitive;
// - http-request-method: case-sensitive, exact;
// - query-string: key/value pairs (the key optional), case-insensitive;
// - source-ip: the client's address in any of the CIDRs;
// - `*` matches zero or more characters, `?` exactly one (no wildcards in methods or CIDRs);
// - a rule matches when every condition does (AND), a condition when any of its values does (OR);
//   rules are evaluated in priority order, lowest first, and the default action takes the rest.
import { cidrContains } from "../../infra/config/values";
import { Action, Condition, Listener, Rule } from "./model";

const escapeRegex = (s: string) => s.replace(/[.*?+^${}()|[\]\\/]/g, "\\$&");

/** A wildcard pattern as the body of a regular expression (`*` any run, `?` one character; `\*` a literal). */
export function wildcardBody(pattern: string, any = ".*", one = "."): string {
    let out = "";
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "\\" && i + 1 < pattern.length && "*?\\".includes(pattern[i + 1])) {
            out += escapeRegex(pattern[++i]);
        } else if (c === "*") out += any;
        else if (c === "?") out += one;
        else out += escapeRegex(c);
    }
    return out;
}

export const anchored = (pattern: string) => `^${wildcardBody(pattern)}$`;

/** One query pair as a regex over the raw query string. */
export function queryPairRegex(q: { key?: string; value: string }): string {
    const key = q.key === undefined ? "[^&=]*" : wildcardBody(q.key, "[^&=]*", "[^&=]");
    return `(^|&)${key}=${wildcardBody(q.value, "[^&]*", "[^&]")}(&|$)`;
}

export interface TwinRequest {
    method: string;
    /** Path with its query string, as on the request line. */
    url: string;
    host: string;
    headers: Record<string, string>;
    sourceIp: string;
}

function conditionMatches(c: Condition, r: TwinRequest): boolean {
    const [path, query = ""] = r.url.split(/\?(.*)/s);
    switch (c.kind) {
        case "path": return c.values.some((v) => new RegExp(anchored(v)).test(path));
        case "host": return c.values.some((v) => new RegExp(anchored(v), "i").test(r.host.replace(/:\d+$/, "")));
        case "method": return c.values.includes(r.method);
        case "sourceIp": return c.values.some((v) => cidrContains(v, r.sourceIp));
        case "header": {
            const value = Object.entries(r.headers).find(([k]) => k.toLowerCase() === c.name.toLowerCase())?.[1];
            return value !== undefined && c.values.some((v) => new RegExp(anchored(v), "i").test(value));
        }
        case "query": return c.values.some((q) => new RegExp(queryPairRegex(q), "i").test(query));
    }
}

/** The rule AWS would apply to a request, or undefined: the default action. */
export function matchingRule(l: Listener, r: TwinRequest): Rule | undefined {
    return [...l.rules].sort((a, b) => a.priority - b.priority).find((rule) => rule.conditions.every((c) => conditionMatches(c, r)));
}

export function actionFor(l: Listener, r: TwinRequest): { rule: string; action: Action } {
    const rule = matchingRule(l, r);
    return rule ? { rule: rule.name, action: rule.action } : { rule: "default", action: l.defaultAction };
}

/** A host a host-header pattern matches (each wildcard one character of a label). */
export const sampleFromPattern = (p: string, fill = "x") => p.replace(/\\([*?\\])/g, "$1").replace(/[*?]/g, fill);

/** A request that meets every condition of a rule (the first value of each). */
export function requestFor(rule: Rule, base: TwinRequest): TwinRequest {
    const r: TwinRequest = { ...base, headers: { ...base.headers } };
    const queries: string[] = [];
    for (const c of rule.conditions) {
        if (c.kind === "path") r.url = sampleFromPattern(c.values[0], "twin");
        if (c.kind === "host") r.host = sampleFromPattern(c.values[0]);
        if (c.kind === "method") r.method = c.values[0];
        if (c.kind === "sourceIp") r.sourceIp = firstAddress(c.values[0]);
        if (c.kind === "header") r.headers[c.name] = sampleFromPattern(c.values[0]);
        if (c.kind === "query") queries.push(`${c.values[0].key === undefined ? "twin" : sampleFromPattern(c.values[0].key)}=${sampleFromPattern(c.values[0].value)}`);
    }
    if (queries.length > 0) r.url += `${r.url.includes("?") ? "&" : "?"}${queries.join("&")}`;
    return r;
}

/** An address inside a CIDR (its network address + 1 for IPv4 ranges wider than /32). */
export function firstAddress(cidr: string): string {
    const [addr, bits] = cidr.split("/");
    if (addr.includes(":") || Number(bits) === 32) return addr;
    const n = addr.split(".").map(Number).reduce((a, b) => a * 256 + b, 0) + 1;
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** The Location an ALB redirect answers with (#{protocol}, #{host}, #{port}, #{path}, #{query}). */
export function redirectLocation(a: Extract<Action, { type: "redirect" }>, l: Listener, r: TwinRequest): string {
    const [path, query = ""] = r.url.split(/\?(.*)/s);
    const fill = (s: string) => s
        .replace(/#\{protocol\}/g, l.protocol.toLowerCase())
        .replace(/#\{host\}/g, r.host.replace(/:\d+$/, ""))
        .replace(/#\{port\}/g, String(l.port))
        .replace(/#\{path\}/g, path.replace(/^\//, ""))
        .replace(/#\{query\}/g, query);
    const protocol = fill(a.protocol ?? "#{protocol}").toLowerCase();
    const q = fill(a.query ?? "#{query}");
    return `${protocol}://${fill(a.host ?? "#{host}")}:${fill(a.port ?? "#{port}")}${fill(a.path ?? "/#{path}")}${q ? `?${q}` : ""}`;
}
