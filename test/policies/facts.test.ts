// policies/facts: the AWS facts the pack ships, and the program's copy of them until it imports these.
import { expect } from "chai";
import * as facts from "../../policies/facts/elb";
import * as tls from "../../policies/facts/tls";
import * as dns from "../../policies/facts/dns";
import * as cidr from "../../policies/facts/cidr";
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

describe("policies/facts/tls", () => {
    it("lists each ELB security policy once, with the TLS versions AWS's tables give it", () => {
        const names = tls.ELB_SECURITY_POLICIES;
        expect(new Set(names).size).to.equal(names.length);
        for (const name of names) expect(name).to.match(/^ELBSecurityPolicy-[A-Za-z0-9-]+$/);
        expect(names).to.include.members(["ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07", "ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", "ELBSecurityPolicy-2016-08"]);
        // On neither AWS page any more: the API's old reference was the last to name it.
        expect(names).to.not.include("ELBSecurityPolicy-TLS-1-0-2015-04");
        expect(tls.elbSecurityPolicy("ELBSecurityPolicy-2015-05")).to.include({ nlbOnly: true });
        expect(tls.elbSecurityPolicy("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09")).to.include({ postQuantum: true, fips: true, nlbOnly: false });
    });

    it("reads a policy's TLS floor from the table, not its name (FS-1-2 is TLS 1.2; no policy is the API default's TLS 1.0)", () => {
        expect(tls.tlsFloor("ELBSecurityPolicy-FS-1-2-Res-2020-10")).to.equal("TLSv1.2");
        expect(tls.tlsFloor("ELBSecurityPolicy-FS-1-1-2019-08")).to.equal("TLSv1.1");
        expect(tls.tlsFloor("ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07")).to.equal("TLSv1.3");
        expect(tls.tlsFloor("ELBSecurityPolicy-TLS13-1-0-PQ-2025-09")).to.equal("TLSv1.0");
        expect(tls.tlsFloor(undefined)).to.equal("TLSv1.0");
    });

    it("allows by default only offered TLS 1.2+ policies without legacy suites, the recommended one first", () => {
        expect(tls.ELB_17_SSL_POLICIES[0]).to.equal(tls.RECOMMENDED_TLS_POLICY);
        for (const name of tls.ELB_17_SSL_POLICIES) {
            expect(tls.ELB_SECURITY_POLICIES, name).to.include(name);
            expect(["TLSv1.2", "TLSv1.3"], name).to.include(tls.tlsFloor(name));
            expect(name).to.not.match(/Ext[012]|RFC9151/);
        }
        expect(tls.ELB_17_SSL_POLICIES).to.not.include("ELBSecurityPolicy-TLS13-1-2-2021-06");
    });
});

describe("policies/facts/dns", () => {
    const label63 = "a".repeat(63);
    const cases: [string, boolean, boolean][] = [
        // name, a domain name, a certificate name (wildcard allowed)
        ["www.example.com", true, true],
        ["example.xn--p1ai", true, true],
        [`${label63}.example.com`, true, true],
        ["*.example.com", false, true],
        ["www.*.example.com", false, false],
        ["w*.example.com", false, false],
        ["*example.com", false, false],
        ["-www.example.com", false, false],
        ["www-.example.com", false, false],
        // The last label follows the same rule as every other (one regex allowed "c-" there).
        ["example.c-", false, false],
        ["example", false, false],
        ["www.example.com.", false, false],
        ["WWW.example.com", false, false],
        [`${"a".repeat(64)}.example.com`, false, false],
        [`${Array.from({ length: 4 }, () => label63).join(".")}.ab`, false, false],
    ];
    for (const [name, domain, certificate] of cases) {
        it(`${domain ? "accepts" : "refuses"} ${name.length > 40 ? `a ${name.length}-character name` : name} as a domain name, ${certificate ? "accepts" : "refuses"} it on a certificate`, () => {
            expect(dns.isDomainName(name)).to.equal(domain);
            expect(dns.isDomainName(name, { wildcard: true })).to.equal(certificate);
        });
    }
});

describe("policies/facts/cidr", () => {
    it("reads addresses as AWS does: four decimal octets, IPv6 in any spelling", () => {
        expect(cidr.parseCidr("10.0.0.0/8")).to.include({ prefix: 8, family: "ipv4" });
        expect(cidr.parseCidr("010.0.0.0/8"), "octal-looking octets are no address to AWS").to.equal(undefined);
        expect(cidr.parseCidr("1.2.3/24")).to.equal(undefined);
        expect(cidr.parseCidr("10.0.0.0/33")).to.equal(undefined);
        expect(cidr.canonicalCidr("10.0.0.1/8")).to.equal("10.0.0.0/8");
        expect(cidr.canonicalCidr("2001:0DB8:0000::/32", "ipv6")).to.equal("2001:db8::/32");
        expect(cidr.canonicalCidr("10.0.0.0/8", "ipv6")).to.equal(undefined);
    });

    it("counts public blocks of /8 (IPv4) or /16 (IPv6) and wider as the internet, never private ranges", () => {
        for (const internet of ["0.0.0.0/0", "::/0", "0.0.0.0/1", "128.0.0.0/1", "11.0.0.0/8", "172.0.0.0/8", "2001::/16", " 0.0.0.0/0 "]) {
            expect(cidr.isInternetCidr(internet), internet).to.equal(true);
        }
        for (const not of ["10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "203.0.113.0/24",
            "fc00::/7", "fe80::/10", "2001:db8::/32", "999.0.0.0/8", "x", 42]) {
            expect(cidr.isInternetCidr(not), String(not)).to.equal(false);
        }
    });

    it("tells whether a block lies inside another, and an address inside a block", () => {
        expect(cidr.cidrWithin("10.0.1.0/24", "10.0.0.0/16")).to.equal(true);
        expect(cidr.cidrWithin("10.0.0.0/16", "10.0.1.0/24")).to.equal(false);
        expect(cidr.cidrWithin("10.1.0.0/24", "10.0.0.0/16")).to.equal(false);
        expect(cidr.cidrWithin("2001:db8::/48", "2001:db8::/32")).to.equal(true);
        expect(cidr.cidrWithin("10.0.0.0/24", "::/0")).to.equal(false);
        expect(cidr.cidrContains("10.0.0.0/16", "10.0.200.7")).to.equal(true);
        expect(cidr.cidrContains("10.0.0.0/16", "10.1.0.1")).to.equal(false);
        expect(cidr.cidrContains("2001:db8::/32", "10.0.0.1")).to.equal(false);
    });

    it("numbers the subnets of a block as Terraform's cidrsubnet does, IPv4 and IPv6", () => {
        expect(cidr.subnetOf("10.0.0.0/16", 4, 15)).to.equal("10.0.240.0/20");
        expect(cidr.subnetOf("192.168.4.0/24", 4, 9)).to.equal("192.168.4.144/28");
        expect(cidr.subnetOf("10.0.0.0/8", 16, 257)).to.equal("10.1.1.0/24");
        expect(cidr.subnetOf("2600:1f18:abcd:ef00::/56", 8, 3)).to.equal("2600:1f18:abcd:ef03::/64");
        expect(() => cidr.subnetOf("10.0.0.0/16", 4, 16)).to.throw("10.0.0.0/16 has no subnet 16 of /20");
        expect(() => cidr.subnetOf("10.0.0.0/30", 4, 0)).to.throw("10.0.0.0/30 has no subnet 0 of /34");
    });
});
