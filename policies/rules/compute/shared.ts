// EC2 instances, launch templates and Auto Scaling groups.
//
// pulumi-aws quirks these rules absorb:
// - launch-template booleans are strings ("true"/"false"): blockDeviceMappings[].ebs.encrypted,
//   networkInterfaces[].associatePublicIpAddress;
// - launch-template userData is base64; instance userData is plain text and userDataBase64 is
//   base64 (either may be gzip-compressed, which cloud-init accepts).
import { PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { asArray, asRecord, asString, checkEach, isFalse, isOneOf, isTrue, Props, referencedUrns, TYPES } from "../util";
import * as zlib from "zlib";

export const EC2_TYPES = [TYPES.instance, TYPES.launchTemplate] as const;

function kindOf(type: string): string {
    return type === TYPES.launchTemplate ? "launch template" : "instance";
}

function lower(value: unknown): string | undefined {
    return asString(value)?.trim().toLowerCase();
}

/** Why the resource allows IMDSv1, or undefined when it requires tokens or disables IMDS. */
function imdsProblem(type: string, props: Props): string | undefined {
    const options = asRecord(props.metadataOptions);
    if (!options) {
        return `metadataOptions is not set, so instances launched from this ${kindOf(type)} accept IMDSv1 unless the AMI ` +
            `says otherwise.`;
    }
    // A disabled metadata endpoint cannot leak credentials either.
    if (lower(options.httpEndpoint) === "disabled" || lower(options.httpTokens) === "required") {
        return undefined;
    }
    const tokens = asString(options.httpTokens);
    return tokens === undefined
        ? "metadataOptions.httpTokens is not set, so IMDSv1 stays enabled."
        : `metadataOptions.httpTokens is "${tokens}", so IMDSv1 stays enabled.`;
}

export function validateImds(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!isOneOf(args.type, EC2_TYPES)) {
        return;
    }
    const problem = imdsProblem(args.type, args.props);
    if (problem) {
        report(`${problem} Set metadataOptions.httpTokens to "required" (IMDSv2); every current AWS SDK and the CLI support it.`);
    }
}

/**
 * Sets httpTokens "required" in place. Mutating args.props (rather than spreading it) reads
 * nothing else, so an unrelated unknown input (subnetId, ami) cannot stop it during preview.
 */
export function remediateImds(args: ResourceValidationArgs): Props | undefined {
    if (!isOneOf(args.type, EC2_TYPES) || !imdsProblem(args.type, args.props)) {
        return undefined;
    }
    const options = asRecord(args.props.metadataOptions);
    if (options) {
        options.httpTokens = "required";
    } else {
        args.props.metadataOptions = { httpTokens: "required" };
    }
    return args.props;
}

/**
 * The hop limit a resource sets, where IMDSv2 is required. An absent limit is the AMI's default,
 * and Amazon Linux 2023 AMIs set 2 (AMI ImdsSupport v2.0), so only an explicit 1 is known safe.
 */
export function hopLimitProblem(props: Props): string | undefined {
    const options = asRecord(props.metadataOptions);
    if (!options || lower(options.httpEndpoint) === "disabled" || lower(options.httpTokens) !== "required") {
        return undefined; // no IMDSv2 requirement to pair with (ec2-imdsv2-required reports that)
    }
    const raw = options.httpPutResponseHopLimit;
    const limit = typeof raw === "number" ? raw : Number(asString(raw));
    if (raw === undefined || raw === null) {
        return "metadataOptions.httpPutResponseHopLimit is not set, so the AMI's default applies (2 on Amazon Linux 2023)";
    }
    return limit === 1 ? undefined : `metadataOptions.httpPutResponseHopLimit is ${String(raw)}`;
}

interface EncryptionConfig {
    accountEncryptsByDefault: boolean;
}

/** A volume's `encrypted` value: explicit false always fails; absent fails unless the account encrypts by default. */
function encryptionProblem(path: string, encrypted: unknown, config: EncryptionConfig): string | undefined {
    if (isTrue(encrypted)) {
        return undefined;
    }
    if (isFalse(encrypted)) {
        return `${path} is ${JSON.stringify(encrypted)}.`;
    }
    return config.accountEncryptsByDefault ? undefined : `${path} is not set, so encryption depends on the AMI snapshot and the account default.`;
}

/** One volume's verdict; reading it may throw UnknownValueError during preview. */
type VolumeCheck = () => string | undefined;

function instanceVolumeChecks(props: Props, config: EncryptionConfig): VolumeCheck[] {
    const rootCheck: VolumeCheck = () => {
        const root = asRecord(props.rootBlockDevice);
        if (root) {
            return encryptionProblem("rootBlockDevice.encrypted", root.encrypted, config);
        }
        return config.accountEncryptsByDefault
            ? undefined
            : "rootBlockDevice is not set, so the root volume's encryption depends on the AMI snapshot and the account default.";
    };
    const dataChecks = asArray(props.ebsBlockDevices).map((device, i): VolumeCheck =>
        () => encryptionProblem(`ebsBlockDevices[${i}].encrypted`, asRecord(device)?.encrypted, config));
    return [rootCheck, ...dataChecks];
}

