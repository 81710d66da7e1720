// Config validation against AWS's own rules, on configs users write: each case fails before any
// resource with the key path, the value and what AWS allows; each allowed neighbour plans.
import { expect } from "chai";
import { ELB_TLS_POLICIES } from "../../infra/config/values";
import { REGION_AZ_LETTERS } from "../../infra/config/regions";
import * as aws from "@pulumi/aws";
import { ConfigValues, plan, planError, RunOptions } from "../support/program";

const key = (k: string) => `elb-web-tier:${k}`;
const CERT = "arn:aws:acm:ap-northeast-2:111122223333:certificate/12345678-1234-1234-1234-123456789012";
const CERT2 = "arn:aws:acm:ap-northeast-2:111122223333:certificate/22345678-1234-1234-1234-123456789012";
const rule = (action: Record<string, unknown>) => ({ priority: 5, conditions: [{ pathPattern: ["/g/*"] }], action });

async function lines(config: ConfigValues, options?: RunOptions): Promise<string[]> {
    const { message, registered } = await planError(config, options);
    expect(registered).to.equal(0);
    return message.split("\n").filter((l) => l.startsWith("  - ")).map((l) => l.slice(4));
}
async function plans(config: ConfigValues, options?: RunOptions): Promise<void> {
    const p = await plan(config, options);
    expect(p.resources.length).to.be.greaterThan(10);
}

