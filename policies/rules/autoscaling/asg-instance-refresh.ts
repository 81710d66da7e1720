import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, asString, TYPES } from "../util";
import { RuleDefinition } from "../meta";
import { launchTemplateOf } from "./shared";

// Without instanceRefresh, a new launch template version only applies to instances launched
// later: running instances keep the old AMI and user data until something replaces them.
export const asgInstanceRefresh: ResourceValidationPolicy = {
    name: "asg-instance-refresh",
    description: "Auto Scaling groups that launch from a template should declare an instance refresh (strategy Rolling), so " +
        "that a new template version (AMI, user data, IMDS settings) replaces running instances gradually instead of never.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.autoscalingGroup || launchTemplateOf(args.props) === undefined) {
            return;
        }
        const refresh = asRecord(args.props.instanceRefresh);
        if (asString(refresh?.strategy) !== "Rolling") {
            reportViolation("instanceRefresh is not set: add instanceRefresh { strategy: \"Rolling\", preferences: " +
                "{ minHealthyPercentage: 90 } } so template changes roll out to running instances.");
        }
    },
};

export const rule: RuleDefinition = {
    policy: asgInstanceRefresh,
    severity: "low",
    resources: "Auto Scaling groups with a launch template",
    equivalents: {},
};
