import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asRecord, checkEach, isTrue, LOAD_BALANCER_TYPES, loadBalancerKind, Props, resourcesOfType, tryRead, UNRESOLVED } from "../util";
import { hasListener, listenersByLoadBalancer } from "./shared";

function checkAccessLogs(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const listeners = listenersByLoadBalancer(args.resources);
    // checkEach: a load balancer undecidable in preview gets the engine's note, the others a verdict.
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        const kind = loadBalancerKind(lb.props);
        if (kind === "gateway") {
            return;
        }
        const problem = accessLogsProblem(asRecord(lb.props.accessLogs));
        if (problem === undefined) {
            return;
        }
        if (kind === "network") {
            const tls = hasListener(listeners, lb, "TLS");
            if (tls === "no") {
                return;
            }
            if (tls !== "yes") {
                tls(); // throws the engine's UnknownValueError: "can't run policy during preview"
            }
        }
        const why = kind === "network" ? " (this NLB has a TLS listener, whose connections NLBs log)" : "";
        reportViolation(`${problem}${why}: set accessLogs to { bucket: <log bucket name>, enabled: true }.`, lb.urn);
    });
}

function accessLogsProblem(accessLogs: Props | undefined): string | undefined {
    if (accessLogs === undefined) {
        return "Access logs are not configured";
    }
    // The provider defaults `enabled` to false even when a bucket is given.
    if (!isTrue(accessLogs.enabled)) {
        return "accessLogs.enabled is not true";
    }
    // A bucket created in the same stack has an unknown name during preview: that still counts.
    const bucket = tryRead(() => accessLogs.bucket);
    if (bucket !== UNRESOLVED && (typeof bucket !== "string" || bucket.trim() === "")) {
        return "accessLogs.bucket is empty";
    }
    return undefined;
}

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
