// What AWS accepts for the names and values the components create: ACM certificate names,
// Route53 alias record names, ELB trust store names, CloudWatch Logs retention. Config checks them
// before any resource is declared (rules.ts), and the components check their own args with the
// same functions; the components import them from here, never the reverse.

import { isDomainName } from "../../policies/facts/dns";

// ---- ACM certificate names ---------------------------------------------------------------------

/** The names of a DNS-validated certificate (infra/certificate.ts DnsCertificateArgs has this shape). */
export interface CertificateNames {
    domainName: string;
    subjectAlternativeNames?: string[];
    /** Another zone for some names, by name. */
    zoneIdByName?: Record<string, unknown>;
}

export function dnsCertificateProblems(args: CertificateNames): string[] {
    const problems: string[] = [];
    const names = [args.domainName, ...(args.subjectAlternativeNames ?? [])];
    for (const name of names) {
        // "An asterisk (*) can be used only as the leftmost label" (ACM); names are matched lower-case.
        if (!isDomainName(name, { wildcard: true })) problems.push(`${name} is not a lower-case domain name (a * only as the whole leftmost label)`);
    }
    // ACM RequestCertificate: "The first domain name you enter cannot exceed 64 octets, including periods."
    if (Buffer.byteLength(args.domainName) > 64) problems.push(`domainName ${args.domainName} is over 64 characters; put a shorter name first and this one in subjectAlternativeNames`);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    if (dupes.length > 0) problems.push(`names listed twice: ${[...new Set(dupes)].join(", ")}`);
    for (const n of Object.keys(args.zoneIdByName ?? {})) {
        if (!names.includes(n)) problems.push(`zoneIdByName: ${n} is not one of the certificate's names`);
    }
    return problems;
}

// ---- Route53 alias records ---------------------------------------------------------------------

export function aliasRecordsProblems(args: { records: { name: string }[] }): string[] {
    const problems: string[] = [];
    const names = args.records.map((r) => r.name);
    for (const n of names) {
        if (!isDomainName(n)) problems.push(`records: ${n} is not a lower-case domain name without a trailing dot`);
    }
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    if (dupes.length > 0) problems.push(`records: ${[...new Set(dupes)].join(", ")} listed twice (one alias per name and type)`);
    return problems;
}

// ---- ELB trust stores --------------------------------------------------------------------------

/**
 * Trust store names: at most 32 characters, letters, digits and hyphens, not starting or ending
 * with a hyphen (ELB CreateTrustStore). Pulumi adds an 8-character suffix to `${name}-ts`.
 */
export function trustStoreNameProblems(name: string): string[] {
    const logical = `${name}-ts`;
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(name)) return [`the name ${name} may hold only letters, digits and hyphens, not starting with a hyphen (AWS trust store names)`];
    if (logical.length + 8 > 32) return [`the name ${name} is too long: trust store names are at most 32 characters, and ${logical} plus Pulumi's 8-character suffix is ${logical.length + 8}`];
    return [];
}

/** The trust store of an ALB listener: named from the load balancer and the listener key. */
export const listenerTrustStoreName = (albName: string, listenerKey: string) => `${albName}-${listenerKey}`;

// ---- CloudWatch Logs retention -----------------------------------------------------------------

// Only these day counts are accepted (PutRetentionPolicy; 0 = never expire).
export const LOG_RETENTION_DAYS: readonly number[] = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** A sentence naming `field` when `days` is not a retention CloudWatch Logs accepts. */
export function retentionProblem(field: string, days: number): string | undefined {
    return LOG_RETENTION_DAYS.includes(days) ? undefined : `${field} must be one of CloudWatch Logs' retention values (${LOG_RETENTION_DAYS.join(", ")}; 0 keeps logs forever); got ${days}`;
}
