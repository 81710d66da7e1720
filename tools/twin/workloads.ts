// What the targets run in the twin:
// - the default workload: every instance a real Apache httpd configured by the plan's rendered
//   user data (run through bash as cloud-init would, package installs and services stubbed, the
//   instance paths moved into a temp directory), as test/verify/httpd.ts does. The twin only
//   translates addresses: each `Listen <port>` (and Amazon Linux's own `Listen 80`) becomes
//   127.0.0.1:<a free port>, like NAT in front of the instance;
// - a team workload (config `workload.serves`, per port its protocol and health endpoint), IP
//   targets and Lambda functions: stand-ins that serve exactly the declared endpoints (IP targets:
//   their group's health check; Lambda: every request, as a function would).
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";

const MODULES = "/usr/lib/apache2/modules";
const INSTANCE_PATHS = { confD: "/etc/httpd/conf.d", docRoot: "/var/www/html" } as const;

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

function apacheBinary(): string {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat(["/usr/sbin"])) {
        if (fs.existsSync(path.join(dir, "apache2"))) return path.join(dir, "apache2");
    }
    throw new Error("Debian's apache2 is not installed: apt-get install -y --no-install-recommends apache2");
}

function runUserData(userData: string, dir: string, hostname: string): void {
    let script = userData;
    for (const [key, instancePath] of Object.entries(INSTANCE_PATHS)) {
        fs.mkdirSync(path.join(dir, key), { recursive: true });
        fs.chmodSync(path.join(dir, key), 0o755);
        script = script.split(instancePath).join(path.join(dir, key));
    }
    const stubs = `umask 022\nyum() { :; }\ndnf() { :; }\nsystemctl() { :; }\nhostname() { echo ${hostname}; }\n`;
    execFileSync("bash", ["-s"], { input: stubs + script, stdio: ["pipe", "ignore", "pipe"] });
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

/** Amazon Linux 2023's httpd.conf essentials, with its `Listen 80` on the loopback. */
function httpdConf(dir: string, hostname: string, port80: number): string {
    const docRoot = path.join(dir, "docRoot");
    return [
        `ServerRoot ${dir}`, `ServerName ${hostname}`, `PidFile ${dir}/httpd.pid`, `DefaultRuntimeDir ${dir}`, `ErrorLog ${dir}/error.log`, "LogLevel warn",
        ...(process.getuid?.() === 0 ? ["User www-data", "Group www-data"] : []),
        ...["mpm_event", "authz_core", "dir", "mime", "remoteip"].map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
        "TypesConfig /etc/mime.types", "AddDefaultCharset UTF-8", `Listen 127.0.0.1:${port80}`, `DocumentRoot ${docRoot}`,
        `<Directory ${docRoot}>`, "    Require all granted", "</Directory>", "DirectoryIndex index.html", `IncludeOptional ${dir}/confD/*.conf`, "",
    ].join("\n");
}

async function waitForPorts(child: ChildProcess, ports: number[], dir: string): Promise<void> {
    const canConnect = (port: number) => new Promise<boolean>((resolve) => {
        const s = net.connect({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
        s.on("error", () => resolve(false));
    });
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && child.exitCode === null) {
        if ((await Promise.all(ports.map(canConnect))).every(Boolean)) return;
        await new Promise((r) => setTimeout(r, 25));
    }
    const log = fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : "";
    child.kill("SIGKILL");
    throw new Error(`httpd did not listen on ${ports.join(", ")}: ${log}`);
}

/** One instance of the default workload: httpd as the user data configures it. */
export async function startInstance(userData: string, hostname: string, dir: string): Promise<RunningInstance> {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
    runUserData(userData, dir, hostname);
    const ports = await translatePorts(path.join(dir, "confD"));
    fs.writeFileSync(path.join(dir, "httpd.conf"), httpdConf(dir, hostname, ports.get(80)!));
    const child = spawn(apacheBinary(), ["-X", "-f", path.join(dir, "httpd.conf")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => { stderr += d.toString(); });
    try {
        await waitForPorts(child, [...ports.values()], dir);
    } catch (e) {
        throw new Error(`${(e as Error).message}${stderr}`);
    }
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    return {
        hostname,
        ports,
        stop: async () => {
            if (child.exitCode === null) child.kill("SIGKILL");
            await exited;
        },
    };
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
