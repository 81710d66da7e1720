// The production posture as a stack writes it: the Auto Scaling fleet, a created VPC with private
// instances, DNS-validated or imported certificates, Route53 aliases, log buckets, WAF and the
// guards on stateful resources. Every section is off by default: the dev stack is the seed's.
import { z } from "zod";
import { bool, certificateArn, instanceType, intRange, ipv4Cidr, list, oneOf, pattern, text, topLevelLabelProblem } from "./values";
import { LOG_RETENTION_DAYS } from "./awsLimits";
import { CERTIFICATE_NAME_PATTERN, MAX_DOMAIN_NAME_LENGTH } from "../../policies/facts/dns";
import { mergeOver } from "./resolve";

/** CloudWatch Logs accepts only its own retention values (PutRetentionPolicy). */
const RETENTION_VALUES = LOG_RETENTION_DAYS.filter((d) => d > 0) as [number, ...number[]];
const retentionDays = z.literal(RETENTION_VALUES, { error: `must be one of CloudWatch Logs' retention values: ${RETENTION_VALUES.join(", ")}` });

const domainName = pattern(CERTIFICATE_NAME_PATTERN, "a lower-case DNS name such as www.example.com (a leading *. for a wildcard)")
    .refine((d) => d.length <= MAX_DOMAIN_NAME_LENGTH, { error: `must be at most ${MAX_DOMAIN_NAME_LENGTH} characters` })
    .superRefine((d, ctx) => {
        const problem = topLevelLabelProblem(d);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
const hostedZoneId = pattern(/^Z[A-Z0-9]{1,31}$/, "a Route53 hosted zone ID such as Z0123456789ABCDEFGHIJ");
const webAclArn = pattern(/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[A-Za-z0-9_-]+\/[0-9a-f-]{36}$/, "a regional WAFv2 web ACL ARN");

const fleetFields = z.strictObject({
    mode: oneOf(["instances", "autoscaling"] as const).describe("instances: the seed's EC2_Web instances (instanceCount); autoscaling: a launch template and an Auto Scaling group with rolling instance refresh."),
    instanceCount: intRange(1, 20).describe("instances: how many EC2_Web instances, spread round-robin across the Availability Zones."),
    instanceType: instanceType.describe("EC2 instance type, one @pulumi/aws knows (aws.ec2.InstanceType); a type newer than the provider: new:<type>. Graviton types (t4g, m7g, ...) get the arm64 AMI."),
    amiId: pattern(/^$|^ami-[0-9a-f]{8,17}$/, "empty or an AMI ID such as ami-0123456789abcdef0")
        .describe("AMI to launch (greeting and userData workloads). Empty: the current Amazon Linux 2023 AMI, resolved at deploy time from SSM (a newer AMI replaces the instances on the next up)."),
    associatePublicIp: bool().optional().describe("Give instances a public IP. Default: true in public subnets (the default VPC, or vpc.subnetIds without vpc.instanceSubnetIds); false in private ones (vpc.create, or vpc.instanceSubnetIds), which need a NAT gateway or VPC endpoints to install httpd."),
    detailedMonitoring: bool().describe("Enable 1-minute CloudWatch detailed monitoring on the instances."),
    minSize: intRange(0, 100).describe("autoscaling: the group's minimum size."),
    maxSize: intRange(1, 100).describe("autoscaling: the group's maximum size."),
    desiredCapacity: intRange(0, 100).describe("autoscaling: the size at creation (the scaling policy moves it after; later ups leave it alone)."),
    healthCheckGracePeriod: intRange(0, 7200).describe("autoscaling: seconds after launch before failed ELB health checks count; cover boot and the httpd install."),
    instanceRefresh: z.strictObject({
        minHealthyPercentage: intRange(0, 100).describe("Percentage of capacity that stays healthy while a refresh rolls (AWS default 90)."),
        maxHealthyPercentage: intRange(100, 200).describe("Percentage of capacity in service or pending; above 100 new instances start before old ones stop."),
        instanceWarmup: intRange(0, 3600).describe("Seconds a new instance warms up before the refresh moves on."),
        skipMatching: bool().describe("Leave instances that already run the current launch template alone."),
    }, { error: "must be a map of instance refresh settings" }),
    scaling: z.strictObject({
        metric: oneOf(["requestCountPerTarget", "cpu", "none"] as const).describe("Target tracking on the ALB's requests per target, the average CPU, or none (fixed size)."),
        targetValue: z.number({ error: "must be a number" }).positive({ error: "must be above 0" }).describe("Requests per target per minute, or CPU percent (1-100), to hold."),
        targetGroup: z.string({ error: "must be a target group name" }).describe("requestCountPerTarget: the ALB instance group whose requests count. Default TG-ALB."),
    }, { error: "must be a map of scaling settings" }),
}, { error: "must be a map of fleet settings" });
type FleetFields = z.output<typeof fleetFields>;

/** What both fleet modes launch. `associatePublicIp` is undefined until its default follows the subnets (load.ts). */
interface FleetInstances<PublicIp> {
    instanceType: string;
    amiId: string;
    associatePublicIp: PublicIp;
    detailedMonitoring: boolean;
}
/** The web servers, one of two ways: the choice is made here, once, and the type carries it. */
export type FleetChoice<PublicIp = boolean> =
    | (FleetInstances<PublicIp> & { mode: "instances"; instanceCount: number })
    | (FleetInstances<PublicIp> & { mode: "autoscaling" } & Pick<FleetFields, "minSize" | "maxSize" | "desiredCapacity" | "healthCheckGracePeriod" | "instanceRefresh" | "scaling">);

function fleetChoice(f: FleetFields): FleetChoice<boolean | undefined> {
    const common = { instanceType: f.instanceType, amiId: f.amiId, associatePublicIp: f.associatePublicIp, detailedMonitoring: f.detailedMonitoring };
    if (f.mode === "instances") return { mode: "instances", instanceCount: f.instanceCount, ...common };
    return { mode: "autoscaling", ...common, minSize: f.minSize, maxSize: f.maxSize, desiredCapacity: f.desiredCapacity, healthCheckGracePeriod: f.healthCheckGracePeriod, instanceRefresh: f.instanceRefresh, scaling: f.scaling };
}

export const fleetInput = fleetFields.transform(fleetChoice);

const subnetId = pattern(/^subnet-[0-9a-f]{8,17}$/, "a subnet ID such as subnet-0123456789abcdef0");

export const vpcInput = z.strictObject({
    id: pattern(/^$|^vpc-[0-9a-f]{8,17}$/, "empty or a VPC ID such as vpc-0123456789abcdef0").describe("Your existing VPC to deploy into. Empty: the region's default VPC, as the seed does (or the VPC create makes)."),
    subnetIds: list(subnetId, "a list of strings").describe("Your VPC: public subnets, one per Availability Zone (at least two). Required with id, not allowed without it."),
    instanceSubnetIds: list(subnetId, "a list of strings").describe("Your VPC: subnets for the instances (private ones, with NAT or VPC endpoints), in the load balancers' AZs. Empty: the instances share subnetIds."),
    availabilityZones: list(pattern(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, "an Availability Zone name such as ap-northeast-2a"), "a list of strings")
        .describe("The default VPC's (or a created VPC's) Availability Zones to use, at least two. Empty: every standard AZ of the region, as the seed does (created: the first azCount)."),
    create: bool().describe("Create a dedicated VPC: public subnets for the load balancers, private subnets for the instances (no public IPs)."),
    cidr: ipv4Cidr.describe("The VPC's IPv4 CIDR, /16 to /24."),
    azCount: intRange(2, 6).describe("How many of the region's AZs to use (availabilityZones, when set, names them)."),
    natGateways: oneOf(["perAz", "single", "none"] as const).describe("perAz (survives an AZ outage), single (cheaper) or none (packages through the S3 gateway endpoint, Session Manager and the workload's SSM and Secrets Manager reads through interface endpoints)."),
    ssmEndpoints: bool().describe("Interface endpoints for Session Manager (ssm, ssmmessages, ec2messages). Needed with natGateways none."),
    flowLogRetentionDays: retentionDays.describe("VPC flow logs to CloudWatch Logs, kept this many days (a CloudWatch retention value)."),
    ipv6: bool().describe("An Amazon IPv6 block for the public subnets, so the load balancers can be dualstack."),
}, { error: "must be a map of VPC settings" });

const certificateFields = z.strictObject({
    arn: certificateArn.optional().describe("An existing ACM certificate in the stack's region, for HTTPS and TLS listeners without their own."),
    domainName: domainName.optional().describe("A new ACM certificate for this name, validated by DNS in hostedZoneId."),
    subjectAlternativeNames: list(domainName, "a list of DNS names").max(99, { error: "ACM allows 100 names per certificate" }).describe("More names on the certificate."),
    hostedZoneId: hostedZoneId.optional().describe("The Route53 hosted zone that holds the validation records."),
    keyAlgorithm: oneOf(["RSA_2048", "EC_prime256v1", "EC_secp384r1"] as const).describe("RSA_2048 (every client) or an ECDSA key."),
    certificateBody: text("a PEM certificate").optional().describe("Import your own certificate: the PEM body (public: plain pulumi config set --path certificate.certificateBody)."),
    privateKey: text("a PEM private key").optional().describe("Import: the PEM private key; always set it with --secret (pulumi config set --secret --path certificate.privateKey), so the stack file holds it encrypted."),
    certificateChain: text("a PEM chain").optional().describe("Import: the PEM chain of intermediate certificates, if any (public, like the body)."),
}, { error: "must be a map of certificate settings" });
type CertificateFields = z.output<typeof certificateFields>;

/** The stack's certificate, one of four ways: the choice is made here, once, and the type carries it. */
export type CertificateChoice =
    | { mode: "existing"; arn: string }
    | { mode: "dns"; domainName: string; subjectAlternativeNames: string[]; hostedZoneId: string; keyAlgorithm: CertificateFields["keyAlgorithm"] }
    | { mode: "import"; certificateBody: string; privateKey: string; certificateChain?: string }
    | { mode: "selfSigned" };

/** An issue whose value the error line shows (`; got ...`) instead of the value at its path. */
const issue = (ctx: z.RefinementCtx, path: (string | number)[], message: string, value: unknown) => ctx.addIssue({ code: "custom", path, message, params: { value } });

/** One certificate, and each mode with what it needs. */
function checkCertificate(c: CertificateFields, ctx: z.RefinementCtx): void {
    const modes = [c.arn ? "certificate.arn" : "", c.domainName ? "certificate.domainName" : "", c.certificateBody ? "certificate.certificateBody" : ""].filter(Boolean);
    if (modes.length > 1) {
        issue(ctx, modes[1].split(".").slice(1), `is set together with ${modes.filter((m) => m !== modes[1]).join(" and ")}; choose one certificate: an existing ARN (certificate.arn), a new DNS-validated one (certificate.domainName) or your own imported (certificate.certificateBody)`, modes);
    }
    if (c.domainName && !c.hostedZoneId) issue(ctx, ["hostedZoneId"], "is required with certificate.domainName: the Route53 zone that holds the validation records", c.hostedZoneId);
    if (!c.domainName && (c.hostedZoneId || c.subjectAlternativeNames.length > 0)) issue(ctx, ["domainName"], "is required with hostedZoneId or subjectAlternativeNames", c.domainName);
    if (c.certificateBody && !c.privateKey) issue(ctx, ["privateKey"], "is required with certificate.certificateBody (set it with pulumi config set --secret --path certificate.privateKey)", c.privateKey ? "[secret]" : c.privateKey);
    if (!c.certificateBody && (c.privateKey || c.certificateChain)) issue(ctx, ["certificateBody"], "is required with privateKey or certificateChain", c.certificateBody);
    for (const [k, v] of [["certificateBody", c.certificateBody], ["certificateChain", c.certificateChain]] as const) {
        if (v && !v.includes("-----BEGIN CERTIFICATE-----")) issue(ctx, [k], "must be PEM: -----BEGIN CERTIFICATE----- ...", "(not shown)");
    }
    if (c.privateKey && !/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(c.privateKey)) issue(ctx, ["privateKey"], "must be a PEM private key: -----BEGIN PRIVATE KEY----- ...", "(not shown)");
}

function certificateChoice(c: CertificateFields): CertificateChoice {
    if (c.arn) return { mode: "existing", arn: c.arn };
    if (c.domainName && c.hostedZoneId) return { mode: "dns", domainName: c.domainName, subjectAlternativeNames: c.subjectAlternativeNames, hostedZoneId: c.hostedZoneId, keyAlgorithm: c.keyAlgorithm };
    if (c.certificateBody && c.privateKey) return { mode: "import", certificateBody: c.certificateBody, privateKey: c.privateKey, ...(c.certificateChain ? { certificateChain: c.certificateChain } : {}) };
    return { mode: "selfSigned" };
}

export const certificateInput = certificateFields.superRefine(checkCertificate).transform(certificateChoice);

export const dnsRecordsInput = z.strictObject({
    hostedZoneId: hostedZoneId.optional().describe("The Route53 hosted zone for the alias records."),
    albName: domainName.optional().describe("Alias A (and AAAA when dualstack) record for the ALB."),
    nlbName: domainName.optional().describe("Alias A record for the NLB."),
}, { error: "must be a map of DNS record settings" });

export const logBucketInput = z.strictObject({
    create: bool().describe("Create the access-log bucket (public access blocked, bucket-owner-enforced, SSE-S3, TLS only, AWS's delivery policy for the region); the ALB and NLB log there."),
    expirationDays: intRange(1, 3650).describe("Days before log objects expire."),
    albConnectionLogs: bool().describe("Also write the ALB's connection logs (client TLS details)."),
}, { error: "must be a map of log bucket settings" });

export const wafInput = z.strictObject({
    enabled: bool().describe("A WAFv2 web ACL on the ALB: AWS managed rule groups (common, known bad inputs, IP reputation) and a rate-based rule."),
    rateLimit: intRange(10, 2000000000).describe("Requests per 5 minutes from one IP before it is blocked."),
    logRetentionDays: retentionDays.describe("Days the web ACL's logs are kept (CloudWatch Logs group aws-waf-logs-...)."),
    webAclArn: webAclArn.optional().describe("Use this existing web ACL instead of creating one."),
}, { error: "must be a map of WAF settings" });

const guardFlags = (what: string) => z.strictObject({
    elasticIps: bool().describe(`${what} the NLB's (and NAT gateways') Elastic IPs.`),
    loadBalancers: bool().describe(`${what} the ALB and the NLB.`),
    certificates: bool().describe(`${what} the ACM certificates.`),
    logBucket: bool().describe(`${what} the log bucket.`),
}, { error: "must be a map of elasticIps, loadBalancers, certificates, logBucket to true or false" });
export const protectInput = guardFlags("Pulumi refuses to delete or replace");
export const retainInput = guardFlags("On delete, leave in AWS (still allocated and billed)");

/** Defaults, also what Pulumi.yaml declares: every production feature off. */
export const PRODUCTION_DEFAULTS = {
    fleet: {
        mode: "instances", instanceCount: 2, instanceType: "t3.micro", amiId: "", detailedMonitoring: false, minSize: 2, maxSize: 6, desiredCapacity: 2, healthCheckGracePeriod: 300,
        instanceRefresh: { minHealthyPercentage: 90, maxHealthyPercentage: 100, instanceWarmup: 300, skipMatching: true },
        scaling: { metric: "requestCountPerTarget", targetValue: 1000, targetGroup: "TG-ALB" },
    },
    vpc: { id: "", subnetIds: [], instanceSubnetIds: [], availabilityZones: [], create: false, cidr: "10.20.0.0/16", azCount: 2, natGateways: "perAz", ssmEndpoints: true, flowLogRetentionDays: 365, ipv6: false },
    certificate: { subjectAlternativeNames: [], keyAlgorithm: "RSA_2048" },
    dnsRecords: {},
    logBucket: { create: false, expirationDays: 365, albConnectionLogs: false },
    waf: { enabled: false, rateLimit: 2000, logRetentionDays: 365 },
    protect: { elasticIps: false, loadBalancers: false, certificates: false, logBucket: false },
    retainOnDelete: { elasticIps: false, loadBalancers: false, certificates: false, logBucket: false },
} as const;

/** A stack's partial section over its defaults (one level of nested settings merged). */
export function withDefaults<T extends Record<string, unknown>>(defaults: T) {
    // Not a map (a typo'd scalar): left as it is for the schema to report.
    return (v: unknown) => (v === undefined ? defaults : typeof v === "object" && v !== null && !Array.isArray(v) ? mergeOver(defaults, v as T) : v);
}
