// The self-signed certificate names what clients reach: the ALB's DNS name, and the NLB's when its
// clients come over TLS (a TLS listener on the stack's certificate, or TLS passed through to the
// ALB). Found by example-ipv6-edge's twin: clients of the NLB's name were refused by the ALB's
// certificate (a wildcard covers one label: *.<region>.elb... never covers <nlb>.elb.<region>...).
import { expect } from "chai";
import { repoPlan } from "../plan/fixtures";

const names = async (stack: string) => {
    const plan = await repoPlan(stack);
    const cert = plan.resources.find((r) => r.type === "tls:index/selfSignedCert:SelfSignedCert");
    return cert?.inputs.dnsNames;
};

describe("the self-signed certificate covers the names clients reach it by", () => {
    it("dev (the NLB forwards plain TCP): the ALB's DNS name only, as the seed's", async () => {
        expect(await names("dev")).to.deep.equal(["*.ap-northeast-2.elb.amazonaws.com"]);
    });

    it("an NLB passing TLS through to the ALB: the NLB's DNS name too", async () => {
        expect(await names("example-ipv6-edge")).to.deep.equal(["*.ap-northeast-2.elb.amazonaws.com", "*.elb.ap-northeast-2.amazonaws.com"]);
    });
});
