import { ResourceValidationPolicy } from "@pulumi/policy";
import { isNonBlank, TYPES } from "../util";
import { RuleDefinition } from "../meta";
import { launchTemplateOf } from "./shared";

// AWS "Launch configurations": deprecated; accounts created after 1 October 2024 cannot create
// them, and they never get new instance types or EC2 features (IMDSv2 defaults, several types).
export const asgLaunchTemplate: ResourceValidationPolicy = {
    name: "asg-launch-template",
    description: "Auto Scaling groups must launch from a launch template, never a launch configuration: AWS has deprecated " +
        "launch configurations, newer accounts cannot create them at all, and they lack IMDSv2 defaults and newer instance types.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.launchConfiguration) {
            reportViolation("aws.ec2.LaunchConfiguration is deprecated by AWS: declare an aws.ec2.LaunchTemplate instead.");
            return;
        }
        if (args.type !== TYPES.autoscalingGroup) {
            return;
        }
        if (isNonBlank(args.props.launchConfiguration)) {
            reportViolation("launchConfiguration is set: use launchTemplate { id: <aws.ec2.LaunchTemplate>.id, version: \"$Latest\" } instead.");
        } else if (launchTemplateOf(args.props) === undefined) {
            reportViolation("the group names no launch template: set launchTemplate { id, version } " +
                "(or mixedInstancesPolicy.launchTemplate.launchTemplateSpecification).");
        }
    },
};

export const rule: RuleDefinition = {
    policy: asgLaunchTemplate,
    severity: "high",
    resources: "Auto Scaling groups, `aws.ec2.LaunchConfiguration`",
    equivalents: {
        securityHub: ["AutoScaling.9"],
        checkov: ["CKV_AWS_315"],
    },
    securityHubNote: "AutoScaling.3 and .5 then have nothing to check",
};
