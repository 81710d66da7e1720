// The twin's verdict: health of every target, certificate coverage of every name routed to a TLS
// listener, what each NLB listener's clients get (ALPN as a browser offers it), one request per
// ALB rule (and one for the default action) compared with AWS's matching (./matching.ts), and
// `npm run verify` against the twin.
import * as fs from "fs";
import * as http from "http";
import * as http2 from "http2";
import * as net from "net";
import * as path from "path";
import * as tls from "tls";
import { main as verifyMain } from "../verify/cli";
import { Action, Listener } from "./model";
import { actionFor, authorizePrefix, redirectLocation, requestFor, rewrite, TwinRequest } from "./matching";
import { alpnOffer } from "./haproxy";
import { Twin, TwinListener, uncoveredNames } from "./up";

export interface Finding {
    check: string;
    passed: boolean;
    detail: string;
}

export interface Reply {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
    alpn?: string;
}

const TIMEOUT_MS = 5000;

/** A TCP (and TLS) connection to a twin listener, coming from `sourceIp` through the side door when it is not loopback. */
/** Does a client speak TLS to this listener: an HTTPS or TLS one, or an NLB TCP one passing TLS through to an HTTPS listener of the ALB? */
function speaksTls(t: Twin, tl: TwinListener): boolean {
    const l = tl.listener;
    if (l.protocol === "HTTPS" || l.protocol === "TLS") return true;
    if (l.kind !== "nlb" || l.defaultAction.type !== "forward") return false;
    const g = t.model.groups.find((x) => x.name === (l.defaultAction as Extract<Action, { type: "forward" }>).groups[0].group);
    return g?.targetType === "alb" && t.model.listeners.some((x) => x.kind === "alb" && x.port === g.port && x.protocol === "HTTPS");
}

function connect(t: Twin, tl: TwinListener, options: { servername?: string; sourceIp?: string; alpn?: string[] }): Promise<net.Socket> {
    const side = options.sourceIp && options.sourceIp !== "127.0.0.1" && tl.sideDoorPort;
    return new Promise((resolve, reject) => {
        const raw = net.connect({ host: tl.address, port: side ? tl.sideDoorPort! : tl.port }, () => {
            if (side) raw.write(`PROXY TCP4 ${options.sourceIp} ${tl.address} 40000 ${tl.listener.port}\r\n`);
            if (!speaksTls(t, tl)) { resolve(raw); return; }
            const s = tls.connect({
                socket: raw,
                ...(options.servername && net.isIP(options.servername) === 0 ? { servername: options.servername } : {}),
                ca: fs.readFileSync(t.caFile),
                ALPNProtocols: options.alpn ?? ["http/1.1"],
                ...(t.clientCert && tl.listener.mtls?.mode === "verify" ? { cert: fs.readFileSync(t.clientCert.certFile), key: fs.readFileSync(t.clientCert.keyFile) } : {}),
            }, () => resolve(s));
            s.on("error", reject);
        });
        raw.setTimeout(TIMEOUT_MS, () => raw.destroy(new Error("timed out")));
        raw.on("error", reject);
    });
}

/** One request; TLS names `servername` (default: the Host), as a client that connects by one name and asks for another may. */
export async function httpRequest(t: Twin, tl: TwinListener, r: TwinRequest, cookie?: string, servername = r.host): Promise<Reply> {
    const socket = await connect(t, tl, { servername, sourceIp: r.sourceIp });
    return new Promise((resolve, reject) => {
        const req = http.request({
            createConnection: () => socket,
            method: r.method,
            path: r.url,
            headers: { host: r.host, connection: "close", ...r.headers, ...(cookie ? { cookie } : {}) },
            timeout: TIMEOUT_MS,
        }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (d: string) => { body += d; });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.end();
    });
}

