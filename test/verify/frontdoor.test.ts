// verify and the front door (stack output frontDoor): the response headers an HTTPS listener
// adds, the answer an authenticated route gives a client without a session (302 to the IdP, or
// 401), and an internal ALB out of reach reported as skipped, with the reason, not as a timeout.
import { expect } from "chai";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { main } from "../../tools/verify/cli";
import { authenticatedRoute, authRoutes, FrontDoorListener, parseFrontDoor, responseHeaders } from "../../tools/verify/frontdoor";
import { Endpoint } from "../../tools/verify/net";
import { selfSignedCert } from "./standins";

const ALB = "internal-portal-123.ap-northeast-2.elb.amazonaws.com";
const HSTS = "max-age=31536000; includeSubDomains";
const IDP = "https://idp.example.com/oauth2/authorize";

const listener: FrontDoorListener = {
    port: 443,
    protocol: "HTTPS",
    responseHeaders: { "Strict-Transport-Security": HSTS, "X-Frame-Options": "DENY" },
    serverRemoved: true,
    defaultAuthenticate: { type: "jwt" },
    rules: [
        { name: "portal", priority: 10, conditions: [{ hostHeader: ["portal.example.com"] }], authenticate: { type: "oidc", onUnauthenticatedRequest: "authenticate", authorizationEndpoint: IDP, clientId: "portal-alb", scope: "openid", sessionCookieName: "AWSELBAuthSessionCookie" } },
        { name: "office", priority: 20, conditions: [{ sourceIp: ["10.0.0.0/8"] }], authenticate: { type: "jwt" } },
        { name: "api", priority: 30, conditions: [{ pathPattern: ["/api/*"] }] },
    ],
};

