// `npm run twin`: a stack's traffic path on this machine (see README.md, "A local twin of the
// traffic path"). Without --check it stays up until interrupted and prints how to reach it; with
// --check it runs every check, tears down and exits with the verdict.
import * as path from "path";
import { Io, parseOptions, UsageError } from "../engine/entry";
import { checkTwin, report, verifyArgs } from "./check";
import { startTwin, Twin } from "./up";

export const USAGE = `Usage: npm run twin -- --stack <name> [--check] [--time-scale <n>] [--keep]

Brings the stack's traffic path up on loopback addresses from its offline plan: httpd instances
configured by the rendered user data (or stand-ins for a team workload, IP and Lambda targets),
HAProxy as the ALB and the NLB, a local CA issuing the stack's certificate names.

Options:
  -s, --stack <name>      the stack (Pulumi.<name>.yaml)
      --check             run the health, certificate, NLB, per-rule and verify checks, tear
                          down and exit 0 (all passed) or 1
      --time-scale <n>    run health checks n times faster than AWS (default 1; --check: 30)
      --keep              keep the working directory (HAProxy config, certificates) for a look
  -h, --help              show this help

Exit codes: 0 passed (or interrupted), 1 a check failed, 2 invalid usage or stack config.`;

export interface TwinCliOptions {
    projectDir?: string;
    /** Stop an interactive twin when this resolves (tests); default: SIGINT/SIGTERM. */
    until?: Promise<void>;
}

function endpoints(t: Twin): string {
    const lines = ["Twin endpoints (loopback only; the public names resolve here for these clients alone):"];
    for (const tl of t.listeners) {
        const l = tl.listener;
        lines.push(`  ${l.loadBalancer} ${l.protocol}:${l.port} -> ${tl.addresses.map((a) => `${a}:${tl.port}`).join(", ")}  (${tl.names.join(", ")})`);
    }
    const https = t.listeners.find((x) => x.listener.protocol === "HTTPS");
    if (https) {
        const name = https.names[0];
        lines.push("", "Try:", `  curl --cacert ${t.caFile} --resolve ${name}:${https.port}:${https.address} https://${name}:${https.port}/`);
    }
    const v = verifyArgs(t);
    lines.push("", "argv" in v ? `Verify:\n  npm run verify -- ${v.argv.join(" ")}` : `Verify: not applicable: ${v.skip}`);
    lines.push("", `CA: ${t.caFile}`, ...t.notes.map((n) => `note: ${n}`));
    return `${lines.join("\n")}\n`;
}

export async function main(argv: string[], io: Io, options: TwinCliOptions = {}): Promise<number> {
    let v;
    try {
        v = parseOptions(argv, {
            stack: { type: "string", short: "s" },
            check: { type: "boolean" },
            "time-scale": { type: "string" },
            keep: { type: "boolean" },
            help: { type: "boolean", short: "h" },
        });
        if (v.help) { io.stdout(`${USAGE}\n`); return 0; }
        if (!v.stack) throw new UsageError("--stack <name> is required");
        if (v["time-scale"] !== undefined && !(Number(v["time-scale"]) >= 1)) throw new UsageError(`--time-scale must be a number >= 1, got ${v["time-scale"]}`);
    } catch (e) {
        if (e instanceof UsageError) { io.stderr(`error: ${e.message}\n\n${USAGE}\n`); return 2; }
        throw e;
    }
    const projectDir = options.projectDir ?? path.resolve(__dirname, "..", "..");
    let twin: Twin;
    try {
        twin = await startTwin({ projectDir, stack: v.stack, timeScale: Number(v["time-scale"] ?? (v.check ? 30 : 1)), keep: v.keep });
    } catch (e) {
        const name = (e as Error).name;
        if (name === "ConfigError" || name === "StackConfigError") { io.stderr(`${(e as Error).message}\n`); return 2; }
        throw e;
    }
    try {
        io.stdout(endpoints(twin));
        if (v.check) {
            const findings = await checkTwin(twin);
            io.stdout(`${report(findings)}\n`);
            return findings.every((f) => f.passed) ? 0 : 1;
        }
        io.stdout("Up. Ctrl-C tears it down.\n");
        await (options.until ?? new Promise<void>((resolve) => { process.once("SIGINT", () => resolve()); process.once("SIGTERM", () => resolve()); }));
        return 0;
    } finally {
        await twin.stop();
    }
}
