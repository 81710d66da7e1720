// `npm run verify` on a team workload, against real processes: the payments example's user data
// (examples/payments-api) run as cloud-init would, its Python service started as its systemd unit
// says, behind the loopback ALB and NLB stand-ins. Verify asks every listener for the workload's
// health endpoint and must hear every instance; it fails when one is unhealthy or gone.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TemplateValues } from "../../infra/config/workload";
import { main } from "../../tools/verify/cli";
import { freePort } from "./httpd";
import { AppInstance, startAppInstance } from "./app";
import { Backend, Running, selfSignedCert, startAlb, startNlb } from "./standins";

const ALB_DNS = "web-alb-1234567890.ap-northeast-2.elb.amazonaws.com";
const ALB_IP = "127.0.0.2";
const STATIC_IPS = ["127.0.0.3", "127.0.0.4"];
const FAST = { backoff: { initialMs: 50, maxMs: 200 } };
const SETTINGS = { "/payments/dev/api/": { environment: "dev", "db/host": "db.internal" } };

interface Instance {
    app: AppInstance;
    albPort: number;
    nlbPort: number;
}

async function startInstance(instanceId: string, parameters: Record<string, Record<string, string>> | false = SETTINGS): Promise<Instance> {
    const [albPort, nlbPort] = [await freePort(), await freePort()];
    const values: TemplateValues = {
        project: "elb-web-tier", stack: "payments-dev", region: "ap-northeast-2", team: "payments",
        groupPorts: { "TG-ALB": albPort, "TG-NLB": nlbPort }, ports: [albPort, nlbPort],
        parameters: ["/payments/dev/api/"], secrets: ["payments/dev/api-db"],
    };
    return { app: await startAppInstance({ instanceId, values, parameters }), albPort, nlbPort };
}

async function verify(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: process.cwd() }, FAST);
    return { code, out, err };
}

const line = (out: string, check: string) => out.split("\n").find((l) => l.startsWith(`  PASS  ${check}`) || l.startsWith(`  FAIL  ${check}`)) ?? "";

