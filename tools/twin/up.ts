// Bringing a stack's twin up and down: the offline plan, its workload (httpd or stand-ins), a
// local CA issuing the certificate names, and HAProxy for the load balancers, all on 127.0.0.0/8
// with ephemeral ports (parallel runs never collide). The stack's public names map to loopback
// addresses for the twin's own clients only (they connect with a --resolve style lookup).
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { RecordedResource } from "../engine/mockRun";
import { loadStackConfig } from "../engine/project";
import { runPlan } from "../plan/run";
import { nameCovers } from "../../infra/config/paths";
import { Bind, haproxyConfig, Layout } from "./haproxy";
import { Group, Listener, twinModel, TwinModel } from "./model";
import { sampleFromPattern } from "./matching";
import { createPki, Pki } from "./pki";
import { Endpoint, freePort, Running, RunningInstance, startInstance, startStandIn } from "./workloads";

export const HAPROXY = process.env.TWIN_HAPROXY ?? "/usr/sbin/haproxy";
/** The loopback address the ALB's names resolve to; the NLB's static IPs are 127.0.1.<n>. */
export const ALB_ADDRESS = "127.0.0.1";
const nlbAddress = (i: number) => `127.0.1.${i + 1}`;

export interface TwinOptions {
    projectDir: string;
    stack: string;
    /** Run this plan instead of planning the stack (tests: a plan changed on purpose). */
    plan?: { resources: RecordedResource[]; outputs: Record<string, unknown>; region: string };
    /** The team workload's served ports (default: config workload.serves of the stack). */
    serves?: Serves;
    /** Divide health-check intervals and timeouts by this (1: AWS's timing). */
    timeScale?: number;
    /** Keep the working directory after stop (for debugging). */
    keep?: boolean;
}

export interface ServerHealth {
    group: string;
    server: string;
    status: string;
    check: string;
}

/** A listener as the twin runs it: where it listens and the names that reach it. */
export interface TwinListener {
    listener: Listener;
    address: string;
    addresses: string[];
    port: number;
    sideDoorPort?: number;
    /** Names routed to it (the load balancer's DNS name, its aliases, host rules); for TLS listeners the names its certificates must cover. */
    names: string[];
    /** TLS: the names its certificates cover (as issued by the local CA). */
    certificateNames: string[];
    /** Certificates known only by ARN: the twin issued them for the routed names (an assumption). */
    assumedCertificates: string[];
}

export interface Twin {
    model: TwinModel;
    /** A team workload's served ports (config workload.serves); undefined for the default workload. */
    serves?: Serves;
    /** The plan's stack outputs (as the mocks compute them). */
    outputs: Record<string, unknown>;
    dir: string;
    caFile: string;
    clientCert?: { certFile: string; keyFile: string };
    listeners: TwinListener[];
    /** The public names and the loopback address each resolves to, for the twin's clients. */
    resolve: Map<string, string>;
    instances: string[];
    notes: string[];
    health(): Promise<ServerHealth[]>;
    /** Waits until every server's health is settled (healthy after its thresholds, or unhealthy); returns the states. */
    settle(): Promise<ServerHealth[]>;
    stop(): Promise<void>;
}

export type Serves = { port: number; protocol: string; healthPath?: string; healthStatus?: number; proxyProtocol?: boolean; instanceHeader?: string }[];

/** config `workload.serves` when the stack declares a team workload (helper "workload"'s section). */
export function declaredServes(projectDir: string, stack: string): Serves | undefined {
    const raw = loadStackConfig(projectDir, stack).config["elb-web-tier:workload"];
    if (!raw) return undefined;
    const w = JSON.parse(raw) as { mode?: string; serves?: Serves };
    return w.mode && w.mode !== "greeting" && w.serves ? w.serves : undefined;
}

