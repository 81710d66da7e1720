import { StackValidationPolicy } from "@pulumi/policy";
import { asArray, resourcesOfType, tryRead, TYPES } from "../util";
import { RuleDefinition } from "../meta";
import { vpcsNamedBy } from "./shared";

export const vpcDefaultSecurityGroupClosed: StackValidationPolicy = {
    name: "vpc-default-security-group-closed",
    description: "A VPC the stack creates should take over its default security group with no rules " +
        "(aws.ec2.DefaultSecurityGroup without ingress or egress): AWS's default group admits all traffic among its members and " +
        "all egress, and anything launched without a group lands in it.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const closed = vpcsNamedBy(args, TYPES.defaultSecurityGroup, "vpcId",
            (props) => asArray(tryRead(() => props.ingress)).length === 0 && asArray(tryRead(() => props.egress)).length === 0);
        for (const vpc of resourcesOfType(args.resources, [TYPES.vpc]).filter((v) => !closed.has(v.urn))) {
            reportViolation("no rule-less aws.ec2.DefaultSecurityGroup names this VPC: declare one with vpcId: <vpc>.id and no ingress or egress.", vpc.urn);
        }
    },
};

export const rule: RuleDefinition = {
    policy: vpcDefaultSecurityGroupClosed,
    severity: "medium",
    resources: "stack: created `aws.ec2.Vpc` → rule-less `aws.ec2.DefaultSecurityGroup`",
    equivalents: {
        securityHub: ["EC2.2"],
        checkov: ["CKV2_AWS_12"],
        others: ["CIS AWS 5.4"],
    },
};
