import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asRecord, asString, isOneOf, Props, TYPES } from "../util";
import { EC2_TYPES, lower } from "./shared";

function kindOf(type: string): string {
    return type === TYPES.launchTemplate ? "launch template" : "instance";
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

function validateImds(args: ResourceValidationArgs, report: ReportViolation): void {
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
function remediateImds(args: ResourceValidationArgs): Props | undefined {
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

export const imdsv2Required: ResourceValidationPolicy = {
    name: "ec2-imdsv2-required",
    description: "EC2 instances and launch templates must require IMDSv2: with IMDSv1 a single SSRF bug in the web app lets an " +
        "attacker read the instance role's credentials from 169.254.169.254.",
    enforcementLevel: "mandatory",
    validateResource: validateImds,
    remediateResource: remediateImds,
};

export const rule: RuleDefinition = {
    policy: imdsv2Required,
    severity: "high",
    resources: "instances, launch templates",
    equivalents: {
        securityHub: ["EC2.8", "EC2.170"],
        checkov: ["CKV_AWS_79"],
        cdkNag: ["EC2IMDSv2Enabled"],
        others: ["trivy AVD-AWS-0028", "trivy AVD-AWS-0130", "AWS Config ec2-imdsv2-check", "AWS Config ec2-launch-template-imdsv2-check"],
    },
    securityHubNote: "instances, launch templates",
};
