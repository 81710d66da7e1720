// The load balancers as one HAProxy 2.6 configuration, from the twin's model:
// - each ALB listener a `mode http` frontend: TLS with the policy's floor, ALPN h2/http1.1 as an
//   ALB offers, SNI over the listener's certificates, client certificates verified for mTLS;
//   rules in priority order (the first match sets txn.rule, the action then follows it), with
//   pattern files for AWS's wildcards (no config escaping), weighted forwards with group
//   stickiness (cookie AWSALBTG), redirects and fixed responses;
// - each NLB listener a `mode tcp` frontend (TLS terminated with the listener's ALPN policy);
// - each target group a backend with its health check (path, port, matcher, interval, timeout,
//   thresholds), proxy protocol v2 where the group sends it, on health checks too.
// Issue 19's front door, as far as HAProxy can play it:
// - authenticate-oidc / authenticate-cognito before a forward: without the session cookie a 302 to
//   the identity provider's authorization endpoint (client_id, redirect_uri
//   https://<host>/oauth2/idpresponse, response_type=code, scope, state, extra params), or 401
//   (onUnauthenticatedRequest deny), or the forward (allow). Any session cookie is taken as a
//   valid session: the twin runs no login and decrypts no cookie;
// - jwt-validation: 401 without a bearer token; ANY well-formed bearer token (three base64url
//   parts) is let through: the twin can't check a signature against the issuer's JWKS;
// - rule transforms (url-rewrite on path and query, host-header-rewrite on Host): the first match
//   of the regex replaced, as AWS does, with PCRE (what HAProxy 2.6 links) for AWS's regexes;
// - regex conditions (pathRegex, hostRegex, header regexValues) as PCRE ACLs, unanchored;
// - a listener's response headers set on every response (http-after-response), Server removed
//   when routing.http.response.server.enabled is false.
// Every HTTP(S) frontend also listens on a "side door" that takes a PROXY header: the checks use
// it to come from a source-ip rule's range. Backends answer with X-Twin-Target-Group, so a check
// can tell which group served it (the twin's only addition to the traffic).
import * as fs from "fs";
import * as path from "path";
import { Action, Authenticate, Group, HealthCheck, Listener, Rewrite, Rule, TwinModel } from "./model";
import { anchored, queryPairRegex } from "./matching";
import { tlsFloor as elbTlsFloor } from "../../policies/facts/tls";

export interface Bind {
    address: string;
    port: number;
}

export interface Layout {
    dir: string;
    /** Listener key -> where its frontend listens (the load balancer's addresses), and its side door. */
    binds: Map<string, { main: Bind[]; sideDoor?: Bind }>;
    /** Listener key -> crt-list file (TLS listeners). */
    crtLists: Map<string, string>;
    /** mTLS verify: the client CA bundle. */
    clientCaFile?: string;
    /** Group name -> its servers: name, address, the traffic port and the health-check port, TLS or not. */
    servers: Map<string, { name: string; address: string; port: number; checkPort: number; tls: boolean }[]>;
    /** Divide every health-check interval and timeout by this (1: AWS's own timing). */
    timeScale: number;
    statsSocket: string;
}

/**
 * The lowest TLS version of an ELB security policy, from AWS's tables (policies/facts/tls.ts; a
 * name says too little: ELBSecurityPolicy-FS-1-2-Res-2020-10 is TLS 1.2). No policy: the API
 * default's, TLS 1.0. HAProxy's ssl-min-ver takes the same spelling.
 */
export function tlsFloor(policy: string | undefined): string {
    return elbTlsFloor(policy);
}

/** What an NLB TLS listener offers in ALPN, in preference order (ELB: "ALPN policies"). */
export function alpnOffer(policy: string | undefined): string[] {
    switch (policy) {
        case "HTTP1Only": return ["http/1.1"];
        case "HTTP2Only": return ["h2"];
        case "HTTP2Optional": return ["http/1.1", "h2"];
        case "HTTP2Preferred": return ["h2", "http/1.1"];
        default: return [];
    }
}

/** A status matcher ("200", "200,202", "200-399") as an anchored regex for http-check expect rstatus. */
export function matcherRegex(matcher: string): string {
    const codes = new Set<number>();
    for (const part of matcher.split(",")) {
        const [lo, hi = lo] = part.split("-").map(Number);
        for (let c = lo; c <= hi; c++) codes.add(c);
    }
    const parts: string[] = [];
    for (let h = 0; h <= 5; h++) {
        const inHundred = [...codes].filter((c) => Math.floor(c / 100) === h);
        if (inHundred.length === 100) parts.push(`${h}[0-9][0-9]`);
        else parts.push(...inHundred.map(String));
    }
    return `^(${parts.join("|")})$`;
}