/** Until a stack declares what it serves: the endpoints its target groups' health checks expect. */
export function endpointsFromHealthChecks(groups: Group[], label: string): Map<number, Endpoint> {
    const out = new Map<number, Endpoint>();
    for (const g of groups) {
        if (g.targetType === "lambda") continue;
        const h = g.healthCheck;
        const port = h.port === "traffic-port" ? g.port : Number(h.port);
        const protocol = h.protocol === "TCP" ? "TCP" : h.protocol;
        const e = out.get(port) ?? { protocol, paths: new Map<string, number>(), proxyProtocol: g.proxyProtocolV2, label };
        if (h.protocol !== "TCP") e.paths!.set(h.path ?? "/", Number((h.matcher ?? "200").split(/[,-]/)[0]));
        out.set(port, e);
        if (port !== g.port && !out.has(g.port)) out.set(g.port, { protocol: g.protocol === "HTTPS" ? "HTTPS" : g.protocol === "HTTP" ? "HTTP" : "TCP", paths: new Map(), proxyProtocol: g.proxyProtocolV2, label });
    }
    return out;
}

/** Host regexes: the names they match can't be listed, so no certificate check covers them. */
export function regexHostNotes(l: Listener): string[] {
    return l.rules.flatMap((r) => r.conditions.filter((c) => c.kind === "host" && c.regex).map((c) => `${l.key} rule ${r.name} matches hosts by the regex ${c.values.join(", ")}; the twin can't list those names, so the certificate check does not cover them (the rule check connects by the load balancer's name): make sure the listener's certificate does`));
}

function routedNames(m: TwinModel, l: Listener): string[] {
    const lb = m.loadBalancers.find((x) => x.name === l.loadBalancer)!;
    // Clients use the aliases when there are any; the load balancer's own DNS name otherwise.
    const publicNames = (x: typeof lb) => (x.aliases.length > 0 ? x.aliases : [x.dnsName]);
    const names = publicNames(lb);
    // A host regex names no list of hosts: its names are left to regexHostNotes.
    for (const r of l.rules) for (const c of r.conditions) if (c.kind === "host" && !c.regex) names.push(...c.values.map((v) => sampleFromPattern(v)));
    // An NLB listener forwarding to an alb group hands its clients' TLS to that ALB listener.
    for (const other of m.listeners.filter((x) => x.kind === "nlb" && x.defaultAction.type === "forward")) {
        const groups = (other.defaultAction as Extract<Listener["defaultAction"], { type: "forward" }>).groups.map((g) => m.groups.find((x) => x.name === g.group)!);
        if (groups.some((g) => g.targetType === "alb" && g.port === l.port) && l.kind === "alb") {
            const nlb = m.loadBalancers.find((x) => x.name === other.loadBalancer)!;
            names.push(...publicNames(nlb));
        }
    }
    return [...new Set(names.filter(Boolean))];
}

/** HAProxy failed to take its ports (another process took one between our probe and its bind): start again on fresh ports. */
class PortRace extends Error {}

async function waitForBinds(child: ChildProcess, binds: Bind[], statsSocket: string, stderr: () => string): Promise<void> {
    const can = (b: Bind) => new Promise<boolean>((resolve) => {
        const s = net.connect({ host: b.address, port: b.port }, () => { s.destroy(); resolve(true); });
        s.on("error", () => resolve(false));
    });
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && child.exitCode === null) {
        // Its own stats socket says it is HAProxy answering, not whoever else took a port.
        if (fs.existsSync(statsSocket) && (await Promise.all(binds.map(can))).every(Boolean) && child.exitCode === null) return;
        await new Promise((r) => setTimeout(r, 25));
    }
    child.kill("SIGKILL");
    const text = stderr();
    if (/cannot bind|Address already in use/i.test(text)) throw new PortRace(text);
    throw new Error(`haproxy did not come up: ${text}`);
}

function statsOnce(socket: string): Promise<string> {
    return new Promise((resolve, reject) => {
        let out = "";
        const s = net.connect(socket, () => s.write("show stat\n"));
        s.on("data", (d) => { out += d.toString(); });
        s.on("end", () => resolve(out));
        s.on("error", reject);
    });
}

