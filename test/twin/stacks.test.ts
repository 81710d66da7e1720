// Every repo stack's twin comes up from its plan, its targets pass their health checks, every name
// routed to a TLS listener is on its certificates, and one request per listener rule (and one for
// the default action) lands where the config says; `npm run verify` passes against it.
import { expect } from "chai";
import { declaredServes } from "../../tools/twin/up";
import { Checked, checkedTwin, failed, finding, ROOT } from "./support";

const describeFindings = (c: Checked) => c.findings.map((f) => `${f.passed ? "PASS" : "FAIL"} ${f.check}: ${f.detail}`).join("\n");

/** Each ALB listener has a check per rule and one for its default action; each NLB listener one per name routed to it. */
function expectEveryRuleChecked(c: Checked): void {
    for (const tl of c.twin.listeners) {
        const l = tl.listener;
        if (l.kind === "alb") {
            for (const r of l.rules) expect(finding(c, `${l.key} rule ${r.name} (priority ${r.priority})`), `${l.key} ${r.name}`).to.have.length(1);
            expect(finding(c, `${l.key} default action`)).to.have.length(1);
        } else {
            expect(finding(c, new RegExp(`^${l.key} ${l.protocol}:${l.port} as `)).length, l.key).to.equal(tl.names.length);
        }
    }
}

for (const stack of ["dev", "prod"]) {
    describe(`the twin of the ${stack} stack`, function () {
        this.timeout(120000);
        let c: Checked;
        before(async () => { c = await checkedTwin(stack); });

        it("passes every check: health, certificates, every rule and the default action, verify", () => {
            expect(failed(c), describeFindings(c)).to.deep.equal([]);
            expectEveryRuleChecked(c);
        });

        it("listens on loopback addresses only", () => {
            for (const tl of c.twin.listeners) for (const a of tl.addresses) expect(a).to.match(/^127\./);
        });

        if (stack === "dev") {
            it("answers /robots.txt from the ALB itself and everything else from TG-ALB, and verify sees both instances", () => {
                expect(finding(c, "ALB-https rule ALB-https-robots-txt (priority 100)")[0].detail).to.match(/\/robots\.txt -> 200 fixed response/);
                expect(finding(c, "ALB-https default action")[0].detail).to.match(/-> TG-ALB/);
                expect(finding(c, "verify")[0].detail).to.match(/PASS {2}alb-https {6}2 of 2 instances/);
            });
        } else {
            it("has no cleartext NLB entry: the NLB passes TLS through to the ALB, where the alias is on the certificate", () => {
                expect(c.twin.listeners.filter((tl) => tl.listener.kind === "nlb").map((tl) => `${tl.listener.protocol}:${tl.listener.port}`)).to.deep.equal(["TCP:443"]);
                expect(finding(c, "NLB-https TCP:443 as tcp.example.com")[0].detail).to.match(/ALPN h2, HTTP 200/);
                expect(finding(c, "certificate ALB-https")[0].detail).to.match(/^covers www\.example\.com, tcp\.example\.com$/);
            });
        }
    });
}

for (const stack of ["payments-dev", "payments-prod"]) {
    describe(`the twin of the ${stack} stack`, function () {
        this.timeout(120000);
        let c: Checked;
        before(async () => { c = await checkedTwin(stack); });

        it("checks every rule, routes each where the config says, and its NLB's TLS reaches an HTTP/1.1 answer", () => {
            expectEveryRuleChecked(c);
            // payments-dev ends TLS on the NLB (HTTP1Only); payments-prod passes it through to the ALB.
            const tls = finding(c, stack === "payments-dev" ? /^NLB-tls TLS:443 as / : /^NLB-https TCP:443 as /);
            expect(tls, describeFindings(c)).to.not.be.empty;
            for (const f of tls) expect(f, describeFindings(c)).to.deep.include({ passed: true }).and.to.have.property("detail").that.matches(stack === "payments-dev" ? /ALPN http\/1\.1, HTTP 200/ : /HTTP 200/);
            for (const f of finding(c, /^certificate /)) expect(f.passed, f.detail).to.equal(true);
            for (const tl of c.twin.listeners) {
                for (const r of tl.listener.rules) {
                    const [f] = finding(c, `${tl.listener.key} rule ${r.name} (priority ${r.priority})`);
                    expect(f.passed, f.detail).to.equal(true);
                    if (r.action.type === "forward" && r.action.stickiness) expect(f.detail).to.match(/; sticky \(AWSALBTG kept the client on its group; each of .* reachable\)$/);
                }
            }
        });

        if (declaredServes(ROOT, stack)) {
            it("passes every check with the team workload's stand-ins", () => {
                expect(failed(c), describeFindings(c)).to.deep.equal([]);
            });
        } else {
            // Until the stack declares its team workload, its instances run the seed's httpd, which
            // serves / only: its /healthz health checks fail, as they would on AWS.
            it("fails exactly the health of the groups whose check asks the seed's httpd for a path it does not serve (traffic still flows: the load balancer fails open)", () => {
                const unserved = c.twin.model.groups.filter((g) => g.targetType === "instance" && g.healthCheck.protocol !== "TCP" && g.healthCheck.path !== "/").map((g) => g.name);
                expect(unserved).to.not.be.empty;
                for (const g of unserved) expect(finding(c, `health ${g}`)[0].detail).to.match(/unhealthy \(HTTP \/healthz .*L7STS 404/);
                expect(failed(c).map((f) => f.check).sort(), describeFindings(c)).to.deep.equal(unserved.map((g) => `health ${g}`).sort());
            });
        }
    });
}
