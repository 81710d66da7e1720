import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkAlbTargetGroupPorts } from "./shared";

export const lbAlbTargetGroupPort: StackValidationPolicy = {
    name: "lb-alb-target-group-port",
    description: "A target group of type alb must use the port of one of that ALB's listeners (AWS \"ALB as a target of an " +
        "NLB\"): otherwise the NLB sends traffic and health checks to a port the ALB does not listen on.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkAlbTargetGroupPorts(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbAlbTargetGroupPort,
    severity: "high",
    resources: "stack: `alb` target groups → attachment → the ALB's listener ports",
    equivalents: {},
    rationale: "AWS \"ALB as a target of an NLB\": the NLB forwards to the ALB's listener ports.",
};
