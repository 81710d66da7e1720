import { StackValidationPolicy } from "@pulumi/policy";
import { resourcesOfType, TYPES } from "../util";
import { RuleDefinition } from "../meta";
import { vpcsNamedBy } from "./shared";

export const vpcFlowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs",
    description: "A VPC the stack creates should have flow logs (aws.ec2.FlowLog with vpcId): without them there is no " +
        "record of which addresses reached the instances or the load balancers, for incident response or audits.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const logged = vpcsNamedBy(args, TYPES.flowLog, "vpcId");
        for (const vpc of resourcesOfType(args.resources, [TYPES.vpc]).filter((v) => !logged.has(v.urn))) {
            reportViolation("no aws.ec2.FlowLog names this VPC: add one (vpcId: <vpc>.id, trafficType: ALL) to CloudWatch Logs or S3.", vpc.urn);
        }
    },
};

export const rule: RuleDefinition = {
    policy: vpcFlowLogs,
    severity: "medium",
    resources: "stack: created `aws.ec2.Vpc` → `aws.ec2.FlowLog`",
    equivalents: {
        securityHub: ["EC2.6"],
        checkov: ["CKV2_AWS_11"],
        cdkNag: ["VPCFlowLogsEnabled"],
    },
};
