// AWS facts about DNS names, shared by the program (certificate names, alias records, config) and
// the pack. Imports nothing outside policies/: the pack ships alone.
//
// One answer for "is this a domain name": labels as RFC 1123 has them (letters, digits and hyphens,
// 1-63 characters, not starting or ending with a hyphen), at least two labels, no trailing dot, at
// most 253 characters, lower case (the program matches names against certificates and records as
// AWS returns them, lower-cased). A wildcard only as the whole leftmost label, as ACM allows ("An
// asterisk (*) can be used only as the leftmost label"): *.example.com, never www.*.example.com or
// w*.example.com. RE2-compatible (no lookaround), so a JSON Schema can carry it too.

/** One RFC 1123 label, lower case. */
export const DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

/** A lower-case host name: two or more labels, no trailing dot, no wildcard. */
export const DOMAIN_NAME_PATTERN = new RegExp(`^(?:${DNS_LABEL}\\.)+${DNS_LABEL}$`);

/** A name a certificate may carry: a domain name, or `*.` and a domain name (ACM's wildcard). */
export const CERTIFICATE_NAME_PATTERN = new RegExp(`^(?:\\*\\.)?(?:${DNS_LABEL}\\.)+${DNS_LABEL}$`);

/** DNS's limit on a whole name (RFC 1035, without the trailing dot); ACM's too. */
export const MAX_DOMAIN_NAME_LENGTH = 253;

/** A lower-case domain name; with `wildcard`, a leading `*.` is allowed too. */
export function isDomainName(name: string, options: { wildcard?: boolean } = {}): boolean {
    const pattern = options.wildcard ? CERTIFICATE_NAME_PATTERN : DOMAIN_NAME_PATTERN;
    return name.length <= MAX_DOMAIN_NAME_LENGTH && pattern.test(name);
}
