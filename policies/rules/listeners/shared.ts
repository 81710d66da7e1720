// Rules about listeners, their extra certificates and their rules
// (aws.lb.Listener / ListenerCertificate / ListenerRule and the aws.alb.* twins).
import { ResourceValidationArgs } from "@pulumi/policy";
import { ELB_17_SSL_POLICIES } from "../../facts/tls";
import { isOneOf, LISTENER_TYPES } from "../util";

export function isListener(args: ResourceValidationArgs): boolean {
    return isOneOf(args.type, LISTENER_TYPES);
}

// The default allowlist is Security Hub ELB.17's TLS 1.2+ AEAD subset (facts/tls.ts says which and
// why); its first entry is what remediation applies, the program's default too.
export const DEFAULT_ALLOWED_SSL_POLICIES: readonly string[] = ELB_17_SSL_POLICIES;
