import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validatePublicIp } from "./shared";

export const noPublicIp: ResourceValidationPolicy = {
    name: "ec2-no-public-ip",
    description: "Web instances should not get public IPs: behind a load balancer they need none, and a public address makes " +
        "every open port on the instance reachable around the load balancer and its security group.",
    enforcementLevel: "advisory",
    validateResource: validatePublicIp,
};

export const rule: RuleDefinition = {
    policy: noPublicIp,
    severity: "medium",
    resources: "instances, launch templates",
    equivalents: {
        securityHub: ["EC2.9", "EC2.25"],
        checkov: ["CKV_AWS_88"],
        cdkNag: ["EC2InstanceNoPublicIp"],
        others: ["trivy AVD-AWS-0009", "awsguard ec2-instance-no-public-ip"],
    },
    securityHubNote: "instances, launch templates",
};
