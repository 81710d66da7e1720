// AliasRecords: Route53 aliases for the ALB and NLB.
import { expect } from "chai";
import { AliasRecords, AliasRecordsArgs } from "../../infra/dns";
import { aliasRecordsProblems } from "../../infra/config/awsLimits";
import { buildUnderMocks, MODES } from "../support/components";
import { UNKNOWN } from "../support/program";

const RECORD = "aws:route53/record:Record";
const ALB = { dnsName: "ALB-123.ap-northeast-2.elb.amazonaws.com", zoneId: "ZWKZPGTI48KDX" };
const NLB = { dnsName: "NLB-456.elb.ap-northeast-2.amazonaws.com", zoneId: "ZIBE1TIR4HY56" };

const args = (): AliasRecordsArgs => ({
    zoneId: "Z0123456789ABCDEFGHIJ",
    records: [
        { name: "www.example.com", target: ALB, dualStack: true },
        { name: "tcp.example.com", target: NLB, dualStack: false },
    ],
});

describe("AliasRecords", () => {
    for (const mode of MODES) {
        it(`aliases each name to its load balancer, A always and AAAA when dual-stack, evaluating target health, in ${mode.label}`, async () => {
            const b = await buildUnderMocks(() => ({ fqdns: new AliasRecords("web", args()).fqdns }), { preview: mode.preview });
            const records = b.plan.ofType(RECORD);
            expect(records.map((r) => r.name)).to.deep.equal(["web-www.example.com-A", "web-www.example.com-AAAA", "web-tcp.example.com-A"]);
            const expected = (name: string, type: string, target: typeof ALB) => ({
                zoneId: "Z0123456789ABCDEFGHIJ", name, type,
                aliases: [{ name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true }],
            });
            expect(records.map((r) => r.inputs)).to.deep.equal([
                expected("www.example.com", "A", ALB), expected("www.example.com", "AAAA", ALB), expected("tcp.example.com", "A", NLB),
            ]);
            expect(b.outputs.fqdns).to.deep.equal(mode.preview
                ? { "www.example.com": UNKNOWN, "tcp.example.com": UNKNOWN }
                : { "www.example.com": "www.example.com", "tcp.example.com": "tcp.example.com" });
        });
    }

    it("rejects names Route53 would not take as given, and duplicates", () => {
        const bad: AliasRecordsArgs = { zoneId: "Z1", records: [
            { name: "WWW.example.com.", target: ALB, dualStack: false },
            { name: "a.example.com", target: ALB, dualStack: false },
            { name: "a.example.com", target: NLB, dualStack: false },
        ] };
        expect(aliasRecordsProblems(bad)).to.deep.equal([
            "records: WWW.example.com. is not a lower-case domain name without a trailing dot",
            "records: a.example.com listed twice (one alias per name and type)",
        ]);
        expect(() => new AliasRecords("bad", bad)).to.throw(/^AliasRecords bad: /);
    });
});