/** An HTTP GET as a browser would make it over a TLS listener: offers h2 and http/1.1, speaks what was chosen. */
async function browserGet(t: Twin, tl: TwinListener, host: string, urlPath = "/"): Promise<Reply> {
    const secure = speaksTls(t, tl);
    const socket = await connect(t, tl, { servername: host, alpn: ["h2", "http/1.1"] });
    const alpn = secure ? (socket as tls.TLSSocket).alpnProtocol || undefined : undefined;
    if (alpn !== "h2") {
        return new Promise((resolve, reject) => {
            const req = http.request({ createConnection: () => socket, path: urlPath, headers: { host, connection: "close" }, timeout: TIMEOUT_MS }, (res) => {
                let body = "";
                res.setEncoding("utf8");
                res.on("data", (d: string) => { body += d; });
                res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ...(alpn ? { alpn } : {}) }));
            });
            req.on("error", reject);
            req.on("timeout", () => req.destroy(new Error("timed out")));
            req.end();
        });
    }
    return new Promise((resolve, reject) => {
        const session = http2.connect(`https://${host}`, { createConnection: () => socket as tls.TLSSocket });
        session.on("error", (e) => reject(new Error(`HTTP/2 (negotiated by ALPN) failed: ${e.message}`)));
        const stream = session.request({ ":path": urlPath, ":authority": host });
        stream.setTimeout(TIMEOUT_MS, () => { session.destroy(); reject(new Error("HTTP/2 (negotiated by ALPN): no answer")); });
        let status = 0;
        let body = "";
        stream.on("response", (h) => { status = Number(h[":status"]); });
        stream.setEncoding("utf8");
        stream.on("data", (d: string) => { body += d; });
        stream.on("end", () => { session.close(); resolve({ status, headers: {}, body, alpn }); });
        stream.on("error", (e) => { session.destroy(); reject(new Error(`HTTP/2 (negotiated by ALPN) failed: ${e.message}`)); });
    });
}

/**
 * What an authenticate action answers a request without a session or token (undefined: the
 * forward), checked against what AWS does ("Authenticate users using an Application Load
 * Balancer"; "Verify JWTs").
 */
function compareUnauthenticated(l: Listener, req: TwinRequest, expected: { rule: string; action: Action }, got: Reply): string | undefined | "forward" {
    const a = expected.action.type === "forward" ? expected.action.authenticate : undefined;
    if (!a) return "forward";
    if (a.type === "jwt") return got.status === 401 ? undefined : `expected 401 without a bearer token (jwt-validation, rule ${expected.rule}); got ${got.status}`;
    if (a.onUnauthenticatedRequest === "allow") return "forward";
    if (a.onUnauthenticatedRequest === "deny") return got.status === 401 ? undefined : `expected 401 without a session (onUnauthenticatedRequest deny, rule ${expected.rule}); got ${got.status}`;
    const want = authorizePrefix(a, req.host);
    const location = String(got.headers.location ?? "");
    if (got.status !== 302 || !location.startsWith(want) || !/[?&]state=[^&]+/.test(location)) {
        return `expected 302 to ${want}<state> (authenticate-${a.type}, rule ${expected.rule}); got ${got.status} ${location}`;
    }
    void l;
    return undefined;
}

/** The credential the twin presents to get past an authenticate action: ANY session cookie or well-formed JWT (an assumption: nothing is validated). */
export function twinCredential(a: Action): { cookie?: string; headers?: Record<string, string> } {
    const auth = a.type === "forward" ? a.authenticate : undefined;
    if (!auth) return {};
    if (auth.type === "jwt") return { headers: { authorization: `Bearer ${TWIN_JWT}` } };
    return { cookie: `${auth.sessionCookieName}-0=twin-session` };
}
/** A well-formed, unsigned JWT ({"alg":"none"}.{"sub":"twin"}.): the twin checks its form only. */
export const TWIN_JWT = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"twin"}').toString("base64url")}.`;

const forwardGroups = (a: Action) => (a.type === "forward" ? a.groups.filter((g) => g.weight > 0).map((g) => g.group) : []);

