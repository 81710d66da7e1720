// The HAProxy configuration for the ALB front door of issue 19: authenticate actions, JWT
// validation, rule transforms, regex conditions, response headers and Server removal. Each
// feature's lines, and HAProxy accepting all of them together (haproxy -c).
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { authorizeFormat, captureGroups, haproxyConfig, Layout, rewriteArgs } from "../../tools/twin/haproxy";
import { Authenticate, Group, Listener, Rule, TwinModel } from "../../tools/twin/model";
import { createPki } from "../../tools/twin/pki";
import { HAPROXY } from "../../tools/twin/up";

const health = { enabled: true, protocol: "HTTP" as const, port: "traffic-port", path: "/", interval: 10, timeout: 5, healthyThreshold: 3, unhealthyThreshold: 2 };
const web: Group = { name: "web", protocol: "HTTP", port: 8080, targetType: "instance", healthCheck: health, proxyProtocolV2: false, sourceIpStickiness: false, targets: [] };
const oidc: Authenticate = { type: "oidc", authorizationEndpoint: "https://idp.example.com/oauth2/authorize", clientId: "portal alb", scope: "openid email", sessionCookieName: "AWSELBAuthSessionCookie", onUnauthenticatedRequest: "authenticate", extraParams: { prompt: "login" } };
const forward = (authenticate?: Authenticate) => ({ type: "forward" as const, groups: [{ group: "web", weight: 1 }], ...(authenticate ? { authenticate } : {}) });
const https = (extra: Partial<Listener>): Listener => ({ key: "https", loadBalancer: "ALB", kind: "alb", port: 443, protocol: "HTTPS", certificates: [], defaultAction: forward(), rules: [], ...extra });
const rule = (name: string, priority: number, extra: Partial<Rule>): Rule => ({ name, priority, conditions: [], action: forward(), ...extra });

