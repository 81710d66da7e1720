// A newcomer's errors: every problem in one run (type errors and cross-field rules together), each
// naming the value and what is allowed, "did you mean" for misspelt keys and fields, and one line
// per mistake.
import { expect } from "chai";
import { closestName } from "../../infra/config/load";
import { ConfigValues, planError } from "../support/program";

const key = (k: string) => `elb-web-tier:${k}`;
async function problemLines(config: ConfigValues): Promise<string[]> {
    const { message, registered } = await planError(config);
    expect(registered, "resources declared before the error").to.equal(0);
    return message.split("\n").filter((l) => l.startsWith("  - ")).map((l) => l.slice(4));
}

describe("config errors: all at once, each actionable", () => {
    it("reports a type error and a cross-field rule of another key in the same run", async () => {
        const lines = await problemLines({ fleet: { instanceCount: "two" }, targetGroups: { "TG-ALB": { slowStart: 60, algorithm: "least_outstanding_requests" } } });
        expect(lines).to.deep.equal([
            `${key("fleet.instanceCount")}: must be an integer from 1 to 20; got "two"`,
            `${key("targetGroups.TG-ALB.slowStart")}: works only with algorithm round_robin (the group uses least_outstanding_requests); got 60`,
        ]);
    });

    it("reports a bad field and a cross-field rule of the same group together, without repeating the bad field", async () => {
        const lines = await problemLines({ targetGroups: { "TG-ALB": { port: "eighty", healthCheck: { interval: 10, timeout: 10 } } } });
        expect(lines).to.deep.equal([
            `${key("targetGroups.TG-ALB.port")}: must be an integer from 1 to 65535; got "eighty"`,
            `${key("targetGroups.TG-ALB.healthCheck.timeout")}: must be less than healthCheck.interval (10s); got 10`,
        ]);
    });

    it("suggests the key meant for a misspelt key", async () => {
        expect(await problemLines({ instanceCnt: 3 })).to.deep.equal([`${key("instanceCnt")}: is not a known key (did you mean fleet.instanceCount?); remove it or fix its spelling; got 3`]);
        expect((await problemLines({ albIdleTimeOut: 30 }))[0]).to.contain("did you mean alb.idleTimeout?");
    });

    it("suggests the field meant for a misspelt field, at any depth, from that object's own fields", async () => {
        const hc = await problemLines({ targetGroups: { "TG-ALB": { healthcheck: { path: "/" } } } });
        expect(hc).to.have.length(1);
        expect(hc[0]).to.contain(`${key("targetGroups.TG-ALB.healthcheck")}: is not a known field; did you mean healthCheck?`);
        const action = await problemLines({ albListeners: { https: { defaultAction: { type: "forward", targetGroupp: "TG-ALB" } } } });
        expect(action[0]).to.contain(`${key("albListeners.https.defaultAction.targetGroupp")}: is not a known field; did you mean targetGroup?`);
        // A redirect's fields, not a forward's: the union's option is picked by its type.
        const redirect = await problemLines({ albListeners: { http: { defaultAction: { type: "redirect", protocl: "HTTPS" } } } });
        expect(redirect[0]).to.contain("did you mean protocol?");
        const vpc = await problemLines({ vpc: { create: true, natGateway: "single" } });
        expect(vpc[0]).to.contain(`${key("vpc.natGateway")}: is not a known field; did you mean natGateways?`);
    });

    it("offers no suggestion when nothing is close", () => {
        expect(closestName("zzzzzz", ["instanceCount", "amiId"])).to.equal(undefined);
        expect(closestName("amild", ["instanceCount", "amiId"])).to.equal("amiId");
    });

    it("says where rules belong when a rule is placed directly under albListeners, in one line", async () => {
        const r = { priority: 10, conditions: [{ pathPattern: ["/api/*"] }], action: { type: "forward", targetGroup: "TG-ALB" } };
        const direct = await problemLines({ albListeners: { api: r } });
        expect(direct).to.have.length(1);
        expect(direct[0]).to.contain(`${key("albListeners.api")}: looks like a listener rule, not a listener: rules belong to a listener, under its rules map: albListeners.<listener>.rules.<rule> (for example albListeners.https.rules.api)`);
        const rulesMap = await problemLines({ albListeners: { rules: { api: r } } });
        expect(rulesMap).to.have.length(1);
        expect(rulesMap[0]).to.contain(`${key("albListeners.rules")}: is not a listener: rules belong to a listener`);
    });

    it("gives a string where a list goes one error, not two", async () => {
        expect(await problemLines({ ingressCidrs: "203.0.113.0/24" })).to.deep.equal([`${key("ingressCidrs")}: must be a list of strings; got "203.0.113.0/24"`]);
        const subnets = await problemLines({ vpc: { id: "vpc-0abc12345", subnetIds: "subnet-0aaa11111" } });
        expect(subnets).to.deep.equal([`${key("vpc.subnetIds")}: must be a list of strings; got "subnet-0aaa11111"`]);
        const pattern = await problemLines({ albListeners: { https: { rules: { r: { priority: 1, conditions: [{ pathPattern: "/api/*" }], action: { type: "forward", targetGroup: "TG-ALB" } } } } } });
        expect(pattern).to.deep.equal([`${key("albListeners.https.rules.r.conditions[0].pathPattern")}: must be a list of values; got "/api/*"`]);
    });

    it("does not repeat a bad value as a cross-field finding about what depends on it", async () => {
        // vpc.id malformed: "vpc.subnetIds needs vpc.id" would be the same mistake said twice.
        const lines = await problemLines({ vpc: { id: "my-vpc", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } });
        expect(lines).to.have.length(1);
        expect(lines[0]).to.match(/^elb-web-tier:vpc\.id: must be empty or a VPC ID/);
    });
});

describe("config errors: shapes people get wrong", () => {
    it("a list where a named map goes asks for names", async () => {
        const { message } = await planError({ albListeners: { https: { rules: [{ priority: 1, conditions: [{ pathPattern: ["/a"] }], action: { type: "forward", targetGroup: "TG-ALB" } }] } } });
        expect(message).to.contain(`${key("albListeners.https.rules")}: must be a map of name to listener rule, not a list: give each entry a name`);
    });

    it("a section's switch given as the section says which field it is", async () => {
        const { message } = await planError({ vpc: true });
        expect(message).to.contain(`${key("vpc")}: must be a map of VPC settings (to turn it on: vpc.create: true, or pulumi config set --path vpc.create true); got true`);
        expect((await planError({ waf: true })).message).to.contain("(to turn it on: waf.enabled: true");
    });
});
