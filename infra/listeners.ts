// Listener actions, rule conditions and transforms, and listener attributes: the config's
// spelling -> the provider's.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ActionSpec, ConditionSpec, ListenerSpec, RuleSpec } from "./config";

export type Action = aws.types.input.lb.ListenerDefaultAction;
export type TargetGroupArns = Record<string, pulumi.Input<string>>;
type Authenticate = NonNullable<Extract<ActionSpec, { type: "forward" }>["authenticate"]>;

export function actionArgs(a: ActionSpec, arns: TargetGroupArns): Action {
    switch (a.type) {
        case "forward":
            if (a.targetGroup) return { type: "forward", targetGroupArn: arns[a.targetGroup] };
            return {
                type: "forward",
                forward: {
                    targetGroups: (a.targetGroups ?? []).map((w) => ({ arn: arns[w.targetGroup], weight: w.weight })),
                    ...(a.stickiness ? { stickiness: { enabled: true, duration: a.stickiness } } : {}),
                },
            };
        case "fixed-response":
            return { type: "fixed-response", fixedResponse: { statusCode: a.statusCode, contentType: a.contentType ?? "text/plain", messageBody: a.messageBody ?? "" } };
        case "redirect":
            return { type: "redirect", redirect: { statusCode: a.statusCode ?? "HTTP_301", protocol: a.protocol, host: a.host, port: a.port, path: a.path, query: a.query } };
    }
}

/** The authenticate-oidc / authenticate-cognito / jwt-validation action that runs before the forward. */
export function authenticateArgs(auth: Authenticate): Action {
    const session = auth.type === "jwt" ? {} : {
        scope: auth.scope ?? "openid",
        sessionCookieName: auth.sessionCookieName ?? "AWSELBAuthSessionCookie",
        sessionTimeout: auth.sessionTimeout ?? 604800,
        onUnauthenticatedRequest: auth.onUnauthenticatedRequest ?? "authenticate",
        ...(auth.extraParams ? { authenticationRequestExtraParams: auth.extraParams } : {}),
    };
    switch (auth.type) {
        case "oidc":
            return {
                type: "authenticate-oidc",
                authenticateOidc: {
                    issuer: auth.issuer,
                    authorizationEndpoint: auth.authorizationEndpoint,
                    tokenEndpoint: auth.tokenEndpoint,
                    userInfoEndpoint: auth.userInfoEndpoint,
                    clientId: auth.clientId,
                    // A stack secret (checked at load): kept secret in the state and in every plan.
                    clientSecret: pulumi.secret(auth.clientSecret),
                    ...session,
                },
            };
        case "cognito":
            return { type: "authenticate-cognito", authenticateCognito: { userPoolArn: auth.userPoolArn, userPoolClientId: auth.userPoolClientId, userPoolDomain: auth.userPoolDomain, ...session } };
        case "jwt":
            return {
                type: "jwt-validation",
                jwtValidation: {
                    issuer: auth.issuer,
                    jwksEndpoint: auth.jwksEndpoint,
                    ...(auth.additionalClaims ? { additionalClaims: auth.additionalClaims.map((c) => ({ name: c.name, format: c.format, values: c.values })) } : {}),
                },
            };
    }
}

/**
 * A listener's or rule's actions: the action, or, for an authenticated forward, the
 * authentication (order 1) followed by the forward (order 2). AWS runs actions by order and
 * requires the last to be the forward (or redirect / fixed response).
 */
export function actionsArgs(a: ActionSpec, arns: TargetGroupArns): Action[] {
    if (a.type === "forward" && a.authenticate) return [{ ...authenticateArgs(a.authenticate), order: 1 }, { ...actionArgs(a, arns), order: 2 }];
    return [actionArgs(a, arns)];
}

