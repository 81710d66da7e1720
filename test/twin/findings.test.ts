// The twin finds each class of defect by itself, in a plan that has it (the config checks would
// refuse these stacks first; the plan is changed after them on purpose): an ALPN policy the
// targets can't speak, a name routed to a TLS listener its certificate does not cover, a health
// check to a path the instances don't serve.
import { expect } from "chai";
import { Checked, checkedTwin, failed, finding, setInput } from "./support";

const LISTENER = "aws:lb/listener:Listener";
const CERTIFICATE = "aws:acm/certificate:Certificate";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

describe("the twin finds what only traffic shows", function () {
    this.timeout(120000);

    describe("payments-dev with HTTP2Preferred on the NLB's TLS listener", () => {
        let c: Checked;
        before(async () => {
            c = await checkedTwin("payments-dev", (rs) => setInput(rs, LISTENER, "NLB-tls", (i) => { i.alpnPolicy = "HTTP2Preferred"; }));
        });

        it("fails the NLB listener: a browser gets HTTP/2 and the HTTP/1.1 server behind it can't answer", () => {
            const found = finding(c, /^NLB-tls TLS:443 as /);
            expect(found).to.not.be.empty;
            for (const f of found) {
                expect(f.passed).to.equal(false);
                expect(f.detail).to.match(/HTTP\/2 \(negotiated by ALPN\)/);
            }
        });

        it("still serves plain TCP:80", () => {
            const found = finding(c, /^NLB-tcp TCP:80 as /);
            expect(found).to.not.be.empty;
            for (const f of found) expect(f.passed, f.detail).to.equal(true);
        });
    });

    describe("prod without tcp.example.com on the certificate, and TG-ALB checking /status", () => {
        let c: Checked;
        before(async () => {
            c = await checkedTwin("prod", (rs) => {
                setInput(rs, CERTIFICATE, "alb-cert", (i) => { i.subjectAlternativeNames = ["api.example.com"]; });
                setInput(rs, TARGET_GROUP, "TG-ALB", (i) => { i.healthCheck = { ...i.healthCheck, path: "/status" }; });
            });
        });

        it("fails the certificate check for the NLB's alias, which reaches the ALB's HTTPS listener", () => {
            const [f] = finding(c, "certificate ALB-https");
            expect(f.passed).to.equal(false);
            expect(f.detail).to.match(/^does not cover tcp\.example\.com \(certificate names: www\.example\.com, api\.example\.com;/);
        });

        it("refuses the TLS handshake for the uncovered name, as a client would", () => {
            const [f] = finding(c, "NLB-https TCP:443 as tcp.example.com");
            expect(f.passed).to.equal(false);
            expect(f.detail).to.match(/altnames|Hostname/i);
        });

        it("marks every TG-ALB instance unhealthy: httpd answers /status with 404 (the ALB then fails open, as on AWS)", () => {
            const [f] = finding(c, "health TG-ALB");
            expect(f.passed).to.equal(false);
            expect(f.detail).to.match(/^3 of 3 target\(s\) unhealthy \(HTTP \/status on traffic-port, matcher 200\): .*L7STS 404/);
            expect(finding(c, "ALB-https default action")[0].detail).to.match(/-> TG-ALB \(HTTP 404\)/);
            expect(failed(c).map((x) => x.check).sort()).to.deep.equal(["NLB-https TCP:443 as tcp.example.com", "certificate ALB-https", "health TG-ALB"]);
        });
    });
});
