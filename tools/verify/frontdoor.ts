// The front door a deployed stack declares (stack output `frontDoor`, infra/frontDoorOutput.ts),
// as far as a client outside can check it: the response headers each HTTPS listener adds (HSTS
// first) and the Server header removed, and that each authenticated route answers a client
// without a session as AWS does: 302 to the identity provider's authorization endpoint
// (authenticate), 401 (deny, and jwt-validation without a bearer token). What verify can't see:
// a login at the IdP, a session, a token's signature.
import type { ConditionSpec } from "../../infra/config";
import type { FrontDoorAuth, FrontDoorListener, FrontDoorOutput } from "../../infra/frontDoorOutput";
import { authorizePrefix, matchingRule, requestFor, TwinRequest } from "../twin/matching";
import { Condition, Listener, Rule } from "../twin/model";
import { isRecord } from "../engine/data";
import { Endpoint, get, NetError, Response, TlsTrust } from "./net";
import { Attempt } from "./retry";

export type { FrontDoorAuth, FrontDoorListener, FrontDoorOutput };

/** The optional `frontDoor` output: undefined for stacks older than it; its shape checked otherwise. */
export function parseFrontDoor(v: unknown, problems: string[]): FrontDoorOutput | undefined {
    if (v === undefined || v === null) return undefined;
    const before = problems.length;
    if (!isRecord(v) || typeof v.albInternal !== "boolean" || !Array.isArray(v.albListeners)) {
        problems.push(`frontDoor must be {albInternal, albListeners}, got ${JSON.stringify(v)}`);
        return undefined;
    }
    v.albListeners.forEach((l: unknown, i) => {
        const at = `frontDoor.albListeners[${i}]`;
        if (!isRecord(l) || !Number.isInteger(l.port) || typeof l.protocol !== "string") { problems.push(`${at} must be {port, protocol, ...}, got ${JSON.stringify(l)}`); return; }
        if (l.responseHeaders !== undefined && !(isRecord(l.responseHeaders) && Object.values(l.responseHeaders).every((x) => typeof x === "string"))) problems.push(`${at}.responseHeaders must map header names to strings, got ${JSON.stringify(l.responseHeaders)}`);
        if (l.rules !== undefined && !Array.isArray(l.rules)) problems.push(`${at}.rules must be a list, got ${JSON.stringify(l.rules)}`);
    });
    return problems.length === before ? (v as unknown as FrontDoorOutput) : undefined;
}

/** A config condition (infra/config) in the twin's model, for its matcher. */
function condition(c: ConditionSpec): Condition {
    if (c.pathPattern) return { kind: "path", values: c.pathPattern };
    if (c.pathRegex) return { kind: "path", values: c.pathRegex, regex: true };
    if (c.hostHeader) return { kind: "host", values: c.hostHeader };
    if (c.hostRegex) return { kind: "host", values: c.hostRegex, regex: true };
    if (c.httpRequestMethod) return { kind: "method", values: c.httpRequestMethod };
    if (c.sourceIp) return { kind: "sourceIp", values: c.sourceIp };
    if (c.httpHeader) return c.httpHeader.regexValues ? { kind: "header", name: c.httpHeader.name, values: c.httpHeader.regexValues, regex: true } : { kind: "header", name: c.httpHeader.name, values: c.httpHeader.values ?? [] };
    return { kind: "query", values: (c.queryString ?? []).map((q) => ({ ...(q.key !== undefined ? { key: q.key } : {}), value: q.value })) };
}

/** One authenticated route to check: the rule (or default), a request that meets it, and what AWS answers without a session. */
export interface AuthRoute {
    name: string;
    auth: FrontDoorAuth;
    request?: TwinRequest;
    /** Why no request can be made from here (a source-ip rule, a regex with no derivable sample, shadowed by an earlier rule). */
    skip?: string;
}

