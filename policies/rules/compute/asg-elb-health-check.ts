import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { remediateAsgHealthCheck, validateAsgHealthCheck } from "./shared";

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
