// The seed's acceptance, one check at a time. Each returns the attempt function retryUntil runs;
// an attempt says "retry" for what a warming deploy shows (unreachable, 5xx, hosts still missing)
// and "fail" for what waiting cannot fix (a certificate not trusted, TLS 1.0 accepted, no redirect).
import { escapeHtml } from "../../infra/web";
import { Endpoint, get, handshake, NetError, Response, TlsTrust } from "./net";
import { Attempt } from "./retry";

/** The page the user data writes: `<greeting, HTML-escaped> <host name>\n`. Returns the host
 * name, or undefined for any other page. */
export function hostOfPage(body: string, greeting: string): string | undefined {
    const prefix = `${escapeHtml(greeting)} `;
    if (!body.startsWith(prefix)) return undefined;
    const host = body.slice(prefix.length).replace(/\n$/, "");
    return /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(host) ? host : undefined;
}

const isCertificateError = (code: string) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);

/** "3× HTTP 502, 1× unexpected page" */
function tally(counts: Map<string, number>): string {
    return [...counts].map(([what, n]) => `${n}× ${what}`).join(", ");
}

const snippet = (body: string) => JSON.stringify(body.length > 60 ? `${body.slice(0, 60)}...` : body);

export interface AlbGreetingArgs {
    scheme: "http" | "https";
    endpoint: Endpoint;
    path: string;
    trust: TlsTrust;
    greeting: string;
    expectedInstances: number;
}

/** Through the ALB, every instance's page: distinct host names are collected across attempts
 * until there are as many as instances. */
export function albGreetings(a: AlbGreetingArgs): () => Promise<Attempt> {
    const hosts = new Set<string>();
    let tlsProtocol: string | undefined;
    // Enough requests that round robin over N targets shows each several times over.
    const requestsPerAttempt = Math.min(40, Math.max(4, a.expectedInstances * 4));
    return async () => {
        const other = new Map<string, number>();
        const note = (what: string) => other.set(what, (other.get(what) ?? 0) + 1);
        for (let i = 0; i < requestsPerAttempt && hosts.size < a.expectedInstances; i++) {
            let res: Response;
            try {
                res = await get(a.scheme, a.endpoint, a.path, a.trust);
            } catch (e) {
                if (!(e instanceof NetError)) throw e;
                if (isCertificateError(e.code)) {
                    return { status: "fail", detail: `certificate not accepted (${e.code}); for the stack's self-signed certificate pass --insecure` };
                }
                // The load balancer itself is not answering: the rest of this attempt would not either.
                note(e.code);
                break;
            }
            tlsProtocol = res.tlsProtocol ?? tlsProtocol;
            const host = res.status === 200 ? hostOfPage(res.body, a.greeting) : undefined;
            if (host) hosts.add(host);
            else note(res.status === 200 ? `unexpected page ${snippet(res.body)}` : `HTTP ${res.status}`);
        }
        const seen = `${hosts.size} of ${a.expectedInstances} instances${hosts.size > 0 ? ` (${[...hosts].sort().join(", ")})` : ""}`;
        if (hosts.size >= a.expectedInstances) return { status: "pass", detail: `${seen}${tlsProtocol ? ` over ${tlsProtocol}` : ""}` };
        return { status: "retry", detail: `${seen} so far${other.size > 0 ? `; ${tally(other)}` : ""}` };
    };
}

/** HTTP answers 301 with a Location on HTTPS, the same host, port 443 and the same path (the
 * ALB's redirect action: protocol HTTPS, port 443, host and path kept). */
export function httpRedirect(endpoint: Endpoint, path: string): () => Promise<Attempt> {
    return async () => {
        let res: Response;
        try {
            res = await get("http", endpoint, path);
        } catch (e) {
            if (!(e instanceof NetError)) throw e;
            return { status: "retry", detail: e.message };
        }
        if (res.status >= 500) return { status: "retry", detail: `HTTP ${res.status}` };
        if (res.status !== 301) return { status: "fail", detail: `HTTP ${res.status} instead of a 301 redirect to HTTPS` };
        const expected = `https://${endpoint.host}:443${path}`;
        let target: URL | undefined;
        try {
            target = res.location ? new URL(res.location) : undefined;
        } catch {
            target = undefined;
        }
        const ok = target !== undefined && target.protocol === "https:" && target.hostname.toLowerCase() === endpoint.host.toLowerCase()
            && (target.port === "" || target.port === "443") && target.pathname === path;
        return ok
            ? { status: "pass", detail: `301 to ${res.location}` }
            : { status: "fail", detail: `301 to ${JSON.stringify(res.location ?? null)}, not to ${expected}` };
    };
}

