// `npm run verify` against loopback stand-ins: two real httpd instances configured by the user
// data itself, a Node ALB and NLB in front of them. It passes on a healthy tier and fails on each
// fault the seed's acceptance must catch.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderUserData } from "../../infra/web";
import { SEED_GREETING } from "../../infra/config";
import { main } from "../../tools/verify/cli";
import { freePort, Httpd, startHttpd } from "./httpd";
import { AlbStandIn, AlbStandInArgs, Backend, Running, selfSignedCert, startAlb, startNlb } from "./standins";

const ALB_DNS = "web-alb-1234567890.ap-northeast-2.elb.amazonaws.com";
const NLB_DNS = "web-nlb-0123456789abcdef.elb.ap-northeast-2.amazonaws.com";
const ALB_IP = "127.0.0.2";
const STATIC_IPS = ["127.0.0.3", "127.0.0.4"];
// Bash and HTML both get a go at this one: httpd must serve it escaped, byte for byte.
const GREETING = `${SEED_GREETING} <b>"$HOME"</b> & \`id\``;
const FAST = { backoff: { initialMs: 50, maxMs: 200 } };

interface Instance {
    httpd: Httpd;
    /** TG-ALB's port (plain HTTP) and TG-NLB's (proxy protocol v2) on this instance. */
    albPort: number;
    nlbPort: number;
}

/** Each instance on its own ports: two httpds share one loopback, not one port. */
async function startInstance(hostname: string): Promise<Instance> {
    const [albPort, nlbPort] = [await freePort(), await freePort()];
    const userData = renderUserData({ greeting: GREETING, ports: [albPort, nlbPort], proxyProtocolPorts: [nlbPort] });
    return { httpd: await startHttpd(userData, hostname, [albPort, nlbPort]), albPort, nlbPort };
}

interface Run {
    code: number;
    out: string;
    err: string;
}

async function verify(argv: string[], pulumi?: string): Promise<Run> {
    let out = "";
    let err = "";
    const io = { stdout: (t: string) => { out += t; }, stderr: (t: string) => { err += t; }, cwd: process.cwd() };
    const code = await main(argv, io, { ...FAST, pulumi });
    return { code, out, err };
}

/** The summary line of one check. */
const line = (run: Run, check: string) => run.out.split("\n").find((l) => new RegExp(`^  (PASS|FAIL)  ${check}\\b`).test(l)) ?? "";

