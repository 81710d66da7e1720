import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkAliases } from "./shared";

export const route53AliasStackLb: StackValidationPolicy = {
    name: "route53-alias-stack-lb",
    description: "Route 53 alias records for the web tier should point at this stack's load balancers through their dnsName " +
        "and zoneId outputs, with evaluateTargetHealth, and the zoneId must be the target's canonical hosted zone (per type " +
        "and Region): a hard-coded name breaks silently when the load balancer is replaced, and a wrong zone fails the change.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => checkAliases(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: route53AliasStackLb,
    severity: "low",
    resources: "stack: Route 53 alias records → this stack's load balancers",
    equivalents: {},
};
