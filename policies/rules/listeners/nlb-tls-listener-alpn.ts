import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString, listenerProtocol } from "../util";
import { RuleDefinition } from "../meta";
import { isListener } from "./shared";

// AWS "TLS listeners for your Network Load Balancer": ALPN policies HTTP1Only, HTTP2Only,
// HTTP2Optional, HTTP2Preferred or None (the default), on TLS listeners only; the provider sends
// alpnPolicy to other protocols and AWS rejects it there.
const ALPN_POLICIES = ["HTTP1Only", "HTTP2Only", "HTTP2Optional", "HTTP2Preferred", "None"];

interface AlpnConfig {
    allowedAlpnPolicies: string[];
}

export const nlbTlsListenerAlpn: ResourceValidationPolicy = {
    name: "nlb-tls-listener-alpn",
    description:
        "NLB TLS listeners should negotiate the application protocol (alpnPolicy) so HTTP/2 clients and targets agree " +
        "on it; with the default 'None' the NLB advertises nothing and every client falls back to its own guess. " +
        "Only TLS listeners take alpnPolicy: AWS rejects it on others.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            allowedAlpnPolicies: {
                type: "array",
                items: { type: "string", enum: ALPN_POLICIES },
                minItems: 1,
                uniqueItems: true,
                default: ["HTTP2Preferred", "HTTP2Optional", "HTTP2Only", "HTTP1Only"],
                description: "ALPN policies TLS listeners may use (AWS: HTTP1Only, HTTP2Only, HTTP2Optional, HTTP2Preferred, None).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isListener(args)) {
            return;
        }
        const { allowedAlpnPolicies } = args.getConfig<AlpnConfig>();
        const protocol = listenerProtocol(args.props);
        const alpn = asString(args.props.alpnPolicy);
        if (protocol !== "TLS") {
            if (alpn !== undefined) {
                reportViolation(`alpnPolicy '${alpn}' is set on a ${protocol ?? "non-TLS"} listener, which AWS rejects: remove it (ALPN is for TLS listeners).`);
            }
            return;
        }
        if (alpn === undefined || !allowedAlpnPolicies.includes(alpn)) {
            reportViolation(`TLS listener has ${alpn === undefined ? "no alpnPolicy (AWS default 'None')" : `alpnPolicy '${alpn}'`}: ` +
                `set alpnPolicy to one of ${allowedAlpnPolicies.join(", ")} (HTTP2Preferred suits most web targets).`);
        }
    },
};

export const rule: RuleDefinition = {
    policy: nlbTlsListenerAlpn,
    severity: "low",
    resources: "listeners (TLS: alpnPolicy set and allowed; others: none)",
    equivalents: {},
};
