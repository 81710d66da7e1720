import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString, isOneOf, LISTENER_TYPES, listenerProtocol } from "../util";
import { RuleDefinition } from "../meta";
import { hstsMaxAge } from "./shared";

/** One year, the max-age the HSTS preload list and Security Hub's guidance ask for. */
const HSTS_MIN_MAX_AGE = 31536000;

// The listener attributes (provider 7.x, aws.lb.Listener routingHttpResponse*): ALB HTTP and HTTPS
// listeners only ("routing.http.response.*" in ModifyListenerAttributes).
const RESPONSE_HEADER_PROPS = [
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

export const albHttpsHsts: ResourceValidationPolicy = {
    name: "alb-https-hsts",
    description: "HTTPS listeners should send Strict-Transport-Security with a max-age of at least one year (31536000 s; " +
        "routingHttpResponseStrictTransportSecurityHeaderValue): without it a browser that once typed http:// can be " +
        "downgraded by anyone on the path before the redirect. Response-header attributes exist only on ALB (HTTP/HTTPS) " +
        "listeners.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isOneOf(args.type, LISTENER_TYPES)) {
            return;
        }
        const protocol = listenerProtocol(args.props);
        if (protocol !== "HTTP" && protocol !== "HTTPS") {
            const set = RESPONSE_HEADER_PROPS.filter(p => args.props[p] !== undefined && args.props[p] !== null);
            if (set.length > 0) {
                reportViolation(`${set.join(", ")} ${set.length === 1 ? "is" : "are"} set on a ${protocol ?? "Gateway"} listener: ` +
                    "response-header attributes apply only to ALB HTTP and HTTPS listeners; remove them.");
            }
            return;
        }
        if (protocol !== "HTTPS") {
            return;
        }
        const value = asString(args.props.routingHttpResponseStrictTransportSecurityHeaderValue);
        if (value === undefined || value.trim() === "") {
            reportViolation("routingHttpResponseStrictTransportSecurityHeaderValue is not set: set it to " +
                `"max-age=${HSTS_MIN_MAX_AGE}; includeSubDomains" (or longer).`);
            return;
        }
        const maxAge = hstsMaxAge(value);
        if (maxAge === undefined || maxAge < HSTS_MIN_MAX_AGE) {
            reportViolation(`routingHttpResponseStrictTransportSecurityHeaderValue is "${value}": its max-age must be at least ` +
                `${HSTS_MIN_MAX_AGE} (one year).`);
        }
    },
};

export const rule: RuleDefinition = {
    policy: albHttpsHsts,
    severity: "medium",
    resources: "listeners: HTTPS needs `routingHttpResponseStrictTransportSecurityHeaderValue` with max-age >= 31536000; response-header attributes only on ALB HTTP/HTTPS listeners",
    equivalents: {
        others: ["OWASP HSTS guidance"],
    },
    rationale: "Disabled in `config/dev.json` (dev stacks serve self-signed or no names); **mandatory** in `config/prod.json`: the prod stacks set `albListeners.https.responseHeaders.strictTransportSecurity`.",
};