export function authRoutes(l: FrontDoorListener, host: string): AuthRoute[] {
    const forward = { type: "forward" as const, groups: [] };
    const rules: Rule[] = (l.rules ?? []).map((r) => ({ name: r.name, priority: r.priority, conditions: r.conditions.map(condition), action: forward }));
    const model = { rules } as unknown as Listener;
    const base: TwinRequest = { method: "GET", url: "/", host, headers: {}, sourceIp: "0.0.0.0" };
    const out: AuthRoute[] = [];
    for (const r of l.rules ?? []) {
        if (!r.authenticate || r.authenticate.onUnauthenticatedRequest === "allow") continue;
        const name = `auth ${l.protocol}:${l.port} rule ${r.name}`;
        if (r.conditions.some((c) => c.sourceIp)) { out.push({ name, auth: r.authenticate, skip: "it matches by source IP, which verify can't choose" }); continue; }
        let request: TwinRequest;
        try {
            request = requestFor(rules.find((x) => x.name === r.name)!, base);
        } catch (e) {
            out.push({ name, auth: r.authenticate, skip: (e as Error).message });
            continue;
        }
        const hit = matchingRule(model, request);
        if (hit?.name !== r.name) { out.push({ name, auth: r.authenticate, skip: `the request verify would send meets rule ${hit?.name ?? "(default)"} first` }); continue; }
        out.push({ name, auth: r.authenticate, request });
    }
    if (l.defaultAuthenticate && l.defaultAuthenticate.onUnauthenticatedRequest !== "allow") {
        const request: TwinRequest = { ...base, url: "/" };
        const hit = matchingRule(model, request);
        out.push({ name: `auth ${l.protocol}:${l.port} default`, auth: l.defaultAuthenticate, ...(hit ? { skip: `GET / meets rule ${hit.name}, not the default action` } : { request }) });
    }
    return out;
}

async function fetch(endpoint: Endpoint, r: Pick<TwinRequest, "url" | "host" | "headers">, trust: TlsTrust): Promise<Response | Attempt> {
    try {
        const res = await get("https", endpoint, r.url, trust, { ...r.headers, host: r.host });
        return res.status >= 500 ? { status: "retry", detail: `HTTP ${res.status}` } : res;
    } catch (e) {
        if (!(e instanceof NetError)) throw e;
        return { status: "retry", detail: e.message };
    }
}

/** Without a session: 302 to the IdP (with client_id, redirect_uri https://<host>/oauth2/idpresponse, scope, state), or 401. */
export function authenticatedRoute(endpoint: Endpoint, route: AuthRoute, trust: TlsTrust): () => Promise<Attempt> {
    return async () => {
        const res = await fetch(endpoint, route.request!, trust);
        if ("detail" in res) return res;
        const a = route.auth;
        const what = `${route.request!.host}${route.request!.url}`;
        if (a.type === "jwt" || a.onUnauthenticatedRequest === "deny") {
            return res.status === 401 ? { status: "pass", detail: `${what}: 401 without ${a.type === "jwt" ? "a bearer token" : "a session"}` } : { status: "fail", detail: `${what}: HTTP ${res.status}, expected 401 without ${a.type === "jwt" ? "a bearer token (jwt-validation)" : "a session (onUnauthenticatedRequest deny)"}` };
        }
        const want = authorizePrefix({ type: a.type, authorizationEndpoint: a.authorizationEndpoint ?? "", clientId: a.clientId ?? "", scope: a.scope ?? "openid", sessionCookieName: "", onUnauthenticatedRequest: "authenticate", extraParams: {} }, route.request!.host);
        const location = res.location ?? "";
        if (res.status === 302 && location.startsWith(want) && /[?&]state=[^&]+/.test(location)) return { status: "pass", detail: `${what}: 302 to ${location.split("?")[0]} (client_id, redirect_uri, scope, state)` };
        return { status: "fail", detail: `${what}: HTTP ${res.status} ${location}, expected 302 to ${want}<state> (authenticate-${a.type})` };
    };
}

/** The listener's response headers, each with its value, and no Server header when removed. */
export function responseHeaders(endpoint: Endpoint, l: FrontDoorListener, path: string, trust: TlsTrust): () => Promise<Attempt> {
    return async () => {
        const res = await fetch(endpoint, { url: path, host: endpoint.host, headers: {} }, trust);
        if ("detail" in res) return res;
        const problems: string[] = [];
        for (const [name, value] of Object.entries(l.responseHeaders ?? {})) {
            const have = res.headers[name.toLowerCase()];
            if (have !== value) problems.push(have === undefined ? `${name} missing` : `${name} is ${JSON.stringify(have)}, expected ${JSON.stringify(value)}`);
        }
        if (l.serverRemoved && res.headers.server !== undefined) problems.push(`Server: ${JSON.stringify(res.headers.server)} is present, though the listener removes it`);
        const on = `on HTTP ${res.status} for ${path}`;
        if (problems.length > 0) return { status: "fail", detail: `${problems.join("; ")} (${on})` };
        return { status: "pass", detail: `${[...Object.keys(l.responseHeaders ?? {}), ...(l.serverRemoved ? ["no Server"] : [])].join(", ")} ${on}` };
    };
}