describe("verify against loopback stand-ins", function () {
    this.timeout(15000);
    let dir: string;
    let tls: { key: string; cert: string; certFile: string };
    let instances: Instance[];
    const running: { close(): Promise<void> }[] = [];

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-test-"));
        tls = selfSignedCert(dir);
        instances = await Promise.all([startInstance("ip-10-0-1-11.ap-northeast-2.compute.internal"), startInstance("ip-10-0-2-22.ap-northeast-2.compute.internal")]);
    });
    afterEach(async () => {
        await Promise.all(running.splice(0).map((r) => r.close()));
    });
    after(async () => {
        await Promise.all((instances ?? []).map((i) => i.httpd.stop()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const albBackends = (): Backend[] => instances.map((i) => ({ host: "127.0.0.1", port: i.albPort }));
    const nlbBackends = (): Backend[] => instances.map((i) => ({ host: "127.0.0.1", port: i.nlbPort }));

    interface Tier {
        alb?: Partial<AlbStandInArgs>;
        silent?: string[];
        outputs?: Record<string, unknown>;
    }

    /** Starts the load balancers and writes the stack outputs; returns verify's arguments. */
    async function tier(t: Tier = {}): Promise<{ args: string[]; outputsFile: string; alb: AlbStandIn; nlb: Running }> {
        const alb = await startAlb({ address: ALB_IP, backends: albBackends(), key: tls.key, cert: tls.cert, ...t.alb });
        const nlb = await startNlb({ addresses: STATIC_IPS, backends: nlbBackends(), proxyProtocolV2: true, silent: t.silent });
        running.push(alb, nlb);
        const outputs = {
            albUrl: `https://${ALB_DNS}/`, albDnsName: ALB_DNS, nlbDnsName: NLB_DNS, nlbStaticIps: STATIC_IPS,
            instanceIds: ["i-0123456789abcdef0", "i-0fedcba9876543210"], greeting: GREETING, albCertificateSelfSigned: true, ...t.outputs,
        };
        const outputsFile = path.join(dir, `outputs-${alb.httpsPort}.json`);
        fs.writeFileSync(outputsFile, JSON.stringify(outputs));
        const args = ["--resolve", `${ALB_DNS}=${ALB_IP}`, "--https-port", `${alb.httpsPort}`, "--http-port", `${alb.httpPort}`, "--nlb-port", `${nlb.port}`,
            "--timeout", "0.4", "--request-timeout", "0.2"];
        return { args, outputsFile, alb, nlb };
    }

    it("passes a healthy tier: both instances through HTTPS, the redirect, the TLS floor, every static IP", async () => {
        const t = await tier();
        const run = await verify([...t.args, "--outputs", t.outputsFile]);
        expect(run.code, run.out + run.err).to.equal(0);
        expect(line(run, "alb-https")).to.match(/PASS .*2 of 2 instances \(ip-10-0-1-11\.\S+, ip-10-0-2-22\.\S+\) over TLSv1\.3/);
        expect(line(run, "http-redirect")).to.contain(`PASS  http-redirect  301 to https://${ALB_DNS}:443/`);
        expect(line(run, "tls-floor")).to.match(/PASS .*TLSv1 refused \(ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION\), TLSv1\.1 refused/);
        for (const ip of STATIC_IPS) expect(line(run, `nlb ${ip}`)).to.match(/PASS .*greeting from ip-10-0-\d-\d\d\./);
        expect(run.out).to.contain("certificate: not verified: the stack's certificate is self-signed (output albCertificateSelfSigned)");
        expect(run.out).to.contain("5 of 5 checks passed");
    });

    it("reads the outputs from `pulumi stack output --json --stack <name>`", async () => {
        const t = await tier();
        const fake = path.join(dir, "pulumi");
        // Answers only the exact command verify must run.
        fs.writeFileSync(fake, `#!/bin/bash\n[ "$*" = "stack output --json --stack dev" ] || { echo "unexpected: $*" >&2; exit 1; }\ncat '${t.outputsFile}'\n`, { mode: 0o755 });
        const run = await verify([...t.args, "--stack", "dev"], fake);
        expect(run.code, run.out + run.err).to.equal(0);
        expect(run.out).to.contain("Verifying stack dev");
    });

    it("verifies the certificate when the stack does not say it is self-signed: untrusted fails at once, a given CA passes", async () => {
        const t = await tier({ outputs: { albCertificateSelfSigned: undefined } });
        const untrusted = await verify([...t.args, "--outputs", t.outputsFile, "--timeout", "30"]);
        expect(untrusted.code).to.equal(1);
        expect(line(untrusted, "alb-https")).to.match(/FAIL .*certificate not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
        expect(untrusted.out).to.contain("certificate: verified against the system's trusted CAs");
        const withCa = await verify([...t.args, "--outputs", t.outputsFile, "--ca", tls.certFile]);
        expect(withCa.code, withCa.out).to.equal(0);
        expect(withCa.out).to.contain(`certificate: verified against ${tls.certFile}`);
        const insecure = await verify([...t.args, "--outputs", t.outputsFile, "--insecure"]);
        expect(insecure.code, insecure.out).to.equal(0);
        expect(insecure.out).to.contain("certificate: not verified (--insecure)");
    });

    it("fails when one instance is down: only one host name comes back", async () => {
        const dead = await startInstance("ip-10-0-3-33.ap-northeast-2.compute.internal");
        await dead.httpd.stop();
        const t = await tier({ alb: { backends: [albBackends()[0], { host: "127.0.0.1", port: dead.albPort }] } });
        const run = await verify([...t.args, "--outputs", t.outputsFile]);
        expect(run.code).to.equal(1);
        expect(line(run, "alb-https"), run.out).to.match(/FAIL .*gave up: 1 of 2 instances \(ip-10-0-1-11\.\S+\) so far; \d+× HTTP 502/);
        expect(run.out).to.match(/\[alb-https\] attempt 1: 1 of 2 instances \(ip-10-0-1-11\.\S+\) so far; \d+× HTTP 502; retrying in/);
        expect(run.out).to.contain("FAILED: 1 of 5 checks failed");
    });

    it("fails when HTTP does not redirect", async () => {
        const t = await tier({ alb: { noRedirect: true } });
        const run = await verify([...t.args, "--outputs", t.outputsFile]);
        expect(run.code).to.equal(1);
        expect(line(run, "http-redirect")).to.contain("FAIL  http-redirect  HTTP 200 instead of a 301 redirect to HTTPS");
    });

    it("fails when the HTTPS listener accepts TLS 1.0", async () => {
        const t = await tier({ alb: { acceptTls10: true } });
        const run = await verify([...t.args, "--outputs", t.outputsFile]);
        expect(run.code).to.equal(1);
        expect(line(run, "tls-floor")).to.contain("FAIL  tls-floor      TLSv1 accepted (negotiated TLSv1)");
        expect(line(run, "alb-https")).to.contain("PASS");
    });

    it("fails when a static IP is silent", async () => {
        const t = await tier({ silent: [STATIC_IPS[1]] });
        const run = await verify([...t.args, "--outputs", t.outputsFile]);
        expect(run.code).to.equal(1);
        expect(line(run, `nlb ${STATIC_IPS[0]}`)).to.contain("PASS");
        expect(line(run, `nlb ${STATIC_IPS[1]}`)).to.match(/FAIL .*gave up: .*ETIMEDOUT/);
    });

    it("checks a stack without HTTPS over HTTP, without the redirect and TLS checks", async () => {
        const t = await tier({ alb: { noRedirect: true }, outputs: { albUrl: `http://${ALB_DNS}/` } });
        const run = await verify([...t.args, "--outputs", t.outputsFile]);
        expect(run.code, run.out).to.equal(0);
        expect(line(run, "alb-http")).to.match(/PASS .*2 of 2 instances/);
        expect(run.out).to.contain("no HTTPS listener (albUrl is http): redirect and TLS checks do not apply");
        expect(run.out).to.contain("3 of 3 checks passed");
    });

    it("fails a page that is not the greeting (another greeting, or httpd's default page)", async () => {
        const t = await tier({ outputs: { greeting: SEED_GREETING } });
        const run = await verify([...t.args, "--outputs", t.outputsFile]);
        expect(run.code).to.equal(1);
        expect(line(run, "alb-https")).to.match(/FAIL .*0 of 2 instances so far; \d+× unexpected page "안녕하세요/);
    });

    it("httpd itself enforces the user data's proxy protocol setting: a plain request to the NLB port is dropped", async () => {
        const t = await tier();
        // Straight to an instance's TG-NLB port without the header, as a misconfigured target group would.
        const outputs = JSON.parse(fs.readFileSync(t.outputsFile, "utf8"));
        fs.writeFileSync(t.outputsFile, JSON.stringify({ ...outputs, nlbStaticIps: ["127.0.0.1"] }));
        const run = await verify([...t.args.filter((a, i, all) => a !== "--nlb-port" && all[i - 1] !== "--nlb-port"), "--nlb-port", `${instances[0].nlbPort}`, "--outputs", t.outputsFile]);
        expect(line(run, "nlb 127.0.0.1")).to.match(/FAIL .*gave up: .*(ECONNRESET|socket hang up)/);
    });
});

describe("verify usage and outputs", () => {
    it("needs exactly one of --stack and --outputs", async () => {
        for (const argv of [[], ["--stack", "dev", "--outputs", "x.json"]]) {
            const run = await verify(argv);
            expect(run.code).to.equal(2);
            expect(run.err).to.contain("give exactly one of --stack <name> and --outputs <file>");
        }
    });

    it("names every unusable output at once", async () => {
        const file = path.join(os.tmpdir(), `verify-bad-outputs-${process.pid}.json`);
        fs.writeFileSync(file, JSON.stringify({ albUrl: "ftp://x/", albDnsName: "", nlbStaticIps: [], instanceIds: [] }));
        try {
            const run = await verify(["--outputs", file]);
            expect(run.code).to.equal(2);
            for (const problem of ["albUrl must be an http(s):// URL", "albDnsName must be a non-empty string", "greeting must be",
                "nlbStaticIps must be a non-empty list", "instanceIds must be a non-empty list of instance IDs (or give expectedInstances)"]) {
                expect(run.err).to.contain(problem);
            }
        } finally {
            fs.rmSync(file);
        }
    });

    it("says when the Pulumi CLI is missing", async () => {
        const run = await verify(["--stack", "dev"], path.join(os.tmpdir(), "no-such-pulumi"));
        expect(run.code).to.equal(2);
        expect(run.err).to.contain("the Pulumi CLI is not on PATH (or pass --outputs <file>)");
    });

    it("rejects bad option values", async () => {
        for (const [argv, message] of [
            [["--outputs", "o.json", "--resolve", "name-without-ip"], "--resolve takes <name>=<ip>"],
            [["--outputs", "o.json", "--https-port", "70000"], "--https-port must be a port 1-65535"],
            [["--outputs", "o.json", "--timeout", "0"], "--timeout must be a positive number of seconds"],
            [["--outputs", "o.json", "--insecure", "--ca", "ca.pem"], "--insecure and --ca contradict each other"],
        ] as const) {
            const run = await verify([...argv]);
            expect(run.code, message).to.equal(2);
            expect(run.err).to.contain(message);
        }
    });
});

describe("the greeting's health page on a real httpd", function () {
    this.timeout(15000);
    it("answers /healthz with 200 when a group checks it, and 404 when none does", async () => {
        const port = await freePort();
        const withPage = await startHttpd(renderUserData({ greeting: SEED_GREETING, ports: [port], proxyProtocolPorts: [], healthPage: true }), "ip-10-0-9-99.ap-northeast-2.compute.internal", [port]);
        try {
            const res = await fetch(`http://127.0.0.1:${port}/healthz`);
            expect([res.status, await res.text()]).to.deep.equal([200, "ok\n"]);
        } finally {
            await withPage.stop();
        }
        const without = await startHttpd(renderUserData({ greeting: SEED_GREETING, ports: [port], proxyProtocolPorts: [] }), "ip-10-0-9-99.ap-northeast-2.compute.internal", [port]);
        try {
            expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.equal(404);
        } finally {
            await without.stop();
        }
    });
});