export function conditionArgs(c: ConditionSpec): aws.types.input.lb.ListenerRuleCondition {
    if (c.pathPattern) return { pathPattern: { values: c.pathPattern } };
    if (c.pathRegex) return { pathPattern: { regexValues: c.pathRegex } };
    if (c.hostHeader) return { hostHeader: { values: c.hostHeader } };
    if (c.hostRegex) return { hostHeader: { regexValues: c.hostRegex } };
    if (c.httpRequestMethod) return { httpRequestMethod: { values: c.httpRequestMethod } };
    if (c.sourceIp) return { sourceIp: { values: c.sourceIp } };
    if (c.httpHeader) {
        return { httpHeader: { httpHeaderName: c.httpHeader.name, ...(c.httpHeader.regexValues ? { regexValues: c.httpHeader.regexValues } : { values: c.httpHeader.values }) } };
    }
    return { queryStrings: (c.queryString ?? []).map((q) => ({ ...(q.key !== undefined ? { key: q.key } : {}), value: q.value })) };
}

/** A rule's transforms: a host-header-rewrite and a url-rewrite, each with one rewrite. */
export function transformArgs(t: RuleSpec["transforms"]): aws.types.input.lb.ListenerRuleTransform[] {
    if (!t) return [];
    return [
        ...(t.hostHeaderRewrite ? [{ type: "host-header-rewrite", hostHeaderRewriteConfig: { rewrite: { regex: t.hostHeaderRewrite.regex, replace: t.hostHeaderRewrite.replace } } }] : []),
        ...(t.urlRewrite ? [{ type: "url-rewrite", urlRewriteConfig: { rewrite: { regex: t.urlRewrite.regex, replace: t.urlRewrite.replace } } }] : []),
    ];
}

/** The ALB listener attributes for response headers and renamed mTLS/TLS request headers. */
export function headerAttributeArgs(l: ListenerSpec): Partial<aws.lb.ListenerArgs> {
    const h = l.responseHeaders ?? {};
    const m = l.mtlsHeaderNames ?? {};
    const set = <K extends keyof aws.lb.ListenerArgs>(k: K, v: aws.lb.ListenerArgs[K] | undefined) => (v === undefined ? {} : { [k]: v });
    return {
        ...set("routingHttpResponseStrictTransportSecurityHeaderValue", h.strictTransportSecurity),
        ...set("routingHttpResponseContentSecurityPolicyHeaderValue", h.contentSecurityPolicy),
        ...set("routingHttpResponseXContentTypeOptionsHeaderValue", h.xContentTypeOptions),
        ...set("routingHttpResponseXFrameOptionsHeaderValue", h.xFrameOptions),
        ...set("routingHttpResponseAccessControlAllowOriginHeaderValue", h.accessControlAllowOrigin),
        ...set("routingHttpResponseAccessControlAllowMethodsHeaderValue", h.accessControlAllowMethods),
        ...set("routingHttpResponseAccessControlAllowHeadersHeaderValue", h.accessControlAllowHeaders),
        // The provider types these as strings; AWS's only value for credentials is "true".
        ...set("routingHttpResponseAccessControlAllowCredentialsHeaderValue", h.accessControlAllowCredentials ? "true" : undefined),
        ...set("routingHttpResponseAccessControlExposeHeadersHeaderValue", h.accessControlExposeHeaders),
        ...set("routingHttpResponseAccessControlMaxAgeHeaderValue", h.accessControlMaxAge === undefined ? undefined : String(h.accessControlMaxAge)),
        ...set("routingHttpResponseServerEnabled", h.server),
        ...set("routingHttpRequestXAmznMtlsClientcertHeaderName", m.clientCert),
        ...set("routingHttpRequestXAmznMtlsClientcertSerialNumberHeaderName", m.clientCertSerialNumber),
        ...set("routingHttpRequestXAmznMtlsClientcertIssuerHeaderName", m.clientCertIssuer),
        ...set("routingHttpRequestXAmznMtlsClientcertSubjectHeaderName", m.clientCertSubject),
        ...set("routingHttpRequestXAmznMtlsClientcertValidityHeaderName", m.clientCertValidity),
        ...set("routingHttpRequestXAmznMtlsClientcertLeafHeaderName", m.clientCertLeaf),
        ...set("routingHttpRequestXAmznTlsVersionHeaderName", m.tlsVersion),
        ...set("routingHttpRequestXAmznTlsCipherSuiteHeaderName", m.tlsCipherSuite),
    };
}