const ms = (seconds: number, scale: number) => `${Math.max(100, Math.round((seconds * 1000) / scale))}ms`;
const id = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "_");
const backendName = (g: string) => `be_${id(g)}`;

class Writer {
    readonly lines: string[] = [];
    private files = 0;
    constructor(private readonly dir: string) {}
    line(...l: string[]): void {
        this.lines.push(...l);
    }
    /** A pattern file: one entry per line, read raw by HAProxy (no config escaping). */
    patterns(entries: string[]): string {
        const file = path.join(this.dir, `patterns-${++this.files}.lst`);
        fs.writeFileSync(file, entries.map((e) => `${e}\n`).join(""));
        return file;
    }
    body(text: string): string {
        const file = path.join(this.dir, `body-${++this.files}.txt`);
        fs.writeFileSync(file, text);
        return file;
    }
}

function conditionAcl(w: Writer, c: import("./model").Condition): string {
    switch (c.kind) {
        // Regex values go to PCRE as written: searched, case as the expression says; a host regex sees the port too.
        case "path": return c.regex ? `{ path -m reg -f ${w.patterns(c.values)} }` : `{ path -m reg -f ${w.patterns(c.values.map(anchored))} }`;
        case "host": return c.regex ? `{ req.hdr(host) -m reg -f ${w.patterns(c.values)} }` : `{ req.hdr(host),field(1,:) -m reg -i -f ${w.patterns(c.values.map(anchored))} }`;
        case "method": return `{ method -f ${w.patterns(c.values)} }`;
        case "sourceIp": return `{ src -f ${w.patterns(c.values)} }`;
        case "header": return c.regex ? `{ req.hdr(${c.name}) -m reg -f ${w.patterns(c.values)} }` : `{ req.hdr(${c.name}) -m reg -i -f ${w.patterns(c.values.map(anchored))} }`;
        case "query": return `{ query -m reg -i -f ${w.patterns(c.values.map(queryPairRegex))} }`;
    }
}

const ruleIs = (rule: string) => `{ var(txn.rule) -m str ${rule} }`;

