// Mutual TLS and proxy protocol v2 in the twin: an HTTPS listener that verifies client
// certificates refuses a client without one, and an NLB group with proxy protocol v2 reaches an
// httpd the user data configured to read the header (on health checks too).
import { expect } from "chai";
import * as fs from "fs";
import * as tls from "tls";
import { checkTwin, Finding, httpRequest } from "../../tools/twin/check";
import { startTwin, Twin } from "../../tools/twin/up";
import { planWith, ROOT } from "./support";

describe("the twin with mutual TLS and proxy protocol v2 (dev, configured on top)", function () {
    this.timeout(120000);
    let twin: Twin;
    let findings: Finding[];
    before(async () => {
        const plan = await planWith("dev", {
            albListeners: { https: { mutualAuthentication: { mode: "verify", caBundle: { bucket: "my-pki", key: "ca.pem", version: "v1" } } } },
            targetGroups: { "TG-NLB": { port: 8080, proxyProtocolV2: true } },
        });
        twin = await startTwin({ projectDir: ROOT, stack: "dev", plan, timeScale: 30 });
        findings = await checkTwin(twin);
    });
    after(async () => { await twin?.stop(); });

    it("passes its checks: clients with a certificate from the client CA, the NLB's proxy protocol read by httpd", () => {
        expect(findings.filter((f) => !f.passed), findings.map((f) => `${f.check}: ${f.detail}`).join("\n")).to.deep.equal([]);
        expect(findings.find((f) => f.check === "health TG-NLB")!.detail).to.match(/^2 target\(s\) healthy/);
        expect(findings.find((f) => f.check === "verify")!.detail).to.match(/^not run: ALB-https verifies client certificates/);
    });

    it("refuses a TLS client without a certificate on the verifying listener", async () => {
        const https = twin.listeners.find((tl) => tl.listener.key === "ALB-https")!;
        const host = https.names[0];
        const outcome = await new Promise<string>((resolve) => {
            const s = tls.connect({ host: https.address, port: https.port, servername: host, ca: fs.readFileSync(twin.caFile) }, () => {
                s.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
            });
            let data = "";
            s.on("data", (d) => { data += d.toString(); });
            s.on("error", (e) => resolve(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
            s.on("close", () => resolve(data ? `answered ${data.split("\r\n")[0]}` : "closed without an answer"));
        });
        expect(outcome).to.not.match(/^answered HTTP\/1\.1 200/);
        const withCert = await httpRequest(twin, https, { method: "GET", url: "/", host, headers: {}, sourceIp: "127.0.0.1" });
        expect(withCert.status).to.equal(200);
    });

    it("sends the NLB's traffic with a proxy protocol v2 header that httpd accepts", () => {
        const nlb = findings.filter((f) => /^NLB-tcp /.test(f.check));
        expect(nlb).to.have.length(1);
        expect(nlb[0]).to.deep.include({ passed: true });
    });
});
