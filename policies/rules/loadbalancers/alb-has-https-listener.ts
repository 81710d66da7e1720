import { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkEach, isApplicationLb, isInternetFacing, LOAD_BALANCER_TYPES, resourcesOfType } from "../util";
import { hasListener, listenersByLoadBalancer } from "./shared";

function checkAlbsHaveHttpsListener(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const listeners = listenersByLoadBalancer(args.resources);
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        if (!isApplicationLb(lb.props) || !isInternetFacing(lb.props)) {
            return;
        }
        const https = hasListener(listeners, lb, "HTTPS");
        if (https === "yes") {
            return;
        }
        if (https !== "no") {
            https(); // a listener that may be the HTTPS one: the engine's preview note, not an accusation
        }
        reportViolation(
            "Internet-facing Application Load Balancer has no HTTPS listener: add an aws.lb.Listener with " +
            "loadBalancerArn set to this load balancer, protocol 'HTTPS', an ACM certificateArn and an allowed " +
            "sslPolicy (and make its HTTP listener redirect to it).",
            lb.urn,
        );
    });
}

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
