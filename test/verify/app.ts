// A stand-in instance of a team workload: the payments example's user data (examples/payments-api)
// rendered by the program, run through bash as cloud-init would (dnf, curl to the metadata service
// and systemctl stubbed, its instance paths moved into a temp directory), then every unit it
// enabled started the way systemd would start it (the unit's Environment= and ExecStart= lines,
// %i the port), with a stand-in `aws` CLI answering only the reads the instance role allows.
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { teamUserData, TemplateValues, WorkloadConfig } from "../../infra/config/workload";

export const PAYMENTS_USER_DATA = "examples/payments-api/user-data.sh";
const INSTANCE_PATHS = { app: "/opt/payments-api", units: "/etc/systemd/system" } as const;

export interface AppInstance {
    instanceId: string;
    dir: string;
    /** The units systemctl was asked to enable and start, in order. */
    started: string[];
    stop(): Promise<void>;
}

export interface AppInstanceArgs {
    instanceId: string;
    values: TemplateValues;
    /** What the stand-in `aws` answers: the settings under each parameter path; false: access denied. */
    parameters: Record<string, Record<string, string>> | false;
}

/** The rendered user data, as the program hands it to EC2. */
export function paymentsUserData(values: TemplateValues): string {
    const w: Extract<WorkloadConfig, { mode: "userData" }> = { mode: "userData", userData: PAYMENTS_USER_DATA, serves: values.ports.map((port) => ({ port, protocol: "HTTP", healthPath: "/healthz" })) };
    const r = teamUserData(w, values);
    if (!r.ok) throw new Error(r.problems.join("; "));
    return r.userData.text;
}

/** A stand-in AWS CLI: answers exactly the calls the app makes for the allowed names, in the stack's region. */
function fakeAws(dir: string, a: AppInstanceArgs): string {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const answers: Record<string, unknown> = {};
    const region = a.values.region;
    if (a.parameters !== false) {
        for (const [p, settings] of Object.entries(a.parameters)) {
            answers[`ssm get-parameters-by-path --path ${p} --recursive --with-decryption --region ${region} --output json`] = { Parameters: Object.entries(settings).map(([k, v]) => ({ Name: `${p}${k}`, Value: v, Type: "SecureString" })) };
        }
        for (const s of a.values.secrets) answers[`secretsmanager get-secret-value --secret-id ${s} --region ${region} --output json`] = { Name: s, SecretString: "{\"password\":\"not-in-user-data\"}" };
    }
    const file = path.join(bin, "aws");
    fs.writeFileSync(path.join(dir, "aws-answers.json"), JSON.stringify(answers));
    fs.writeFileSync(file, `#!/usr/bin/env node
const answers = require(${JSON.stringify(path.join(dir, "aws-answers.json"))});
const answer = answers[process.argv.slice(2).join(" ")];
if (answer === undefined) { console.error("An error occurred (AccessDeniedException): not allowed: " + process.argv.slice(2).join(" ")); process.exit(254); }
console.log(JSON.stringify(answer));
`, { mode: 0o755 });
    return bin;
}

function relocate(userData: string, dir: string): string {
    let script = userData;
    for (const [key, instancePath] of Object.entries(INSTANCE_PATHS)) {
        if (!script.includes(instancePath)) throw new Error(`the user data no longer writes ${instancePath}`);
        script = script.split(instancePath).join(path.join(dir, key));
    }
    return script;
}

/** Environment= lines of a unit (quoted or not), and its ExecStart. */
function parseUnit(text: string): { env: Record<string, string>; execStart: string } {
    const env: Record<string, string> = {};
    let execStart = "";
    for (const line of text.split("\n")) {
        const m = /^Environment=(?:"([^"]*)"|(\S*))$/.exec(line);
        if (m) {
            const assignment = m[1] ?? m[2];
            const eq = assignment.indexOf("=");
            env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
        }
        if (line.startsWith("ExecStart=")) execStart = line.slice("ExecStart=".length);
    }
    return { env, execStart };
}

function canConnect(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const s = net.connect({ host: "127.0.0.1", port }, () => { s.destroy(); resolve(true); });
        s.on("error", () => resolve(false));
    });
}

let python: string | undefined;
/** The interpreter itself: a version manager's shim (pyenv) would put its own bin, with a real
 * aws CLI, in front of the stand-in's PATH. */
function pythonBinary(): string {
    python ??= execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
    return python;
}

export async function startAppInstance(a: AppInstanceArgs): Promise<AppInstance> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-app-"));
    for (const key of Object.keys(INSTANCE_PATHS)) fs.mkdirSync(path.join(dir, key));
    const log = path.join(dir, "systemctl.log");
    const stubs = [
        "dnf() { :; }",
        `systemctl() { echo "$*" >> ${log}; }`,
        // IMDSv2: a token, then the instance ID with it.
        `curl() { case "$*" in *latest/api/token*) echo token-1;; *"X-aws-ec2-metadata-token: token-1"*meta-data/instance-id*) echo ${a.instanceId};; *) return 22;; esac; }`,
    ].join("\n");
    execFileSync("bash", ["-s"], { input: `${stubs}\n${relocate(paymentsUserData(a.values), dir)}`, stdio: ["pipe", "ignore", "inherit"] });
    const started = fs.readFileSync(log, "utf8").split("\n").filter((l) => l.startsWith("enable --now ")).map((l) => l.slice("enable --now ".length));
    const unitFile = path.join(dir, "units", "payments-api@.service");
    const unit = parseUnit(fs.readFileSync(unitFile, "utf8"));
    const bin = fakeAws(dir, a);
    const children: ChildProcess[] = [];
    const ports: number[] = [];
    for (const u of started) {
        const port = /^payments-api@(\d+)\.service$/.exec(u)?.[1];
        if (!port) throw new Error(`unexpected unit ${u}`);
        ports.push(Number(port));
        // The unit's command line for this instance of the template; python3.11 is what the user
        // data installs on the instance, python3 is what this machine has. Loopback only here.
        const argv = unit.execStart.replace(/%i/g, port).split(" ");
        if (argv[0] !== "/usr/bin/python3.11") throw new Error(`unexpected ExecStart ${unit.execStart}`);
        const child = spawn(pythonBinary(), [...argv.slice(1), "--bind", "127.0.0.1"], { env: { ...unit.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` }, stdio: ["ignore", "ignore", fs.openSync(path.join(dir, `app-${port}.log`), "w")] });
        children.push(child);
    }
    const deadline = Date.now() + 10000;
    while (!(await Promise.all(ports.map(canConnect))).every(Boolean)) {
        if (Date.now() > deadline || children.some((c) => c.exitCode !== null)) {
            children.forEach((c) => c.kill("SIGKILL"));
            throw new Error(`payments-api did not listen on ${ports.join(", ")}`);
        }
        await new Promise((r) => setTimeout(r, 25));
    }
    return {
        instanceId: a.instanceId,
        dir,
        started,
        stop: async () => {
            await Promise.all(children.map((c) => new Promise<void>((r) => {
                if (c.exitCode !== null || c.signalCode !== null) return r();
                c.once("exit", () => r());
                c.kill("SIGKILL");
            })));
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
