import { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllPorts } from "../util";
import { RuleDefinition } from "../meta";
import { describeIngress, internetSourcesOf, portsOf, protocolOf, sourceProps, validateIngress } from "./shared";

export const noAllPortsFromInternet: ResourceValidationPolicy = {
    name: "sg-no-all-ports-from-internet",
    description: "Security groups must not open every port or every protocol to the internet: such a rule exposes whatever " +
        "happens to listen on the instance (databases, debug ports, agents), not just the web service.",
    enforcementLevel: "mandatory",
    validateResource: validateIngress(rule => {
        const protocol = protocolOf(rule);
        const ports = portsOf(rule);
        if (protocol !== "all" && !(ports && isAllPorts(ports))) {
            return undefined;
        }
        const sources = internetSourcesOf(rule);
        if (sources.length === 0) {
            return undefined;
        }
        return `${describeIngress(rule, protocol, sources)}. Open only the listener ports (for example tcp 443) to the ` +
            `internet, or restrict ${sourceProps(rule)}.`;
    }),
};

export const rule: RuleDefinition = {
    policy: noAllPortsFromInternet,
    severity: "critical",
    resources: "same three ingress forms",
    equivalents: {
        securityHub: ["EC2.18", "EC2.19"],
        checkov: ["CKV_AWS_277"],
        cdkNag: ["EC2RestrictedInbound (AwsSolutions-EC23)"],
        others: ["trivy AVD-AWS-0107"],
    },
};
