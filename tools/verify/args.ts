// Command-line arguments of `npm run verify`.
import * as net from "net";
import { parseOptions, UsageError } from "../engine/entry";

export interface VerifyArgs {
    /** Read `pulumi stack output --json --stack <stack>`. */
    stack?: string;
    /** Or read the outputs from this JSON file (what `pulumi stack output --json` prints). */
    outputsFile?: string;
    /** Give up on a check this many milliseconds after the start (a fresh deploy warms up). */
    timeoutMs: number;
    /** One request or handshake may take this long. */
    requestTimeoutMs: number;
    /** Do not verify the ALB's certificate. */
    insecure: boolean;
    /** Trust only this CA bundle (PEM file) for the ALB's certificate instead of the system's. */
    caFile?: string;
    /** Connect to these addresses instead of resolving the names (lower-case name -> IP). */
    resolve: Map<string, string>;
    ports: Ports;
    /** For a team workload's listener checks: <alb|nlb>:<listener port> -> the port to connect to. */
    listenerPorts: ListenerPorts;
    help: boolean;
}

/** Where the load balancers listen: the stack's listeners, overridable for local stand-ins. */
export interface Ports {
    https: number;
    http: number;
    nlb: number;
}

export const DEFAULT_PORTS: Ports = { https: 443, http: 80, nlb: 80 };

/** `alb:443` -> the local port to connect to instead (--listener-port). */
export type ListenerPorts = Map<string, number>;

export { UsageError };

export const USAGE = `Usage: npm run verify -- --stack <name> [options]
       npm run verify -- --outputs <file.json> [options]

Checks a deployed stack as the seed's exercise does: every instance's greeting appears through
the ALB over HTTPS, HTTP answers 301 to HTTPS, TLS below 1.2 is refused, and every NLB static IP
serves the greeting on TCP:80. For a team workload (stack output workload), every listener that
forwards to the instances answers the workload's health endpoint with the expected status instead,
from every instance when the workload names an instance header. With the stack output frontDoor,
each HTTPS listener's response headers and each authenticated route (302 to the identity provider
or 401 without a session); what it can't reach (an internal ALB from outside its VPC) is SKIPped
with the reason. Retries while a fresh deploy warms up.

Options:
  -s, --stack <name>          read the outputs with \`pulumi stack output --json --stack <name>\`
      --outputs <file>        read the outputs from a file of that JSON instead
      --timeout <seconds>     give up on a check after this long (default 600)
      --request-timeout <s>   one request or TLS handshake (default 10)
      --insecure              do not verify the ALB's certificate (default: verify, unless the
                              stack output albCertificateSelfSigned is true)
      --ca <file>             verify the ALB's certificate against this PEM bundle only
      --resolve <name>=<ip>   connect to <ip> for <name> (repeatable; SNI, Host and the
                              certificate check still use <name>)
      --https-port <n>        the ALB's HTTPS port (default 443)
      --http-port <n>         the ALB's HTTP port (default 80)
      --nlb-port <n>          the NLB's TCP port (default 80)
      --listener-port <lb>:<port>=<n>
                              team workloads: connect to <n> for that listener (alb:443=8443,
                              nlb:443=9443; repeatable; default the listener's own port)
  -h, --help                  show this help

Exit codes: 0 every check passed, 1 a check failed, 2 invalid usage or stack outputs.`;

function seconds(name: string, value: string | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds, got ${value}`);
    return Math.round(n * 1000);
}

function port(name: string, value: string | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--${name} must be a port 1-65535, got ${value}`);
    return n;
}

function listenerPortMap(entries: string[], ports: Ports): ListenerPorts {
    // The greeting's port options stand for the default listeners here too.
    const map: ListenerPorts = new Map([["alb:443", ports.https], ["alb:80", ports.http], ["nlb:80", ports.nlb]]);
    for (const entry of entries) {
        const m = /^(alb|nlb):(\d{1,5})=(\d{1,5})$/.exec(entry);
        if (!m || [m[2], m[3]].some((p) => Number(p) < 1 || Number(p) > 65535)) throw new UsageError(`--listener-port takes <alb|nlb>:<listener port>=<port>, got ${entry}`);
        map.set(`${m[1]}:${Number(m[2])}`, Number(m[3]));
    }
    return map;
}

function resolveMap(entries: string[]): Map<string, string> {
    const map = new Map<string, string>();
    for (const entry of entries) {
        const eq = entry.lastIndexOf("=");
        const [name, ip] = [entry.slice(0, eq), entry.slice(eq + 1)];
        if (eq <= 0 || net.isIP(ip) === 0) throw new UsageError(`--resolve takes <name>=<ip>, got ${entry}`);
        map.set(name.toLowerCase(), ip);
    }
    return map;
}

export function parseArgs(argv: string[]): VerifyArgs {
    const v = parseOptions(argv, {
        stack: { type: "string", short: "s" },
        outputs: { type: "string" },
        timeout: { type: "string" },
        "request-timeout": { type: "string" },
        insecure: { type: "boolean" },
        ca: { type: "string" },
        resolve: { type: "string", multiple: true },
        "https-port": { type: "string" },
        "http-port": { type: "string" },
        "nlb-port": { type: "string" },
        "listener-port": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
    });
    const help = v.help ?? false;
    if (!help && (v.stack === undefined) === (v.outputs === undefined)) throw new UsageError("give exactly one of --stack <name> and --outputs <file>");
    if (v.insecure && v.ca !== undefined) throw new UsageError("--insecure and --ca contradict each other");
    const ports = {
        https: port("https-port", v["https-port"], DEFAULT_PORTS.https),
        http: port("http-port", v["http-port"], DEFAULT_PORTS.http),
        nlb: port("nlb-port", v["nlb-port"], DEFAULT_PORTS.nlb),
    };
    return {
        stack: v.stack,
        outputsFile: v.outputs,
        timeoutMs: seconds("timeout", v.timeout, 600),
        requestTimeoutMs: seconds("request-timeout", v["request-timeout"], 10),
        insecure: v.insecure ?? false,
        caFile: v.ca,
        resolve: resolveMap(v.resolve ?? []),
        ports,
        listenerPorts: listenerPortMap(v["listener-port"] ?? [], ports),
        help,
    };
}
