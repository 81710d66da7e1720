import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkEntryPoints } from "./shared";

export const lbEntryPointsProtected: StackValidationPolicy = {
    name: "lb-entry-points-protected",
    description: "Every listener of an internet-facing load balancer should be encrypted (HTTPS) or redirect HTTP to HTTPS, and " +
        "its traffic should pass AWS WAF: an ALB with a web ACL association, or an NLB forwarding TCP to an `alb` target group " +
        "(the stated exception: NLBs take no web ACL). Otherwise one entry point bypasses the protections the others have. " +
        "Meant to be mandatory in prod.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            statedExceptions: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: [],
                description: "Listeners (by resource name, such as NLB-quic) a stack states as exceptions: an entry point that " +
                    "cannot pass an ALB (UDP, say) and that the stack's owner has accepted; each one should be explained beside it.",
            },
        },
    },
    validateStack: (args, reportViolation) => checkEntryPoints(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbEntryPointsProtected,
    severity: "medium",
    resources: "stack: listeners of internet-facing load balancers: HTTPS, or HTTP redirecting to HTTPS, on an ALB with a web ACL association; an NLB only forwarding TCP to an `alb` target group (the stated exception); knob `statedExceptions` (listener resource names a stack accepts, e.g. a UDP edge)",
    equivalents: {
        securityHub: ["ELB.1", "ELB.16"],
    },
    securityHubNote: "together",
    rationale: "Disabled in `config/dev.json` (no WAF in dev); **mandatory** in `config/prod.json`: prod and payments-prod pass their NLB's TLS through to the ALB (`ALB-front`); `config/example-frontdoor.json` states its QUIC and TCP edge listeners as exceptions.",
};
