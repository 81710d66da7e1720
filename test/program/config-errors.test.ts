// Every kind of invalid config fails before any resource is declared, with one line per problem
// naming the key, the value given and what is allowed.
import { expect } from "chai";
import { ConfigValues, planError, RunOptions } from "../support/program";

interface Case {
    what: string;
    config: ConfigValues;
    expect: string[];
    options?: RunOptions;
}

const key = (k: string) => `elb-web-tier:${k}`;

const cases: Case[] = [
    // Types and formats
    { what: "a misspelled key", config: { instanceCnt: 3 }, expect: [`${key("instanceCnt")}: is not a known key`] },
    { what: "a non-integer count", config: { instanceCount: "two" }, expect: [`${key("instanceCount")}: must be an integer from 1 to 20; got "two"`] },
    { what: "a count out of range", config: { instanceCount: 0 }, expect: [`${key("instanceCount")}: must be from 1 to 20; got 0`] },
    { what: "a boolean that is not one", config: { albHttps: "yes" }, expect: [`${key("albHttps")}: must be true or false; got "yes"`] },
    { what: "a malformed instance type", config: { instanceType: "t3micro" }, expect: [`${key("instanceType")}: must be an instance type such as t3.micro`] },
    { what: "a malformed AMI ID", config: { amiId: "ami-xyz" }, expect: [`${key("amiId")}: must be empty or an AMI ID`] },
    { what: "a malformed VPC ID", config: { vpcId: "my-vpc", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] }, expect: [`${key("vpcId")}: must be empty or a VPC ID`] },
    { what: "an IPv4 CIDR with host bits set", config: { ingressCidrs: ["10.1.2.3/8"] }, expect: [`${key("ingressCidrs[0]")}: must be an IPv4 CIDR in canonical form`, `got "10.1.2.3/8"`] },
    { what: "an IPv6 CIDR that is not one", config: { ingressIpv6Cidrs: ["2001:db8::g/32"] }, expect: [`${key("ingressIpv6Cidrs[0]")}: must be an IPv6 CIDR`] },
    { what: "an AZ name that is not one", config: { availabilityZones: ["seoul-a", "ap-northeast-2b"] }, expect: [`${key("availabilityZones[0]")}: must be an Availability Zone name`] },
    { what: "a greeting with a newline", config: { greeting: "hi\nthere" }, expect: [`${key("greeting")}: must not contain control characters`] },
    { what: "an empty greeting", config: { greeting: "" }, expect: [`${key("greeting")}: must not be empty`] },
    { what: "a team tag with forbidden characters", config: { team: "web#team" }, expect: [`${key("team")}: may contain only letters`] },
    { what: "an extra tag under aws:", config: { extraTags: { "aws:owner": "x" } }, expect: [`${key("extraTags.aws:owner")}`, "must not start with aws:"] },
    { what: "an extra tag that overrides the program's", config: { extraTags: { Team: "x" } }, expect: [`${key("extraTags")}: sets Team, which the program manages`] },
    // Enums and ranges AWS enforces
    { what: "a camelCase algorithm", config: { tgAlbAlgorithm: "leastOutstandingRequests" }, expect: [`${key("tgAlbAlgorithm")}: must be one of round_robin, least_outstanding_requests, weighted_random; got "leastOutstandingRequests"`] },
    { what: "an NLB health check over UDP", config: { tgNlbHealthCheckProtocol: "UDP" }, expect: [`${key("tgNlbHealthCheckProtocol")}: must be one of TCP, HTTP, HTTPS`] },
    { what: "a TLS 1.0 security policy", config: { albSslPolicy: "ELBSecurityPolicy-2016-08" }, expect: [`${key("albSslPolicy")}: must be one of ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09`] },
    { what: "a health check interval out of range", config: { tgAlbHealthCheckInterval: 400 }, expect: [`${key("tgAlbHealthCheckInterval")}: must be from 5 to 300; got 400`] },
    { what: "a health check timeout out of range", config: { tgNlbHealthCheckTimeout: 1 }, expect: [`${key("tgNlbHealthCheckTimeout")}: must be from 2 to 120; got 1`] },
    { what: "a threshold out of range", config: { tgAlbHealthyThreshold: 11 }, expect: [`${key("tgAlbHealthyThreshold")}: must be from 2 to 10; got 11`] },
    { what: "a deregistration delay out of range", config: { tgNlbDeregistrationDelay: 3601 }, expect: [`${key("tgNlbDeregistrationDelay")}: must be from 0 to 3600; got 3601`] },
    { what: "a stickiness duration out of range", config: { tgAlbStickinessDuration: 604801 }, expect: [`${key("tgAlbStickinessDuration")}: must be from 1 to 604800`] },
    { what: "an ALB matcher outside 200-499", config: { tgAlbHealthCheckMatcher: "200-599" }, expect: [`${key("tgAlbHealthCheckMatcher")}: codes must be from 200 to 499; got "200-599"`] },
    { what: "a malformed matcher", config: { tgNlbHealthCheckMatcher: "2xx" }, expect: [`${key("tgNlbHealthCheckMatcher")}: must be HTTP codes from 200 to 599`] },
    { what: "a health check path without a leading slash", config: { tgAlbHealthCheckPath: "health" }, expect: [`${key("tgAlbHealthCheckPath")}: must be a path starting with /`] },
    { what: "a health check port out of range", config: { tgAlbHealthCheckPort: "70000" }, expect: [`${key("tgAlbHealthCheckPort")}: must be traffic-port or a port number from 1 to 65535`] },
    { what: "an idle timeout out of range", config: { albIdleTimeout: 4001 }, expect: [`${key("albIdleTimeout")}: must be from 1 to 4000`] },
    { what: "an invalid bucket name", config: { albAccessLogsBucket: "My_Bucket" }, expect: [`${key("albAccessLogsBucket")}: must be an S3 bucket name`] },
    { what: "an access-log prefix containing AWSLogs", config: { albAccessLogsBucket: "logs-bucket", albAccessLogsPrefix: "x/AWSLogs" }, expect: [`${key("albAccessLogsPrefix")}: must not contain AWSLogs`] },
    { what: "a certificate that is not an ACM ARN", config: { albCertificateArn: "arn:aws:iam::123456789012:server-certificate/x" }, expect: [`${key("albCertificateArn")}: must be empty or an ACM certificate ARN`] },
    // Cross-field rules
    { what: "a timeout not less than the interval", config: { tgAlbHealthCheckInterval: 10, tgAlbHealthCheckTimeout: 10 }, expect: [`${key("tgAlbHealthCheckTimeout")}: is 10s; it must be less than tgAlbHealthCheckInterval (10s)`] },
    { what: "a slow start below 30 seconds", config: { tgAlbSlowStart: 10 }, expect: [`${key("tgAlbSlowStart")}: is 10; it must be 0 (off) or from 30 to 900 seconds`] },
    { what: "slow start with least outstanding requests", config: { tgAlbSlowStart: 60, tgAlbAlgorithm: "least_outstanding_requests" }, expect: [`${key("tgAlbSlowStart")}: is 60, but slow start works only with tgAlbAlgorithm round_robin (got least_outstanding_requests)`] },
    { what: "slow start with weighted random", config: { tgAlbSlowStart: 60, tgAlbAlgorithm: "weighted_random" }, expect: [`${key("tgAlbSlowStart")}: is 60, but slow start works only with tgAlbAlgorithm round_robin (got weighted_random)`] },
    { what: "anomaly mitigation without weighted random", config: { tgAlbAnomalyMitigation: true }, expect: [`${key("tgAlbAnomalyMitigation")}: needs tgAlbAlgorithm weighted_random (got round_robin)`] },
    { what: "proxy protocol on the ALB's port", config: { tgNlbProxyProtocolV2: true }, expect: [`${key("tgNlbProxyProtocolV2")}: needs tgNlbPort different from tgAlbPort`] },
    { what: "proxy protocol with an HTTP health check", config: { tgNlbProxyProtocolV2: true, tgNlbPort: 8080, tgNlbHealthCheckProtocol: "HTTP" }, expect: [`${key("tgNlbProxyProtocolV2")}: needs tgNlbHealthCheckProtocol TCP (got HTTP)`] },
    { what: "subnetIds without vpcId", config: { subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] }, expect: [`${key("subnetIds")}: needs vpcId`] },
    { what: "vpcId without subnetIds", config: { vpcId: "vpc-0abc12345" }, expect: [`${key("subnetIds")}: is required with vpcId`] },
    { what: "one subnet", config: { vpcId: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111"] }, expect: [`${key("subnetIds")}: lists one subnet; an ALB needs subnets in at least two Availability Zones`] },
    { what: "one AZ", config: { availabilityZones: ["ap-northeast-2a"] }, expect: [`${key("availabilityZones")}: lists one AZ; an ALB needs at least two`] },
    { what: "a repeated AZ", config: { availabilityZones: ["ap-northeast-2a", "ap-northeast-2a"] }, expect: [`${key("availabilityZones")}: lists ap-northeast-2a more than once`] },
    { what: "AZs of another region", config: { availabilityZones: ["us-east-1a", "us-east-1b"] }, expect: [`${key("availabilityZones")}: us-east-1a is not in the stack's region ap-northeast-2`] },
    { what: "AZs together with vpcId", config: { vpcId: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"], availabilityZones: ["ap-northeast-2a", "ap-northeast-2b"] }, expect: [`${key("availabilityZones")}: is for the default VPC`] },
    { what: "no ingress CIDRs at all", config: { ingressCidrs: [], ingressIpv6Cidrs: [] }, expect: [`${key("ingressCidrs")}: and ingressIpv6Cidrs are both empty`] },
    { what: "direct instance HTTP without a public IP", config: { allowDirectInstanceHttp: true, associatePublicIp: false }, expect: [`${key("allowDirectInstanceHttp")}: needs associatePublicIp: true`] },
    { what: "a certificate from another region", config: { albCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012" }, expect: [`${key("albCertificateArn")}: is in us-east-1, but an ALB can only use an ACM certificate from its own region (ap-northeast-2)`] },
    { what: "a certificate with HTTPS off", config: { albHttps: false, albCertificateArn: "arn:aws:acm:ap-northeast-2:111122223333:certificate/12345678-1234-1234-1234-123456789012" }, expect: [`${key("albCertificateArn")}: is set but albHttps is false`] },
    { what: "an access-log prefix without a bucket", config: { nlbAccessLogsPrefix: "nlb" }, expect: [`${key("nlbAccessLogsPrefix")}: is set but nlbAccessLogsBucket is empty`] },
    { what: "an invalid region", config: {}, options: { region: "Seoul" }, expect: ["aws:region: must be an AWS region such as ap-northeast-2; got \"Seoul\""] },
    // Listener rules
    { what: "a listener rule without conditions", config: { albListenerRules: [{ priority: 1, action: { type: "forward" } }] }, expect: [`${key("albListenerRules[0]")}: needs at least one condition`] },
    { what: "a listener rule with too many condition values", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/a", "/b", "/c"], hostHeaders: ["a.example.com", "b.example.com", "c.example.com"], action: { type: "forward" } }] }, expect: [`${key("albListenerRules[0]")}: has 6 condition values; AWS allows at most 5 per rule`] },
    { what: "a listener rule condition with four values", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/a", "/b", "/c", "/d"], action: { type: "forward" } }] }, expect: [`${key("albListenerRules[0].pathPatterns")}: AWS allows at most 3 values per condition`] },
    { what: "a listener rule condition with no values", config: { albListenerRules: [{ priority: 1, pathPatterns: [], hostHeaders: ["a.example.com"], action: { type: "forward" } }] }, expect: [`${key("albListenerRules[0].pathPatterns")}: must list at least one value`] },
    { what: "a listener rule with too many wildcards", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/*/*/*", "/?/?/?"], action: { type: "forward" } }] }, expect: [`${key("albListenerRules[0]")}: has 6 wildcards; AWS allows at most 5 per rule`] },
    { what: "duplicate listener rule priorities", config: { albListenerRules: [{ priority: 5, pathPatterns: ["/a"], action: { type: "forward" } }, { priority: 5, pathPatterns: ["/b"], action: { type: "forward" } }] }, expect: [`${key("albListenerRules")}: uses priority 5 more than once`] },
    { what: "a listener rule priority out of range", config: { albListenerRules: [{ priority: 50001, pathPatterns: ["/a"], action: { type: "forward" } }] }, expect: [`${key("albListenerRules[0].priority")}: must be from 1 to 50000`] },
    { what: "a fixed response with a 3XX code", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/a"], action: { type: "fixed-response", statusCode: "301" } }] }, expect: [`${key("albListenerRules[0].action.statusCode")}: must be a 2XX, 4XX or 5XX status code`] },
    { what: "a fixed response body over 1024 bytes", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/a"], action: { type: "fixed-response", statusCode: "200", messageBody: "가".repeat(400) } }] }, expect: [`${key("albListenerRules[0].action.messageBody")}: must be at most 1024 bytes`] },
    { what: "a redirect that changes nothing", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/a"], action: { type: "redirect" } }] }, expect: [`${key("albListenerRules[0].action")}: a redirect must change at least one of protocol, host, port, path or query`] },
    { what: "an unknown action type", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/a"], action: { type: "authenticate-oidc" } }] }, expect: [`${key("albListenerRules[0].action.type")}: must be forward, fixed-response or redirect`] },
    { what: "a host header without a dot", config: { albListenerRules: [{ priority: 1, hostHeaders: ["localhost"], action: { type: "forward" } }] }, expect: [`${key("albListenerRules[0].hostHeaders[0]")}: must include at least one '.'`] },
    { what: "an unknown listener rule field", config: { albListenerRules: [{ priority: 1, pathPatterns: ["/a"], action: { type: "forward" }, weight: 3 }] }, expect: [`${key("albListenerRules[0].weight")}: is not a known field`] },
    // Facts discovered from the account, still before any resource
    { what: "a region without a default VPC", config: {}, options: { account: { hasDefaultVpc: false } }, expect: [`${key("vpcId")}: is empty, so the default VPC is used, but ap-northeast-2 has none`] },
    { what: "an AZ without a default subnet", config: {}, options: { account: { missingDefaultSubnets: ["ap-northeast-2d"] } }, expect: [`${key("availabilityZones")}: the default VPC vpc-placeholder-default has no default subnet in ap-northeast-2d`] },
    { what: "a VPC the account doesn't have", config: { vpcId: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] }, options: { account: { missingIds: ["vpc-0abc12345"] } }, expect: [`${key("vpcId")}: vpc-0abc12345 was not found in ap-northeast-2`] },
    { what: "subnets the account doesn't have", config: { vpcId: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] }, options: { account: { missingIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } }, expect: [`${key("subnetIds")}: subnet-0aaa11111 was not found`, `${key("subnetIds")}: subnet-0bbb22222 was not found`] },
    { what: "an Elastic IP allocation the account doesn't have", config: { nlbEipAllocationIds: ["eipalloc-0aaaaaaaa", "eipalloc-0bbbbbbbb", "eipalloc-0cccccccc", "eipalloc-0dddddddd"] }, options: { account: { missingIds: ["eipalloc-0cccccccc"] } }, expect: [`${key("nlbEipAllocationIds")}: eipalloc-0cccccccc was not found in ap-northeast-2`] },
    { what: "a subnet in another VPC", config: { vpcId: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] }, options: { account: { subnets: { "subnet-0aaa11111": { vpcId: "vpc-0abc12345" }, "subnet-0bbb22222": { vpcId: "vpc-0fff99999" } } } }, expect: [`${key("subnetIds")}: subnet-0bbb22222 is in vpc-0fff99999, not in vpcId vpc-0abc12345`] },
    { what: "two subnets in one AZ", config: { vpcId: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] }, options: { account: { subnets: { "subnet-0aaa11111": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" }, "subnet-0bbb22222": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" } } } }, expect: [`${key("subnetIds")}: subnet-0aaa11111 and subnet-0bbb22222 are both in ap-northeast-2a`] },
    { what: "dual stack on IPv4-only subnets", config: { albIpAddressType: "dualstack" }, expect: [`${key("albIpAddressType")}: is dualstack, but subnets subnet-placeholder-ap-northeast-2a`] },
    { what: "the wrong number of Elastic IPs", config: { nlbEipAllocationIds: ["eipalloc-0aaaaaaaa"] }, expect: [`${key("nlbEipAllocationIds")}: lists 1 allocations, but the NLB spans 4 AZs`] },
    { what: "cross-zone off with AZs left without instances", config: { nlbCrossZone: false }, expect: [`${key("nlbCrossZone")}: is false, but instanceCount 2 leaves some of the 4 AZs`] },
];

describe("invalid config", () => {
    for (const c of cases) {
        it(`rejects ${c.what} before declaring any resource`, async () => {
            const { message, registered } = await planError(c.config, c.options);
            for (const fragment of c.expect) expect(message).to.contain(fragment);
            expect(registered, "resources declared before the error").to.equal(0);
        });
    }

    it("reports every problem at once, one line each", async () => {
        const { message } = await planError({ instanceCount: 0, tgAlbAlgorithm: "fastest", bogus: true });
        const lines = message.split("\n").filter((l) => l.startsWith("  - "));
        expect(lines).to.have.length(3);
        expect(message).to.match(/^Invalid stack configuration:/);
    });

    it("fails in a preview too, before any resource", async () => {
        const { message, registered } = await planError({ tgAlbSlowStart: 5 }, { preview: true });
        expect(message).to.contain(`${key("tgAlbSlowStart")}: is 5`);
        expect(registered).to.equal(0);
    });
});