function compare(l: Listener, req: TwinRequest, expected: { rule: string; action: Action }, got: Reply): string | undefined {
    const a = expected.action;
    if (a.type === "forward") {
        const group = String(got.headers["x-twin-target-group"] ?? "");
        if (!forwardGroups(a).includes(group)) return `expected a target of ${forwardGroups(a).join(" or ")} (rule ${expected.rule}); got HTTP ${got.status}${group ? ` from ${group}` : " from no target group"}`;
        if (got.status >= 500) return `${group} answered HTTP ${got.status}`;
        return undefined;
    }
    if (a.type === "redirect") {
        const want = redirectLocation(a, l, req);
        const code = a.statusCode === "HTTP_302" ? 302 : 301;
        if (got.status !== code || got.headers.location !== want) return `expected ${code} to ${want} (rule ${expected.rule}); got ${got.status} ${got.headers.location ?? ""}`;
        return undefined;
    }
    const type = String(got.headers["content-type"] ?? "");
    if (String(got.status) !== a.statusCode || got.body !== a.messageBody || (a.messageBody && !type.startsWith(a.contentType))) {
        return `expected ${a.statusCode} ${a.contentType} ${JSON.stringify(a.messageBody)} (rule ${expected.rule}); got ${got.status} ${type} ${JSON.stringify(got.body.slice(0, 80))}`;
    }
    return undefined;
}

async function ruleChecks(t: Twin, tl: TwinListener): Promise<Finding[]> {
    const l = tl.listener;
    const base: TwinRequest = { method: "GET", url: "/twin-default-check", host: tl.names[0], headers: {}, sourceIp: "127.0.0.1" };
    const unsampled: Finding[] = [];
    const cases: { name: string; req: TwinRequest }[] = [
        ...l.rules.flatMap((r) => {
            const name = `${l.key} rule ${r.name} (priority ${r.priority})`;
            try {
                return [{ name, req: requestFor(r, base) }];
            } catch (e) {
                unsampled.push({ check: name, passed: false, detail: `not checked: ${(e as Error).message}` });
                return [];
            }
        }),
        { name: `${l.key} default action`, req: base },
    ];
    const out: Finding[] = [...unsampled];
    for (const c of cases) {
        const expected = actionFor(l, c.req);
        // A host regex names no certificate name: connect by the load balancer's name, ask for the sample host.
        const servername = l.rules.find((r) => r.name === expected.rule)?.conditions.some((x) => x.kind === "host" && x.regex) ? tl.names[0] : c.req.host;
        try {
            let auth = "";
            if (expected.action.type === "forward" && expected.action.authenticate) {
                const first = await httpRequest(t, tl, c.req, undefined, servername);
                const verdict = compareUnauthenticated(l, c.req, expected, first);
                if (verdict !== "forward") {
                    if (verdict) { out.push({ check: c.name, passed: false, detail: verdict }); continue; }
                    auth = `without credentials ${first.status}${first.headers.location ? ` to ${String(first.headers.location).split("?")[0]}` : ""}; with ${expected.action.authenticate.type === "jwt" ? "a well-formed bearer token (signature NOT checked)" : "a session cookie (not validated)"}: `;
                }
            }
            const cred = twinCredential(expected.action);
            const req = cred.headers ? { ...c.req, headers: { ...c.req.headers, ...cred.headers } } : c.req;
            const got = await httpRequest(t, tl, req, cred.cookie, servername);
            let problem = compare(l, c.req, expected, got);
            const transforms = l.rules.find((r) => r.name === expected.rule)?.transforms;
            if (!problem && expected.action.type === "forward" && transforms) {
                const [path, query] = c.req.url.split(/\?(.*)/s);
                const wantUri = transforms.urlRewrite ? rewrite(c.req.url, transforms.urlRewrite) : `${path}${query ? `?${query}` : ""}`;
                const wantHost = transforms.hostHeaderRewrite ? rewrite(c.req.host, transforms.hostHeaderRewrite) : c.req.host;
                const gotUri = String(got.headers["x-twin-forwarded-uri"] ?? "");
                const gotHost = String(got.headers["x-twin-forwarded-host"] ?? "");
                if (gotUri !== wantUri || gotHost !== wantHost) problem = `expected the target to get ${wantHost} ${wantUri} (rule transforms); it got ${gotHost} ${gotUri}`;
                else auth += `rewritten to ${gotHost} ${gotUri}; `;
            }
            let sticky = "";
            // Group stickiness: the AWSALBTG cookie keeps a client on the group it was given.
            if (!problem && expected.action.type === "forward" && expected.action.stickiness) {
                const cookie = String(got.headers["set-cookie"]?.find((x) => x.startsWith("AWSALBTG=")) ?? "").split(";")[0];
                if (!cookie) problem = "a sticky weighted forward set no AWSALBTG cookie";
                for (let i = 0; i < 5 && !problem; i++) {
                    const again = await httpRequest(t, tl, c.req, cookie);
                    if (again.headers["x-twin-target-group"] !== got.headers["x-twin-target-group"]) problem = `with ${cookie} the client moved from ${String(got.headers["x-twin-target-group"])} to ${String(again.headers["x-twin-target-group"])}`;
                }
                // Every weighted group is reachable: a client holding its cookie lands there.
                for (const g of forwardGroups(expected.action)) {
                    if (problem) break;
                    const held = await httpRequest(t, tl, c.req, `AWSALBTG=${g}`);
                    if (held.headers["x-twin-target-group"] !== g) problem = `a client holding AWSALBTG=${g} went to ${String(held.headers["x-twin-target-group"])}`;
                }
                sticky = problem ? "" : `; sticky (AWSALBTG kept the client on its group; each of ${forwardGroups(expected.action).join(", ")} reachable)`;
            }
            out.push({ check: c.name, passed: !problem, detail: problem ?? `${c.req.method} ${c.req.host}${c.req.url} -> ${auth}${describe(expected.action, got)}${sticky}` });
        } catch (e) {
            out.push({ check: c.name, passed: false, detail: `${c.req.method} ${c.req.host}${c.req.url}: ${(e as Error).message}` });
        }
    }
    return out;
}

