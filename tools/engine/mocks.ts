// Region-aware Pulumi mocks: what the AWS and TLS providers would answer, with clearly marked
// placeholder IDs ("...-placeholder-..."), the documentation account 123456789012 in ARNs, and
// documentation-range IP addresses (RFC 5737). Used by the tests and by `npm run plan`.
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { LAUNCH_TEMPLATE_VERSION_INPUTS } from "./recomputed";
import { REGION_AZ_LETTERS, regionAzNames } from "../../infra/config/regions";
import { canonicalHostedZone } from "../../policies/facts/elb";

export const PLACEHOLDER_ACCOUNT = "123456789012";

/** Standard Availability Zones per region: the table the config validation uses (infra/config/regions.ts). */
export const REGION_AZS: Record<string, string[]> = Object.fromEntries(Object.entries(REGION_AZ_LETTERS).map(([r, azs]) => [r, azs.letters]));

export function regionAzs(region: string): string[] {
    return regionAzNames(region) ?? ["a", "b", "c"].map((s) => `${region}${s}`);
}

/** Facts about the account the mocks pretend to be; tests override them to reach error paths. */
export interface MockAccount {
    region: string;
    /** false: the region has no default VPC. */
    hasDefaultVpc?: boolean;
    /** AZs whose default subnet is missing. */
    missingDefaultSubnets?: string[];
    /** Existing subnets by ID (for vpcId/subnetIds stacks); unknown IDs get the region's AZs in turn. */
    subnets?: Record<string, { availabilityZone?: string; vpcId?: string; ipv6CidrBlock?: string }>;
    /** Give every subnet an IPv6 block. */
    ipv6?: boolean;
    /** The engine is previewing (default: the runtime's dry-run flag, which setMocks sets in process). */
    preview?: boolean;
    /** IDs (VPC, subnet, EIP allocation) the account does not have: looking them up fails. */
    missingIds?: string[];
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9-]/g, "-").toLowerCase();

/**
 * ACM's DNS validation records, one per domain: like ACM, a wildcard and its apex get the same
 * record (the name is derived from the domain without "*."), with trailing dots as ACM returns them.
 */
function dnsValidationOptions(inputs: Record<string, unknown>): Record<string, string>[] {
    const domains = [String(inputs.domainName), ...((inputs.subjectAlternativeNames as string[] | undefined) ?? [])];
    return [...new Set(domains)].map((domainName) => {
        const base = domainName.replace(/^\*\./, "");
        return {
            domainName,
            resourceRecordName: `_placeholder-${slug(base)}.${base}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_placeholder-${slug(base)}.acm-validations.aws.`,
        };
    });
}

/**
 * A launch template's placeholder version number: AWS numbers versions 1, 2, 3, ... as they are
 * made, which offline has no history; this one is derived from the inputs that make a new version
 * (LAUNCH_TEMPLATE_VERSION_INPUTS), so two plans differ in latestVersion exactly when `pulumi up`
 * would make a new version. Tags and the name don't change it.
 */
export function templateVersion(inputs: Record<string, unknown>): number {
    const relevant = Object.fromEntries(LAUNCH_TEMPLATE_VERSION_INPUTS.filter((k) => inputs[k] !== undefined).map((k) => [k, inputs[k]]));
    const digest = createHash("sha256").update(JSON.stringify(relevant)).digest();
    return 1 + (digest.readUInt32BE(0) % 9999);
}

export class WebTierMocks implements pulumi.runtime.Mocks {
    private ipCounter = 0;
    private subnetCounter = 0;
    private existingEipCounter = 0;
    constructor(private readonly account: MockAccount) {}

    private get region() {
        return this.account.region;
    }

    private arn(service: string, resource: string): string {
        return `arn:aws:${service}:${this.region}:${PLACEHOLDER_ACCOUNT}:${resource}`;
    }

    private nextIp(): string {
        this.ipCounter += 1;
        return `203.0.113.${this.ipCounter}`;
    }

