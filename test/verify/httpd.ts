// A stand-in EC2_Web instance: Debian's Apache httpd (apache2) configured by the user data itself.
// The rendered script runs through bash with yum, systemctl and hostname stubbed and its two
// instance paths moved into a temp directory, so bash writes the httpd config snippet and the page
// exactly as on the instance, and httpd then parses that config (Listen ports, mod_remoteip's
// RemoteIPProxyProtocol) and serves that page.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

const MODULES = "/usr/lib/apache2/modules";
/** Paths on the instance (Amazon Linux 2023's httpd layout) that the user data writes to. */
const INSTANCE_PATHS = { confD: "/etc/httpd/conf.d", docRoot: "/var/www/html" } as const;

export interface Httpd {
    hostname: string;
    dir: string;
    stop(): Promise<void>;
}

function apacheBinary(): string {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat(["/usr/sbin"])) {
        if (fs.existsSync(path.join(dir, "apache2"))) return path.join(dir, "apache2");
    }
    throw new Error("Debian's apache2 is not installed: apt-get install -y --no-install-recommends apache2 (.ci/run does)");
}

/** The user data with the instance's paths moved under `dir`; each must be there to be moved. */
function relocate(userData: string, dir: string): string {
    let script = userData;
    for (const [key, instancePath] of Object.entries(INSTANCE_PATHS)) {
        if (!script.includes(instancePath)) continue;
        script = script.split(instancePath).join(path.join(dir, key));
    }
    if (!script.includes(path.join(dir, "docRoot"))) throw new Error("the user data no longer writes the page to /var/www/html");
    return script;
}

/** Runs the user data as cloud-init would, minus package installs and services. */
function runUserData(userData: string, dir: string, hostname: string): void {
    for (const key of Object.keys(INSTANCE_PATHS)) {
        fs.mkdirSync(path.join(dir, key));
        fs.chmodSync(path.join(dir, key), 0o755);
    }
    // cloud-init's umask, whatever the caller's: httpd (as www-data under root) must read the page.
    const stubs = `umask 022\nyum() { :; }\nsystemctl() { :; }\nhostname() { echo ${hostname}; }\n`;
    execFileSync("bash", ["-s"], { input: stubs + relocate(userData, dir), stdio: ["pipe", "ignore", "inherit"] });
}

/** Amazon Linux 2023's httpd.conf essentials (modules, document root, conf.d include), without
 * its `Listen 80`: the stand-ins run on high ports, so every Listen comes from the user data. */
function httpdConf(dir: string, hostname: string): string {
    const docRoot = path.join(dir, "docRoot");
    const runAs = process.getuid?.() === 0 ? ["User www-data", "Group www-data"] : [];
    return [
        `ServerRoot ${dir}`,
        `ServerName ${hostname}`,
        `PidFile ${dir}/httpd.pid`,
        `DefaultRuntimeDir ${dir}`,
        `ErrorLog ${dir}/error.log`,
        "LogLevel warn",
        ...runAs,
        ...["mpm_event", "authz_core", "dir", "mime", "remoteip"].map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
        "TypesConfig /etc/mime.types",
        "AddDefaultCharset UTF-8",
        `DocumentRoot ${docRoot}`,
        `<Directory ${docRoot}>`,
        "    Require all granted",
        "</Directory>",
        "DirectoryIndex index.html",
        `IncludeOptional ${dir}/confD/*.conf`,
        "",
    ].join("\n");
}

function canConnect(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const s = net.connect({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
        s.on("error", () => resolve(false));
    });
}

async function waitForPorts(child: ChildProcess, ports: number[], dir: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) break;
        if ((await Promise.all(ports.map(canConnect))).every(Boolean)) return;
        await new Promise((r) => setTimeout(r, 20));
    }
    const log = fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : "";
    child.kill("SIGKILL");
    throw new Error(`httpd did not listen on ${ports.join(", ")}: ${log}`);
}

/** Starts httpd (one process, -X) with the user data's config; resolves once every port accepts. */
export async function startHttpd(userData: string, hostname: string, ports: number[]): Promise<Httpd> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-httpd-"));
    // httpd drops to www-data when started as root: it must be able to read the page.
    fs.chmodSync(dir, 0o755);
    runUserData(userData, dir, hostname);
    fs.writeFileSync(path.join(dir, "httpd.conf"), httpdConf(dir, hostname));
    const child = spawn(apacheBinary(), ["-X", "-f", path.join(dir, "httpd.conf")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => { stderr += d.toString(); });
    try {
        await waitForPorts(child, ports, dir);
    } catch (e) {
        throw new Error(`${(e as Error).message}${stderr}`);
    }
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    return {
        hostname,
        dir,
        stop: async () => {
            // SIGKILL: a SIGTERM that lands while httpd -X is still setting up its signal
            // handling can be lost, and the stand-in has nothing to flush.
            if (child.exitCode === null) child.kill("SIGKILL");
            await exited;
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** A port nobody listens on right now, on any address (httpd's `Listen <port>` binds them all). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on("error", reject);
        s.listen(0, "0.0.0.0", () => {
            const { port } = s.address() as net.AddressInfo;
            s.close(() => resolve(port));
        });
    });
}
