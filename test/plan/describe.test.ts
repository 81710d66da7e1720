// What reviewers read: rules with readable conditions, redirects that say where they go, weighted
// forwards with weights and stickiness, mTLS listeners with their mode, a first plan headed as a
// create, blank outputs shown as such, and the mocks' assumptions labelled as assumptions.
import { expect } from "chai";
import { describeActions, describeConditions } from "../../tools/plan/describe";
import { ResourceIndex } from "../../tools/plan/resources";
import { renderMarkdown } from "../../tools/plan/render/markdown";
import { keySettings } from "../../tools/plan/render/settings";
import { outputLines, renderText } from "../../tools/plan/render/text";
import { showOutput } from "../../tools/plan/resources";
import { plan } from "../support/program";
import { repoPlan } from "./fixtures";

const lineOf = (text: string, name: string) => text.split("\n").find((l) => l.includes(`${name} (`)) ?? "";
const TG = (name: string) => `arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/${name}-1a2b3c4/0123456789abcdef`;

describe("plan text: what reviewers read", () => {
    it("prints every condition kind in words, never a bare value or undefined", () => {
        const conditions = [
            { pathPattern: { values: ["/api/*", "/v2/*"] } },
            { httpHeader: { httpHeaderName: "X-Beta", values: ["true"] } },
            { queryStrings: [{ key: "beta", value: "1" }, { value: "preview" }] },
            { hostHeader: { values: ["a.example.com"] } },
            { httpRequestMethod: { values: ["GET", "POST"] } },
            { sourceIp: { values: ["10.0.0.0/8"] } },
        ];
        const text = describeConditions(conditions);
        expect(text).to.equal("path /api/* or /v2/* and header X-Beta is true and query beta=1 or any key=preview and host a.example.com and method GET or POST and source 10.0.0.0/8");
        expect(text).to.not.match(/undefined|header true/);
    });

    it("says where a redirect goes: protocol and port, and the host, path and query it changes", () => {
        expect(describeActions([{ type: "redirect", redirect: { host: "docs.example.com", path: "/#{path}", statusCode: "HTTP_302" } }], "")).to.equal("redirect to host docs.example.com (HTTP_302)");
        expect(describeActions([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", path: "/new", query: "from=old", statusCode: "HTTP_301" } }], "")).to.equal("redirect to HTTPS:443, path /new, query from=old (HTTP_301)");
    });

    it("shows a weighted forward's groups with their weights and the group stickiness, matched by ARN", () => {
        const action = { type: "forward", forward: { targetGroups: [{ arn: TG("api-canary"), weight: 10 }, { arn: TG("api"), weight: 90 }], stickiness: { enabled: true, duration: 3600 } } };
        expect(describeActions([action], ["api", "api-canary"])).to.equal("forward to api-canary weight 10, api weight 90, group stickiness 3600s");
        const plain = { type: "forward", forward: { targetGroups: [{ arn: TG("a"), weight: 1 }, { arn: TG("b"), weight: 1 }] } };
        expect(describeActions([plain], ["a", "b"])).to.equal("forward to a weight 1, b weight 1, no group stickiness");
    });

    it("the payments-dev plan reads its rules as written", async () => {
        const text = renderText(await repoPlan("payments-dev"));
        expect(lineOf(text, "ALB-https-api-beta-header")).to.contain("if path /api/* and header X-Payments-Beta is true, forward to api-canary");
        expect(lineOf(text, "ALB-https-api-beta-query")).to.contain("if path /api/* and query beta=1");
        expect(lineOf(text, "ALB-https-api-canary")).to.contain("forward to api weight 90, api-canary weight 10, group stickiness 3600s");
        expect(lineOf(text, "ALB-https-old-docs")).to.contain("redirect to host docs.payments.example.com (HTTP_302)");
        expect(text).to.not.match(/header true|query undefined|the same URL/);
    });

    it("shows an mTLS listener's mode and trust store", async () => {
        const verify = await plan({ albListeners: { https: { mutualAuthentication: { mode: "verify", caBundle: { bucket: "ca-bundles", key: "clients.pem", version: "v1" } } } } });
        const index = new ResourceIndex(verify.resources);
        const https = verify.get("aws:lb/listener:Listener", "ALB-https");
        expect(keySettings(https, index).join(", ")).to.match(/mutual TLS verify against \S+/);
        const passthrough = await plan({ albListeners: { https: { mutualAuthentication: { mode: "passthrough" } } } });
        const https2 = passthrough.get("aws:lb/listener:Listener", "ALB-https");
        expect(keySettings(https2, new ResourceIndex(passthrough.resources)).join(", ")).to.contain("mutual TLS passthrough (client certificates forwarded to the targets unverified)");
    });

    it("heads a first plan as a create, not an update, in text and markdown", async () => {
        const dev = await repoPlan("dev");
        expect(renderText(dev).split("\n")[0]).to.contain("(create: a first deployment, every resource new;");
        expect(renderText(dev)).to.not.match(/^Plan of .*\(update/);
        expect(renderMarkdown(dev)).to.contain("create: a first deployment, every resource new under mocks");
        const preview = await repoPlan("dev", true);
        expect(renderText(preview).split("\n")[0]).to.contain("create: a first deployment, every resource new; preview: computed values unknown");
    });

    it("shows blank outputs as such", () => {
        expect(showOutput(null)).to.equal("(none)");
        expect(showOutput("")).to.equal("(empty string)");
        expect(showOutput([])).to.equal("(empty list)");
        expect(showOutput({})).to.equal("(empty map)");
        expect(outputLines({ dnsNames: {}, albUrl: "", logBucket: null })).to.deep.equal([["dnsNames", "(empty map)"], ["albUrl", "(empty string)"], ["logBucket", "(none)"]]);
    });

    it("labels the subnets' AZs of a stack's own VPC as assumptions, and says none for the default VPC", async () => {
        const prod = await repoPlan("payments-prod");
        const note = prod.notes.find((n) => n.startsWith("assumed, not known offline: the AZ of each subnet"));
        expect(note, prod.notes.join("\n")).to.match(/subnet-0a1b2c3d4e5f60791 in ap-northeast-2a/);
        expect(renderText(prod)).to.contain("Notes (assumptions are what the mocks could not know):");
        expect((await repoPlan("dev")).notes.some((n) => n.startsWith("assumed"))).to.equal(false);
    });
});
