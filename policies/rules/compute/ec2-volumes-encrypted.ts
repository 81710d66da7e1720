import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, checkEach, isFalse, isOneOf, isTrue, Props, TYPES } from "../util";
import { EC2_TYPES } from "./shared";

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

function validateVolumes(args: ResourceValidationArgs, report: ReportViolation): void {
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

export const volumesEncrypted: ResourceValidationPolicy = {
    name: "ec2-volumes-encrypted",
    description: "Root and data EBS volumes of instances and launch templates must be encrypted: snapshots and detached volumes " +
        "otherwise carry the web tier's data and secrets in the clear, and encryption cannot be added to a volume later.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            accountEncryptsByDefault: {
                type: "boolean",
                default: false,
                description: "Set true when the account/region has EBS encryption by default enabled; then a volume that does " +
                    "not say `encrypted` passes (an explicit false still fails).",
            },
        },
    },
    validateResource: validateVolumes,
};

export const rule: RuleDefinition = {
    policy: volumesEncrypted,
    severity: "high",
    resources: "instances, launch templates",
    equivalents: {
        securityHub: ["EC2.3", "EC2.181"],
        checkov: ["CKV_AWS_8"],
        cdkNag: ["EC2EBSVolumeEncrypted"],
        others: ["trivy AVD-AWS-0131", "awsguard encrypted-volumes", "trivy AVD-AWS-0008"],
    },
    securityHubNote: "instances, launch templates",
};
