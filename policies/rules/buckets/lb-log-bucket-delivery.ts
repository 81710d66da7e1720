import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkLogBuckets } from "./shared";

export const lbLogBucketDelivery: StackValidationPolicy = {
    name: "lb-log-bucket-delivery",
    description: "A load balancer's access-log bucket in this stack must let the right AWS principal write to it (ALB: the " +
        "Region's own Elastic Load Balancing account root, or logdelivery.elasticloadbalancing.amazonaws.com in Regions " +
        "without one; NLB: delivery.logs.amazonaws.com) and, for an " +
        "ALB, use SSE-S3: otherwise AWS refuses to enable logging, or the logs never arrive.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkLogBuckets(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbLogBucketDelivery,
    severity: "high",
    resources: "stack: load balancers → access-log bucket policy (delivery principal) and encryption (ALB: SSE-S3)",
    equivalents: {},
    securityHubNote: "makes ELB.5 logs arrive",
};
