// An EC2_Web instance on this machine: Debian's Apache httpd (apache2) configured by the user data
// itself. The rendered script runs through bash with package installs, services and hostname
// stubbed and its instance paths moved into a directory, so bash writes the httpd config snippet
// and the page exactly as on the instance; httpd then parses that config (Listen ports,
// mod_remoteip's RemoteIPProxyProtocol) and serves that page. Used by the twin and verify's tests.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

const MODULES = "/usr/lib/apache2/modules";
/** Paths on the instance (Amazon Linux 2023's httpd layout) that the user data writes to. */
const INSTANCE_PATHS = { confD: "/etc/httpd/conf.d", docRoot: "/var/www/html" } as const;

export function apacheBinary(): string {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat(["/usr/sbin"])) {
        if (fs.existsSync(path.join(dir, "apache2"))) return path.join(dir, "apache2");
    }
    throw new Error("Debian's apache2 is not installed: run .ci/setup (apt-get install -y --no-install-recommends apache2)");
}

/** Runs the user data as cloud-init would, minus package installs and services, its instance paths under `dir`. */
export function runUserData(userData: string, dir: string, hostname: string): void {
    let script = userData;
    for (const [key, instancePath] of Object.entries(INSTANCE_PATHS)) {
        fs.mkdirSync(path.join(dir, key), { recursive: true });
        fs.chmodSync(path.join(dir, key), 0o755);
        script = script.split(instancePath).join(path.join(dir, key));
    }
    if (!script.includes(path.join(dir, "docRoot"))) throw new Error("the user data no longer writes the page to /var/www/html");
    // cloud-init's umask, whatever the caller's: httpd (as www-data under root) must read the page.
    const stubs = `umask 022\nyum() { :; }\ndnf() { :; }\nsystemctl() { :; }\nhostname() { echo ${hostname}; }\n`;
    execFileSync("bash", ["-s"], { input: stubs + script, stdio: ["pipe", "ignore", "pipe"] });
}

/** Amazon Linux 2023's httpd.conf essentials (modules, document root, conf.d include); `listen`: its own Listen, if any. */
function httpdConf(dir: string, hostname: string, listen?: string): string {
    const docRoot = path.join(dir, "docRoot");
    return [
        `ServerRoot ${dir}`, `ServerName ${hostname}`, `PidFile ${dir}/httpd.pid`, `DefaultRuntimeDir ${dir}`, `ErrorLog ${dir}/error.log`, "LogLevel warn",
        ...(process.getuid?.() === 0 ? ["User www-data", "Group www-data"] : []),
        ...["mpm_event", "authz_core", "dir", "mime", "remoteip"].map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
        "TypesConfig /etc/mime.types", "AddDefaultCharset UTF-8", ...(listen ? [`Listen ${listen}`] : []), `DocumentRoot ${docRoot}`,
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
        await new Promise((r) => setTimeout(r, 20));
    }
    const log = fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : "";
    child.kill("SIGKILL");
    throw new Error(`httpd did not listen on ${ports.join(", ")}: ${log}`);
}

/**
 * Starts httpd (one process, -X) on the config the user data wrote into `dir` (runUserData);
 * resolves once every port accepts. `listen`: a Listen of its own (Amazon Linux's `Listen 80`,
 * moved where the caller wants it).
 */
export async function startHttpdIn(dir: string, hostname: string, ports: number[], listen?: string): Promise<{ stop(): Promise<void> }> {
    fs.writeFileSync(path.join(dir, "httpd.conf"), httpdConf(dir, hostname, listen));
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
        stop: async () => {
            // SIGKILL: a SIGTERM that lands while httpd -X is still setting up its signal handling
            // can be lost, and the stand-in has nothing to flush.
            if (child.exitCode === null) child.kill("SIGKILL");
            await exited;
        },
    };
}
