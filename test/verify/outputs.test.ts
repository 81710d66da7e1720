// What verify takes from the stack outputs, and what it refuses.
import { expect } from "chai";
import { OutputsError, parseOutputs } from "../../tools/verify/outputs";
import { hostOfPage } from "../../tools/verify/checks";

const good = {
    albUrl: "https://web-alb-1.ap-northeast-2.elb.amazonaws.com/",
    albDnsName: "web-alb-1.ap-northeast-2.elb.amazonaws.com",
    nlbStaticIps: ["203.0.113.10", "203.0.113.11"],
    instanceIds: ["i-1", "i-2"],
    greeting: "hello",
};

const problems = (o: unknown): string[] => {
    try {
        parseOutputs(o);
    } catch (e) {
        if (e instanceof OutputsError) return e.problems;
        throw e;
    }
    return [];
};

describe("verify's stack outputs", () => {
    it("expects as many hosts as instance IDs, or the expectedInstances output of a fleet", () => {
        expect(parseOutputs(good).expectedInstances).to.equal(2);
        expect(parseOutputs({ ...good, instanceIds: [], expectedInstances: 3 }).expectedInstances).to.equal(3);
        expect(problems({ ...good, expectedInstances: 0 })).to.deep.equal(["expectedInstances must be a whole number of at least 1, got 0"]);
    });

    it("takes the self-signed marker only as a boolean, and leaves it undefined when absent", () => {
        expect(parseOutputs(good).certificateSelfSigned).to.equal(undefined);
        expect(parseOutputs({ ...good, albCertificateSelfSigned: true }).certificateSelfSigned).to.equal(true);
        expect(problems({ ...good, albCertificateSelfSigned: "yes" })).to.deep.equal(['albCertificateSelfSigned must be true or false, got "yes"']);
    });

    it("refuses an albUrl on another host than albDnsName, and non-objects", () => {
        expect(problems({ ...good, albUrl: "https://elsewhere.example.com/" })).to.deep.equal([`albUrl https://elsewhere.example.com/ is not on albDnsName ${good.albDnsName}`]);
        expect(problems([good])).to.deep.equal(["the outputs must be a JSON object of output name to value"]);
    });
});

describe("verify's workload output", () => {
    const check = { loadBalancer: "alb", listener: "https", port: 443, scheme: "https", targetGroup: "TG-ALB", path: "/healthz", expectedStatus: 200 };

    it("is the greeting when a stack has no workload output (stacks deployed before it)", () => {
        expect(parseOutputs(good).workload).to.deep.equal({ mode: "greeting" });
    });

    it("takes a team workload's listener checks, without needing a greeting", () => {
        const { greeting: _g, ...noGreeting } = good;
        void _g;
        expect(parseOutputs({ ...noGreeting, workload: { mode: "ami", checks: [check] } }).workload).to.deep.equal({ mode: "ami", checks: [check] });
        expect(problems({ ...noGreeting, workload: { mode: "greeting" } })).to.deep.equal(["greeting must be a non-empty string, got undefined"]);
    });

    it("names each malformed field of a check, and an unknown mode", () => {
        expect(problems({ ...good, workload: { mode: "userData", checks: [{ ...check, scheme: "ftp", port: 0, path: "healthz", expectedStatus: "200" }] } })).to.deep.equal([
            'workload.checks[0].scheme must be http or https, got "ftp"',
            "workload.checks[0].port must be a port, got 0",
            'workload.checks[0].path must be a path starting with /, got "healthz"',
            'workload.checks[0].expectedStatus must be an HTTP status, got "200"',
        ]);
        expect(problems({ ...good, workload: { mode: "docker" } })).to.deep.equal(['workload.mode must be greeting, userData or ami, got "docker"']);
    });
});

describe("the greeting page", () => {
    it("is the HTML-escaped greeting, a space and a host name", () => {
        expect(hostOfPage("a &amp; b ip-10-0-0-1.ec2.internal\n", "a & b")).to.equal("ip-10-0-0-1.ec2.internal");
        expect(hostOfPage("a & b ip-10-0-0-1.ec2.internal\n", "a & b"), "unescaped").to.equal(undefined);
        expect(hostOfPage("a &amp; b \n", "a & b"), "no host name").to.equal(undefined);
        expect(hostOfPage("<html>It works!</html>", "a & b")).to.equal(undefined);
    });
});
