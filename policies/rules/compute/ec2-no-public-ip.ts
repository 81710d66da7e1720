import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, checkEach, isTrue, TYPES } from "../util";

function validatePublicIp(args: ResourceValidationArgs, report: ReportViolation): void {
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