function launchTemplateVolumeChecks(props: Props, config: EncryptionConfig): VolumeCheck[] {
    const mappings = asArray(props.blockDeviceMappings);
    if (mappings.length === 0) {
        return [() => config.accountEncryptsByDefault
            ? undefined
            : "blockDeviceMappings is not set, so the root volume's encryption depends on the AMI snapshot and the account default."];
    }
    return mappings.map((mapping, i): VolumeCheck => () => {
        const ebs = asRecord(asRecord(mapping)?.ebs);
        // Mappings without `ebs` are instance-store or noDevice entries: nothing to encrypt.
        return ebs ? encryptionProblem(`blockDeviceMappings[${i}].ebs.encrypted`, ebs.encrypted, config) : undefined;
    });
}

export function validateVolumes(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!isOneOf(args.type, EC2_TYPES)) {
        return;
    }
    const config = args.getConfig<EncryptionConfig>();
    const isTemplate = args.type === TYPES.launchTemplate;
    const fix = isTemplate
        ? `Set ebs.encrypted to "true" (a string in pulumi-aws) in every blockDeviceMappings entry, including one for the AMI's root device name.`
        : "Set encrypted: true on rootBlockDevice and every ebsBlockDevices entry (changing it later replaces the instance).";
    const checks = isTemplate ? launchTemplateVolumeChecks(args.props, config) : instanceVolumeChecks(args.props, config);
    // Each volume separately, so one unknown setting in preview does not hide another volume's violation.
    checkEach(checks, check => {
        const problem = check();
        if (problem) {
            report(`${problem} ${fix}`);
        }
    });
}

interface SecretPattern {
    what: string;
    pattern: RegExp;
}

// A value that starts with $, {, <, a backquote or a quote is a reference ($VAR, $(cmd), `cmd`,
// {{template}}), not a literal: a script that reads its secret at boot is what we ask for.
const LITERAL_VALUE = String.raw`["']?(?![$"'{<\s\x60])[^\s"']`;

const SECRET_PATTERNS: readonly SecretPattern[] = [
    { what: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
    { what: "a secret key assignment", pattern: new RegExp(String.raw`\b[\w-]*secret[_-]?(?:access[_-]?)?key\b["']?\s*[:=]\s*${LITERAL_VALUE}{8,}`, "i") },
    { what: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
    { what: "a password assignment", pattern: new RegExp(String.raw`\b[\w.-]*(?:password|passwd)\b["']?\s*[:=]\s*${LITERAL_VALUE}{4,}`, "i") },
];

/** Decodes base64 user data (gunzipping if needed); undefined when it is not base64. */
function decodeBase64UserData(encoded: string): string | undefined {
    const compact = encoded.replace(/\s+/g, "");
    if (compact === "" || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
        return undefined;
    }
    const bytes = Buffer.from(compact, "base64");
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            return zlib.gunzipSync(bytes).toString("utf8");
        } catch {
            return undefined;
        }
    }
    return bytes.toString("utf8");
}

interface UserDataText {
    prop: string;
    text: string;
}

function userDataTexts(type: string, props: Props): UserDataText[] {
    const texts: UserDataText[] = [];
    const plain = type === TYPES.instance ? asString(props.userData) : undefined;
    if (plain !== undefined) {
        texts.push({ prop: "userData", text: plain });
    }
    const encodedProp = type === TYPES.instance ? "userDataBase64" : "userData";
    const encoded = asString(props[encodedProp]);
    if (encoded !== undefined) {
        // Not valid base64: AWS would reject it, but scan the raw text rather than skip it.
        texts.push({ prop: encodedProp, text: decodeBase64UserData(encoded) ?? encoded });
    }
    return texts;
}

/** Findings as "what (line n)"; never the matched text, so the message does not leak the secret. */
function findSecrets(text: string): string[] {
    const findings: string[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
        for (const { what, pattern } of SECRET_PATTERNS) {
            if (pattern.test(line)) {
                findings.push(`${what} (line ${i + 1})`);
            }
        }
    });
    return findings;
}

export function validateUserData(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!isOneOf(args.type, EC2_TYPES)) {
        return;
    }
    for (const { prop, text } of userDataTexts(args.type, args.props)) {
        const findings = findSecrets(text);
        if (findings.length > 0) {
            report(`${prop} contains what looks like ${findings.join(", ")}. User data is readable by anyone with ` +
                `ec2:DescribeInstanceAttribute and from inside the instance: remove the secret, rotate it, and fetch it at boot ` +
                `from SSM Parameter Store or Secrets Manager with the instance profile.`);
        }
    }
}

