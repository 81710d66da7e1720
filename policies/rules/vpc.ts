// Rules for a VPC the stack creates (the program's vpc.create): flow logs, a closed default
// security group, and no automatic public IPs. Stacks that use an existing or the default VPC
// declare no aws.ec2.Vpc, so these rules have nothing to check there.
import { Policies, StackValidationArgs, StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, Candidates, referenced, resourcesOfType, tryRead, TYPES } from "./util";

/** The created VPCs some `fromType` resource names in `prop` (its vpcId). */
const vpcsNamedBy = (args: StackValidationArgs, fromType: string, prop: string, accept?: (props: Record<string, unknown>) => boolean) =>
    referenced(args, fromType, prop, new Candidates(resourcesOfType(args.resources, [TYPES.vpc]), ["id"]), accept);

// Equivalents: Security Hub EC2.6; Checkov CKV2_AWS_11; cdk-nag VPCFlowLogsEnabled.
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

// Equivalents: Security Hub EC2.2; Checkov CKV2_AWS_12; CIS AWS 5.4.
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

// Equivalents: Security Hub EC2.15; Checkov CKV_AWS_130.
export const subnetNoAutoPublicIp: ResourceValidationPolicy = {
    name: "subnet-no-auto-public-ip",
    description: "Subnets the stack creates should not assign public IPv4 addresses on launch (mapPublicIpOnLaunch): the " +
        "load balancers need none, and an instance launched there is reachable from the internet around them.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.subnet && args.props.mapPublicIpOnLaunch === true) {
            reportViolation("mapPublicIpOnLaunch is true: set it to false (load balancers and NAT gateways get their addresses explicitly).");
        }
    },
};

export const vpcPolicies: Policies = [vpcFlowLogs, vpcDefaultSecurityGroupClosed, subnetNoAutoPublicIp];