/** HAProxy's stats; a busy HAProxy may refuse its admin socket for a moment (seen on a loaded machine): ask again for up to 2 s. */
async function stats(socket: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await statsOnce(socket);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "ECONNREFUSED" || attempt >= 40) throw e;
            await new Promise((r) => setTimeout(r, 50));
        }
    }
}

/** A port free on every loopback address (the NLB binds the same port on each static IP). */
const portForAll = () => freePort("0.0.0.0");

export async function startTwin(o: TwinOptions): Promise<Twin> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await startTwinOnce(o);
        } catch (e) {
            if (!(e instanceof PortRace) || attempt === 3) throw e;
        }
    }
}

async function startTwinOnce(o: TwinOptions): Promise<Twin> {
    const plan = o.plan ?? await runPlan({ projectDir: o.projectDir, stack: o.stack });
    const m = twinModel(o.stack, plan.resources, plan.outputs);
    const scale = o.timeScale ?? 1;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `twin-${o.stack}-`));
    fs.chmodSync(dir, 0o755);
    const running: Running[] = [];
    let haproxy: ChildProcess | undefined;
    const stop = async () => {
        if (haproxy && haproxy.exitCode === null) {
            const exited = new Promise((r) => haproxy!.once("exit", r));
            haproxy.kill("SIGKILL");
            await exited;
        }
        await Promise.all(running.splice(0).map((r) => r.stop()));
        if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        const notes = [...m.notes, ...m.listeners.filter((l) => l.protocol === "HTTPS").flatMap(regexHostNotes)];
        const pki: Pki = createPki(path.join(dir, "pki"));
        const region = String(plan.region);

        // The workload.
        const serves = o.serves ?? declaredServes(o.projectDir, o.stack);
        const instances = new Map<string, RunningInstance | { ports: Map<number, number> }>();
        await Promise.all(m.instances.map(async (inst, n) => {
            const hostname = `ip-10-0-${Math.floor(n / 250)}-${10 + (n % 250)}.${region}.compute.internal`;
            if (!serves) {
                const r = await startInstance(inst.userData, hostname, path.join(dir, `instance-${n}`));
                running.push(r);
                instances.set(inst.name, r);
                return;
            }
            const ports = new Map<number, number>();
            for (const s of serves) {
                const e: Endpoint = {
                    protocol: s.protocol === "HTTPS" ? "HTTPS" : s.protocol === "HTTP" ? "HTTP" : "TCP",
                    paths: new Map(s.healthPath ? [[s.healthPath, s.healthStatus ?? 200]] : []),
                    proxyProtocol: s.proxyProtocol ?? false,
                    label: `${hostname}:${s.port}`,
                    // The header the workload names its instance in (verify tells instances apart by it).
                    ...(s.instanceHeader ? { headers: { [s.instanceHeader]: hostname } } : {}),
                };
                const tls = e.protocol === "HTTPS" ? tlsFiles(pki, `inst-${n}-${s.port}`, [hostname]) : undefined;
                const standIn = await startStandIn(e, tls);
                running.push(standIn);
                ports.set(s.port, standIn.port);
            }
            instances.set(inst.name, { ports });
        }));
        if (serves) notes.push("team workload: stand-ins serve the endpoints config workload.serves declares");

        // Listener addresses and ports.
        const binds = new Map<string, { main: Bind[]; sideDoor?: Bind }>();
        const twinListeners: TwinListener[] = [];
        for (const l of m.listeners) {
            if (l.protocol === "UDP" || l.protocol === "TCP_UDP") {
                notes.push(`${l.key} (${l.protocol}:${l.port}): HAProxy has no UDP; the twin leaves this listener out`);
                if (l.protocol === "UDP") continue;
            }
            const lb = m.loadBalancers.find((x) => x.name === l.loadBalancer)!;
            const addresses = l.kind === "alb" ? [ALB_ADDRESS] : lb.staticIps.map((_ip, i) => nlbAddress(i));
            const port = await portForAll();
            const sideDoor = l.kind === "alb" ? { address: ALB_ADDRESS, port: await freePort() } : undefined;
            binds.set(l.key, { main: addresses.map((address) => ({ address, port })), ...(sideDoor ? { sideDoor } : {}) });
            twinListeners.push({ listener: l, address: addresses[0], addresses, port, ...(sideDoor ? { sideDoorPort: sideDoor.port } : {}), names: routedNames(m, l), certificateNames: [], assumedCertificates: [] });
        }

        // Certificates: the stack's names, issued by the local CA; ARN-only ones for the routed names.
        const crtLists = new Map<string, string>();
        for (const tl of twinListeners.filter((x) => x.listener.protocol === "HTTPS" || x.listener.protocol === "TLS")) {
            const lines: string[] = [];
            tl.listener.certificates.forEach((c, i) => {
                const names = c.names ?? tl.names;
                if (!c.names) tl.assumedCertificates.push(c.arn);
                tl.certificateNames.push(...names);
                lines.push(pki.issue(`${tl.listener.key}-${i}`, names));
            });
            const file = path.join(dir, `${tl.listener.key}.crt-list`);
            fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(""));
            crtLists.set(tl.listener.key, file);
        }
        const needsClientCa = m.listeners.some((l) => l.mtls?.mode === "verify");
        const client = needsClientCa ? pki.client() : undefined;
        if (needsClientCa) notes.push("mTLS verify: the trust store's CA bundle is in S3; the twin verifies against a local client CA instead");

        // Servers of each group.
        const servers: Layout["servers"] = new Map();
        const closedPort = async () => freePort();
        for (const g of m.groups) {
            const list: { name: string; address: string; port: number; checkPort: number; tls: boolean }[] = [];
            const hcPort = (traffic: number) => (g.healthCheck.port === "traffic-port" ? traffic : Number(g.healthCheck.port));
            const tlsToTargets = g.targetType !== "lambda" && (g.protocol === "HTTPS" || g.protocol === "TLS");
            for (const [i, t] of g.targets.entries()) {
                if (t.kind === "instance") {
                    const inst = instances.get(t.instance)!;
                    const local = inst.ports.get(t.port) ?? await closedPort();
                    const check = inst.ports.get(hcPort(t.port)) ?? await closedPort();
                    list.push({ name: t.instance, address: "127.0.0.1", port: local, checkPort: check, tls: tlsToTargets });
                } else if (t.kind === "alb") {
                    const albListener = twinListeners.find((x) => x.listener.loadBalancer === t.loadBalancer && x.listener.port === t.port);
                    const hc = twinListeners.find((x) => x.listener.loadBalancer === t.loadBalancer && x.listener.port === hcPort(t.port));
                    list.push({ name: t.loadBalancer, address: ALB_ADDRESS, port: albListener?.port ?? await closedPort(), checkPort: hc?.port ?? await closedPort(), tls: false });
                } else {
                    // IP targets and Lambda functions: stand-ins.
                    const label = t.kind === "ip" ? `${t.ip}:${t.port}` : t.functionArn;
                    const endpoint: Endpoint = t.kind === "lambda"
                        ? { protocol: "HTTP", proxyProtocol: false, label }
                        : { ...endpointsFromHealthChecks([g], label).get(hcPort(t.port))!, label };
                    const tls = endpoint.protocol === "HTTPS" ? tlsFiles(pki, `${g.name}-${i}`, [t.kind === "ip" ? t.ip : "lambda"]) : undefined;
                    const standIn = await startStandIn(endpoint, tls);
                    running.push(standIn);
                    list.push({ name: `${g.name}-${i}`, address: "127.0.0.1", port: standIn.port, checkPort: standIn.port, tls: tlsToTargets });
                }
            }
            servers.set(g.name, list);
        }

        const statsSocket = path.join(dir, "haproxy.sock");
        const layout: Layout = { dir, binds, crtLists, ...(client ? { clientCaFile: client.caFile } : {}), servers, timeScale: scale, statsSocket };
        const cfg = path.join(dir, "haproxy.cfg");
        fs.writeFileSync(cfg, haproxyConfig(m, layout));
        try {
            execFileSync(HAPROXY, ["-c", "-q", "-f", cfg], { stdio: ["ignore", "pipe", "pipe"] });
        } catch (e) {
            throw new Error(`haproxy rejected the twin's config (${cfg}): ${String((e as { stderr?: Buffer }).stderr ?? e)}`);
        }
        haproxy = spawn(HAPROXY, ["-db", "-f", cfg], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        haproxy.stderr?.on("data", (d: Buffer) => { stderr += d.toString(); });
        await waitForBinds(haproxy, [...binds.values()].flatMap((b) => [...b.main, ...(b.sideDoor ? [b.sideDoor] : [])]), statsSocket, () => stderr);

        const resolve = new Map<string, string>();
        for (const tl of twinListeners) for (const n of tl.names) if (!n.includes("*")) resolve.set(n.toLowerCase(), tl.address);
        const health = async (): Promise<ServerHealth[]> => {
            if (haproxy!.exitCode !== null || haproxy!.signalCode !== null) throw new Error(`haproxy exited (${haproxy!.exitCode ?? haproxy!.signalCode}): ${stderr}`);
            const csv = (await stats(statsSocket)).split("\n").filter((l) => l && !l.startsWith("#"));
            return csv.map((l) => l.split(",")).filter((f) => f[1] !== "FRONTEND" && f[1] !== "BACKEND" && !f[1].endsWith("_failopen") && f[0].startsWith("be_"))
                .map((f) => ({ group: m.groups.find((g) => `be_${g.name.replace(/[^A-Za-z0-9_-]/g, "_")}` === f[0])?.name ?? f[0], server: f[1], status: f[17], check: `${f[36]}${f[37] ? ` ${f[37]}` : ""}` }));
        };
        const settle = async () => {
            // Long enough for every server to pass its healthy threshold or fail its unhealthy one.
            const longest = Math.max(1, ...m.groups.map((g) => (g.healthCheck.healthyThreshold + g.healthCheck.unhealthyThreshold + 1) * g.healthCheck.interval));
            const deadline = Date.now() + (longest * 1000) / scale + 2000;
            let states = await health();
            while (Date.now() < deadline) {
                states = await health();
                const settled = states.every((s) => s.status === "no check" || (s.status === "UP" && /^L[4-7]OK/.test(s.check)) || s.status === "DOWN");
                if (settled) return states;
                await new Promise((r) => setTimeout(r, 50));
            }
            return states;
        };
        return {
            model: m,
            ...(serves ? { serves } : {}),
            outputs: plan.outputs,
            dir,
            caFile: pki.caFile,
            ...(client ? { clientCert: { certFile: client.certFile, keyFile: client.keyFile } } : {}),
            listeners: twinListeners,
            resolve,
            instances: [...instances.keys()],
            notes,
            health,
            settle,
            stop,
        };
    } catch (e) {
        await stop();
        throw e;
    }
}

function tlsFiles(pki: Pki, label: string, names: string[]): { key: string; cert: string } {
    const bundle = fs.readFileSync(pki.issue(label, names), "utf8");
    const cert = bundle.slice(0, bundle.indexOf("-----END CERTIFICATE-----") + 25);
    return { cert, key: bundle.slice(cert.length) };
}

/** Names routed to a TLS listener that none of its certificates covers (TLS wildcard semantics). */
export function uncoveredNames(tl: TwinListener): string[] {
    return tl.names.filter((n) => !tl.certificateNames.some((c) => nameCovers(c, n)));
}
