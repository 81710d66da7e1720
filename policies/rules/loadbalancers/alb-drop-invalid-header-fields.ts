import { ResourceValidationPolicy } from "@pulumi/policy";
import { isApplicationLb } from "../util";
import { RuleDefinition } from "../meta";
import { isLoadBalancer } from "./shared";

export const albDropInvalidHeaderFields: ResourceValidationPolicy = {
    name: "alb-drop-invalid-header-fields",
    description:
        "Application Load Balancers must drop HTTP headers with invalid names " +
        "(dropInvalidHeaderFields: true). ALBs forward them by default, and malformed headers are a " +
        "request-smuggling and header-injection vector against the targets behind the load balancer.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args) || !isApplicationLb(args.props)) {
            return;
        }
        if (args.props.dropInvalidHeaderFields !== true) {
            reportViolation(
                "Application Load Balancer does not drop invalid header fields: set dropInvalidHeaderFields to true.",
            );
        }
    },
    // Dropping invalid headers only rejects requests no RFC-conforming client sends: safe to apply.
    remediateResource: args => {
        if (!isLoadBalancer(args) || !isApplicationLb(args.props) || args.props.dropInvalidHeaderFields === true) {
            return undefined;
        }
        args.props.dropInvalidHeaderFields = true;
        return args.props;
    },
};

export const rule: RuleDefinition = {
    policy: albDropInvalidHeaderFields,
    severity: "high",
    resources: "load balancers (ALB)",
    equivalents: {
        securityHub: ["ELB.4"],
        checkov: ["CKV_AWS_131"],
        cdkNag: ["ALBHttpDropInvalidHeaderEnabled"],
        others: ["trivy AVD-AWS-0052", "AWS Config alb-http-drop-invalid-header-enabled"],
    },
};
