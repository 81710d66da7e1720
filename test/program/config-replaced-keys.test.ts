// Keys of earlier versions fail with their replacement named, every one of them, in one run: a
// stack that still sets one is told what to write instead, never silently planned without it.
import { expect } from "chai";
import { ConfigError, REPLACED_KEYS, validateConfig } from "../../infra/config";
import { knownKeyPath } from "../../infra/config/load";

const STACK = { project: "elb-web-tier", stack: "dev" };

function problems(values: Record<string, unknown>): string[] {
    try {
        validateConfig(values, STACK);
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    return [];
}

describe("keys of earlier versions", () => {
    const flatLb = Object.keys(REPLACED_KEYS).filter((k) => /^(alb|nlb)[A-Z]/.test(k) && !["albHttps", "albCertificateArn", "albSslPolicy", "albHttpRedirect", "albListenerRules"].includes(k));

    it("cover every attribute of the alb and nlb sections (and each names a field the key table has)", () => {
        expect(flatLb).to.include.members(["albIdleTimeout", "albDeletionProtection", "albAccessLogsBucket", "albAccessLogsPrefix", "albScheme", "albIpAddressType", "albClientKeepAlive",
            "albMinimumCapacityUnits", "albIpamPoolId", "albZonalShift", "albZonalAutoshift", "albHealthCheckLogs", "albDropInvalidHeaderFields", "albDesyncMitigationMode",
            "nlbScheme", "nlbIpAddressType", "nlbIpv6SourceNatPrefix", "nlbMinimumCapacityUnits", "nlbDnsClientRoutingPolicy", "nlbZonalShift", "nlbZonalAutoshift", "nlbCrossZone",
            "nlbEipAllocationIds", "nlbDeletionProtection", "nlbAccessLogsBucket", "nlbAccessLogsPrefix"]);
        for (const k of flatLb) expect(knownKeyPath(REPLACED_KEYS[k]), `${k} -> ${REPLACED_KEYS[k]}`).to.equal(true);
    });

    it("each fail naming the old key, the value and the new one, all in one run", () => {
        const values = Object.fromEntries(flatLb.map((k, i) => [k, `v${i}`]));
        const lines = problems(values);
        for (const [i, k] of flatLb.entries()) {
            expect(lines).to.include(`elb-web-tier:${k}: was replaced by ${REPLACED_KEYS[k]}; run pulumi config rm ${k} and set the new key (see the config reference in README.md); got "v${i}"`);
        }
        expect(lines).to.have.length(flatLb.length);
    });

    it("fail beside a valid new section, which is still checked", () => {
        const lines = problems({ albIdleTimeout: 120, alb: { idleTimeout: 5000 } });
        expect(lines).to.deep.equal([
            "elb-web-tier:albIdleTimeout: was replaced by alb.idleTimeout; run pulumi config rm albIdleTimeout and set the new key (see the config reference in README.md); got 120",
            "elb-web-tier:alb.idleTimeout: must be an integer from 1 to 4000; got 5000",
        ]);
    });

    it("a misspelt old key points at its replacement", () => {
        expect(problems({ nlbCrossZones: false })[0]).to.contain("did you mean nlb.crossZone?");
    });
});
