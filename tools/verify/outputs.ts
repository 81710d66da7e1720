// The stack outputs verify relies on, read from `pulumi stack output --json` or a file of it.
import { execFile } from "child_process";
import * as fs from "fs";
import type { ListenerHealthCheck } from "../../infra/config";
import { FrontDoorOutput, parseFrontDoor } from "./frontdoor";

export interface StackOutputs {
    /** https://<ALB DNS name>/ (http:// when the stack has no HTTPS listener). */
    albUrl: string;
    albDnsName: string;
    nlbStaticIps: string[];
    /** How many distinct hosts must answer: `expectedInstances`, else the number of `instanceIds`. */
    expectedInstances: number;
    greeting: string;
    /** The stack's `albCertificateSelfSigned` output; undefined when the stack has none. */
    certificateSelfSigned?: boolean;
    /** The `workload` output: the greeting (also for stacks older than the output), or a team
     * workload with, per listener, the health endpoint to ask and the status to expect. */
    workload: WorkloadChecks;
    /** The `frontDoor` output (response headers, authenticated routes, internal ALB); undefined for older stacks. */
    frontDoor?: FrontDoorOutput;
}

export type WorkloadChecks = { mode: "greeting" } | { mode: "userData" | "ami"; checks: ListenerHealthCheck[] };