function describe(a: Action, got: Reply): string {
    if (a.type === "forward") return `${String(got.headers["x-twin-target-group"])} (HTTP ${got.status})`;
    if (a.type === "redirect") return `${got.status} ${got.headers.location}`;
    return `${got.status} fixed response`;
}

async function nlbChecks(t: Twin, tl: TwinListener): Promise<Finding[]> {
    const l = tl.listener;
    const out: Finding[] = [];
    const group = l.defaultAction.type === "forward" ? t.model.groups.find((g) => g.name === (l.defaultAction as Extract<Action, { type: "forward" }>).groups[0].group) : undefined;
    // What the targets speak is known for the web fleet (HTTP/1.1) and this stack's ALB.
    const http1 = group && (group.targetType === "instance" || group.targetType === "alb");
    for (const host of tl.names) {
        const name = `${l.key} ${l.protocol}:${l.port} as ${host}`;
        try {
            if (!http1) {
                await connect(t, tl, { servername: host, alpn: alpnOffer(l.alpnPolicy) });
                out.push({ check: name, passed: true, detail: "connected (the targets' protocol is theirs to check)" });
                continue;
            }
            // A team workload serves what it declares: ask for the health endpoint of the group's port.
            const served = t.serves && group?.targetType === "instance" ? t.serves.find((x) => x.port === group.port) : undefined;
            // Through an alb group: the path the NLB's own health check asks the ALB for.
            const viaAlb = group?.targetType === "alb" ? group.healthCheck.path : undefined;
            const got = await browserGet(t, tl, host, served?.healthPath ?? viaAlb ?? "/");
            const ok = served ? got.status === (served.healthStatus ?? 200) : got.status >= 200 && got.status < 400;
            out.push({ check: name, passed: ok, detail: `${got.alpn ? `ALPN ${got.alpn}, ` : ""}HTTP ${got.status}` });
        } catch (e) {
            out.push({ check: name, passed: false, detail: (e as Error).message });
        }
    }
    return out;
}