    private subnet(id: string, availabilityZone: string, vpcId: string, ipv6?: string) {
        const ipv6CidrBlock = ipv6 ?? (this.account.ipv6 ? "2001:db8:1234::/64" : "");
        return { id, availabilityZone, vpcId, ipv6CidrBlock, mapPublicIpOnLaunch: true, cidrBlock: "172.31.0.0/20" };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = args.inputs as Record<string, unknown>;
        if (typeof inputs.id === "string" && this.account.missingIds?.includes(inputs.id)) {
            throw new Error(`no matching resource found for ${inputs.id}`);
        }
        switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const names = regionAzs(this.region);
                return { id: this.region, names, zoneIds: names.map((n, i) => `placeholder-az${i + 1}`), region: this.region };
            }
            case "aws:ec2/getVpc:getVpc":
                if (inputs.default) {
                    if (this.account.hasDefaultVpc === false) throw new Error("no matching EC2 VPC found");
                    return { id: "vpc-placeholder-default", cidrBlock: "172.31.0.0/16", default: true };
                }
                return { id: inputs.id, cidrBlock: "10.0.0.0/16", default: false };
            case "aws:ec2/getSubnet:getSubnet": {
                if (inputs.id) {
                    const id = String(inputs.id);
                    const known = this.account.subnets?.[id];
                    const azs = regionAzs(this.region);
                    const n = this.subnetCounter++;
                    const az = known?.availabilityZone ?? azs[n % azs.length];
                    return this.subnet(id, az, known?.vpcId ?? "", known?.ipv6CidrBlock);
                }
                const az = String(inputs.availabilityZone);
                if (this.account.missingDefaultSubnets?.includes(az)) throw new Error("no matching EC2 Subnet found");
                return this.subnet(`subnet-placeholder-${az}`, az, String(inputs.vpcId));
            }
            case "aws:ssm/getParameter:getParameter": {
                const arch = String(inputs.name).endsWith("arm64") ? "arm64" : "x86_64";
                return { name: inputs.name, type: "String", value: `ami-placeholder-al2023-${arch}`, insecureValue: `ami-placeholder-al2023-${arch}` };
            }
            // ---- Production components (fleet, VPC, logs, WAF, DNS, certificates, trust stores) ----
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { id: PLACEHOLDER_ACCOUNT, accountId: PLACEHOLDER_ACCOUNT, arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:user/placeholder`, userId: "AIDAPLACEHOLDER" };
            case "aws:index/getPartition:getPartition":
                return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            case "aws:ec2/getElasticIp:getElasticIp":
                // Existing Elastic IPs come from another documentation range than new ones (203.0.113.x).
                return { id: inputs.id, allocationId: inputs.id, publicIp: `198.51.100.${++this.existingEipCounter}`, domain: "vpc" };
            default:
                throw new Error(`no mock for invoke ${args.token}`);
        }
    }

    /** Outputs the provider computes, by type (the inputs are echoed too). */
    private computed(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
        const n = slug(name);
        switch (type) {
            case "aws:ec2/securityGroup:SecurityGroup":
                return { id: `sg-placeholder-${n}`, arn: this.arn("ec2", `security-group/sg-placeholder-${n}`), name: `${name}-placeholder` };
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
                return { id: `sgr-placeholder-${n}`, securityGroupRuleId: `sgr-placeholder-${n}` };
            case "aws:ec2/instance:Instance":
                return {
                    id: `i-placeholder-${n}`,
                    arn: this.arn("ec2", `instance/i-placeholder-${n}`),
                    privateIp: `172.31.0.${10 + this.ipCounter}`,
                    publicIp: inputs.associatePublicIpAddress ? this.nextIp() : "",
                };
            case "aws:lb/targetGroup:TargetGroup": {
                const arn = this.arn("elasticloadbalancing", `targetgroup/${name}-placeholder/0000000000000000`);
                return { id: arn, arn, name: `${name}-placeholder` };
            }
            case "aws:lb/loadBalancer:LoadBalancer": {
                const kind = inputs.loadBalancerType === "network" ? "net" : "app";
                const arn = this.arn("elasticloadbalancing", `loadbalancer/${kind}/${name}-placeholder/0000000000000000`);
                // AWS's shapes: <name>-<id>.<region>.elb.amazonaws.com (ALB), <name>-<id>.elb.<region>.amazonaws.com (NLB).
                const dnsName = kind === "app" ? `${name}-placeholder.${this.region}.elb.amazonaws.com` : `${name}-placeholder.elb.${this.region}.amazonaws.com`;
                return { id: arn, arn, name: `${name}-placeholder`, dnsName,
                    // The Region's canonical hosted zone for the type, as AWS returns it (route53-alias-stack-lb checks it).
                    zoneId: canonicalHostedZone(kind === "net" ? "network" : "application", this.region) ?? "ZPLACEHOLDER" };
            }
            case "aws:lb/listener:Listener":
            case "aws:lb/listenerRule:ListenerRule": {
                const arn = this.arn("elasticloadbalancing", `listener/placeholder/${n}`);
                return { id: arn, arn };
            }
            case "aws:ec2/eip:Eip":
                return { id: `eipalloc-placeholder-${n}`, allocationId: `eipalloc-placeholder-${n}`, publicIp: this.nextIp() };
            case "aws:acm/certificate:Certificate": {
                const arn = this.arn("acm", "certificate/00000000-0000-0000-0000-000000000000");
                if (inputs.validationMethod === "DNS") return { id: arn, arn, status: "PENDING_VALIDATION", domainValidationOptions: dnsValidationOptions(inputs) };
                return { id: arn, arn, status: "ISSUED" };
            }
            case "tls:index/privateKey:PrivateKey":
                return { id: `placeholder-${n}`, privateKeyPem: "(placeholder private key)", publicKeyPem: "(placeholder public key)" };
            case "tls:index/selfSignedCert:SelfSignedCert":
                return { id: `placeholder-${n}`, certPem: "(placeholder certificate)" };
            default:
                return this.productionComputed(type, name, inputs) ?? { id: `placeholder-${n}` };
        }
    }

    private nextCounter = 0;

    /** The production components' resources (infra/fleet.ts, vpc.ts, logs.ts, waf.ts, dns.ts, trustStore.ts, certificate.ts). */
    private productionComputed(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
        const n = slug(name);
        const arn = (service: string, resource: string) => this.arn(service, resource);
        switch (type) {
            case "aws:ec2/launchTemplate:LaunchTemplate": {
                // A changed template is a new version, and a group pinning latestVersion follows it:
                // the placeholder version changes exactly when a new version would be made.
                const version = templateVersion(inputs);
                return { id: `lt-placeholder-${n}`, arn: arn("ec2", `launch-template/lt-placeholder-${n}`), latestVersion: version, defaultVersion: version, name: `${name}-placeholder` };
            }
            case "aws:autoscaling/group:Group": {
                const groupName = `${name}-placeholder`;
                return { id: groupName, name: groupName, arn: arn("autoscaling", `autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/${groupName}`) };
            }
            case "aws:autoscaling/policy:Policy":
                return { id: `${name}-placeholder`, name: `${name}-placeholder`, arn: arn("autoscaling", `scalingPolicy:00000000-0000-0000-0000-000000000000:autoScalingGroupName/placeholder:policyName/${name}`) };
            case "aws:ec2/vpc:Vpc":
                return {
                    id: `vpc-placeholder-${n}`,
                    arn: arn("ec2", `vpc/vpc-placeholder-${n}`),
                    defaultSecurityGroupId: `sg-placeholder-${n}-default`,
                    mainRouteTableId: `rtb-placeholder-${n}-main`,
                    ipv6CidrBlock: inputs.assignGeneratedIpv6CidrBlock ? "2001:db8:1234::/56" : "",
                };
            case "aws:ec2/subnet:Subnet":
                return { id: `subnet-placeholder-${n}`, arn: arn("ec2", `subnet/subnet-placeholder-${n}`) };
            case "aws:ec2/internetGateway:InternetGateway":
                return { id: `igw-placeholder-${n}`, arn: arn("ec2", `internet-gateway/igw-placeholder-${n}`) };
            case "aws:ec2/natGateway:NatGateway":
                return { id: `nat-placeholder-${n}`, publicIp: this.nextIp(), privateIp: `10.0.0.${++this.nextCounter}` };
            case "aws:ec2/routeTable:RouteTable":
                return { id: `rtb-placeholder-${n}`, arn: arn("ec2", `route-table/rtb-placeholder-${n}`) };
            case "aws:ec2/routeTableAssociation:RouteTableAssociation":
                return { id: `rtbassoc-placeholder-${n}` };
            case "aws:ec2/route:Route":
                return { id: `r-placeholder-${n}` };
            case "aws:ec2/vpcEndpoint:VpcEndpoint":
                return { id: `vpce-placeholder-${n}`, arn: arn("ec2", `vpc-endpoint/vpce-placeholder-${n}`), prefixListId: inputs.vpcEndpointType === "Gateway" ? "pl-placeholder" : undefined };
            case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
                return { id: String(inputs.vpcId ?? `sg-placeholder-${n}`).replace(/^vpc-/, "sg-") + "-default" };
            case "aws:ec2/flowLog:FlowLog":
                return { id: `fl-placeholder-${n}`, arn: arn("ec2", `vpc-flow-log/fl-placeholder-${n}`) };
            case "aws:cloudwatch/logGroup:LogGroup": {
                const groupName = String(inputs.name ?? (inputs.namePrefix ? `${String(inputs.namePrefix)}placeholder` : `${name}-placeholder`));
                return { id: groupName, name: groupName, arn: arn("logs", `log-group:${groupName}`) };
            }
            case "aws:iam/instanceProfile:InstanceProfile":
                return { id: `${name}-placeholder`, name: `${name}-placeholder`, arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:instance-profile/${name}-placeholder` };
            case "aws:iam/role:Role":
                return { id: `${name}-placeholder`, name: `${name}-placeholder`, arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/${name}-placeholder` };
            case "aws:s3/bucket:Bucket": {
                const bucket = String(inputs.bucket ?? `${n}-placeholder`);
                return { id: bucket, bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${this.region}.amazonaws.com`, region: this.region };
            }
            case "aws:wafv2/webAcl:WebAcl": {
                const id = "00000000-0000-0000-0000-000000000001";
                return { id, arn: arn("wafv2", `regional/webacl/${name}-placeholder/${id}`), capacity: 700, lockToken: "placeholder" };
            }
            case "aws:route53/record:Record":
                return { id: `ZPLACEHOLDER_${String(inputs.name)}_${String(inputs.type)}`, fqdn: String(inputs.name).replace(/\.$/, "") };
            case "aws:acm/certificateValidation:CertificateValidation":
                return { id: String(inputs.certificateArn), certificateArn: inputs.certificateArn };
            case "aws:lb/trustStore:TrustStore": {
                const tsArn = arn("elasticloadbalancing", `truststore/${name}-placeholder/0000000000000000`);
                return { id: tsArn, arn: tsArn, arnSuffix: `truststore/${name}-placeholder/0000000000000000`, name: `${name}-placeholder` };
            }
            case "aws:lb/trustStoreRevocation:TrustStoreRevocation":
                return { id: `placeholder-${n}`, revocationId: ++this.nextCounter };
            default:
                return undefined;
        }
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const inputs = args.inputs as Record<string, unknown>;
        // In a preview, computed outputs are unknown: return the inputs only.
        if (this.account.preview ?? pulumi.runtime.isDryRun()) return { id: undefined, state: { ...inputs } };
        const { id, ...outputs } = this.computed(args.type, args.name, inputs);
        return { id: String(id), state: { ...inputs, ...outputs } };
    }
}