describe("verify's front-door checks", function () {
    this.timeout(20000);
    let dir: string;
    let server: https.Server;
    let port: number;
    /** What the stand-in ALB answers: set per test. */
    let answer: (req: { host: string; url: string }) => { status: number; headers: Record<string, string> };

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-frontdoor-"));
        const tls = selfSignedCert(dir);
        server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
            const a = answer({ host: String(req.headers.host), url: String(req.url) });
            res.writeHead(a.status, a.headers);
            res.end();
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
        port = (server.address() as net.AddressInfo).port;
    });
    after(async () => {
        await new Promise((r) => server.close(r));
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const endpoint = (): Endpoint => ({ host: ALB, port, resolve: new Map([[ALB, "127.0.0.1"]]), timeoutMs: 2000 });
    const trust = { verify: false };

    it("finds the requests that reach each authenticated route, and says why one can't be reached from here", () => {
        const routes = authRoutes(listener, ALB);
        expect(routes.map((r) => [r.name, r.request ? `${r.request.host}${r.request.url}` : `skip: ${r.skip}`])).to.deep.equal([
            ["auth HTTPS:443 rule portal", "portal.example.com/"],
            ["auth HTTPS:443 rule office", "skip: it matches by source IP, which verify can't choose"],
            ["auth HTTPS:443 default", `${ALB}/`],
        ]);
    });

    it("passes a 302 to the identity provider with AWS's parameters, fails one to elsewhere or without them", async () => {
        const route = authRoutes(listener, ALB)[0];
        answer = ({ host }) => ({ status: 302, headers: { location: `${IDP}?response_type=code&client_id=portal-alb&redirect_uri=${encodeURIComponent(`https://${host}/oauth2/idpresponse`)}&scope=openid&state=abc123` } });
        expect(await authenticatedRoute(endpoint(), route, trust)()).to.deep.equal({ status: "pass", detail: `portal.example.com/: 302 to ${IDP} (client_id, redirect_uri, scope, state)` });
        answer = () => ({ status: 302, headers: { location: "https://evil.example/authorize?response_type=code&client_id=portal-alb" } });
        const wrong = await authenticatedRoute(endpoint(), route, trust)();
        expect(wrong.status).to.equal("fail");
        expect(wrong.detail).to.match(/HTTP 302 https:\/\/evil\.example\/authorize.*expected 302 to https:\/\/idp\.example\.com\/oauth2\/authorize\?response_type=code&client_id=portal-alb&redirect_uri=https%3A%2F%2Fportal\.example\.com%2Foauth2%2Fidpresponse&scope=openid&state=<state>/);
        answer = () => ({ status: 200, headers: {} });
        expect((await authenticatedRoute(endpoint(), route, trust)()).status).to.equal("fail");
    });

    it("passes a 401 for a JWT-validated route without a token, fails a 200", async () => {
        const route = authRoutes(listener, ALB)[2];
        answer = () => ({ status: 401, headers: {} });
        expect(await authenticatedRoute(endpoint(), route, trust)()).to.deep.equal({ status: "pass", detail: `${ALB}/: 401 without a bearer token` });
        answer = () => ({ status: 200, headers: {} });
        expect((await authenticatedRoute(endpoint(), route, trust)()).detail).to.match(/HTTP 200, expected 401 without a bearer token/);
    });

    it("checks every configured response header and the Server header's removal", async () => {
        answer = () => ({ status: 200, headers: { "strict-transport-security": HSTS, "x-frame-options": "DENY" } });
        expect(await responseHeaders(endpoint(), listener, "/", trust)()).to.deep.equal({ status: "pass", detail: "Strict-Transport-Security, X-Frame-Options, no Server on HTTP 200 for /" });
        answer = () => ({ status: 200, headers: { "x-frame-options": "SAMEORIGIN", server: "awselb/2.0" } });
        const bad = await responseHeaders(endpoint(), listener, "/", trust)();
        expect(bad).to.deep.equal({ status: "fail", detail: 'Strict-Transport-Security missing; X-Frame-Options is "SAMEORIGIN", expected "DENY"; Server: "awselb/2.0" is present, though the listener removes it (on HTTP 200 for /)' });
    });

    it("reads the frontDoor output when present and names a malformed one", () => {
        expect(parseFrontDoor(undefined, [])).to.equal(undefined);
        const problems: string[] = [];
        parseFrontDoor({ albInternal: "yes", albListeners: [] }, problems);
        parseFrontDoor({ albInternal: false, albListeners: [{ port: 443, protocol: "HTTPS", responseHeaders: { HSTS: 1 } }] }, problems);
        expect(problems).to.deep.equal([
            'frontDoor must be {albInternal, albListeners}, got {"albInternal":"yes","albListeners":[]}',
            'frontDoor.albListeners[0].responseHeaders must map header names to strings, got {"HSTS":1}',
        ]);
    });

    it("skips every ALB check of an internal ALB it can't reach, saying to run inside the VPC, and does not call that a pass", async () => {
        // A loopback port nobody listens on: the internal ALB as seen from outside its VPC.
        const closed = await new Promise<number>((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => r(p)); }); });
        const file = path.join(dir, "outputs.json");
        fs.writeFileSync(file, JSON.stringify({
            albUrl: `https://${ALB}/`, albDnsName: ALB, nlbStaticIps: ["127.0.0.9"], expectedInstances: 1, greeting: "hi", albCertificateSelfSigned: true,
            workload: { mode: "userData", checks: [{ loadBalancer: "alb", listener: "https", targetGroup: "TG-ALB", scheme: "https", port: 443, path: "/health", expectedStatus: 200 }] },
            frontDoor: { albInternal: true, albListeners: [listener] },
        }));
        let out = "";
        const code = await main(["--outputs", file, "--resolve", `${ALB}=127.0.0.1`, "--https-port", String(closed), "--http-port", String(closed), "--timeout", "0.3", "--request-timeout", "0.3"],
            { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, cwd: dir }, { backoff: { initialMs: 50, maxMs: 100 } });
        const lines = out.split("\n").filter((l) => /^ {2}(PASS|FAIL|SKIP) /.test(l));
        expect(lines.length, out).to.equal(7);
        for (const l of lines) expect(l, out).to.match(/^ {2}SKIP {2}.*(the ALB is internal \(scheme internal\): reachable only from inside its VPC, and .* is not from here \(ECONNREFUSED\); run verify from inside the VPC|it matches by source IP)/);
        expect(out).to.contain("7 check(s) skipped");
        // Nothing checked is not a pass.
        expect(out).to.contain("nothing verified: every check was skipped");
        expect(code).to.equal(1);
    });
});
