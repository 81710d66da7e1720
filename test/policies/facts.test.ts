// policies/facts: the AWS facts the pack ships, and the program's copy of them until it imports these.
import { expect } from "chai";
import * as facts from "../../policies/facts/elb";
import * as logs from "../../infra/logs";

describe("policies/facts/elb", () => {
    it("lists the same ELB log-delivery accounts and service principals as the program (one table until infra imports it)", () => {
        expect(facts.ELB_ACCOUNT_IDS).to.deep.equal(logs.ELB_ACCOUNT_IDS);
        expect(facts.ELB_LOG_DELIVERY_SERVICE).to.equal(logs.ELB_LOG_DELIVERY_SERVICE);
        expect(facts.LOG_DELIVERY_SERVICE).to.equal(logs.LOG_DELIVERY_SERVICE);
        for (const region of [...Object.keys(facts.ELB_ACCOUNT_IDS), "ap-south-2", "mx-central-1"]) {
            expect(facts.albLogPrincipal(region), region).to.deep.equal(logs.albLogPrincipal(region));
        }
    });

    it("maps an ELB account back to its one Region, and nothing else to any", () => {
        expect(facts.regionOfElbAccount("600734575887")).to.equal("ap-northeast-2");
        expect(facts.regionOfElbAccount("123456789012")).to.equal(undefined);
        expect(new Set(Object.values(facts.ELB_ACCOUNT_IDS)).size).to.equal(Object.keys(facts.ELB_ACCOUNT_IDS).length);
    });
});

describe("policies/facts/elb canonical hosted zones", () => {
    it("gives ALBs and NLBs their own zone per Region, and reads type and Region from ELB DNS names", () => {
        expect(facts.canonicalHostedZone("application", "us-east-1")).to.equal("Z35SXDOTRQ7X7K");
        expect(facts.canonicalHostedZone("network", "us-east-1")).to.equal("Z26RNL4JYFTOTI");
        expect(facts.canonicalHostedZone("gateway", "us-east-1")).to.equal(undefined);
        expect(Object.keys(facts.ALB_HOSTED_ZONE_IDS)).to.deep.equal(Object.keys(facts.NLB_HOSTED_ZONE_IDS));
        expect(facts.elbDnsNameFacts("dualstack.web-123.ap-northeast-2.elb.amazonaws.com.")).to.deep.equal({ kind: "application", region: "ap-northeast-2" });
        expect(facts.elbDnsNameFacts("web-123.elb.us-gov-west-1.amazonaws.com")).to.deep.equal({ kind: "network", region: "us-gov-west-1" });
        expect(facts.elbDnsNameFacts("www.example.com")).to.equal(undefined);
    });
});
