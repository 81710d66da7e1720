// `npm run verify`: the seed's acceptance against a deployed stack. Kept free of process globals
// (argv, exit, streams) so tests run it in-process against loopback stand-ins.
import * as fs from "fs";
import * as path from "path";
import { Io } from "../engine/entry";
import { parseArgs, UsageError, USAGE, VerifyArgs } from "./args";
import { albGreetings, healthEndpoint, httpRedirect, nlbGreeting, tlsFloor } from "./checks";
import { authenticatedRoute, authRoutes, responseHeaders } from "./frontdoor";
import { Endpoint, reachable, TlsTrust } from "./net";
import { OutputsError, readOutputsFile, readStackOutputs, StackOutputs } from "./outputs";
import { Attempt, Backoff, CheckResult, DEFAULT_BACKOFF, retryUntil } from "./retry";

export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

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
    /** An ALB check (skipped together when an internal ALB is out of reach). */
    alb?: boolean;
    /** Not run, and why. */
    skip?: string;
}

const SKIP = async (): Promise<Attempt> => ({ status: "pass", detail: "" });

/** Response headers of each HTTPS listener and the authenticated routes, from the frontDoor output. */
function frontDoorChecks(args: VerifyArgs, outputs: StackOutputs, trust: TlsTrust, endpoint: (host: string, port: number) => Endpoint, path: string): NamedCheck[] {
    const checks: NamedCheck[] = [];
    for (const l of outputs.frontDoor?.albListeners ?? []) {
        if (l.protocol !== "HTTPS") continue;
        const port = l.port === 443 ? args.ports.https : args.listenerPorts.get(`alb:${l.port}`) ?? l.port;
        const e = endpoint(outputs.albDnsName, port);
        if (l.responseHeaders || l.serverRemoved) checks.push({ name: `headers HTTPS:${l.port}`, attempt: responseHeaders(e, l, path, trust), alb: true });
        for (const r of authRoutes(l, outputs.albDnsName)) {
            checks.push(r.skip ? { name: r.name, attempt: SKIP, alb: true, skip: r.skip } : { name: r.name, attempt: authenticatedRoute(e, r, trust), alb: true });
        }
    }
    return checks;
}

function checksFor(args: VerifyArgs, outputs: StackOutputs, trust: TlsTrust): NamedCheck[] {
    const endpoint = (host: string, port: number): Endpoint => ({ host, port, resolve: args.resolve, timeoutMs: args.requestTimeoutMs });
    const url = new URL(outputs.albUrl);
    const scheme = url.protocol === "https:" ? "https" : "http";
    const alb = endpoint(outputs.albDnsName, scheme === "https" ? args.ports.https : args.ports.http);
    const w = outputs.workload;
    // The greeting behind an authenticated default action needs credentials verify has not got.
    const front = outputs.frontDoor?.albListeners.find((l) => l.protocol === (scheme === "https" ? "HTTPS" : "HTTP") && l.port === (scheme === "https" ? 443 : 80));
    const guarded = front?.defaultAuthenticate && front.defaultAuthenticate.onUnauthenticatedRequest !== "allow" ? front.defaultAuthenticate.type : undefined;
    const checks: NamedCheck[] = w.mode === "greeting" ? [{
        name: `alb-${scheme}`,
        attempt: guarded ? SKIP : albGreetings({ scheme, endpoint: alb, path: url.pathname, trust, greeting: outputs.greeting, expectedInstances: outputs.expectedInstances }),
        alb: true,
        ...(guarded ? { skip: `the listener's default action authenticates (${guarded}) and verify has no credentials; the auth check below covers it` } : {}),
    }] : [];
    if (scheme === "https") {
        checks.push({ name: "http-redirect", attempt: httpRedirect(endpoint(outputs.albDnsName, args.ports.http), url.pathname), alb: true });
        checks.push({ name: "tls-floor", attempt: tlsFloor(alb), alb: true });
        checks.push(...frontDoorChecks(args, outputs, trust, endpoint, url.pathname));
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
            checks.push({ name: `alb ${c.listener} ${c.path}`, attempt: healthEndpoint({ ...common, endpoint: endpoint(outputs.albDnsName, portOf("alb", c.port)), trust, expectedInstances: outputs.expectedInstances }), alb: true });
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

type Result = CheckResult & { skipped?: boolean };

function summary(results: Result[], trust: Trust, scheme: string): string {
    const width = Math.max(...results.map((r) => r.name.length));
    const lines = results.map((r) => `  ${r.skipped ? "SKIP" : r.passed ? "PASS" : "FAIL"}  ${r.name.padEnd(width)}  ${r.detail}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ""}`);
    const failed = results.filter((r) => !r.passed).length;
    const skipped = results.filter((r) => r.skipped).length;
    return [
        "",
        "Summary:",
        ...lines,
        scheme === "https" ? `  certificate: ${trust.says}` : "  no HTTPS listener (albUrl is http): redirect and TLS checks do not apply",
        ...(skipped > 0 ? [`  ${skipped} check(s) skipped (SKIP: not checked, and why)`] : []),
        failed === 0 ? `${results.length - skipped} of ${results.length - skipped} checks passed` : `FAILED: ${failed} of ${results.length} checks failed`,
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
        // An internal ALB answers only inside its VPC: say so instead of timing out check by check.
        if (outputs.frontDoor?.albInternal) {
            const url = new URL(outputs.albUrl);
            const port = url.protocol === "https:" ? args.ports.https : args.ports.http;
            const probe = await reachable({ host: outputs.albDnsName, port, resolve: args.resolve, timeoutMs: args.requestTimeoutMs });
            if (probe !== true) {
                for (const c of checks.filter((x) => x.alb && !x.skip)) c.skip = `the ALB is internal (scheme internal): reachable only from inside its VPC, and ${outputs.albDnsName}:${port} is not from here (${probe}); run verify from inside the VPC (an instance, a bastion or a VPN)`;
            }
        }
        io.stdout(`Verifying ${args.stack ? `stack ${args.stack}` : args.outputsFile}: ALB ${outputs.albDnsName} (${outputs.expectedInstances} instances), `
            + `NLB static IPs ${outputs.nlbStaticIps.join(", ")}, ${outputs.workload.mode === "greeting" ? "the greeting" : `the ${outputs.workload.mode} workload's health endpoints`}; giving up after ${args.timeoutMs / 1000} s\n`);
        const deadline = Date.now() + args.timeoutMs;
        const progress = (line: string) => io.stdout(`${line}\n`);
        // In parallel: they share the deadline, and one slow check must not starve the others.
        const results = await Promise.all(checks.map(async (c): Promise<Result> => {
            if (c.skip) {
                progress(`[${c.name}] skipped: ${c.skip}`);
                return { name: c.name, passed: true, skipped: true, detail: c.skip, attempts: 0 };
            }
            const r = await retryUntil(c.name, c.attempt, deadline, options.backoff ?? DEFAULT_BACKOFF, progress);
            progress(`[${c.name}] ${r.passed ? "ok" : "FAILED"}: ${r.detail}`);
            return r;
        }));
        io.stdout(summary(results, trust, new URL(outputs.albUrl).protocol === "https:" ? "https" : "http"));
        // Nothing verified is no pass: every check skipped (an internal ALB from outside its VPC) exits 1.
        if (results.every((r) => r.skipped)) {
            io.stdout("nothing verified: every check was skipped (see SKIP above)\n");
            return EXIT.failed;
        }
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
