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
// - regexValues (path, host, header): a regular expression searched in the value as written
//   (unanchored unless the expression anchors itself; case as the expression says); a host
//   regex sees the whole Host header, port included ("to match host headers containing a
//   non-standard port, use regexValues", provider docs for host_header);
// - a rule matches when every condition does (AND), a condition when any of its values does (OR);
//   rules are evaluated in priority order, lowest first, and the default action takes the rest.
import { cidrContains } from "../../infra/config/values";
import { Action, Authenticate, Condition, Listener, Rule } from "./model";

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

/**
 * An AWS (PCRE-style) rule regex as a JavaScript RegExp: (?P<name>...) is spelled (?<name>...),
 * a leading inline (?i) becomes the i flag (the only inline flag the twin's reference takes).
 */
export function jsRegex(re: string): RegExp {
    const ci = /^\(\?i\)/.test(re);
    return new RegExp(re.replace(/^\(\?i\)/, "").replace(/\(\?P</g, "(?<"), ci ? "i" : "");
}

/** A rule transform as AWS applies it: the first match of the regex replaced ($1.. its groups); no match: unchanged. */
export function rewrite(value: string, r: { regex: string; replace: string }): string {
    // JavaScript spells the whole match $& (AWS: $0) and has no ${n}.
    return value.replace(jsRegex(r.regex), r.replace.replace(/\$\{(\d+)\}/g, "$$$1").replace(/\$0/g, "$$&"));
}

/**
 * The start of the identity provider redirect an ALB answers a request without a session with
 * (everything up to the state, which is the ALB's own per request): the authorization endpoint
 * with response_type=code, client_id, redirect_uri https://<host>/oauth2/idpresponse and scope.
 */
export function authorizePrefix(a: Extract<Authenticate, { type: "oidc" | "cognito" }>, host: string): string {
    const e = encodeURIComponent;
    const sep = a.authorizationEndpoint.includes("?") ? "&" : "?";
    return `${a.authorizationEndpoint}${sep}response_type=code&client_id=${e(a.clientId)}&redirect_uri=${e(`https://${host.replace(/:\d+$/, "")}/oauth2/idpresponse`)}&scope=${e(a.scope)}&state=`;
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
        case "path": return c.values.some((v) => (c.regex ? jsRegex(v) : new RegExp(anchored(v))).test(path));
        case "host": return c.values.some((v) => (c.regex ? jsRegex(v).test(r.host) : new RegExp(anchored(v), "i").test(r.host.replace(/:\d+$/, ""))));
        case "method": return c.values.includes(r.method);
        case "sourceIp": return c.values.some((v) => cidrContains(v, r.sourceIp));
        case "header": {
            const value = Object.entries(r.headers).find(([k]) => k.toLowerCase() === c.name.toLowerCase())?.[1];
            return value !== undefined && c.values.some((v) => (c.regex ? jsRegex(v) : new RegExp(anchored(v), "i")).test(value));
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
        if ((c.kind === "path" || c.kind === "host" || c.kind === "header") && c.regex) {
            const sample = sampleFromRegex(c.values[0]);
            if (sample === undefined) throw new Error(`no sample value could be derived from the regular expression ${JSON.stringify(c.values[0])}`);
            if (c.kind === "path") {
                r.url = sample.startsWith("/") ? sample : `/${sample}`;
                if (!jsRegex(c.values[0]).test(r.url)) throw new Error(`no path could be derived from the regular expression ${JSON.stringify(c.values[0])}`);
            }
            else if (c.kind === "host") r.host = sample;
            else r.headers[c.name] = sample;
            continue;
        }
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

/**
 * A string a rule regex matches, for the per-rule checks: the regex's literal text with the first
 * branch of each group, one character for each class and each + or {n}, nothing for * ? and
 * anchors. Checked against the regex itself: undefined when the simple reading fails (the check
 * then says so instead of guessing).
 */
export function sampleFromRegex(re: string): string | undefined {
    let out = "";
    let i = 0;
    let src = re.replace(/^\(\?i\)/, "");
    const classSample = (body: string): string => {
        if (body.startsWith("^")) return [..."xq1-"].find((ch) => !body.includes(ch)) ?? "~";
        const first = body.replace(/^\\/, "")[0];
        if (body.startsWith("\\d") || /^0-9/.test(body)) return "1";
        return first;
    };
    const groupEnd = (from: number): number => {
        let depth = 0;
        for (let j = from; j < src.length; j++) {
            if (src[j] === "\\") { j++; continue; }
            if (src[j] === "[") { while (j < src.length && src[j] !== "]") j++; continue; }
            if (src[j] === "(") depth++;
            if (src[j] === ")" && --depth === 0) return j;
        }
        return -1;
    };
    const topBranch = (body: string): string => {
        let depth = 0;
        for (let j = 0; j < body.length; j++) {
            if (body[j] === "\\") { j++; continue; }
            if (body[j] === "(" || body[j] === "[") depth++;
            if (body[j] === ")" || body[j] === "]") depth--;
            if (body[j] === "|" && depth === 0) return body.slice(0, j);
        }
        return body;
    };
    src = topBranch(src);
    const parts: string[] = [];
    while (i < src.length) {
        const c = src[i];
        let piece: string;
        if (c === "^" || c === "$") { i++; continue; }
        if (c === "\\") {
            const e = src[i + 1];
            piece = e === "d" ? "1" : e === "w" ? "x" : e === "s" ? " " : e;
            i += 2;
        } else if (c === "[") {
            const end = src.indexOf("]", i + 2);
            if (end < 0) return undefined;
            piece = classSample(src.slice(i + 1, end));
            i = end + 1;
        } else if (c === "(") {
            const end = groupEnd(i);
            if (end < 0) return undefined;
            const body = src.slice(i + 1, end).replace(/^\?(:|P?<[^>]+>)/, "");
            const inner = sampleFromRegex(topBranch(body));
            if (inner === undefined) return undefined;
            piece = inner;
            i = end + 1;
        } else if (c === ".") { piece = "x"; i++; } else { piece = c; i++; }
        // Quantifiers: * and ? take none, + and {n,..} take the least they allow.
        const q = /^(\*|\+|\?|\{(\d+)(,\d*)?\})\??/.exec(src.slice(i));
        if (q) {
            i += q[0].length;
            const n = q[1] === "*" || q[1] === "?" ? 0 : q[1] === "+" ? 1 : Number(q[2]);
            piece = piece.repeat(n);
        }
        parts.push(piece);
    }
    out = parts.join("");
    try {
        return jsRegex(re).test(out) ? out : undefined;
    } catch {
        return undefined;
    }
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
