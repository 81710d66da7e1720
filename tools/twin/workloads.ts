// What the targets run in the twin:
// - the default workload: every instance a real Apache httpd configured by the plan's rendered
//   user data (run through bash as cloud-init would, package installs and services stubbed, the
//   instance paths moved into a temp directory), as test/verify/httpd.ts does. The twin only
//   translates addresses: each `Listen <port>` (and Amazon Linux's own `Listen 80`) becomes
//   127.0.0.1:<a free port>, like NAT in front of the instance;
// - a team workload (config `workload.serves`, per port its protocol and health endpoint), IP
//   targets and Lambda functions: stand-ins that serve exactly the declared endpoints (IP targets:
//   their group's health check; Lambda: every request, as a function would).
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import { runUserData, startHttpdIn } from "./httpd";


export interface Running {
    stop(): Promise<void>;
}

export interface RunningInstance extends Running {
    hostname: string;
    /** Instance port -> local port. */
    ports: Map<number, number>;
}

export function freePort(address = "127.0.0.1"): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on("error", reject);
        s.listen(0, address, () => {
            const { port } = s.address() as net.AddressInfo;
            s.close(() => resolve(port));
        });
    });
}



/** The user data's httpd config with every port moved to a loopback port; returns the port map. */
async function translatePorts(confD: string): Promise<Map<number, number>> {
    const ports = new Map<number, number>([[80, await freePort()]]);
    const files = fs.readdirSync(confD).filter((f) => f.endsWith(".conf")).map((f) => path.join(confD, f));
    const texts = files.map((f) => fs.readFileSync(f, "utf8"));
    for (const t of texts) {
        for (const m of t.matchAll(/^\s*Listen\s+(?:[\d.]+:)?(\d+)\s*$/gm)) {
            const p = Number(m[1]);
            if (!ports.has(p)) ports.set(p, await freePort());
        }
    }
    texts.forEach((t, i) => {
        const out = t
            .replace(/^(\s*)Listen\s+(?:[\d.]+:)?(\d+)\s*$/gm, (_all, ws: string, p: string) => (Number(p) === 80 ? "" : `${ws}Listen 127.0.0.1:${ports.get(Number(p))}`))
            .replace(/<VirtualHost\s+\*:(\d+)>/g, (_all, p: string) => `<VirtualHost 127.0.0.1:${ports.get(Number(p)) ?? p}>`);
        fs.writeFileSync(files[i], out);
    });
    return ports;
}



/** One instance of the default workload: httpd as the user data configures it. */
export async function startInstance(userData: string, hostname: string, dir: string): Promise<RunningInstance> {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
    runUserData(userData, dir, hostname);
    const ports = await translatePorts(path.join(dir, "confD"));
    const httpd = await startHttpdIn(dir, hostname, [...ports.values()], `127.0.0.1:${ports.get(80)!}`);
    return { hostname, ports, stop: httpd.stop };
}

/** What a stand-in serves on one port: HTTP(S) paths with their status, or a TCP port that accepts. */
export interface Endpoint {
    protocol: "HTTP" | "HTTPS" | "TCP";
    /** path -> status; undefined: every path answers 200 (a Lambda function). */
    paths?: Map<string, number>;
    proxyProtocol: boolean;
    /** Named in the X-Twin-Target header. */
    label: string;
    /** Headers every answer carries (a team workload's instance header). */
    headers?: Record<string, string>;
}

/** Strips a proxy protocol v2 header (a stand-in whose port expects one refuses a connection without it). */
function proxyProtocolServer(inner: net.Server): net.Server {
    const signature = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
    return net.createServer((socket) => {
        let buf = Buffer.alloc(0);
        const onData = (d: Buffer) => {
            buf = Buffer.concat([buf, d]);
            if (buf.length < 16) return;
            socket.off("data", onData);
            if (!buf.subarray(0, 12).equals(signature)) { socket.destroy(); return; }
            const len = 16 + buf.readUInt16BE(14);
            socket.pause();
            socket.unshift(buf.subarray(len));
            inner.emit("connection", socket);
            socket.resume();
        };
        socket.on("data", onData);
    });
}

/** A stand-in on a free loopback port. */
export async function startStandIn(e: Endpoint, tls?: { key: string; cert: string }): Promise<Running & { port: number }> {
    const handler: http.RequestListener = (req, res) => {
        const p = (req.url ?? "/").split("?")[0];
        const status = e.paths ? e.paths.get(p) ?? 404 : 200;
        res.writeHead(status, { ...e.headers, "content-type": "text/plain", "x-twin-target": e.label });
        res.end(`${e.label} ${status}\n`);
    };
    const inner: net.Server = e.protocol === "TCP" ? net.createServer((s) => s.on("error", () => undefined).end()) : e.protocol === "HTTPS" ? https.createServer(tls!, handler) : http.createServer(handler);
    const server = e.proxyProtocol ? proxyProtocolServer(inner) : inner;
    const sockets = new Set<net.Socket>();
    server.on("connection", (s: net.Socket) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
    const port = await new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
    });
    return {
        port,
        stop: async () => {
            for (const s of sockets) s.destroy();
            await new Promise((r) => server.close(r));
        },
    };
}