/** TLS 1.0 and 1.1 handshakes are refused by the HTTPS listener. */
export function tlsFloor(endpoint: Endpoint): () => Promise<Attempt> {
    return async () => {
        const parts: string[] = [];
        for (const version of ["TLSv1", "TLSv1.1"] as const) {
            const r = await handshake(endpoint, version);
            if (r.kind === "accepted") return { status: "fail", detail: `${version} accepted (negotiated ${r.protocol}); the listener's policy must refuse TLS below 1.2` };
            if (r.kind === "unreachable") return { status: "retry", detail: `${version} handshake: ${r.reason}` };
            parts.push(`${version} refused (${r.reason})`);
        }
        return { status: "pass", detail: parts.join(", ") };
    };
}

/** One NLB static IP serves an instance's page on its TCP listener. */
export function nlbGreeting(endpoint: Endpoint, greeting: string): () => Promise<Attempt> {
    return async () => {
        let res: Response;
        try {
            res = await get("http", endpoint, "/");
        } catch (e) {
            if (!(e instanceof NetError)) throw e;
            return { status: "retry", detail: e.message };
        }
        const host = res.status === 200 ? hostOfPage(res.body, greeting) : undefined;
        if (host) return { status: "pass", detail: `greeting from ${host}` };
        return { status: "retry", detail: res.status === 200 ? `unexpected page ${snippet(res.body)}` : `HTTP ${res.status}` };
    };
}

export interface HealthEndpointArgs {
    scheme: "http" | "https";
    endpoint: Endpoint;
    path: string;
    trust: TlsTrust;
    expectedStatus: number;
    /** The response header that names the instance (the workload's instanceHeader), if any. */
    instanceHeader?: string;
    /** How many distinct instances must answer (with an instanceHeader); 0: any that answer. */
    expectedInstances: number;
}

/**
 * A team workload's health endpoint through a listener: every request of an attempt answers the
 * expected status; with an instance header, instances are collected across attempts until there
 * are as many as expected. Without one the instances can't be told apart, and the detail says so.
 */
export function healthEndpoint(a: HealthEndpointArgs): () => Promise<Attempt> {
    const instances = new Set<string>();
    const requestsPerAttempt = Math.min(40, Math.max(4, a.expectedInstances * 4));
    const header = a.instanceHeader?.toLowerCase();
    return async () => {
        const other = new Map<string, number>();
        const note = (what: string) => other.set(what, (other.get(what) ?? 0) + 1);
        let ok = 0;
        for (let i = 0; i < requestsPerAttempt; i++) {
            let res: Response;
            try {
                res = await get(a.scheme, a.endpoint, a.path, a.trust);
            } catch (e) {
                if (!(e instanceof NetError)) throw e;
                if (isCertificateError(e.code)) return { status: "fail", detail: `certificate not accepted (${e.code}); for the stack's self-signed certificate pass --insecure` };
                note(e.code);
                break;
            }
            if (res.status !== a.expectedStatus) {
                note(`HTTP ${res.status}`);
                continue;
            }
            ok++;
            const id = header ? res.headers[header] : undefined;
            if (typeof id === "string" && id !== "") instances.add(id);
            else if (header) note(`no ${a.instanceHeader} header`);
        }
        const what = `${a.path} answered ${a.expectedStatus} ${ok} of ${requestsPerAttempt} times`;
        const seen = header ? `; ${instances.size}${a.expectedInstances > 0 ? ` of ${a.expectedInstances}` : ""} instances (${[...instances].sort().join(", ") || "none"})` : "";
        const problems = other.size > 0 ? `; ${tally(other)}` : "";
        const allAnswered = ok === requestsPerAttempt;
        const allInstances = !header || a.expectedInstances === 0 || instances.size >= a.expectedInstances;
        if (allAnswered && allInstances) {
            return { status: "pass", detail: `${what}${seen}${header ? "" : " (instances not told apart: the workload names no instanceHeader)"}` };
        }
        return { status: "retry", detail: `${what}${seen} so far${problems}` };
    };
}
