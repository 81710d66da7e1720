import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString, isApplicationLb } from "../util";
import { RuleDefinition } from "../meta";
import { isLoadBalancer } from "./shared";

export const albDesyncMitigation: ResourceValidationPolicy = {
    name: "alb-desync-mitigation",
    description:
        "Application Load Balancers should not run desync mitigation in 'monitor' mode, which forwards " +
        "ambiguous requests that enable HTTP request smuggling. The AWS default 'defensive' (or 'strictest') " +
        "blocks them.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args) || !isApplicationLb(args.props)) {
            return;
        }
        const mode = asString(args.props.desyncMitigationMode);
        if (mode === "monitor") {
            reportViolation(
                "desyncMitigationMode is 'monitor': set it to 'defensive' (the AWS default) or 'strictest'.",
            );
        }
    },
};

export const rule: RuleDefinition = {
    policy: albDesyncMitigation,
    severity: "medium",
    resources: "load balancers (ALB)",
    equivalents: {
        securityHub: ["ELB.12"],
        checkov: ["CKV_AWS_328"],
    },
};