/** A listener's response headers (HSTS, CSP, CORS ...) on a response from its targets, and the Server header gone when removed. */
export async function headerChecks(t: Twin, tl: TwinListener): Promise<Finding[]> {
    const l = tl.listener;
    if (!l.responseHeaders && !l.removeServerHeader) return [];
    const check = `${l.key} response headers`;
    const req: TwinRequest = { method: "GET", url: "/", host: tl.names[0], headers: {}, sourceIp: "127.0.0.1" };
    const expected = actionFor(l, req);
    const cred = twinCredential(expected.action);
    try {
        const got = await httpRequest(t, tl, cred.headers ? { ...req, headers: cred.headers } : req, cred.cookie);
        const problems: string[] = [];
        for (const [name, value] of Object.entries(l.responseHeaders ?? {})) {
            const have = got.headers[name.toLowerCase()];
            if (have !== value) problems.push(have === undefined ? `${name} missing` : `${name}: ${JSON.stringify(have)}, expected ${JSON.stringify(value)}`);
        }
        if (l.removeServerHeader && got.headers.server !== undefined) problems.push(`Server: ${JSON.stringify(got.headers.server)} present, though the listener removes it`);
        const what = [...Object.keys(l.responseHeaders ?? {}), ...(l.removeServerHeader ? ["no Server"] : [])].join(", ");
        return [{ check, passed: problems.length === 0, detail: problems.length === 0 ? `HTTP ${got.status} from ${String(got.headers["x-twin-target-group"] ?? "the load balancer")} carries ${what}` : problems.join("; ") }];
    } catch (e) {
        return [{ check, passed: false, detail: (e as Error).message }];
    }
}

/** The arguments that point `npm run verify` at the twin (an outputs file written for it), or why verify does not apply. */
export function verifyArgs(t: Twin): { argv: string[] } | { skip: string } {
    const outputs = t.outputs;
    const https443 = t.listeners.find((x) => x.listener.kind === "alb" && x.listener.protocol === "HTTPS" && x.listener.port === 443);
    const http80 = t.listeners.find((x) => x.listener.kind === "alb" && x.listener.protocol === "HTTP" && x.listener.port === 80);
    const nlb80 = t.listeners.find((x) => x.listener.kind === "nlb" && x.listener.protocol === "TCP" && x.listener.port === 80);
    const workload = outputs.workload as { mode?: string; checks?: { loadBalancer: "alb" | "nlb"; port: number }[] } | undefined;
    const team = workload?.mode !== undefined && workload.mode !== "greeting";
    // The greeting's checks go through NLB TCP:80; a team workload's through each listener it names.
    if ((!team && !nlb80) || !(https443 || http80)) {
        return { skip: "npm run verify checks an NLB TCP:80 listener and an ALB HTTPS:443 or HTTP:80 one, and this stack lacks one; the checks above cover its listeners" };
    }
    const alb = (https443 ?? http80)!;
    if (alb.listener.mtls?.mode === "verify") {
        return { skip: `${alb.listener.key} verifies client certificates and npm run verify presents none; the rule checks above present the twin's client certificate` };
    }
    const listenerPorts: string[] = [];
    for (const c of team ? workload.checks ?? [] : []) {
        const tl = t.listeners.find((x) => x.listener.kind === c.loadBalancer && x.listener.port === c.port);
        if (tl) listenerPorts.push("--listener-port", `${c.loadBalancer}:${c.port}=${tl.port}`);
    }
    const nlbAddresses = (nlb80 ?? t.listeners.find((x) => x.listener.kind === "nlb"))?.addresses ?? [];
    const name = alb.names[0];
    const file = path.join(t.dir, "outputs.json");
    fs.writeFileSync(file, JSON.stringify({
        albUrl: `${https443 ? "https" : "http"}://${name}/`,
        albDnsName: name,
        nlbStaticIps: nlbAddresses,
        expectedInstances: outputs.expectedInstances,
        greeting: outputs.greeting,
        albCertificateSelfSigned: false,
        ...(workload ? { workload } : {}),
        ...(outputs.frontDoor ? { frontDoor: outputs.frontDoor } : {}),
    }));
    return {
        argv: ["--outputs", file, "--ca", t.caFile, "--resolve", `${name}=${alb.address}`,
            "--https-port", String(https443?.port ?? 443), "--http-port", String(http80?.port ?? 80), "--nlb-port", String(nlb80?.port ?? 80), ...listenerPorts],
    };
}