describe("verify on a team workload (examples/payments-api, real processes)", function () {
    this.timeout(30000);
    let dir: string;
    let tls: ReturnType<typeof selfSignedCert>;
    let healthy: Instance[];
    const running: { close(): Promise<void> }[] = [];
    const extra: Instance[] = [];

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-workload-"));
        tls = selfSignedCert(dir);
        healthy = await Promise.all([startInstance("i-0aaaaaaaaaaaaaaa1"), startInstance("i-0bbbbbbbbbbbbbbb2")]);
    });
    afterEach(async () => {
        await Promise.all(running.splice(0).map((r) => r.close()));
        await Promise.all(extra.splice(0).map((i) => i.app.stop()));
    });
    after(async () => {
        await Promise.all((healthy ?? []).map((i) => i.app.stop()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const checks = [
        { loadBalancer: "alb", listener: "https", port: 443, scheme: "https", targetGroup: "TG-ALB", path: "/healthz", expectedStatus: 200, instanceHeader: "X-Instance-Id" },
        { loadBalancer: "nlb", listener: "tcp", port: 80, scheme: "http", targetGroup: "TG-NLB", path: "/healthz", expectedStatus: 200, instanceHeader: "X-Instance-Id" },
    ];

    async function tier(instances: Instance[], workload: Record<string, unknown> = { mode: "userData", checks }): Promise<string[]> {
        const backends = (k: "albPort" | "nlbPort"): Backend[] => instances.map((i) => ({ host: "127.0.0.1", port: i[k] }));
        const alb = await startAlb({ address: ALB_IP, backends: backends("albPort"), key: tls.key, cert: tls.cert });
        const nlb: Running = await startNlb({ addresses: STATIC_IPS, backends: backends("nlbPort"), proxyProtocolV2: false });
        running.push(alb, nlb);
        const outputsFile = path.join(dir, `outputs-${alb.httpsPort}.json`);
        fs.writeFileSync(outputsFile, JSON.stringify({
            albUrl: `https://${ALB_DNS}/`, albDnsName: ALB_DNS, nlbStaticIps: STATIC_IPS, expectedInstances: instances.length,
            greeting: "unused by a team workload", albCertificateSelfSigned: true, workload,
        }));
        return ["--outputs", outputsFile, "--resolve", `${ALB_DNS}=${ALB_IP}`, "--https-port", `${alb.httpsPort}`, "--http-port", `${alb.httpPort}`,
            "--listener-port", `nlb:80=${nlb.port}`, "--timeout", "1", "--request-timeout", "0.5"];
    }

    it("the user data starts one service per served port, with its settings from SSM through the instance's stand-in CLI", async () => {
        expect(healthy[0].app.started).to.deep.equal([`payments-api@${healthy[0].albPort}.service`, `payments-api@${healthy[0].nlbPort}.service`]);
        const unit = fs.readFileSync(path.join(healthy[0].app.dir, "units", "payments-api@.service"), "utf8");
        expect(unit).to.contain("Environment=PAYMENTS_REGION=ap-northeast-2\n");
        expect(unit).to.contain('Environment="PAYMENTS_PARAMETERS=/payments/dev/api/"\n');
        expect(unit).to.contain("Environment=PAYMENTS_INSTANCE_ID=i-0aaaaaaaaaaaaaaa1\n");
        expect(unit, "no secret value in the unit").to.not.contain("not-in-user-data");
        const res = await fetch(`http://127.0.0.1:${healthy[0].albPort}/api/charges`);
        expect(await res.json()).to.deep.equal({ service: "payments-api", instance: "i-0aaaaaaaaaaaaaaa1", port: healthy[0].albPort, environment: "dev" });
        expect((await fetch(`http://127.0.0.1:${healthy[0].albPort}/nothing-here`)).status).to.equal(404);
    });

    it("passes when every listener answers /healthz 200 from every instance", async () => {
        const run = await verify(await tier(healthy));
        expect(run.code, run.out + run.err).to.equal(0);
        expect(line(run.out, "alb https /healthz")).to.match(/PASS .*\/healthz answered 200 \d+ of \d+ times; 2 of 2 instances \(i-0aaaaaaaaaaaaaaa1, i-0bbbbbbbbbbbbbbb2\)/);
        for (const ip of STATIC_IPS) expect(line(run.out, `nlb ${ip} tcp /healthz`)).to.match(/PASS .*answered 200/);
        expect(line(run.out, "http-redirect")).to.contain("PASS");
        expect(line(run.out, "tls-floor")).to.contain("PASS");
        expect(run.out).to.not.contain("greeting from");
        expect(run.out).to.contain("5 of 5 checks passed");
    });

    it("fails when an instance can't read its settings: its /healthz answers 503", async () => {
        const denied = await startInstance("i-0ccccccccccccccc3", false);
        extra.push(denied);
        expect((await fetch(`http://127.0.0.1:${denied.albPort}/healthz`)).status).to.equal(503);
        const run = await verify(await tier([healthy[0], denied]));
        expect(run.code).to.equal(1);
        expect(line(run.out, "alb https /healthz"), run.out).to.match(/FAIL .*gave up: .*1 of 2 instances \(i-0aaaaaaaaaaaaaaa1\) so far; \d+× HTTP 503/);
    });

    it("fails when an instance is gone: the ALB answers 502 for it", async () => {
        const gone = await startInstance("i-0ddddddddddddddd4");
        await gone.app.stop();
        const run = await verify(await tier([healthy[0], gone]));
        expect(run.code).to.equal(1);
        expect(line(run.out, "alb https /healthz")).to.match(/FAIL .*\d+× HTTP 502/);
    });

    it("fails a health endpoint the workload does not serve (404)", async () => {
        const run = await verify(await tier(healthy, { mode: "userData", checks: checks.map((c) => ({ ...c, path: "/health" })) }));
        expect(run.code).to.equal(1);
        expect(line(run.out, "alb https /health")).to.match(/FAIL .*\/health answered 200 0 of \d+ times; 0 of 2 instances \(none\) so far; \d+× HTTP 404/);
    });

    it("without an instance header, passes on the status alone and says it could not tell instances apart", async () => {
        const run = await verify(await tier(healthy, { mode: "ami", checks: checks.map(({ instanceHeader: _h, ...c }) => c) }));
        expect(run.code, run.out).to.equal(0);
        expect(line(run.out, "alb https /healthz")).to.contain("(instances not told apart: the workload names no instanceHeader)");
    });

    it("refuses a team workload output without checks", async () => {
        const run = await verify(await tier(healthy, { mode: "userData", checks: [] }));
        expect(run.code).to.equal(2);
        expect(run.err).to.contain("workload.checks must list the listeners' health endpoints for a userData workload");
    });
});
