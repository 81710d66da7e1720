// Keys of earlier versions fail with their replacement named, every one of them, in one run: a
// stack that still sets one is told what to write instead, never silently planned without it.
import { expect } from "chai";
import { ConfigError, REPLACED_KEYS, SEED_GREETING, validateConfig } from "../../infra/config";
import { knownKeyPath } from "../../infra/config/load";

const STACK = { project: "elb-web-tier", stack: "dev" };

function problems(values: Record<string, unknown>, secretKeys: string[] = []): string[] {
    try {
        validateConfig(values, { ...STACK, secretKeys });
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
            expect(lines).to.include(`elb-web-tier:${k}: was replaced by ${REPLACED_KEYS[k]}; move it: pulumi config rm ${k} && pulumi config set --path ${REPLACED_KEYS[k]} v${i}; got "v${i}"`);
        }
        expect(lines).to.have.length(flatLb.length);
    });

    it("fail beside a valid new section, which is still checked", () => {
        const lines = problems({ albIdleTimeout: 120, alb: { idleTimeout: 5000 } });
        expect(lines).to.deep.equal([
            "elb-web-tier:albIdleTimeout: was replaced by alb.idleTimeout; move it: pulumi config rm albIdleTimeout && pulumi config set --path alb.idleTimeout 120; got 120",
            "elb-web-tier:alb.idleTimeout: must be an integer from 1 to 4000; got 5000",
        ]);
    });

    it("say how to move a value: quoted when the shell needs it, never a secret's, a list or map by reference", () => {
        expect(problems({ albAccessLogsPrefix: "team a's logs" })[0]).to.contain(`move it: pulumi config rm albAccessLogsPrefix && pulumi config set --path alb.accessLogs.prefix 'team a'\\''s logs'`);
        expect(problems({ nlbEipAllocationIds: ["eipalloc-0123456789abcdef0"] })[0]).to.contain("run pulumi config rm nlbEipAllocationIds and set the new key (see the config reference in README.md)");
        const secret = problems({ albIpamPoolId: "ipam-pool-0123456789abcdef0" }, ["albIpamPoolId"]);
        expect(secret[0]).to.contain("move it: pulumi config rm albIpamPoolId && pulumi config set --secret --path alb.ipamPoolId <value>");
        expect(secret[0]).to.not.contain("ipam-pool-0123456789abcdef0");
        expect(secret[0]).to.match(/; got \[secret\]$/);
    });

    it("the top-level greeting fails naming workload.greeting, which a stack sets without a mode (the greeting is the default)", () => {
        expect(problems({ greeting: "Hi" })).to.deep.equal([
            'elb-web-tier:greeting: was replaced by workload.greeting; move it: pulumi config rm greeting && pulumi config set --path workload.greeting Hi; got "Hi"',
        ]);
        // What that `pulumi config set --path workload.greeting Hi` stores on a stack without a workload.
        expect(validateConfig({ workload: { greeting: "Hi" } }, STACK).workload).to.deep.equal({ mode: "greeting", greeting: "Hi" });
        expect(validateConfig({}, STACK).workload).to.deep.include({ mode: "greeting", greeting: SEED_GREETING });
        // Only the greeting mode has one; a team workload's map without a mode still needs one.
        expect(problems({ workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: [{ port: 80, protocol: "TCP" }], greeting: "Hi" } })[0])
            .to.match(/^elb-web-tier:workload\.greeting: is not a known field/);
        expect(problems({ workload: { image: "ami-0123456789abcdef0", serves: [{ port: 80, protocol: "TCP" }] } })[0]).to.contain("must be greeting, userData or ami");
    });

    it("a misspelt old key points at its replacement", () => {
        expect(problems({ nlbCrossZones: false })[0]).to.contain("did you mean nlb.crossZone?");
    });
});
