// The traffic path checks (infra/config/paths.ts): a stack whose ALPN policy, certificate names or
// alb-group health check would fail under traffic is a config error before anything is declared.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EditableValues as Values, stackProblems } from "../support/program";
import { nameCovers, pemNames } from "../../infra/config/paths";

const ROOT = path.join(__dirname, "..", "..");

const problems = stackProblems;

describe("traffic path checks", () => {
    describe("TLS name coverage", () => {
        it("a wildcard certificate name covers exactly one label, case-insensitively", () => {
            expect(nameCovers("*.example.com", "a.example.com")).to.equal(true);
            expect(nameCovers("*.example.com", "A.Example.COM")).to.equal(true);
            expect(nameCovers("*.example.com", "example.com")).to.equal(false);
            expect(nameCovers("*.example.com", "a.b.example.com")).to.equal(false);
            expect(nameCovers("www.example.com", "WWW.example.com")).to.equal(true);
            expect(nameCovers("www.example.com", "api.example.com")).to.equal(false);
        });

        it("reads the DNS names of an imported PEM certificate: its DNS SANs (not IPs, not the CN), else its CN", () => {
            // No extensions: the subject's CN is the name clients see.
            const cnOnly = fs.readFileSync(path.join(ROOT, "test/policies/certs/rsa2048-100y.pem"), "utf8");
            expect(pemNames(cnOnly)).to.deep.equal(["web.example.com"]);
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pem-names-"));
            try {
                const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                    "-subj", "/CN=cn.example.com", "-addext", "subjectAltName=DNS:a.example.com,IP:192.0.2.1,DNS:*.b.example.com",
                    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { encoding: "utf8" });
                expect(made.status, made.stderr).to.equal(0);
                expect(pemNames(fs.readFileSync(path.join(dir, "cert.pem"), "utf8"))).to.deep.equal(["a.example.com", "*.b.example.com"]);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
            expect(pemNames("not a certificate")).to.equal(undefined);
        });
    });

    for (const stack of ["dev", "prod", "payments-dev", "payments-prod"]) {
        it(`the repo stack ${stack} has no traffic path problem`, () => {
            expect(problems(stack)).to.deep.equal([]);
        });
    }

    /** payments-prod as it was before its NLB fronted the ALB: TLS ends on the NLB, which forwards to the instances. */
    const nlbTls = (v: Values): void => {
        v.nlbListeners = { tls: { port: 443, protocol: "TLS", alpnPolicy: "HTTP1Only", defaultAction: { type: "forward", targetGroup: "TG-NLB" } } };
        delete v.targetGroups["TG-NLB"];
        delete v.targetGroups["ALB-front"];
    };

    it("rejects an NLB TLS listener that offers HTTP/2 to the web fleet's HTTP/1.1 server, for each HTTP/2 policy", () => {
        expect(problems("payments-prod", nlbTls)).to.deep.equal([]);
        for (const policy of ["HTTP2Preferred", "HTTP2Only", "HTTP2Optional"]) {
            const out = problems("payments-prod", (v) => { nlbTls(v); v.nlbListeners.tls.alpnPolicy = policy; });
            expect(out).to.have.length(1);
            expect(out[0]).to.match(new RegExp(`^elb-web-tier:nlbListeners\\.tls\\.alpnPolicy: offers HTTP/2 .*TG-NLB.*HTTP1Only.*; got "${policy}"$`));
        }
        expect(problems("payments-prod", (v) => { nlbTls(v); v.nlbListeners.tls.alpnPolicy = "None"; })).to.deep.equal([]);
    });

    it("rejects an NLB alias the TLS listener's certificate does not cover (payments-prod before the fix)", () => {
        const out = problems("payments-prod", (v) => { nlbTls(v); v.certificate.subjectAlternativeNames = ["api.pay.example.com"]; });
        expect(out).to.have.length(1);
        expect(out[0]).to.match(/^elb-web-tier:dnsRecords\.nlbName: the alias tcp\.pay\.example\.com reaches nlbListeners\.tls \(TLS:443\), whose certificate covers pay\.example\.com, api\.pay\.example\.com .*; got "tcp\.pay\.example\.com"$/);
    });

    it("rejects a host-header rule on an HTTPS listener that no certificate name covers, wildcards covering one label", () => {
        const out = problems("payments-prod", (v) => {
            v.certificate.subjectAlternativeNames = ["*.pay.example.com"];
            v.albListeners.https.rules.api.conditions = [{ hostHeader: ["API.pay.example.com", "v1.api.pay.example.com"] }];
        });
        expect(out).to.have.length(1);
        expect(out[0]).to.match(/^elb-web-tier:albListeners\.https\.rules\.api\.conditions\[0\]\.hostHeader\[1\]: the host-header rule for v1\.api\.pay\.example\.com/);
    });

    it("rejects an ALB alias the self-signed certificate does not cover", () => {
        const out = problems("dev", (v) => { v.dnsRecords = { hostedZoneId: "Z00000000000000000000", albName: "www.example.com" }; });
        expect(out.join("\n")).to.match(/dnsRecords\.albName: the alias www\.example\.com reaches albListeners\.https .*\*\.<region>\.elb\.amazonaws\.com/);
    });

    it("checks the alias of an NLB in front of the ALB against the ALB's HTTPS listener", () => {
        const out = problems("prod", (v) => { v.certificate.subjectAlternativeNames = ["api.example.com"]; });
        expect(out).to.have.length(1);
        expect(out[0]).to.match(/^elb-web-tier:dnsRecords\.nlbName: the alias tcp\.example\.com \(through nlbListeners\.https and ALB-front\) reaches albListeners\.https \(HTTPS:443\)/);
    });

    it("does not guess the names of certificates known only by ARN", () => {
        expect(problems("payments-dev", (v) => { v.albListeners.https.rules.ledger.conditions[0].hostHeader = ["nowhere.example.org"]; })).to.deep.equal([]);
    });

    it("rejects an alb group health check that speaks HTTP to the ALB's HTTPS port", () => {
        const out = problems("prod", (v) => { v.targetGroups["ALB-front"].healthCheck = { protocol: "HTTP" }; });
        expect(out).to.have.length(1);
        expect(out[0]).to.match(/^elb-web-tier:targetGroups\.ALB-front\.healthCheck\.protocol: is HTTP, but the ALB listens with HTTPS on port 443 \(albListeners\.https\).*; got "HTTP"$/);
    });
});
