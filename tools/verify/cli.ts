// `npm run verify`: the seed's acceptance against a deployed stack. Kept free of process globals
// (argv, exit, streams) so tests run it in-process against loopback stand-ins.
import * as fs from "fs";
import * as path from "path";
import { parseArgs, UsageError, USAGE, VerifyArgs } from "./args";
import { albGreetings, healthEndpoint, httpRedirect, nlbGreeting, tlsFloor } from "./checks";
import { Endpoint, TlsTrust } from "./net";
import { OutputsError, readOutputsFile, readStackOutputs, StackOutputs } from "./outputs";
import { Attempt, Backoff, CheckResult, DEFAULT_BACKOFF, retryUntil } from "./retry";

export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
    cwd: string;
}

export interface VerifyOptions {
    backoff?: Backoff;
    /** The Pulumi CLI to run for --stack (tests pass a stand-in). */
    pulumi?: string;
}

interface Trust extends TlsTrust {
    /** For the summary: how the certificate was (or was not) checked, and why. */
    says: string;
}

function trustFor(args: VerifyArgs, outputs: StackOutputs, cwd: string): Trust {
    if (args.insecure) return { verify: false, says: "not verified (--insecure)" };
    if (args.caFile) {
        try {
            return { verify: true, ca: fs.readFileSync(path.resolve(cwd, args.caFile), "utf8"), says: `verified against ${args.caFile}` };
        } catch (e) {
            throw new UsageError(`cannot read --ca ${args.caFile}: ${(e as Error).message}`);
        }
    }
    if (outputs.certificateSelfSigned === true) return { verify: false, says: "not verified: the stack's certificate is self-signed (output albCertificateSelfSigned)" };
    return { verify: true, says: "verified against the system's trusted CAs" };
}

interface NamedCheck {
    name: string;
    attempt: () => Promise<Attempt>;
}

function checksFor(args: VerifyArgs, outputs: StackOutputs, trust: TlsTrust): NamedCheck[] {
    const endpoint = (host: string, port: number): Endpoint => ({ host, port, resolve: args.resolve, timeoutMs: args.requestTimeoutMs });
    const url = new URL(outputs.albUrl);
    const scheme = url.protocol === "https:" ? "https" : "http";
    const alb = endpoint(outputs.albDnsName, scheme === "https" ? args.ports.https : args.ports.http);
    const w = outputs.workload;
    const checks: NamedCheck[] = w.mode === "greeting" ? [{
        name: `alb-${scheme}`,
        attempt: albGreetings({ scheme, endpoint: alb, path: url.pathname, trust, greeting: outputs.greeting, expectedInstances: outputs.expectedInstances }),
    }] : [];
    if (scheme === "https") {
        checks.push({ name: "http-redirect", attempt: httpRedirect(endpoint(outputs.albDnsName, args.ports.http), url.pathname) });
        checks.push({ name: "tls-floor", attempt: tlsFloor(alb) });
    }
    if (w.mode === "greeting") {
        for (const ip of outputs.nlbStaticIps) checks.push({ name: `nlb ${ip}`, attempt: nlbGreeting(endpoint(ip, args.ports.nlb), outputs.greeting) });
        return checks;
    }
    const portOf = (lb: string, port: number) => args.listenerPorts.get(`${lb}:${port}`) ?? port;
    for (const c of w.checks) {
        const common = { scheme: c.scheme, path: c.path, expectedStatus: c.expectedStatus, instanceHeader: c.instanceHeader };
        if (c.loadBalancer === "alb") {
            // Through the ALB every instance of the group answers in turn: all of them must.
            checks.push({ name: `alb ${c.listener} ${c.path}`, attempt: healthEndpoint({ ...common, endpoint: endpoint(outputs.albDnsName, portOf("alb", c.port)), trust, expectedInstances: outputs.expectedInstances }) });
        } else {
            // An address of the NLB (by IP, so no name to check a certificate against): the
            // instances it reaches answer; with cross-zone off, only those of its AZ.
            for (const ip of outputs.nlbStaticIps) {
                checks.push({ name: `nlb ${ip} ${c.listener} ${c.path}`, attempt: healthEndpoint({ ...common, endpoint: endpoint(ip, portOf("nlb", c.port)), trust: { verify: false }, expectedInstances: 0 }) });
            }
        }
    }
    return checks;
}

function summary(results: CheckResult[], trust: Trust, scheme: string): string {
    const width = Math.max(...results.map((r) => r.name.length));
    const lines = results.map((r) => `  ${r.passed ? "PASS" : "FAIL"}  ${r.name.padEnd(width)}  ${r.detail}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ""}`);
    const failed = results.filter((r) => !r.passed).length;
    return [
        "",
        "Summary:",
        ...lines,
        scheme === "https" ? `  certificate: ${trust.says}` : "  no HTTPS listener (albUrl is http): redirect and TLS checks do not apply",
        failed === 0 ? `${results.length} of ${results.length} checks passed` : `FAILED: ${failed} of ${results.length} checks failed`,
        "",
    ].join("\n");
}

async function loadOutputs(args: VerifyArgs, io: Io, options: VerifyOptions): Promise<StackOutputs> {
    if (args.outputsFile) return readOutputsFile(path.resolve(io.cwd, args.outputsFile));
    return readStackOutputs(args.stack as string, io.cwd, options.pulumi);
}

export async function main(argv: string[], io: Io, options: VerifyOptions = {}): Promise<number> {
    try {
        const args = parseArgs(argv);
        if (args.help) {
            io.stdout(`${USAGE}\n`);
            return EXIT.ok;
        }
        const outputs = await loadOutputs(args, io, options);
        const trust = trustFor(args, outputs, io.cwd);
        const checks = checksFor(args, outputs, trust);
        io.stdout(`Verifying ${args.stack ? `stack ${args.stack}` : args.outputsFile}: ALB ${outputs.albDnsName} (${outputs.expectedInstances} instances), `
            + `NLB static IPs ${outputs.nlbStaticIps.join(", ")}, ${outputs.workload.mode === "greeting" ? "the greeting" : `the ${outputs.workload.mode} workload's health endpoints`}; giving up after ${args.timeoutMs / 1000} s\n`);
        const deadline = Date.now() + args.timeoutMs;
        const progress = (line: string) => io.stdout(`${line}\n`);
        // In parallel: they share the deadline, and one slow check must not starve the others.
        const results = await Promise.all(checks.map(async (c) => {
            const r = await retryUntil(c.name, c.attempt, deadline, options.backoff ?? DEFAULT_BACKOFF, progress);
            progress(`[${c.name}] ${r.passed ? "ok" : "FAILED"}: ${r.detail}`);
            return r;
        }));
        io.stdout(summary(results, trust, new URL(outputs.albUrl).protocol === "https:" ? "https" : "http"));
        return results.every((r) => r.passed) ? EXIT.ok : EXIT.failed;
    } catch (e) {
        if (e instanceof UsageError) {
            io.stderr(`error: ${e.message}\n\n${USAGE}\n`);
            return EXIT.invalid;
        }
        if (e instanceof OutputsError) {
            io.stderr(`${e.message}\n`);
            return EXIT.invalid;
        }
        throw e;
    }
}
