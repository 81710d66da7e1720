import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../util";
import { RuleDefinition } from "../meta";

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

export const rule: RuleDefinition = {
    policy: subnetNoAutoPublicIp,
    severity: "medium",
    resources: "`aws.ec2.Subnet`",
    equivalents: {
        securityHub: ["EC2.15"],
        checkov: ["CKV_AWS_130"],
    },
};
