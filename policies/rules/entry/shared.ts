// Entry-point settings AWS accepts only in some combinations, and response headers: rules on the
// load balancer and listener resources alone (no other resource needed).


/** One year, the max-age the HSTS preload list and Security Hub's guidance ask for. */
export const HSTS_MIN_MAX_AGE = 31536000;

/** The max-age of a Strict-Transport-Security value, or undefined when it has none (RFC 6797 6.1.1). */
export function hstsMaxAge(value: string): number | undefined {
    const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value);
    return match ? Number(match[1]) : undefined;
}

// The listener attributes (provider 7.x, aws.lb.Listener routingHttpResponse*): ALB HTTP and HTTPS
// listeners only ("routing.http.response.*" in ModifyListenerAttributes).
export const RESPONSE_HEADER_PROPS = [
    "routingHttpResponseStrictTransportSecurityHeaderValue",
    "routingHttpResponseContentSecurityPolicyHeaderValue",
    "routingHttpResponseXContentTypeOptionsHeaderValue",
    "routingHttpResponseXFrameOptionsHeaderValue",
    "routingHttpResponseServerEnabled",
    "routingHttpResponseAccessControlAllowCredentialsHeaderValue",
    "routingHttpResponseAccessControlAllowHeadersHeaderValue",
    "routingHttpResponseAccessControlAllowMethodsHeaderValue",
    "routingHttpResponseAccessControlAllowOriginHeaderValue",
    "routingHttpResponseAccessControlExposeHeadersHeaderValue",
    "routingHttpResponseAccessControlMaxAgeHeaderValue",
] as const;
