// HAProxy routes as an ALB does: the twin's rules (one HAProxy config from the plan) answer the
// same as the reference evaluator of AWS's matching, request by request, on the tricky cases:
// path case-sensitive, host and header values case-insensitive, methods exact, * and ? wildcards,
// AND across conditions, OR across values, lowest priority first, the source address.
import { expect } from "chai";
import { RecordedResource } from "../../tools/engine/mockRun";
import { runPlan } from "../../tools/plan/run";
import { httpRequest } from "../../tools/twin/check";
import { actionFor, anchored, queryPairRegex, redirectLocation, TwinRequest } from "../../tools/twin/matching";
import { alpnOffer, matcherRegex, tlsFloor } from "../../tools/twin/haproxy";
import { startTwin, Twin, TwinListener } from "../../tools/twin/up";
import { ROOT } from "./support";

describe("AWS matching, as the twin evaluates it", () => {
    it("wildcards: * any run, ? one character, escaped \\* literal; anchored", () => {
        expect(new RegExp(anchored("/api/*")).test("/api/v1/x")).to.equal(true);
        expect(new RegExp(anchored("/api/*")).test("/apix")).to.equal(false);
        expect(new RegExp(anchored("/v?/a")).test("/v1/a")).to.equal(true);
        expect(new RegExp(anchored("/v?/a")).test("/v10/a")).to.equal(false);
        expect(new RegExp(anchored("a.b")).test("axb")).to.equal(false);
        expect(new RegExp(queryPairRegex({ value: "a\\*" }), "i").test("k=a*")).to.equal(true);
        expect(new RegExp(queryPairRegex({ value: "a\\*" }), "i").test("k=ab")).to.equal(false);
        expect(new RegExp(queryPairRegex({ key: "beta", value: "1" }), "i").test("x=2&beta=1")).to.equal(true);
        expect(new RegExp(queryPairRegex({ key: "beta", value: "1" }), "i").test("xbeta=1")).to.equal(false);
    });

    it("maps ELB security policies to their TLS floor, ALPN policies to their offer, matchers to status codes", () => {
        expect(tlsFloor("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")).to.equal("TLSv1.2");
        expect(tlsFloor("ELBSecurityPolicy-TLS13-1-3-2021-06")).to.equal("TLSv1.3");
        expect(tlsFloor("ELBSecurityPolicy-2016-08")).to.equal("TLSv1.0");
        expect(tlsFloor("ELBSecurityPolicy-FS-1-2-Res-2020-10")).to.equal("TLSv1.2");
        expect(alpnOffer("HTTP2Preferred")).to.deep.equal(["h2", "http/1.1"]);
        expect(alpnOffer("HTTP2Optional")).to.deep.equal(["http/1.1", "h2"]);
        expect(alpnOffer("None")).to.deep.equal([]);
        const re = new RegExp(matcherRegex("200-399"));
        expect(["200", "302", "399"].every((c) => re.test(c))).to.equal(true);
        expect(["199", "400", "404"].some((c) => re.test(c))).to.equal(false);
        expect(new RegExp(matcherRegex("200,202")).test("201")).to.equal(false);
    });
});

/** Fixed-response rules added to dev's HTTPS listener, each answering its own name. */
const RULES: { name: string; priority: number; conditions: Record<string, unknown>[] }[] = [
    { name: "path-case", priority: 1, conditions: [{ pathPattern: { values: ["/Case/*"] } }] },
    { name: "host-any-case", priority: 2, conditions: [{ hostHeader: { values: ["shop.example.com", "*.shop.example.org"] } }, { pathPattern: { values: ["/host"] } }] },
    { name: "header-and-method", priority: 3, conditions: [{ httpHeader: { httpHeaderName: "X-Beta", values: ["on", "y?s"] } }, { httpRequestMethod: { values: ["POST"] } }] },
    { name: "query", priority: 4, conditions: [{ queryStrings: [{ key: "v", value: "2*" }, { value: "debug" }] }] },
    { name: "first-wins", priority: 5, conditions: [{ pathPattern: { values: ["/both"] } }] },
    { name: "second", priority: 6, conditions: [{ pathPattern: { values: ["/both", "/second"] } }] },
    { name: "office", priority: 7, conditions: [{ sourceIp: { values: ["198.51.100.0/24"] } }, { pathPattern: { values: ["/office"] } }] },
    { name: "redirect", priority: 8, conditions: [{ pathPattern: { values: ["/old/*"] } }] },
];