export function validatePublicIp(args: ResourceValidationArgs, report: ReportViolation): void {
    const fix = "Keep web instances in private subnets and reach them only through the load balancer.";
    if (args.type === TYPES.instance && isTrue(args.props.associatePublicIpAddress)) {
        report(`associatePublicIpAddress is true. ${fix} (Changing it replaces the instance.)`);
    }
    if (args.type === TYPES.launchTemplate) {
        checkEach(asArray(args.props.networkInterfaces), (nic, i) => {
            if (isTrue(asRecord(nic)?.associatePublicIpAddress)) {
                report(`networkInterfaces[${i}].associatePublicIpAddress is "true". ${fix}`);
            }
        });
    }
}

/** Load balancer attachments declared on the group itself. */
function groupAttachments(props: Props): { targetGroups: number; classic: number; trafficSources: unknown[] } {
    return {
        targetGroups: asArray(props.targetGroupArns).length,
        classic: asArray(props.loadBalancers).length,
        trafficSources: asArray(props.trafficSources),
    };
}

function isAttachedToLoadBalancer(props: Props): boolean {
    const { targetGroups, classic, trafficSources } = groupAttachments(props);
    return targetGroups + classic + trafficSources.length > 0;
}

/** VPC Lattice traffic sources report health through "VPC_LATTICE"; load balancers through "ELB". */
function acceptableHealthCheckTypes(props: Props): string[] {
    const { targetGroups, classic, trafficSources } = groupAttachments(props);
    const latticeOnly = targetGroups + classic === 0 && trafficSources.every(s => lower(asRecord(s)?.type) === "vpc-lattice");
    return latticeOnly ? ["ELB", "VPC_LATTICE"] : ["ELB"];
}

function healthCheckTypeOf(props: Props): string {
    // AWS defaults an Auto Scaling group's health check type to EC2.
    return asString(props.healthCheckType)?.trim().toUpperCase() || "EC2";
}

function asgHealthCheckProblem(props: Props): string | undefined {
    const current = healthCheckTypeOf(props);
    if (current === "ELB" || !isAttachedToLoadBalancer(props) || acceptableHealthCheckTypes(props).includes(current)) {
        return undefined;
    }
    return `healthCheckType is "${current}" although the group is attached to a load balancer (targetGroupArns, ` +
        `loadBalancers or trafficSources).`;
}

const ASG_FIX = `Set healthCheckType: "ELB" (and a healthCheckGracePeriod that covers boot time) so instances that fail the ` +
    `target group's health check are replaced, not just taken out of rotation.`;

export function validateAsgHealthCheck(args: ResourceValidationArgs, report: ReportViolation): void {
    if (args.type !== TYPES.autoscalingGroup) {
        return;
    }
    const problem = asgHealthCheckProblem(args.props);
    if (problem) {
        report(`${problem} ${ASG_FIX}`);
    }
}

export function remediateAsgHealthCheck(args: ResourceValidationArgs): Props | undefined {
    if (args.type !== TYPES.autoscalingGroup || !asgHealthCheckProblem(args.props)) {
        return undefined;
    }
    args.props.healthCheckType = "ELB";
    return args.props;
}

function attachesLoadBalancer(attachment: PolicyResource): boolean {
    const props = attachment.props;
    return asString(props.lbTargetGroupArn) !== undefined || asString(props.elb) !== undefined;
}

function attachedGroups(attachment: PolicyResource, groups: PolicyResource[]): PolicyResource[] {
    const referenced = referencedUrns(attachment, "autoscalingGroupName");
    const byDependency = groups.filter(g => referenced.has(g.urn));
    if (byDependency.length > 0) {
        return byDependency;
    }
    // No dependency information: fall back to matching the group's literal name.
    const name = asString(attachment.props.autoscalingGroupName);
    return name === undefined ? [] : groups.filter(g => asString(g.props.name) === name);
}

export function validateAttachments(args: StackValidationArgs, report: ReportViolation): void {
    const groups = args.resources.filter(r => r.type === TYPES.autoscalingGroup);
    const attachments = args.resources.filter(r => r.type === TYPES.autoscalingAttachment);
    checkEach(attachments, attachment => {
        if (!attachesLoadBalancer(attachment)) {
            return;
        }
        for (const group of attachedGroups(attachment, groups)) {
            const current = healthCheckTypeOf(group.props);
            if (current !== "ELB") {
                report(`Auto Scaling group '${group.name}' is attached to a load balancer by aws.autoscaling.Attachment ` +
                    `'${attachment.name}' but its healthCheckType is "${current}". ${ASG_FIX}`, group.urn);
            }
        }
    });
}
