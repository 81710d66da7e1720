import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, Props, TYPES } from "../util";
import { lower } from "../compute/shared";
import { ASG_FIX, healthCheckTypeOf } from "./shared";

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

function asgHealthCheckProblem(props: Props): string | undefined {
    const current = healthCheckTypeOf(props);
    if (current === "ELB" || !isAttachedToLoadBalancer(props) || acceptableHealthCheckTypes(props).includes(current)) {
        return undefined;
    }
    return `healthCheckType is "${current}" although the group is attached to a load balancer (targetGroupArns, ` +
        `loadBalancers or trafficSources).`;
}

function validateAsgHealthCheck(args: ResourceValidationArgs, report: ReportViolation): void {
    if (args.type !== TYPES.autoscalingGroup) {
        return;
    }
    const problem = asgHealthCheckProblem(args.props);
    if (problem) {
        report(`${problem} ${ASG_FIX}`);
    }
}

function remediateAsgHealthCheck(args: ResourceValidationArgs): Props | undefined {
    if (args.type !== TYPES.autoscalingGroup || !asgHealthCheckProblem(args.props)) {
        return undefined;
    }
    args.props.healthCheckType = "ELB";
    return args.props;
}

export const asgElbHealthCheck: ResourceValidationPolicy = {
    name: "asg-elb-health-check",
    description: "Auto Scaling groups behind a load balancer should use ELB health checks: with the default EC2 check an " +
        "instance whose web server is dead but whose VM is running stays in the group forever, serving nothing.",
    enforcementLevel: "advisory",
    validateResource: validateAsgHealthCheck,
    remediateResource: remediateAsgHealthCheck,
};

export const rule: RuleDefinition = {
    policy: asgElbHealthCheck,
    severity: "medium",
    resources: "Auto Scaling groups",
    equivalents: {
        securityHub: ["AutoScaling.1"],
        checkov: ["CKV2_AWS_15"],
        cdkNag: ["AutoScalingGroupELBHealthCheckRequired"],
        others: ["AWS Config autoscaling-group-elb-healthcheck-required"],
    },
};