describe("validation follows AWS's rules", () => {
    describe("health checks: interval against the protocol's default timeout", () => {
        it("refuses interval 5 on a TCP group without a timeout (AWS's default TCP timeout is 10s)", async () => {
            expect(await lines({ targetGroups: { "TG-NLB": { healthCheck: { interval: 5 } } } })).to.deep.equal([
                `${key("targetGroups.TG-NLB.healthCheck.interval")}: must be more than the health-check timeout, which AWS defaults to 10s for TCP checks on this group; raise the interval or set healthCheck.timeout below it; got 5`,
            ]);
        });
        it("refuses interval 6 on an NLB group with HTTP checks (default 6s), allows 7", async () => {
            expect((await lines({ targetGroups: { "TG-NLB": { healthCheck: { protocol: "HTTP", interval: 6 } } } }))[0]).to.contain("defaults to 6s for HTTP");
            await plans({ targetGroups: { "TG-NLB": { healthCheck: { protocol: "HTTP", interval: 7 } } } });
        });
        it("allows interval 6 on an ALB group (default 5s) and interval 5 with an explicit smaller timeout", async () => {
            await plans({ targetGroups: { "TG-ALB": { healthCheck: { interval: 6 } } } });
            await plans({ targetGroups: { "TG-NLB": { healthCheck: { interval: 5, timeout: 4 } } } });
        });
    });

    describe("Availability Zones the region has", () => {
        it("refuses an AZ letter the region does not have, listing the region's AZs", async () => {
            expect(await lines({ vpc: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2e"] } })).to.deep.equal([
                `${key("vpc.availabilityZones[1]")}: is not an Availability Zone of ap-northeast-2 (ap-northeast-2 has ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d); got "ap-northeast-2e"`,
            ]);
        });
        it("refuses an IP target's AZ the region does not have", async () => {
            const config = { targetGroups: { ext: { protocol: "HTTP", port: 80, targetType: "ip", targets: [{ ip: "10.1.0.5", availabilityZone: "ap-northeast-2z" }] } }, albListeners: { https: { rules: { ext: rule({ type: "forward", targetGroup: "ext" }) } } } };
            expect((await lines(config))[0]).to.contain(`${key("targetGroups.ext.targets[0].availabilityZone")}: must be all or an Availability Zone of ap-northeast-2`);
        });
        it("refuses a created VPC over more AZs than the region has (us-west-1 has two)", async () => {
            expect((await lines({ vpc: { create: true, azCount: 3 } }, { region: "us-west-1" }))[0]).to.contain(`${key("vpc.azCount")}: asks for more AZs than us-west-1 has (us-west-1 has us-west-1a, us-west-1c)`);
        });
        it("the offline plan places the stack in the region's real AZs", async () => {
            const p = await plan({}, { region: "us-west-1" });
            expect(p.outputs.availabilityZones).to.deep.equal(["us-west-1a", "us-west-1c"]);
        });
        it("knows the AZs of every commercial region @pulumi/aws knows", () => {
            const commercial = Object.values(aws.Region).filter((r) => !/iso|eusc/.test(r));
            for (const r of commercial) expect(REGION_AZ_LETTERS, r).to.have.property(r);
        });
    });

    describe("S3 bucket names", () => {
        for (const [bucket, why] of [
            ["192.168.5.4", "must not be formatted as an IP address"],
            ["my..logs", "must not contain two adjacent periods"],
            ["xn--logs", "must not start with xn--"],
            ["sthree-logs", "must not start with sthree-"],
            ["amzn-s3-demo-logs", "must not start with amzn-s3-demo-"],
            ["logs-s3alias", "must not end with -s3alias"],
            ["logs--ol-s3", "must not end with --ol-s3"],
            ["logs.mrap", "must not end with .mrap"],
            ["logs--x-s3", "must not end with --x-s3"],
            ["logs--table-s3", "must not end with --table-s3"],
        ]) {
            it(`refuses ${bucket}: ${why}`, async () => {
                expect(await lines({ alb: { accessLogs: { bucket: bucket } } })).to.deep.equal([`${key("alb.accessLogs.bucket")}: ${why}${why.includes("prefix") || why.includes("start") || why.includes("end") ? (why.includes("start") ? ", a prefix S3 reserves" : ", a suffix S3 reserves") : " (S3 bucket naming rules)"}, or empty; got "${bucket}"`]);
            });
        }
        it("applies the same rules to an mTLS trust store bucket", async () => {
            const config = { albListeners: { https: { mutualAuthentication: { mode: "verify", caBundle: { bucket: "sthree-ca", key: "ca.pem" } } } } };
            expect((await lines(config))[0]).to.contain(`${key("albListeners.https.mutualAuthentication.caBundle.bucket")}: must not start with sthree-`);
        });
        it("accepts an ordinary name with dots", async () => {
            await plans({ alb: { accessLogs: { bucket: "my.logs-2024" } } });
        });
    });

    describe("host names", () => {
        it("refuses a DNS name whose last label is not letters, and accepts an xn-- top-level domain", async () => {
            expect((await lines({ dnsRecords: { hostedZoneId: "Z0123456789ABCDEFGHIJ", albName: "www.example.123" } }))[0]).to.contain(`${key("dnsRecords.albName")}: ends in "123", which is not a top-level domain`);
            // (on the stack's certificate: every alias must be, infra/config/paths.ts)
            await plans({ dnsRecords: { hostedZoneId: "Z0123456789ABCDEFGHIJ", albName: "www.example.xn--p1ai" }, certificate: { domainName: "www.example.xn--p1ai", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
        });
        it("refuses a redirect to such a host, but allows placeholders and IP addresses", async () => {
            const redirect = (host: string) => ({ albListeners: { https: { rules: { moved: rule({ type: "redirect", host }) } } } });
            expect((await lines(redirect("example.com1")))[0]).to.contain(`${key("albListeners.https.rules.moved.action.host")}: ends in "com1"`);
            await plans({ albListeners: { https: { rules: { moved: rule({ type: "redirect", host: "#{host}", path: "/new" }) } } } });
            await plans(redirect("www.example.org"));
            await plans(redirect("192.0.2.10"));
        });
    });

    describe("target groups", () => {
        it("refuses a gRPC or HTTP/2 group behind an HTTP listener, and allows it behind HTTPS", async () => {
            for (const version of ["GRPC", "HTTP2"]) {
                const config = { targetGroups: { api: { protocol: "HTTP", port: 50051, protocolVersion: version } }, albListeners: { http: { defaultAction: { type: "forward", targetGroup: "api" } } } };
                const got = await lines(config);
                expect(got.join("\n")).to.contain(`${key("albListeners.http.defaultAction")}: forwards a HTTP listener to api, a ${version} group; AWS sends`);
            }
            // (IP targets: the seed's httpd on the instances speaks no gRPC, infra/config/workload.ts)
            await plans({ targetGroups: { api: { protocol: "HTTP", port: 50051, protocolVersion: "GRPC", targetType: "ip", targets: [{ ip: "172.31.0.10" }], healthCheck: { matcher: "12" } } }, albListeners: { https: { rules: { grpc: rule({ type: "forward", targetGroup: "api" }) } } } });
        });
        it("refuses client IP preservation off on a UDP or TCP_UDP group", async () => {
            for (const protocol of ["UDP", "TCP_UDP"]) {
                const config = { targetGroups: { dns: { protocol, port: 53, preserveClientIp: false } }, nlbListeners: { dns: { port: 53, protocol, defaultAction: { type: "forward", targetGroup: "dns" } } } };
                expect((await lines(config)).join("\n")).to.contain(`${key("targetGroups.dns.preserveClientIp")}: can't be false on a ${protocol} target group`);
            }
        });
        it("refuses an IPv6 group behind the IPv4-only NLB or an ipv4 ALB", async () => {
            const v6 = { protocol: "HTTP", port: 80, targetType: "ip", ipAddressType: "ipv6", targets: [{ ip: "fd00:10::10" }] };
            const onAlb = { targetGroups: { v6 }, albListeners: { https: { rules: { v6: rule({ type: "forward", targetGroup: "v6" }) } } } };
            expect(await lines(onAlb)).to.deep.equal([`${key("albListeners.https.rules.v6.action")}: forwards to v6, an IPv6 target group, but the ALB is IPv4-only: set alb.ipAddressType dualstack (AWS: IPv6 target groups need a dualstack load balancer); got "v6"`]);
            const onNlb = { targetGroups: { v6: { ...v6, protocol: "TCP" } }, nlbListeners: { v6: { port: 8080, protocol: "TCP", defaultAction: { type: "forward", targetGroup: "v6" } } } };
            expect((await lines(onNlb))[0]).to.contain(`${key("nlbListeners.v6.defaultAction")}: forwards to v6, an IPv6 target group, but the NLB is IPv4-only`);
        });
        it("allows a target group named internal-... (AWS refuses that prefix for load balancer names only)", async () => {
            const p = await plan({ targetGroups: { "internal-api": { protocol: "HTTP", port: 8080 } }, albListeners: { https: { rules: { api: rule({ type: "forward", targetGroup: "internal-api" }) } } } });
            expect(p.ofType("aws:lb/targetGroup:TargetGroup").map((t) => t.name)).to.include("internal-api");
        });
    });

    describe("certificates", () => {
        it("names the field: a bad subject alternative name, a second certificate mode", async () => {
            const san = await lines({ certificate: { domainName: "www.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", subjectAlternativeNames: ["api.example.com", "www.example.com"] } });
            expect(san.join("\n")).to.contain(`${key("certificate.subjectAlternativeNames")}: lists www.example.com twice`);
            const both = await lines({ certificate: { arn: CERT, domainName: "www.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
            expect(both[0]).to.match(/^elb-web-tier:certificate\.domainName: is set together with certificate\.arn; choose one certificate/);
        });
        it("refuses a certificate.arn nothing uses", async () => {
            const noTls = { certificate: { arn: CERT }, albListeners: { https: { enabled: false }, http: { defaultAction: { type: "forward", targetGroup: "TG-ALB" } } } };
            expect((await lines(noTls))[0]).to.contain(`${key("certificate.arn")}: is not used: the stack has no HTTPS or TLS listener`);
            const ownCert = { certificate: { arn: CERT }, albListeners: { https: { certificateArn: CERT2 } } };
            expect((await lines(ownCert))[0]).to.contain(`${key("certificate.arn")}: is not used: every HTTPS and TLS listener names its own certificateArn (https)`);
            await plans({ certificate: { arn: CERT } });
        });
    });

    describe("TLS policies", () => {
        it("accepts every security policy ELB offers, including ones older than the pack allows", async () => {
            expect(ELB_TLS_POLICIES).to.include.members(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-FS-1-2-Res-2020-10"]);
            for (const sslPolicy of ["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09"]) await plans({ albListeners: { https: { sslPolicy } } });
        });
        it("follows AWS's current list (policies/facts/tls.ts): the RFC 9151 policies are accepted, ELBSecurityPolicy-TLS-1-0-2015-04 no longer", async () => {
            await plans({ albListeners: { https: { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07" } } });
            const refused = await lines({ albListeners: { https: { sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04" } } });
            expect(refused).to.have.length(1);
            expect(refused[0]).to.contain(`${key("albListeners.https.sslPolicy")}: must be a security policy ELB offers`);
        });
        it("refuses a name ELB does not have, suggesting the closest", async () => {
            expect(await lines({ albListeners: { https: { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-9" } } })).to.deep.equal([
                `${key("albListeners.https.sslPolicy")}: must be a security policy ELB offers; did you mean ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09? (AWS: Security policies for your Application Load Balancer); got "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-9"`,
            ]);
        });
    });
});