/** The outputs are missing or malformed, or could not be read: exit code 2. */
export class OutputsError extends Error {
    constructor(readonly problems: string[]) {
        super(`Unusable stack outputs:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "OutputsError";
    }
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function expectedInstances(o: Record<string, unknown>, problems: string[]): number {
    if (o.expectedInstances !== undefined) {
        const n = o.expectedInstances;
        if (typeof n === "number" && Number.isInteger(n) && n >= 1) return n;
        problems.push(`expectedInstances must be a whole number of at least 1, got ${JSON.stringify(n)}`);
        return 0;
    }
    if (isStringArray(o.instanceIds) && o.instanceIds.length > 0) return o.instanceIds.length;
    problems.push("instanceIds must be a non-empty list of instance IDs (or give expectedInstances)");
    return 0;
}

function url(o: Record<string, unknown>, problems: string[]): string {
    const value = o.albUrl;
    if (typeof value === "string" && /^https?:\/\/[^/]+\/?/.test(value)) return value;
    problems.push(`albUrl must be an http(s):// URL, got ${JSON.stringify(value)}`);
    return "";
}

function listenerCheck(v: unknown, i: number, problems: string[]): ListenerHealthCheck | undefined {
    const at = `workload.checks[${i}]`;
    if (typeof v !== "object" || v === null) {
        problems.push(`${at} must be an object, got ${JSON.stringify(v)}`);
        return undefined;
    }
    const c = v as Record<string, unknown>;
    const before = problems.length;
    if (c.loadBalancer !== "alb" && c.loadBalancer !== "nlb") problems.push(`${at}.loadBalancer must be alb or nlb, got ${JSON.stringify(c.loadBalancer)}`);
    if (c.scheme !== "http" && c.scheme !== "https") problems.push(`${at}.scheme must be http or https, got ${JSON.stringify(c.scheme)}`);
    if (!(Number.isInteger(c.port) && (c.port as number) >= 1 && (c.port as number) <= 65535)) problems.push(`${at}.port must be a port, got ${JSON.stringify(c.port)}`);
    if (typeof c.path !== "string" || !c.path.startsWith("/")) problems.push(`${at}.path must be a path starting with /, got ${JSON.stringify(c.path)}`);
    if (!(Number.isInteger(c.expectedStatus) && (c.expectedStatus as number) >= 100 && (c.expectedStatus as number) <= 599)) problems.push(`${at}.expectedStatus must be an HTTP status, got ${JSON.stringify(c.expectedStatus)}`);
    for (const k of ["listener", "targetGroup"]) if (typeof c[k] !== "string") problems.push(`${at}.${k} must be a string, got ${JSON.stringify(c[k])}`);
    if (c.instanceHeader !== undefined && typeof c.instanceHeader !== "string") problems.push(`${at}.instanceHeader must be a header name, got ${JSON.stringify(c.instanceHeader)}`);
    return problems.length === before ? (c as unknown as ListenerHealthCheck) : undefined;
}

function workloadChecks(o: Record<string, unknown>, problems: string[]): WorkloadChecks {
    const w = o.workload;
    if (w === undefined) return { mode: "greeting" };
    const mode = (w as { mode?: unknown } | null)?.mode;
    if (mode === "greeting") return { mode };
    if (mode !== "userData" && mode !== "ami") {
        problems.push(`workload.mode must be greeting, userData or ami, got ${JSON.stringify(mode)}`);
        return { mode: "greeting" };
    }
    const list = (w as { checks?: unknown }).checks;
    if (!Array.isArray(list) || list.length === 0) {
        problems.push(`workload.checks must list the listeners' health endpoints for a ${mode} workload, got ${JSON.stringify(list)}; forward a listener to an instance group whose port serves HTTP or HTTPS`);
        return { mode, checks: [] };
    }
    return { mode, checks: list.map((c, i) => listenerCheck(c, i, problems)).filter((c): c is ListenerHealthCheck => c !== undefined) };
}

/** Checks the outputs' shape and names every problem at once. */
export function parseOutputs(json: unknown): StackOutputs {
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw new OutputsError(["the outputs must be a JSON object of output name to value"]);
    const o = json as Record<string, unknown>;
    const problems: string[] = [];
    const str = (key: string): string => {
        if (typeof o[key] === "string" && o[key] !== "") return o[key] as string;
        problems.push(`${key} must be a non-empty string, got ${JSON.stringify(o[key])}`);
        return "";
    };
    const albUrl = url(o, problems);
    const albDnsName = str("albDnsName");
    const workload = workloadChecks(o, problems);
    const greeting = workload.mode === "greeting" ? str("greeting") : typeof o.greeting === "string" ? o.greeting : "";
    if (!isStringArray(o.nlbStaticIps) || o.nlbStaticIps.length === 0) problems.push(`nlbStaticIps must be a non-empty list of IP addresses, got ${JSON.stringify(o.nlbStaticIps)}`);
    const expected = expectedInstances(o, problems);
    const frontDoor = parseFrontDoor(o.frontDoor, problems);
    const selfSigned = o.albCertificateSelfSigned;
    if (selfSigned !== undefined && typeof selfSigned !== "boolean") problems.push(`albCertificateSelfSigned must be true or false, got ${JSON.stringify(selfSigned)}`);
    if (albUrl && albDnsName && new URL(albUrl).hostname.toLowerCase() !== albDnsName.toLowerCase()) problems.push(`albUrl ${albUrl} is not on albDnsName ${albDnsName}`);
    if (problems.length > 0) throw new OutputsError(problems);
    return {
        albUrl,
        albDnsName,
        nlbStaticIps: o.nlbStaticIps as string[],
        expectedInstances: expected,
        greeting,
        certificateSelfSigned: selfSigned as boolean | undefined,
        workload,
        ...(frontDoor ? { frontDoor } : {}),
    };
}

function parseJson(text: string, source: string): unknown {
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new OutputsError([`${source} is not JSON: ${(e as Error).message}`]);
    }
}

export function readOutputsFile(file: string): StackOutputs {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new OutputsError([`cannot read ${file}: ${(e as Error).message}`]);
    }
    return parseOutputs(parseJson(text, file));
}

/** Runs the Pulumi CLI in `cwd` (the project directory): it needs a backend login, not AWS. */
export function readStackOutputs(stack: string, cwd: string, pulumi = "pulumi"): Promise<StackOutputs> {
    return new Promise((resolve, reject) => {
        execFile(pulumi, ["stack", "output", "--json", "--stack", stack], { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
            if (err) {
                const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "the Pulumi CLI is not on PATH (or pass --outputs <file>)" : stderr.trim() || err.message;
                reject(new OutputsError([`\`pulumi stack output --json --stack ${stack}\` failed: ${why}`]));
                return;
            }
            try {
                resolve(parseOutputs(parseJson(stdout, `the output of \`pulumi stack output --json --stack ${stack}\``)));
            } catch (e) {
                reject(e);
            }
        });
    });
}
