// The example-frontdoor stack in the twin: its plan read into the twin's model (authentication,
// transforms, regex conditions, response headers, an internal ALB), every check passing, and the
// checks catching an ALB that answers otherwise than the plan says: a header it does not set, a
// redirect to another identity provider.
import { expect } from "chai";
import { runPlan } from "../../tools/plan/run";
import { checkTwin, Finding, httpRequest } from "../../tools/twin/check";
import { actionFor, authorizePrefix, jsRegex, rewrite, sampleFromRegex, TwinRequest } from "../../tools/twin/matching";
import { startTwin, Twin } from "../../tools/twin/up";
import { ROOT } from "./support";

describe("the twin of example-frontdoor", function () {
    this.timeout(180000);
    let twin: Twin;
    let outputs: Record<string, unknown>;
    let findings: Finding[];
    let tampered: Finding[];
    let model: Twin["model"];
    const one = (list: Finding[], check: string | RegExp) => list.filter((f) => (typeof check === "string" ? f.check === check : check.test(f.check)));

    before(async () => {
        const plan = await runPlan({ projectDir: ROOT, stack: "example-frontdoor" });
        outputs = plan.outputs;
        twin = await startTwin({ projectDir: ROOT, stack: "example-frontdoor", plan, timeScale: 30 });
        findings = await checkTwin(twin);
        model = structuredClone(twin.model);
        // The same HAProxy, checked against a plan that says more: a header HAProxy was never told
        // to set, and the portal's OIDC provider moved elsewhere. The checks must notice both.
        const https = twin.model.listeners.find((l) => l.key === "ALB-https")!;
        https.responseHeaders = { ...https.responseHeaders, "Referrer-Policy": "no-referrer" };
        const portal = https.rules.find((r) => r.name === "ALB-https-portal")!;
        if (portal.action.type === "forward" && portal.action.authenticate?.type === "oidc") portal.action.authenticate.authorizationEndpoint = "https://login.elsewhere.example/authorize";
        tampered = await checkTwin(twin);
    });
    after(async () => { await twin?.stop(); });

    it("reads the front door from the plan: authentications, transforms, regex conditions, headers, the internal ALB", () => {
        const https = model.listeners.find((l) => l.key === "ALB-https")!;
        const byName = (n: string) => https.rules.find((r) => r.name === n)!;
        expect(byName("ALB-https-portal").action).to.deep.include({ type: "forward" });
        expect((byName("ALB-https-portal").action as { authenticate?: { type: string; authorizationEndpoint: string } }).authenticate).to.deep.include({ type: "oidc", authorizationEndpoint: "https://idp.example.com/oauth2/authorize" });
        expect((byName("ALB-https-contractors").action as { authenticate?: { authorizationEndpoint: string } }).authenticate!.authorizationEndpoint).to.equal("https://portal-contractors.auth.ap-northeast-2.amazoncognito.com/oauth2/authorize");
        expect(byName("ALB-https-contractors").transforms).to.deep.equal({ urlRewrite: { regex: "^/contractors/(v1|v2)/(.*)$", replace: "/$2" }, hostHeaderRewrite: { regex: "^.*$", replace: "portal.internal" } });
        expect(byName("ALB-https-agents").conditions).to.deep.equal([{ kind: "header", name: "X-Agent", values: ["^build-[0-9]+$"], regex: true }]);
        expect((https.defaultAction as { authenticate?: { type: string } }).authenticate?.type).to.equal("jwt");
        expect(model.loadBalancers.find((lb) => lb.kind === "alb")!.internal).to.equal(true);
        expect(twin.notes.join("\n")).to.match(/ALB is internal: on AWS it is reachable only from inside its VPC/);
    });

    it("passes every check, the authenticated rules, the rewrite, the response headers and verify included", () => {
        expect(findings.filter((f) => !f.passed), JSON.stringify(findings, null, 1)).to.deep.equal([]);
        expect(one(findings, /rule ALB-https-portal/)[0].detail).to.match(/without credentials 302 to https:\/\/idp\.example\.com\/oauth2\/authorize; with a session cookie \(not validated\): TG-ALB/);
        expect(one(findings, /rule ALB-https-contractors/)[0].detail).to.match(/302 to https:\/\/portal-contractors\.auth\.ap-northeast-2\.amazoncognito\.com\/oauth2\/authorize; .*rewritten to portal\.internal \//);
        expect(one(findings, "ALB-https default action")[0].detail).to.match(/without credentials 401; with a well-formed bearer token \(signature NOT checked\): TG-ALB/);
        expect(one(findings, "ALB-https response headers")[0].detail).to.match(/^HTTP 200 from TG-ALB carries Strict-Transport-Security, .*no Server$/);
        const verify = one(findings, "verify")[0].detail;
        expect(verify).to.match(/PASS {2}headers HTTPS:443 +Strict-Transport-Security/);
        expect(verify).to.match(/PASS {2}auth HTTPS:443 rule portal +portal\.example\.com\/: 302 to https:\/\/idp\.example\.com/);
        expect(verify).to.match(/SKIP {2}alb-https +the listener's default action authenticates \(jwt\)/);
    });

    it("publishes the front door in the stack outputs for verify, without the client secret", () => {
        const fd = outputs.frontDoor as { albInternal: boolean; albListeners: { port: number; responseHeaders?: Record<string, string>; defaultAuthenticate?: { type: string } }[] };
        expect(fd.albInternal).to.equal(true);
        const l = fd.albListeners.find((x) => x.port === 443)!;
        expect(l.responseHeaders!["Strict-Transport-Security"]).to.equal("max-age=31536000; includeSubDomains");
        expect(l.defaultAuthenticate).to.deep.equal({ type: "jwt" });
        expect(JSON.stringify(fd)).to.not.match(/clientSecret|placeholder:set-with/);
    });

    it("routes regex conditions as the reference matcher does: unanchored unless anchored, case as written, the host regex with its port", async () => {
        const https = model.listeners.find((l) => l.key === "ALB-https")!;
        const tl = twin.listeners.find((x) => x.listener.key === "ALB-https")!;
        const alb = tl.names[0];
        const cases: Partial<TwinRequest>[] = [
            { headers: { "X-Agent": "build-12" } },
            { headers: { "X-Agent": "BUILD-12" } },
            { headers: { "X-Agent": "xbuild-12" } },
            { url: "/contractors/v2/a/b" },
            { url: "/Contractors/v2/a" },
            { url: "/x/contractors/v1/" },
            { host: "portal.corp.example.com" },
            { host: "portal.example.com:8443" },
            { host: "PORTAL.example.com" },
        ];
        // What HAProxy did, told apart by its answer (the example's rules each answer differently without credentials).
        const ruleOf = (status: number, location: string, group: string) => (location.startsWith("https://idp.example.com/") ? "ALB-https-portal"
            : location.startsWith("https://portal-contractors.") ? "ALB-https-contractors" : status === 401 ? "default" : group === "TG-ALB" ? "ALB-https-agents" : `? ${status}`);
        for (const c of cases) {
            const req: TwinRequest = { method: "GET", url: "/", host: alb, headers: {}, sourceIp: "127.0.0.1", ...c };
            const got = await httpRequest(twin, tl, req, undefined, alb);
            expect(ruleOf(got.status, String(got.headers.location ?? ""), String(got.headers["x-twin-target-group"] ?? "")), JSON.stringify(c)).to.equal(actionFor(https, req).rule);
        }
        // The reference itself, on the same cases.
        expect(cases.map((c) => actionFor(https, { method: "GET", url: "/", host: alb, headers: {}, sourceIp: "127.0.0.1", ...c }).rule)).to.deep.equal([
            "ALB-https-agents", "default", "default", "ALB-https-contractors", "default", "default", "ALB-https-portal", "default", "default",
        ]);
    });

    it("reference helpers: PCRE spellings, AWS rewrites, regex samples, the IdP redirect", () => {
        expect(jsRegex("^/(?P<v>v[0-9])/").test("/v1/")).to.equal(true);
        expect(jsRegex("(?i)^portal$").test("PORTAL")).to.equal(true);
        expect(rewrite("/contractors/v1/a/b", { regex: "^/contractors/(v1|v2)/(.*)$", replace: "/$2" })).to.equal("/a/b");
        expect(rewrite("/a/old/b", { regex: "old", replace: "new-$0-${0}" })).to.equal("/a/new-old-old/b");
        expect(rewrite("/none", { regex: "old", replace: "new" })).to.equal("/none");
        expect(sampleFromRegex("^/api/v[0-9]{2}/(x|y)+\\.json$")).to.equal("/api/v11/x.json");
        expect(sampleFromRegex("^[^/]+$")).to.equal("x");
        expect(sampleFromRegex("^(?=a)")).to.equal(undefined);
        expect(authorizePrefix({ type: "oidc", authorizationEndpoint: "https://idp/a?tenant=1", clientId: "c d", scope: "openid email", sessionCookieName: "s", onUnauthenticatedRequest: "authenticate", extraParams: {} }, "h.example:443"))
            .to.equal("https://idp/a?tenant=1&response_type=code&client_id=c%20d&redirect_uri=https%3A%2F%2Fh.example%2Foauth2%2Fidpresponse&scope=openid%20email&state=");
    });

    it("finds a response header the ALB does not set", () => {
        const f = one(tampered, "ALB-https response headers")[0];
        expect(f.passed).to.equal(false);
        expect(f.detail).to.equal("Referrer-Policy missing");
    });

    it("finds a redirect to the wrong identity provider", () => {
        const f = one(tampered, /rule ALB-https-portal/)[0];
        expect(f.passed).to.equal(false);
        expect(f.detail).to.match(/^expected 302 to https:\/\/login\.elsewhere\.example\/authorize\?response_type=code&client_id=portal-alb&redirect_uri=https%3A%2F%2Fportal\.example\.com%2Foauth2%2Fidpresponse&scope=openid&state=<state> .*got 302 https:\/\/idp\.example\.com\/oauth2\/authorize\?/);
        // The rest still agrees.
        expect(one(tampered, /rule ALB-https-contractors/)[0].passed).to.equal(true);
    });
});
