import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { isLoadBalancer } from "./shared";

export const lbDeletionProtection: ResourceValidationPolicy = {
    name: "lb-deletion-protection",
    description:
        "Load balancers should have deletion protection enabled: deleting one drops every connection and, " +
        "for an NLB, releases the static addresses clients have allowlisted. No remediation is offered " +
        "because protection also blocks `pulumi destroy` and replacements, which a stack owner must choose.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args)) {
            return;
        }
        if (args.props.enableDeletionProtection !== true) {
            reportViolation(
                "Deletion protection is off: set enableDeletionProtection to true " +
                "(turn it off deliberately before a planned replacement or destroy).",
            );
        }
    },
};

export const rule: RuleDefinition = {
    policy: lbDeletionProtection,
    severity: "medium",
    resources: "load balancers",
    equivalents: {
        securityHub: ["ELB.6"],
        checkov: ["CKV_AWS_150"],
        cdkNag: ["ELBDeletionProtectionEnabled"],
        others: ["AWS Config elb-deletion-protection-enabled"],
    },
};