function addRules(resources: RecordedResource[]): void {
    const robots = resources.find((r) => r.name === "ALB-https-robots-txt")!;
    for (const r of RULES) {
        const action = r.name === "redirect"
            ? { type: "redirect", redirect: { host: "new.example.com", path: "/v2/#{path}", query: "from=#{query}", statusCode: "HTTP_302", protocol: "HTTPS" } }
            : { type: "fixed-response", fixedResponse: { statusCode: "200", contentType: "text/plain", messageBody: r.name } };
        resources.push({ ...robots, urn: `${robots.urn}-${r.name}`, name: `ALB-https-${r.name}`, inputs: { ...robots.inputs, priority: r.priority, conditions: r.conditions, actions: [action] } });
    }
}

describe("the twin's HAProxy routes as the reference evaluator says", function () {
    this.timeout(120000);
    let twin: Twin;
    let https: TwinListener;
    before(async () => {
        const plan = await runPlan({ projectDir: ROOT, stack: "dev" });
        addRules(plan.resources);
        twin = await startTwin({ projectDir: ROOT, stack: "dev", plan, timeScale: 30 });
        https = twin.listeners.find((tl) => tl.listener.key === "ALB-https")!;
        await twin.settle();
    });
    after(async () => { await twin?.stop(); });

    const host = "ALB-placeholder.ap-northeast-2.elb.amazonaws.com";
    const cases: [string, Partial<TwinRequest>, string][] = [
        ["the path is case-sensitive", { url: "/Case/x" }, "path-case"],
        ["the path is case-sensitive (other case)", { url: "/case/x" }, "default"],
        ["the host is case-insensitive, and its port ignored", { host: "SHOP.Example.COM:443", url: "/host" }, "host-any-case"],
        ["a host wildcard", { host: "eu.shop.example.org", url: "/host" }, "host-any-case"],
        ["AND: the host alone is not enough", { host: "shop.example.com", url: "/other" }, "default"],
        ["header values case-insensitive, OR across values, with ?", { method: "POST", headers: { "x-beta": "YES" } }, "header-and-method"],
        ["methods are exact", { method: "GET", headers: { "X-Beta": "on" } }, "default"],
        ["a query pair with a wildcard", { url: "/q?v=21" }, "query"],
        ["a query value with any key", { url: "/q?mode=debug" }, "query"],
        ["a query that does not match", { url: "/q?v=3" }, "default"],
        ["the lowest priority wins", { url: "/both" }, "first-wins"],
        ["OR across path values", { url: "/second" }, "second"],
        ["source IP from the office range", { url: "/office", sourceIp: "198.51.100.7" }, "office"],
        ["source IP outside it", { url: "/office", sourceIp: "203.0.113.9" }, "default"],
    ];
    for (const [what, partial, want] of cases) {
        it(`${what}: ${want}`, async () => {
            const req: TwinRequest = { method: "GET", url: "/", host, headers: {}, sourceIp: "127.0.0.1", ...partial };
            const expected = actionFor(https.listener, req);
            expect(expected.rule).to.equal(want === "default" ? "default" : `ALB-https-${want}`);
            // TLS by the load balancer's name (its certificate's), the Host header as the case needs.
            const got = await httpRequest(twin, https, req, undefined, host);
            if (want === "default") expect(got.headers["x-twin-target-group"]).to.equal("TG-ALB");
            else expect(got.body).to.equal(want);
        });
    }

    for (const [url, location] of [["/old/page?x=1", "https://new.example.com:443/v2/old/page?from=x=1"], ["/old/page", "https://new.example.com:443/v2/old/page?from="]]) {
        it(`a redirect fills #{path} and #{query}: ${url} -> ${location}`, async () => {
            const req: TwinRequest = { method: "GET", url, host, headers: {}, sourceIp: "127.0.0.1" };
            const got = await httpRequest(twin, https, req);
            expect(got.status).to.equal(302);
            expect(got.headers.location).to.equal(location);
            expect(got.headers.location).to.equal(redirectLocation(actionFor(https.listener, req).action as never, https.listener, req));
        });
    }

    it("the HTTP listener's default redirect keeps a request's query and adds no empty ?", async () => {
        const http = twin.listeners.find((tl) => tl.listener.key === "ALB-http")!;
        for (const [url, location] of [["/a?b=1", `https://${host}:443/a?b=1`], ["/a", `https://${host}:443/a`]]) {
            const got = await httpRequest(twin, http, { method: "GET", url, host, headers: {}, sourceIp: "127.0.0.1" });
            expect([got.status, got.headers.location]).to.deep.equal([301, location]);
        }
    });
});
