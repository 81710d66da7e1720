import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, checkEach, isNonBlank, isOneOf, Props, SECURITY_GROUP_TYPES, TYPES } from "../util";

/** What pulumi-aws sets when `description` is omitted; it says nothing about the group. */
const PROVIDER_DEFAULT_DESCRIPTION = "Managed by Pulumi";

function groupDescriptionProblem(props: Props): string | undefined {
    const description = props.description;
    if (!isNonBlank(description)) {
        return `description is not set, so AWS shows the provider default "${PROVIDER_DEFAULT_DESCRIPTION}". `;
    }
    if (description.trim() === PROVIDER_DEFAULT_DESCRIPTION) {
        return `description is the provider default "${PROVIDER_DEFAULT_DESCRIPTION}". `;
    }
    return undefined;
}

function validateDescriptions(args: ResourceValidationArgs, report: ReportViolation): void {
    const { type, props } = args;
    if (type === TYPES.securityGroup) {
        const problem = groupDescriptionProblem(props);
        if (problem) {
            // AWS cannot edit a group's description: changing it later replaces the group.
            report(`${problem}Set description to what the group protects; do it at creation, because changing a ` +
                `security group's description replaces the group.`);
        }
    }
    if (isOneOf(type, SECURITY_GROUP_TYPES)) {
        const inline = [
            ...asArray(props.ingress).map((rule, i) => ({ where: `ingress[${i}]`, rule })),
            ...asArray(props.egress).map((rule, i) => ({ where: `egress[${i}]`, rule })),
        ];
        checkEach(inline, ({ where, rule }) => {
            if (!isNonBlank(asRecord(rule)?.description)) {
                report(`${where}.description is not set. Say why the rule exists (who connects, to what).`);
            }
        });
        return;
    }
    if (isOneOf(type, [TYPES.securityGroupRule, TYPES.vpcIngressRule, TYPES.vpcEgressRule]) && !isNonBlank(props.description)) {
        report("description is not set. Say why the rule exists (who connects, to what); rule descriptions can be edited in place.");
    }
}

export const securityGroupDescriptions: ResourceValidationPolicy = {
    name: "sg-descriptions",
    description: "Security groups and their rules must carry descriptions: during an incident or an audit the description is " +
        "the only record of why a port is open, and an undocumented rule is one nobody dares remove.",
    enforcementLevel: "advisory",
    validateResource: validateDescriptions,
};

export const rule: RuleDefinition = {
    policy: securityGroupDescriptions,
    severity: "low",
    resources: "security groups and inline rules, `aws.ec2.SecurityGroupRule`, `aws.vpc` ingress/egress rules",
    equivalents: {
        checkov: ["CKV_AWS_23"],
        cdkNag: ["EC2SecurityGroupDescription"],
        others: ["trivy AVD-AWS-0099", "trivy AVD-AWS-0124"],
    },
};
