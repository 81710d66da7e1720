import { StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { checkProtocolPairs } from "./shared";

export const lbListenerTargetProtocol: StackValidationPolicy = {
    name: "lb-listener-target-protocol",
    description:
        "Listeners and listener rules must forward only to target groups whose protocol AWS pairs with the listener's " +
        "(HTTP/HTTPS listeners to HTTP/HTTPS or Lambda groups; NLB TCP to TCP/TCP_UDP, TLS to TCP/TLS, UDP to " +
        "UDP/TCP_UDP, TCP_UDP to TCP_UDP; ALB-type groups only TCP): AWS rejects other pairs at `pulumi up`, minutes in.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkProtocolPairs(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbListenerTargetProtocol,
    severity: "high",
    resources: "stack: listeners and listener rules → target groups (protocol pairs AWS accepts)",
    equivalents: {},
};
