import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { asString, listenerProtocol, terminatesTls } from "../util";
import { RuleDefinition } from "../meta";
import { DEFAULT_ALLOWED_SSL_POLICIES, isListener } from "./shared";

interface TlsPolicyConfig {
    allowedPolicies?: string[];
}

function allowedSslPolicies(args: ResourceValidationArgs): readonly string[] {
    const configured = args.getConfig<TlsPolicyConfig>().allowedPolicies;
    return Array.isArray(configured) && configured.length > 0 ? configured : DEFAULT_ALLOWED_SSL_POLICIES;
}

function tlsListenerNeedingPolicy(args: ResourceValidationArgs): string | undefined {
    if (!isListener(args)) {
        return undefined;
    }
    const protocol = listenerProtocol(args.props);
    return terminatesTls(protocol) ? protocol : undefined;
}

export const lbListenerTlsPolicy: ResourceValidationPolicy = {
    name: "lb-listener-tls-policy",
    description:
        "HTTPS and TLS listeners must use an allowed TLS 1.3 security policy. Without sslPolicy, AWS applies " +
        "ELBSecurityPolicy-2016-08, which still accepts TLS 1.0/1.1 and CBC ciphers. Remediation sets the " +
        "first allowed policy.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedPolicies: {
                type: "array",
                items: { type: "string", pattern: "^ELBSecurityPolicy-" },
                minItems: 1,
                uniqueItems: true,
                default: [...DEFAULT_ALLOWED_SSL_POLICIES],
                description: "Security policies HTTPS/TLS listeners may use; remediation applies the first.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const protocol = tlsListenerNeedingPolicy(args);
        if (protocol === undefined) {
            return;
        }
        const allowed = allowedSslPolicies(args);
        const policy = asString(args.props.sslPolicy);
        if (policy === undefined || !allowed.includes(policy)) {
            const current = policy === undefined ? "no sslPolicy (AWS default ELBSecurityPolicy-2016-08)" : `sslPolicy '${policy}'`;
            reportViolation(
                `${protocol} listener uses ${current}, which is not allowed: set sslPolicy to '${allowed[0]}' ` +
                `or another allowed policy (${allowed.join(", ")}).`,
            );
        }
    },
    remediateResource: args => {
        if (tlsListenerNeedingPolicy(args) === undefined) {
            return undefined;
        }
        const allowed = allowedSslPolicies(args);
        const policy = asString(args.props.sslPolicy);
        if (policy !== undefined && allowed.includes(policy)) {
            return undefined;
        }
        args.props.sslPolicy = allowed[0];
        return args.props;
    },
};

export const rule: RuleDefinition = {
    policy: lbListenerTlsPolicy,
    severity: "high",
    resources: "listeners (HTTPS/TLS)",
    knobs: "`allowedPolicies` (default: the TLS 1.2+/1.3 ELB.17 policies, `ELB_17_SSL_POLICIES` in `facts/tls.ts`)",
    equivalents: {
        securityHub: ["ELB.17"],
        checkov: ["CKV_AWS_103"],
        others: ["trivy AVD-AWS-0047"],
    },
    rationale: "Its allowlist is TLS 1.2+ with AEAD ciphers only; remediation applies the program's default, `ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09`. `ELBSecurityPolicy-TLS13-1-2-2021-06` is not on ELB.17's list, so the default allowlist refuses it: every environment passes ELB.17. The program's config accepts every policy AWS offers (`ELB_SECURITY_POLICIES` in `facts/tls.ts`); which of them an environment allows is this rule's call.",
};