async function runVerify(t: Twin): Promise<Finding> {
    const v = verifyArgs(t);
    if ("skip" in v) return { check: "verify", passed: true, detail: `not run: ${v.skip}` };
    // Health has settled before verify runs: what fails now is not a warm-up to wait out.
    const argv = [...v.argv, "--timeout", "5", "--request-timeout", "5"];
    let text = "";
    const code = await verifyMain(argv, { stdout: (s) => { text += s; }, stderr: (s) => { text += s; }, cwd: t.dir }, { backoff: { initialMs: 100, maxMs: 500 } });
    const summary = text.split("\n").filter((l) => /^ {2}(PASS|FAIL|SKIP) /.test(l) || /checks (passed|failed)/.test(l)).join("; ");
    return { check: "verify", passed: code === 0, detail: `npm run verify -- ${argv.join(" ")}: ${summary || text.trim()}` };
}

/** Everything the twin checks, after the targets' health has settled. */
export async function checkTwin(t: Twin): Promise<Finding[]> {
    const findings: Finding[] = [];
    const health = await t.settle();
    const used = new Set(t.model.listeners.flatMap((l) => [l.defaultAction, ...l.rules.map((r) => r.action)]).flatMap(forwardGroups));
    for (const g of t.model.groups.filter((x) => used.has(x.name))) {
        const states = health.filter((s) => s.group === g.name);
        const down = states.filter((s) => s.status !== "UP" && s.status !== "no check");
        const h = g.healthCheck;
        const how = !h.enabled || g.targetType === "lambda" ? "no health check" : h.protocol === "TCP" ? `TCP:${h.port}` : `${h.protocol} ${h.path} on ${h.port}, matcher ${h.matcher ?? "200"}`;
        findings.push({
            check: `health ${g.name}`,
            passed: down.length === 0,
            detail: down.length === 0 ? `${states.length} target(s) healthy (${how})` : `${down.length} of ${states.length} target(s) unhealthy (${how}): ${down.map((s) => `${s.server} ${s.check}`).join(", ")}`,
        });
    }
    for (const tl of t.listeners.filter((x) => x.listener.protocol === "HTTPS" || x.listener.protocol === "TLS")) {
        const missing = uncoveredNames(tl);
        findings.push({
            check: `certificate ${tl.listener.key}`,
            passed: missing.length === 0,
            detail: missing.length === 0
                ? `covers ${tl.names.join(", ")}${tl.assumedCertificates.length > 0 ? " (certificates known only by ARN: assumed to cover the routed names)" : ""}`
                : `does not cover ${missing.join(", ")} (certificate names: ${[...new Set(tl.certificateNames)].join(", ")}; a wildcard covers one label)`,
        });
    }
    for (const tl of t.listeners) {
        if (tl.listener.kind === "alb") findings.push(...await ruleChecks(t, tl), ...await headerChecks(t, tl));
        else findings.push(...await nlbChecks(t, tl));
    }
    findings.push(await runVerify(t));
    return findings;
}

export function report(findings: Finding[]): string {
    const failed = findings.filter((f) => !f.passed);
    return [
        ...findings.map((f) => `  ${f.passed ? "PASS" : "FAIL"}  ${f.check}: ${f.detail}`),
        failed.length === 0 ? `twin: ${findings.length} of ${findings.length} checks passed` : `twin: FAILED: ${failed.length} of ${findings.length} checks failed`,
    ].join("\n");
}
