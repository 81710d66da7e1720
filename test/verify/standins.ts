// Stand-ins for the load balancers on loopback addresses: an ALB (HTTPS listener with a TLS floor
// that forwards round robin to the instances, HTTP listener that redirects to HTTPS 443 or, like
// albHttpRedirect=false, forwards) and an NLB (a TCP forwarder per static IP, optionally sending a
// proxy protocol v2 header first, as a target group with proxy_protocol_v2 does).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";

export interface Backend {
    host: string;
    port: number;
}

export interface Running {
    port: number;
    close(): Promise<void>;
}

function listen(server: net.Server, address: string, port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, address, () => resolve((server.address() as net.AddressInfo).port));
    });
}

function closer(servers: net.Server[], sockets: Set<net.Socket>): () => Promise<void> {
    return async () => {
        for (const s of sockets) s.destroy();
        await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    };
}

function tracked(server: net.Server, sockets: Set<net.Socket>): net.Server {
    server.on("connection", (s: net.Socket) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    return server;
}

function roundRobin(backends: Backend[]): () => Backend {
    let next = 0;
    return () => backends[next++ % backends.length];
}

/** Forwards one request to the next backend; 502 when it does not answer, as an ALB does. */
function forwarder(backends: Backend[]): http.RequestListener {
    const next = roundRobin(backends);
    return (req, res) => {
        const b = next();
        // No connection pool: httpd -X serves one connection at a time, so an idle kept-alive
        // connection would stall the next request.
        const upstream = http.request({ host: b.host, port: b.port, path: req.url, method: req.method, headers: req.headers, agent: false }, (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
        });
        upstream.on("error", () => {
            res.writeHead(502, { "content-type": "text/html" });
            res.end("<html><body><h1>502 Bad Gateway</h1></body></html>\n");
        });
        req.pipe(upstream);
    };
}

/** The ALB's redirect action: HTTPS, port 443, host and path kept (#{host}, #{path}). */
const redirectToHttps: http.RequestListener = (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    res.writeHead(301, { location: `https://${host}:443${req.url ?? "/"}` });
    res.end();
};

export interface AlbStandInArgs {
    address: string;
    backends: Backend[];
    key: string;
    cert: string;
    /** The fault: a listener that still negotiates TLS 1.0. Node needs security level 0 for it. */
    acceptTls10?: boolean;
    /** The fault: HTTP forwards instead of redirecting. */
    noRedirect?: boolean;
}

export interface AlbStandIn {
    httpsPort: number;
    httpPort: number;
    close(): Promise<void>;
}

export async function startAlb(a: AlbStandInArgs): Promise<AlbStandIn> {
    const sockets = new Set<net.Socket>();
    const tlsFloor = a.acceptTls10 ? { minVersion: "TLSv1" as const, ciphers: "DEFAULT@SECLEVEL=0" } : { minVersion: "TLSv1.2" as const };
    const httpsServer = tracked(https.createServer({ key: a.key, cert: a.cert, ...tlsFloor }, forwarder(a.backends)), sockets);
    // A refused handshake is the client's problem, not a stand-in crash.
    httpsServer.on("tlsClientError", () => undefined);
    const httpServer = tracked(http.createServer(a.noRedirect ? forwarder(a.backends) : redirectToHttps), sockets);
    const httpsPort = await listen(httpsServer, a.address);
    const httpPort = await listen(httpServer, a.address);
    return { httpsPort, httpPort, close: closer([httpsServer, httpServer], sockets) };
}

/** A proxy protocol v2 header for a TCP over IPv4 connection (PROXY command). */
export function proxyProtocolV2Header(src: net.AddressInfo, dst: net.AddressInfo): Buffer {
    const signature = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
    const header = Buffer.alloc(16 + 12);
    signature.copy(header, 0);
    header[12] = 0x21; // version 2, PROXY
    header[13] = 0x11; // AF_INET, STREAM
    header.writeUInt16BE(12, 14);
    Buffer.from(src.address.split(".").map(Number)).copy(header, 16);
    Buffer.from(dst.address.split(".").map(Number)).copy(header, 20);
    header.writeUInt16BE(src.port, 24);
    header.writeUInt16BE(dst.port, 26);
    return header;
}

export interface NlbStandInArgs {
    /** The static IPs: one listener each, all on the same port. */
    addresses: string[];
    backends: Backend[];
    proxyProtocolV2: boolean;
    /** The fault: these addresses accept connections and never answer. */
    silent?: string[];
}

function tcpForwarder(next: () => Backend, proxyProtocolV2: boolean): (client: net.Socket) => void {
    return (client) => {
        const b = next();
        const upstream = net.connect({ host: b.host, port: b.port }, () => {
            if (proxyProtocolV2) {
                const src = { address: client.remoteAddress ?? "0.0.0.0", port: client.remotePort ?? 0, family: "IPv4" };
                const dst = { address: client.localAddress ?? "0.0.0.0", port: client.localPort ?? 0, family: "IPv4" };
                upstream.write(proxyProtocolV2Header(src, dst));
            }
            client.pipe(upstream).pipe(client);
        });
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
    };
}

export async function startNlb(a: NlbStandInArgs): Promise<Running> {
    const sockets = new Set<net.Socket>();
    const next = roundRobin(a.backends);
    const servers = a.addresses.map((address) => tracked(
        net.createServer(a.silent?.includes(address) ? () => undefined : tcpForwarder(next, a.proxyProtocolV2)), sockets));
    // The first listener picks a free port; the others take the same one on their addresses.
    let port = 0;
    for (const [i, server] of servers.entries()) port = await listen(server, a.addresses[i], port);
    return { port, close: closer(servers, sockets) };
}

export function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
    // Like infra/certificate.ts: self-signed, for the region's ELB wildcard name. P-256 rather
    // than RSA: ACM imports both, and generating it takes milliseconds instead of a second.
    const domain = "*.ap-northeast-2.elb.amazonaws.com";
    const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1",
        "-subj", `/CN=${domain}/O=elb-web-tier`, "-addext", `subjectAltName=DNS:${domain}`], { stdio: "ignore" });
    return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8"), certFile };
}
