import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkAlbsHaveHttpsListener } from "./shared";

export const albHasHttpsListener: StackValidationPolicy = {
    name: "alb-has-https-listener",
    description:
        "Every internet-facing Application Load Balancer must have an HTTPS listener, so that traffic from " +
        "the internet can be served encrypted (its HTTP listener then only redirects). Listeners are tied to " +
        "their load balancer through loadBalancerArn's property dependencies, or the ARN when it is known.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkAlbsHaveHttpsListener(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: albHasHttpsListener,
    severity: "high",
    resources: "stack: ALB → listeners",
    equivalents: {
        securityHub: ["ELB.1"],
        checkov: ["CKV_AWS_2"],
        others: ["trivy AVD-AWS-0054"],
    },
    securityHubNote: "with the redirect",
};
