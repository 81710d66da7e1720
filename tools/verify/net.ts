// One request or one TLS handshake, with a fresh connection each time (so a load balancer that
// balances per connection shows every target) and names resolved through --resolve first.
import * as dns from "dns";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as tls from "tls";

export interface Endpoint {
    host: string;
    port: number;
    /** Lower-case name -> IP to connect to instead of resolving the name. */
    resolve: Map<string, string>;
    timeoutMs: number;
}

export interface TlsTrust {
    /** false: accept any certificate (self-signed dev certificates). */
    verify: boolean;
    /** PEM bundle to trust instead of the system's roots. */
    ca?: string;
}

export interface Response {
    status: number;
    location?: string;
    body: string;
    /** Response headers, names in lower case. */
    headers: http.IncomingHttpHeaders;
    /** The negotiated TLS version, for HTTPS. */
    tlsProtocol?: string;
}

/** A connection-level failure, with Node's error code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
export class NetError extends Error {
    constructor(readonly code: string, message: string) {
        super(message);
        this.name = "NetError";
    }
}

const MAX_BODY = 64 * 1024;

/** dns.lookup, except for the names in `resolve`. Answers both lookup shapes Node uses. */
function lookupWith(resolve: Map<string, string>): net.LookupFunction {
    return (hostname, options, callback) => {
        const ip = resolve.get(hostname.toLowerCase());
        if (ip === undefined) return dns.lookup(hostname, options, callback);
        const family = net.isIP(ip);
        if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: ip, family }]);
        else callback(null, ip, family);
    };
}

function asNetError(e: unknown, what: string): NetError {
    const err = e as NodeJS.ErrnoException;
    return new NetError(err.code ?? "ERROR", `${what}: ${err.code ? `${err.code} ` : ""}${err.message.split("\n")[0]}`);
}

/** GET / (or the path) over HTTP or HTTPS, with more request headers (a Host of its own: SNI stays the endpoint's name); the body is read as UTF-8, up to 64 KiB. */
export function get(scheme: "http" | "https", endpoint: Endpoint, path: string, trust?: TlsTrust, headers: Record<string, string> = {}): Promise<Response> {
    const what = `${scheme}://${endpoint.host}:${endpoint.port}${path}`;
    return new Promise((resolve, reject) => {
        const options: https.RequestOptions = {
            host: endpoint.host,
            port: endpoint.port,
            path,
            method: "GET",
            agent: false,
            lookup: lookupWith(endpoint.resolve),
            headers: { "user-agent": "elb-web-tier-verify", connection: "close", ...headers },
            timeout: endpoint.timeoutMs,
            ...(scheme === "https" ? { servername: net.isIP(endpoint.host) ? undefined : endpoint.host, rejectUnauthorized: trust?.verify ?? true, ca: trust?.ca, minVersion: "TLSv1.2" as const } : {}),
        };
        const req = (scheme === "https" ? https : http).request(options, (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on("data", (c: Buffer) => {
                size += c.length;
                if (size <= MAX_BODY) chunks.push(c);
            });
            res.on("end", () => resolve({
                status: res.statusCode ?? 0,
                location: res.headers.location,
                body: Buffer.concat(chunks).toString("utf8"),
                headers: res.headers,
                tlsProtocol: scheme === "https" ? ((res.socket as tls.TLSSocket).getProtocol?.() ?? undefined) : undefined,
            }));
            res.on("error", (e) => reject(asNetError(e, what)));
        });
        req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${endpoint.timeoutMs} ms`), { code: "ETIMEDOUT" })));
        req.on("error", (e) => reject(asNetError(e, what)));
        req.end();
    });
}

export type HandshakeResult =
    | { kind: "accepted"; protocol: string }
    | { kind: "refused"; reason: string }
    | { kind: "unreachable"; reason: string };

/** One TLS handshake offering exactly `version`. OpenSSL 3 will not even offer TLS 1.0/1.1 at its
 * default security level, so the ciphers go down to level 0: then only the server can say no. */
export function handshake(endpoint: Endpoint, version: tls.SecureVersion): Promise<HandshakeResult> {
    return new Promise((resolve) => {
        let connected = false;
        const socket = tls.connect({
            host: endpoint.host,
            port: endpoint.port,
            servername: net.isIP(endpoint.host) ? undefined : endpoint.host,
            lookup: lookupWith(endpoint.resolve),
            minVersion: version,
            maxVersion: version,
            ciphers: "DEFAULT@SECLEVEL=0",
            // Only the version is under test here; the certificate is the HTTPS check's business.
            rejectUnauthorized: false,
            timeout: endpoint.timeoutMs,
        });
        const done = (r: HandshakeResult) => {
            socket.destroy();
            resolve(r);
        };
        socket.on("connect", () => { connected = true; });
        socket.on("secureConnect", () => done({ kind: "accepted", protocol: socket.getProtocol() ?? version }));
        // Silence is not a refusal: the HTTPS check would be silent too.
        socket.on("timeout", () => done({ kind: "unreachable", reason: connected ? "no answer to the handshake" : "connect timed out" }));
        // After the TCP connection, any failure is the server declining the version (an alert, or
        // closing the connection); before it, the listener is not reachable yet.
        socket.on("error", (e: NodeJS.ErrnoException) => done(connected
            ? { kind: "refused", reason: e.code ?? e.message }
            : { kind: "unreachable", reason: e.code ?? e.message }));
    });
}

/** Can a TCP connection be made (true), or why not (the error code, or a timeout)? */
export function reachable(endpoint: Endpoint): Promise<true | string> {
    return new Promise((resolve) => {
        const socket = net.connect({ host: endpoint.host, port: endpoint.port, lookup: lookupWith(endpoint.resolve), timeout: endpoint.timeoutMs });
        const done = (r: true | string) => { socket.destroy(); resolve(r); };
        socket.on("connect", () => done(true));
        socket.on("timeout", () => done(`no connection within ${endpoint.timeoutMs} ms`));
        socket.on("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    });
}
