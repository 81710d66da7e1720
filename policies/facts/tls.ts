// AWS facts about ELB security policies (the TLS versions and ciphers an HTTPS or TLS listener
// offers), shared by the program (which names AWS accepts in config) and the pack (which of them an
// environment allows). Imports nothing outside policies/: the pack ships alone.
//
// Source: AWS "Security policies for your Application Load Balancer" and "Security policies for your
// Network Load Balancer" (the "Protocols by policy" tables, read 2026-12-07). Application Load
// Balancers take no custom policies, so a name fixes what the listener offers. The pages no longer
// list ELBSecurityPolicy-TLS-1-0-2015-04 (only the old CreateListener reference did);
// ELBSecurityPolicy-2015-05 is on the NLB page only. The RFC 9151 (CNSA 1.0) policies come strict
// and INTEROP1-4 (interop: RFC 9151 and other suites side by side, for migrating clients).

export type TlsVersion = "TLSv1.0" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";

export interface ElbSecurityPolicy {
    name: string;
    /** The TLS versions it negotiates, newest first. */
    protocols: readonly TlsVersion[];
    /** Hybrid post-quantum key exchange (ML-KEM) beside the classical groups. */
    postQuantum: boolean;
    fips: boolean;
    /** Offered on NLB TLS listeners only. */
    nlbOnly: boolean;
}

const VERSIONS: Record<string, TlsVersion> = { 3: "TLSv1.3", 2: "TLSv1.2", 1: "TLSv1.1", 0: "TLSv1.0" };

// name (after "ELBSecurityPolicy-") and the versions it negotiates (3 = TLS 1.3 ... 0 = TLS 1.0),
// in the pages' order: TLS 1.3 policies, FIPS, RFC 9151, forward secrecy, then the older ones.
const TABLE = `
TLS13-1-3-2021-06 3
TLS13-1-3-PQ-2025-09 3
TLS13-1-2-2021-06 32
TLS13-1-2-PQ-2025-09 32
TLS13-1-2-Res-2021-06 32
TLS13-1-2-Res-PQ-2025-09 32
TLS13-1-2-Ext2-2021-06 32
TLS13-1-2-Ext2-PQ-2025-09 32
TLS13-1-2-Ext1-2021-06 32
TLS13-1-2-Ext1-PQ-2025-09 32
TLS13-1-1-2021-06 321
TLS13-1-0-2021-06 3210
TLS13-1-0-PQ-2025-09 3210
TLS13-1-3-FIPS-2023-04 3
TLS13-1-3-FIPS-PQ-2025-09 3
TLS13-1-2-FIPS-2023-04 32
TLS13-1-2-FIPS-PQ-2025-09 32
TLS13-1-2-Res-FIPS-2023-04 32
TLS13-1-2-Res-FIPS-PQ-2025-09 32
TLS13-1-2-Ext2-FIPS-2023-04 32
TLS13-1-2-Ext2-FIPS-PQ-2025-09 32
TLS13-1-2-Ext1-FIPS-2023-04 32
TLS13-1-2-Ext1-FIPS-PQ-2025-09 32
TLS13-1-2-Ext0-FIPS-2023-04 32
TLS13-1-2-Ext0-FIPS-PQ-2025-09 32
TLS13-1-1-FIPS-2023-04 321
TLS13-1-0-FIPS-2023-04 3210
TLS13-1-0-FIPS-PQ-2025-09 3210
TLS13-1-3-RFC9151-FIPS-2023-07 3
TLS13-1-2-RFC9151-FIPS-2023-07 32
TLS13-1-2-Ext0-RFC9151-FIPS-2023-07 32
TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07 32
TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07 32
TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07 32
TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07 32
FS-1-2-Res-2020-10 2
FS-1-2-Res-2019-08 2
FS-1-2-2019-08 2
FS-1-1-2019-08 21
FS-2018-06 210
TLS-1-2-Ext-2018-06 2
TLS-1-2-2017-01 2
TLS-1-1-2017-01 21
2016-08 210
2015-05 210 nlb
`;

/** Every predefined ELB security policy, as AWS's two pages list them. */
export const ELB_SECURITY_POLICY_TABLE: readonly ElbSecurityPolicy[] = TABLE.trim().split("\n").map(row => {
    const [suffix, versions, only] = row.split(" ");
    return {
        name: `ELBSecurityPolicy-${suffix}`,
        protocols: [...versions].map(v => VERSIONS[v]),
        postQuantum: suffix.includes("-PQ-"),
        fips: suffix.includes("FIPS"),
        nlbOnly: only === "nlb",
    };
});

/** Every policy name AWS accepts on an HTTPS (ALB) or TLS (NLB) listener: what the program's config accepts. */
export const ELB_SECURITY_POLICIES: readonly string[] = ELB_SECURITY_POLICY_TABLE.map(p => p.name);

/**
 * AWS's recommendation and the console's default (hybrid post-quantum key exchange, TLS 1.3 and
 * 1.2 clients): the program's default and what the pack's remediation applies. Without any
 * policy, a listener made through the API gets ELBSecurityPolicy-2016-08 (TLS 1.0).
 */
export const RECOMMENDED_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

/** What AWS applies to an HTTPS/TLS listener created through the API without a policy. */
export const API_DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08";

/**
 * The pack's default allowlist (lb-listener-tls-policy) and prod's: the policies Security Hub
 * ELB.17 recommends that accept only TLS 1.2+ with forward-secret AEAD ciphers. Left out: the
 * TLS13-1-0/-1-1 policies (TLS 1.0/1.1), the -Ext0/-Ext1/-Ext2 variants (CBC and SHA-1 suites for
 * legacy clients; trivy AVD-AWS-0047 treats them as outdated), ELBSecurityPolicy-TLS13-1-2-2021-06
 * (not on ELB.17's list; the program's config still accepts it, as AWS does) and the RFC 9151
 * policies (newer than ELB.17's list). The first entry is RECOMMENDED_TLS_POLICY.
 */
export const ELB_17_SSL_POLICIES: readonly string[] = [
    RECOMMENDED_TLS_POLICY,
    "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

/** The policy's row, or undefined for a name AWS does not offer. */
export function elbSecurityPolicy(name: string): ElbSecurityPolicy | undefined {
    return ELB_SECURITY_POLICY_TABLE.find(p => p.name === name);
}

/** The oldest TLS version a listener on this policy accepts (no policy: the API default's, TLS 1.0). */
export function tlsFloor(name: string | undefined): TlsVersion {
    const protocols = elbSecurityPolicy(name ?? API_DEFAULT_TLS_POLICY)?.protocols;
    return protocols?.[protocols.length - 1] ?? "TLSv1.0";
}
