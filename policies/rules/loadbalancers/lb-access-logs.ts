import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkAccessLogs } from "./shared";

// AWS "Access logs for your Network Load Balancer": "Access logs are created only if the load
// balancer has a TLS listener and they contain information only about TLS requests." So an NLB
// with TCP/UDP listeners only is never asked for logs (enabling them there records nothing).
export const lbAccessLogs: StackValidationPolicy = {
    name: "lb-access-logs",
    description:
        "Application Load Balancers, and Network Load Balancers with TLS listeners, should write access logs to S3 " +
        "(accessLogs.enabled with a bucket): without them there is no record of who reached the service for incident " +
        "response or audits. NLBs log TLS listeners only, so an NLB without one is skipped; Gateway LBs have no logs.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => checkAccessLogs(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbAccessLogs,
    severity: "medium",
    resources: "stack: load balancers → listeners (an NLB only with a TLS listener: NLBs log TLS connections only)",
    equivalents: {
        securityHub: ["ELB.5"],
        checkov: ["CKV_AWS_91"],
        cdkNag: ["ELBLoggingEnabled"],
        others: ["awsguard elb-logging-enabled"],
    },
    securityHubNote: "ALB and Classic only",
};
