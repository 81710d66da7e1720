import { ResourceValidationPolicy } from "@pulumi/policy";
import { rangeWithin } from "../util";
import { RuleDefinition } from "../meta";
import { describeIngress, internetSourcesOf, portsOf, protocolOf, sourceProps, validateIngress } from "./shared";

interface WebPortsConfig {
    allowedPorts: number[];
}

export const internetIngressWebPortsOnly: ResourceValidationPolicy = {
    name: "sg-internet-ingress-web-ports-only",
    description: "Security groups must open only the web ports to the internet: in a web tier the load balancer's listeners are the " +
        "only public entry point, so any other port open to 0.0.0.0/0 or ::/0 is an unreviewed way in.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedPorts: {
                type: "array",
                items: { type: "integer", minimum: 0, maximum: 65535 },
                uniqueItems: true,
                default: [80, 443],
                description: "Ports (TCP or UDP) that may be open to the internet.",
            },
        },
    },
    validateResource: validateIngress((rule, args) => {
        const { allowedPorts } = args.getConfig<WebPortsConfig>();
        const protocol = protocolOf(rule);
        const ports = portsOf(rule);
        if (protocol !== "all" && ports && rangeWithin(ports, allowedPorts)) {
            return undefined;
        }
        const sources = internetSourcesOf(rule);
        if (sources.length === 0) {
            return undefined;
        }
        return `${describeIngress(rule, protocol, sources)}, outside the allowed web ports [${allowedPorts.join(", ")}]. ` +
            `Narrow the rule to an allowed port, restrict ${sourceProps(rule)}, or add the port to allowedPorts in the policy config.`;
    }),
};

export const rule: RuleDefinition = {
    policy: internetIngressWebPortsOnly,
    severity: "high",
    resources: "same three ingress forms",
    equivalents: {
        securityHub: ["EC2.18"],
        cdkNag: ["EC2RestrictedInbound (AwsSolutions-EC23)"],
        others: ["AWS Config vpc-sg-open-only-to-authorized-ports", "trivy AVD-AWS-0107"],
    },
    securityHubNote: "authorizedTcpPorts 80, 443",
    rationale: "Checkov CKV_AWS_260 forbids port 80 outright; here 80 stays allowed by default for the HTTP-to-HTTPS redirect.",
};