describe("the twin's HAProxy configuration for the ALB front door", () => {
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-frontdoor-test-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function render(l: Listener, crtList?: string): string {
        const model: TwinModel = { stack: "t", loadBalancers: [], listeners: [l], groups: [web], instances: [], notes: [] };
        const crt = crtList ?? path.join(dir, "crt-list");
        if (!crtList) fs.writeFileSync(crt, "");
        const layout: Layout = {
            dir,
            binds: new Map([[l.key, { main: [{ address: "127.0.0.1", port: 40000 }] }]]),
            crtLists: new Map([[l.key, crt]]),
            servers: new Map([["web", [{ name: "i-1", address: "127.0.0.1", port: 41000, checkPort: 41000, tls: false }]]]),
            timeScale: 10,
            statsSocket: path.join(dir, "s.sock"),
        };
        return haproxyConfig(model, layout);
    }
    const patternFile = (cfg: string, acl: RegExp) => fs.readFileSync(acl.exec(cfg)![1], "utf8");

    it("authenticate-oidc: a request without the session cookie is redirected (302) to the authorization endpoint with AWS's parameters", () => {
        const cfg = render(https({ rules: [rule("portal", 10, { action: forward(oidc) })] }));
        const line = cfg.split("\n").find((l) => l.includes("http-request redirect code 302"))!;
        expect(line).to.include('location "https://idp.example.com/oauth2/authorize?response_type=code&client_id=portal%%20alb&redirect_uri=https%%3A%%2F%%2F%[req.hdr(host),field(1,:)]%%2Foauth2%%2Fidpresponse&scope=openid%%20email&state=%[uuid]&prompt=login"');
        expect(line).to.match(/if \{ var\(txn\.rule\) -m str portal \} !\{ req\.cook\(AWSELBAuthSessionCookie-0\) -m found \} !\{ req\.cook\(AWSELBAuthSessionCookie\) -m found \}$/);
        // The redirect comes before the forward that sets the target group.
        expect(cfg.indexOf("redirect code 302")).to.be.lessThan(cfg.indexOf("set-var(txn.grp) str(web) if { var(txn.rule) -m str portal }"));
    });

    it("authenticate-cognito: the user pool domain's /oauth2/authorize; deny answers 401; allow forwards", () => {
        const cognito: Authenticate = { ...oidc, type: "cognito", authorizationEndpoint: "https://contractors.auth.ap-northeast-2.amazoncognito.com/oauth2/authorize", extraParams: {} };
        expect(authorizeFormat(cognito)).to.match(/^https:\/\/contractors\.auth\.ap-northeast-2\.amazoncognito\.com\/oauth2\/authorize\?response_type=code&/);
        const deny = render(https({ defaultAction: forward({ ...cognito, onUnauthenticatedRequest: "deny" }) }));
        expect(deny).to.match(/http-request return status 401 if \{ var\(txn\.rule\) -m str default \} !\{ req\.cook\(AWSELBAuthSessionCookie-0\) -m found \}/);
        expect(deny).to.not.include("redirect code 302");
        const allow = render(https({ defaultAction: forward({ ...cognito, onUnauthenticatedRequest: "allow" }) }));
        expect(allow).to.not.match(/redirect code 302|return status 401/);
    });

    it("jwt-validation: 401 unless the request carries a bearer token shaped like a JWT (the signature is not checked)", () => {
        const cfg = render(https({ defaultAction: forward({ type: "jwt", issuer: "https://auth.example.com/" }) }));
        const m = /http-request return status 401 hdr WWW-Authenticate "Bearer" if \{ var\(txn\.rule\) -m str default \} !\{ req\.hdr\(authorization\) -m reg -f (\S+) \}/.exec(cfg);
        expect(m, cfg).to.not.equal(null);
        const re = new RegExp(fs.readFileSync(m![1], "utf8").trim());
        expect(re.test("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).to.equal(true);
        expect(re.test("Bearer not-a-jwt")).to.equal(false);
        expect(re.test("Basic dXNlcjpwdw==")).to.equal(false);
    });

    it("rule transforms: the first match replaced, text around it kept, $n renumbered for HAProxy's wrapping", () => {
        const a = rewriteArgs({ regex: "^/contractors/(v1|v2)/(.*)$", replace: "/$2" });
        expect(a).to.deep.equal({ regex: "^(.*?)(^/contractors/(v1|v2)/(.*)$)(.*)$", replace: "\\1/\\4\\5" });
        // What PCRE does with it, spelled in JavaScript: an unanchored match keeps the rest.
        const mid = rewriteArgs({ regex: "old", replace: "new-$0" });
        expect("/a/old/b".replace(new RegExp(mid.regex), mid.replace.replace(/\\(\d)/g, "$$$1"))).to.equal("/a/new-old/b");
        expect(captureGroups("(a)(?:b)(?<n>c)(?P<m>d)[(]\\(")).to.equal(3);
        expect(() => rewriteArgs({ regex: "(a)(b)(c)(d)(e)(f)(g)", replace: "$7" })).to.throw(/7 capture groups/);
        const cfg = render(https({ rules: [rule("old", 20, { conditions: [{ kind: "path", values: ["/old/*"] }], transforms: { urlRewrite: { regex: "^/old/(.*)$", replace: "/new/$1" }, hostHeaderRewrite: { regex: "^(.*)\\.example\\.com$", replace: "$1.internal" } } })] }));
        expect(cfg).to.include("http-request replace-pathq '^(.*?)(^/old/(.*)$)(.*)$' '\\1/new/\\3\\4' if { var(txn.rule) -m str old }");
        expect(cfg).to.include("http-request replace-header Host '^(.*?)(^(.*)\\.example\\.com$)(.*)$' '\\1\\3.internal\\4' if { var(txn.rule) -m str old }");
        expect(cfg).to.match(/http-response set-header X-Twin-Forwarded-Uri %\[var\(txn\.fwd_pathq\)\]/);
    });

    it("regex conditions: the expressions as written (not anchored, not made case-insensitive), the host regex on the whole Host header", () => {
        const cfg = render(https({ rules: [rule("re", 10, { conditions: [
            { kind: "path", values: ["^/api/v[0-9]+/"], regex: true },
            { kind: "host", values: ["^portal\\.(corp\\.)?example\\.com(:8443)?$"], regex: true },
            { kind: "header", name: "X-Agent", values: ["^build-[0-9]+$"], regex: true },
        ] })] }));
        expect(patternFile(cfg, /\{ path -m reg -f (\S+) \}/)).to.equal("^/api/v[0-9]+/\n");
        expect(patternFile(cfg, /\{ req\.hdr\(host\) -m reg -f (\S+) \}/)).to.equal("^portal\\.(corp\\.)?example\\.com(:8443)?$\n");
        expect(patternFile(cfg, /\{ req\.hdr\(X-Agent\) -m reg -f (\S+) \}/)).to.equal("^build-[0-9]+$\n");
    });

    it("response headers on every response, quoted for HAProxy; Server removed when the listener says so", () => {
        const cfg = render(https({ responseHeaders: { "Strict-Transport-Security": "max-age=31536000; includeSubDomains", "Content-Security-Policy": "default-src 'self'; report-uri /r?a=100%", "X-Frame-Options": "DENY" }, removeServerHeader: true }));
        expect(cfg).to.include('http-after-response set-header Strict-Transport-Security "max-age=31536000; includeSubDomains"');
        expect(cfg).to.include('http-after-response set-header Content-Security-Policy "default-src \'self\'; report-uri /r?a=100%%"');
        expect(cfg).to.include("http-after-response del-header Server");
        expect(render(https({}))).to.not.match(/http-after-response/);
    });

    it("is a configuration HAProxy accepts with every front-door feature at once", () => {
        const crtList = path.join(dir, "real.crt-list");
        fs.writeFileSync(crtList, `${createPki(path.join(dir, "pki")).issue("alb", ["portal.example.com"])}\n`);
        const cfg = render(https({
            responseHeaders: { "Strict-Transport-Security": "max-age=63072000; preload", "Access-Control-Allow-Origin": "https://portal.example.com", "Content-Security-Policy": "default-src 'self' \"x\" $HOME" },
            removeServerHeader: true,
            defaultAction: forward({ type: "jwt", issuer: "https://auth.example.com/" }),
            rules: [
                rule("portal", 10, { conditions: [{ kind: "host", values: ["^portal\\.example\\.com$"], regex: true }], action: forward(oidc) }),
                rule("contractors", 20, { conditions: [{ kind: "path", values: ["^/contractors/(v1|v2)/"], regex: true }], action: forward({ ...oidc, type: "cognito", onUnauthenticatedRequest: "deny" }), transforms: { urlRewrite: { regex: "^/contractors/(v1|v2)/(.*)$", replace: "/$2?it's=%" }, hostHeaderRewrite: { regex: "^.*$", replace: "portal.internal" } } }),
            ],
        }), crtList);
        const file = path.join(dir, "haproxy.cfg");
        fs.writeFileSync(file, cfg);
        try {
            execFileSync(HAPROXY, ["-c", "-f", file], { stdio: ["ignore", "pipe", "pipe"] });
        } catch (e) {
            throw new Error(`haproxy -c: ${String((e as { stdout?: Buffer }).stdout)}${String((e as { stderr?: Buffer }).stderr)}`);
        }
    });
});
