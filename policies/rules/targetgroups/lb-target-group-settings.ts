import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, isOneOf, Props, TARGET_GROUP_TYPES } from "../util";
import { RuleDefinition } from "../meta";
import { algorithmProblems, healthCheckProblems, nlbOnlyAttributeProblems, rangeProblems, stickinessProblems, targetGroupFamily } from "./shared";

// Ranges: AWS CreateTargetGroup API (thresholds 2-10, interval 5-300 s, timeout 2-120 s) and target
// group attributes (deregistration delay 0-3600 s, slow start 30-900 s or 0, lb_cookie 1-604800 s).
export const lbTargetGroupSettings: ResourceValidationPolicy = {
    name: "lb-target-group-settings",
    description:
        "Target groups must keep health checks on and use settings AWS accepts: values in AWS's ranges, a " +
        "health-check timeout below the interval, slow start only with round robin, stickiness and attributes " +
        "that fit the group's protocol (ALB vs NLB). AWS rejects these only at `pulumi up`, minutes in.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isOneOf(args.type, TARGET_GROUP_TYPES)) {
            return;
        }
        const props: Props = args.props;
        const family = targetGroupFamily(props);
        const healthCheck = asRecord(props.healthCheck);
        [
            ...healthCheckProblems(family, healthCheck, props.targetType === "lambda"),
            ...rangeProblems(props, healthCheck),
            ...stickinessProblems(family, props),
            ...algorithmProblems(family, props),
            ...nlbOnlyAttributeProblems(family, props),
        ].forEach(p => reportViolation(`Target group ${p}.`));
    },
};

export const rule: RuleDefinition = {
    policy: lbTargetGroupSettings,
    severity: "low",
    resources: "target groups",
    equivalents: {
        checkov: ["CKV_AWS_261"],
    },
};