/** Text inside an HAProxy double-quoted log-format argument. */
const quotedFormat = (s: string) => s.replace(/[\\"$]/g, "\\$&").replace(/%/g, "%%");
/** Text as one single-quoted HAProxy word (nothing inside is interpreted by the config parser). */
const singleQuoted = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/** The session cookie: the ALB shards it as <name>-0, <name>-1, ... (AWS, "Authenticate users": session cookies). */
export const sessionCookieAcl = (name: string) => `!{ req.cook(${name}-0) -m found } !{ req.cook(${name}) -m found }`;
/** A bearer token that is a well-formed JWT (header.payload.signature, base64url); its signature is NOT checked. */
export const BEARER_JWT = "^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$";

/** The identity provider's authorization URL as an HAProxy log-format string (host and state filled per request). */
export function authorizeFormat(a: Extract<Authenticate, { type: "oidc" | "cognito" }>): string {
    const enc = (v: string) => encodeURIComponent(v).replace(/%/g, "%%");
    const params = [
        "response_type=code",
        `client_id=${enc(a.clientId)}`,
        `redirect_uri=${enc("https://")}%[req.hdr(host),field(1,:)]${enc("/oauth2/idpresponse")}`,
        `scope=${enc(a.scope)}`,
        "state=%[uuid]",
        ...Object.entries(a.extraParams).map(([k, v]) => `${enc(k)}=${enc(v)}`),
    ];
    const endpoint = a.authorizationEndpoint.replace(/%/g, "%%").replace(/"/g, "%%22");
    return `${endpoint}${a.authorizationEndpoint.includes("?") ? "&" : "?"}${params.join("&")}`;
}

/** What an authenticate action does to a request without a session (or a token) before the forward. */
function authLines(w: Writer, when: string, a: Authenticate): void {
    if (a.type === "jwt") {
        w.line(`    http-request return status 401 hdr WWW-Authenticate "Bearer" if ${when} !{ req.hdr(authorization) -m reg -f ${w.patterns([BEARER_JWT])} }`);
        return;
    }
    if (a.onUnauthenticatedRequest === "allow") return;
    if (a.onUnauthenticatedRequest === "deny") w.line(`    http-request return status 401 if ${when} ${sessionCookieAcl(a.sessionCookieName)}`);
    else w.line(`    http-request redirect code 302 location "${authorizeFormat(a)}" if ${when} ${sessionCookieAcl(a.sessionCookieName)}`);
}

/** AWS's capture groups in a rule regex (numbered and named alike), for renumbering. */
export function captureGroups(re: string): number {
    let n = 0;
    for (let i = 0; i < re.length; i++) {
        if (re[i] === "\\") { i++; continue; }
        if (re[i] === "[") { for (i++; i < re.length && re[i] !== "]"; i++) if (re[i] === "\\") i++; continue; }
        if (re[i] === "(" && (re[i + 1] !== "?" || /^\?(P?<[A-Za-z_]|')/.test(re.slice(i + 1)))) n++;
    }
    return n;
}

/**
 * An AWS rewrite (the first match of `regex` replaced by `replace`: $0 the match, $1.. its
 * groups) as the regex and replacement of HAProxy's replace-* actions, which replace the WHOLE
 * value: the regex is wrapped as ^(.*?)(regex)(.*)$ and the unmatched text put back around it.
 */
export function rewriteArgs(r: Rewrite): { regex: string; replace: string } {
    const groups = captureGroups(r.regex);
    // HAProxy's backreferences are \\0-\\9: the wrapping takes three.
    if (groups + 3 > 9) throw new Error(`the twin can't run the rewrite ${JSON.stringify(r.regex)}: it has ${groups} capture groups and HAProxy's replacements reach \\9 (6 groups at most here)`);
    const replace = r.replace.replace(/\\/g, "\\\\").replace(/%/g, "%%").replace(/\$(?:\{(\d+)\}|(\d))/g, (_m, a: string | undefined, b: string | undefined) => {
        const k = Number(a ?? b);
        return k <= groups ? `\\${k + 2}` : "";
    });
    return { regex: `^(.*?)(${r.regex})(.*)$`, replace: `\\1${replace}\\${groups + 3}` };
}

function transformLines(w: Writer, when: string, t: NonNullable<Rule["transforms"]>): void {
    // The routing decision is made (txn.rule); AWS rewrites what goes to the target.
    if (t.urlRewrite) {
        const a = rewriteArgs(t.urlRewrite);
        w.line(`    http-request replace-pathq ${singleQuoted(a.regex)} ${singleQuoted(a.replace)} if ${when}`);
    }
    if (t.hostHeaderRewrite) {
        const a = rewriteArgs(t.hostHeaderRewrite);
        w.line(`    http-request replace-header Host ${singleQuoted(a.regex)} ${singleQuoted(a.replace)} if ${when}`);
    }
}

/** The Location of a redirect as an HAProxy log-format string. */
function locationFormat(a: Extract<Action, { type: "redirect" }>, l: Listener, withQuery: boolean): string {
    const fill = (s: string) => s.replace(/%/g, "%%")
        .replace(/#\{protocol\}/g, l.protocol.toLowerCase())
        .replace(/#\{host\}/g, "%[req.hdr(host),field(1,:)]")
        .replace(/#\{port\}/g, String(l.port))
        .replace(/#\{path\}/g, "%[path,regsub(^/,)]")
        .replace(/#\{query\}/g, "%[query]");
    const protocol = fill(a.protocol ?? "#{protocol}").toLowerCase();
    return `${protocol}://${fill(a.host ?? "#{host}")}:${fill(a.port ?? "#{port}")}${fill(a.path ?? "/#{path}")}${withQuery ? `?${fill(a.query ?? "#{query}")}` : ""}`;
}

function httpAction(w: Writer, l: Listener, rule: string, a: Action): void {
    const when = ruleIs(rule);
    if (a.type === "redirect") {
        const code = a.statusCode === "HTTP_302" ? 302 : 301;
        // AWS leaves out an empty "?": the request's own query (#{query}, the default) only when it has one.
        const query = a.query ?? "#{query}";
        if (query === "#{query}") w.line(`    http-request redirect code ${code} location "${locationFormat(a, l, true)}" if ${when} { query -m len gt 0 }`);
        w.line(`    http-request redirect code ${code} location "${locationFormat(a, l, query !== "#{query}" && query !== "")}" if ${when}`);
        return;
    }
    if (a.type === "fixed-response") {
        const body = a.messageBody ? ` content-type "${a.contentType}" file ${w.body(a.messageBody)}` : "";
        w.line(`    http-request return status ${a.statusCode}${body} if ${when}`);
        return;
    }
    const groups = a.groups.filter((g) => g.weight > 0);
    if (groups.length === 1 && a.groups.length === 1) {
        w.line(`    http-request set-var(txn.grp) str(${id(groups[0].group)}) if ${when}`);
        return;
    }
    // Weighted: a client with a valid group cookie stays on its group (target group stickiness).
    const names = a.groups.map((g) => id(g.group));
    if (a.stickiness) w.line(`    http-request set-var(txn.grp) req.cook(AWSALBTG) if ${when} { req.cook(AWSALBTG) -m str ${names.join(" ")} }`);
    const total = groups.reduce((s, g) => s + g.weight, 0);
    w.line(`    http-request set-var(txn.rnd) rand(${total}) if ${when} !{ var(txn.grp) -m found }`);
    let from = 0;
    for (const g of groups) {
        w.line(`    http-request set-var(txn.grp) str(${id(g.group)}) if ${when} !{ var(txn.grp) -m found } { var(txn.rnd) -m int ge ${from} } { var(txn.rnd) -m int lt ${from + g.weight} }`);
        from += g.weight;
    }
    if (a.stickiness) w.line(`    http-response add-header Set-Cookie "AWSALBTG=%[var(txn.grp)]; Max-Age=${a.stickiness}; Path=/" if ${when}`);
}

function bindLine(b: Bind, l: Listener, layout: Layout, extra = ""): string {
    const tls = l.protocol === "HTTPS" || l.protocol === "TLS";
    if (!tls) return `    bind ${b.address}:${b.port}${extra}`;
    // An ALB offers h2 and http/1.1 unless its HTTP/2 is off (enableHttp2 false).
    const alpn = l.kind === "alb" ? (l.http2 === false ? ["http/1.1"] : ["h2", "http/1.1"]) : alpnOffer(l.alpnPolicy);
    const mtls = l.mtls?.mode === "verify" && layout.clientCaFile ? ` ca-file ${layout.clientCaFile} verify required` : "";
    return `    bind ${b.address}:${b.port}${extra} ssl crt-list ${layout.crtLists.get(l.key)} ssl-min-ver ${tlsFloor(l.sslPolicy)}${alpn.length > 0 ? ` alpn ${alpn.join(",")}` : ""}${mtls}`;
}

function frontend(w: Writer, l: Listener, layout: Layout): void {
    const b = layout.binds.get(l.key)!;
    const http = l.kind === "alb";
    w.line("", `frontend fe_${id(l.key)}`, `    mode ${http ? "http" : "tcp"}`);
    for (const bind of b.main) w.line(bindLine(bind, l, layout));
    if (b.sideDoor) w.line(bindLine(b.sideDoor, l, layout, " accept-proxy"));
    if (!http) {
        // NLB: one group (a weighted NLB forward goes to the first group with weight).
        const g = l.defaultAction.type === "forward" ? l.defaultAction.groups.find((x) => x.weight > 0)! : undefined;
        if (g) w.line(`    default_backend ${backendName(g.group)}`);
        return;
    }
    w.line("    option forwardfor", `    http-request set-header X-Forwarded-Proto ${l.protocol.toLowerCase()}`, `    http-request set-header X-Forwarded-Port ${l.port}`);
    const rules = [...l.rules].sort((a, b2) => a.priority - b2.priority);
    for (const r of rules) {
        w.line(`    http-request set-var(txn.rule) str(${id(r.name)}) if !{ var(txn.rule) -m found } ${r.conditions.map((c) => conditionAcl(w, c)).join(" ")}`);
    }
    w.line("    http-request set-var(txn.rule) str(default) if !{ var(txn.rule) -m found }");
    for (const r of rules) if (r.action.type === "forward" && r.action.authenticate) authLines(w, ruleIs(id(r.name)), r.action.authenticate);
    if (l.defaultAction.type === "forward" && l.defaultAction.authenticate) authLines(w, ruleIs("default"), l.defaultAction.authenticate);
    const rewrites = rules.filter((r) => r.transforms);
    for (const r of rewrites) transformLines(w, ruleIs(id(r.name)), r.transforms!);
    if (rewrites.length > 0) {
        // What the target was sent, for the checks (the twin's own addition, like X-Twin-Target-Group).
        w.line("    http-request set-var(txn.fwd_pathq) pathq", "    http-request set-var(txn.fwd_host) req.hdr(host)");
        w.line("    http-response set-header X-Twin-Forwarded-Uri %[var(txn.fwd_pathq)]", "    http-response set-header X-Twin-Forwarded-Host %[var(txn.fwd_host)]");
    }
    for (const [name, value] of Object.entries(l.responseHeaders ?? {})) w.line(`    http-after-response set-header ${name} "${quotedFormat(value)}"`);
    if (l.removeServerHeader) w.line("    http-after-response del-header Server");
    for (const r of rules) httpAction(w, l, id(r.name), r.action);
    httpAction(w, l, "default", l.defaultAction);
    const groups = new Set([...rules.map((r) => r.action), l.defaultAction].flatMap((a) => (a.type === "forward" ? a.groups.map((g) => g.group) : [])));
    for (const g of groups) w.line(`    use_backend ${backendName(g)} if { var(txn.grp) -m str ${id(g)} }`);
}

function healthCheckLines(h: HealthCheck, g: Group, scale: number, http: boolean): string[] {
    const lines = [`    timeout check ${ms(h.timeout, scale)}`];
    if (h.protocol === "TCP") return lines;
    lines.push("    option httpchk", `    http-check send meth GET uri ${h.path ?? "/"} ver HTTP/1.1 hdr Host elb-healthchecker`);
    lines.push(`    http-check expect rstatus ${matcherRegex(h.matcher ?? (http ? "200" : "200-399"))}`);
    void g;
    return lines;
}

function backend(w: Writer, g: Group, layout: Layout, http: boolean): void {
    const h = g.healthCheck;
    w.line("", `backend ${backendName(g.name)}`, `    mode ${http ? "http" : "tcp"}`);
    w.line(`    balance ${g.sourceIpStickiness ? "source" : "roundrobin"}`);
    if (http) w.line(`    http-response set-header X-Twin-Target-Group ${g.name}`);
    if (http && g.cookieStickiness) w.line(`    cookie AWSALB insert indirect nocache maxlife ${g.cookieStickiness}s`);
    const checks = h.enabled && g.targetType !== "lambda";
    if (checks) w.line(...healthCheckLines(h, g, layout.timeScale, http));
    const inter = `inter ${ms(h.interval, layout.timeScale)} rise ${h.healthyThreshold} fall ${h.unhealthyThreshold}`;
    // AWS fails open: when every target of a group is unhealthy, the load balancer routes to all
    // of them anyway. Unchecked backup copies of the servers do the same here.
    if (checks) w.line("    option allbackups");
    for (const s of layout.servers.get(g.name) ?? []) {
        const opts: string[] = [];
        if (s.tls) opts.push("ssl verify none");
        if (g.proxyProtocolV2) opts.push("send-proxy-v2");
        if (http && g.cookieStickiness) opts.push(`cookie ${id(s.name)}`);
        if (checks) {
            opts.push("check", inter, `port ${s.checkPort}`);
            if (h.protocol === "HTTPS") opts.push("check-ssl verify none");
            if (g.proxyProtocolV2) opts.push("check-send-proxy");
        }
        w.line(`    server ${id(s.name)} ${s.address}:${s.port} ${opts.join(" ")}`.trimEnd());
        if (checks) w.line(`    server ${id(s.name)}_failopen ${s.address}:${s.port} backup ${opts.filter((o) => !o.startsWith("check") && !o.startsWith("inter") && !o.startsWith("port")).join(" ")}`.trimEnd());
    }
}

/** The whole configuration. */
export function haproxyConfig(m: TwinModel, layout: Layout): string {
    const w = new Writer(layout.dir);
    w.line(
        "global",
        `    stats socket ${layout.statsSocket} mode 600 level admin`,
        "    tune.ssl.default-dh-param 2048",
        "",
        "defaults",
        "    timeout connect 2s",
        "    timeout client 30s",
        "    timeout server 30s",
    );
    // No UDP in HAProxy: a UDP listener is left out, a TCP_UDP one serves its TCP half.
    for (const l of m.listeners.filter((x) => x.protocol !== "UDP")) frontend(w, l, layout);
    const served = new Set(m.listeners.filter((x) => x.protocol !== "UDP").flatMap((l) => [l.defaultAction, ...l.rules.map((r) => r.action)]).flatMap((a) => (a.type === "forward" ? a.groups.map((g) => g.group) : [])));
    for (const g of m.groups.filter((x) => served.has(x.name))) {
        const http = g.targetType === "lambda" || g.protocol === "HTTP" || g.protocol === "HTTPS";
        backend(w, g, layout, http);
    }
    return `${w.lines.join("\n")}\n`;
}
