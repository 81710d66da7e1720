// Entry-point settings AWS accepts only in some combinations, and response headers: rules on the
// load balancer and listener resources alone (no other resource needed).

/** The max-age of a Strict-Transport-Security value, or undefined when it has none (RFC 6797 6.1.1). */
export function hstsMaxAge(value: string): number | undefined {
    const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
    return match ? Number(match[1]) : undefined;
}
