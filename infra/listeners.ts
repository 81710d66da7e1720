// Listener actions, rule conditions and transforms, and listener attributes: the config's
// spelling -> the provider's.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ActionSpec, ConditionSpec, ListenerSpec, RuleSpec } from "./config";
import { fieldArgs, FieldTable, named } from "./common";
import { v1Options } from "./aliases";

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

/** ALB listener attributes for the response headers the ALB adds or removes. */
export function responseHeaderArgs(h: NonNullable<ListenerSpec["responseHeaders"]>): Partial<ListenerArgs> {
    return definedOnly({
        routingHttpResponseStrictTransportSecurityHeaderValue: h.strictTransportSecurity,
        routingHttpResponseContentSecurityPolicyHeaderValue: h.contentSecurityPolicy,
        routingHttpResponseXContentTypeOptionsHeaderValue: h.xContentTypeOptions,
        routingHttpResponseXFrameOptionsHeaderValue: h.xFrameOptions,
        routingHttpResponseAccessControlAllowOriginHeaderValue: h.accessControlAllowOrigin,
        routingHttpResponseAccessControlAllowMethodsHeaderValue: h.accessControlAllowMethods,
        routingHttpResponseAccessControlAllowHeadersHeaderValue: h.accessControlAllowHeaders,
        // The provider types these as strings; AWS's only value for credentials is "true".
        routingHttpResponseAccessControlAllowCredentialsHeaderValue: h.accessControlAllowCredentials ? "true" : undefined,
        routingHttpResponseAccessControlExposeHeadersHeaderValue: h.accessControlExposeHeaders,
        routingHttpResponseAccessControlMaxAgeHeaderValue: h.accessControlMaxAge === undefined ? undefined : String(h.accessControlMaxAge),
        routingHttpResponseServerEnabled: h.server,
    });
}

/** ALB listener attributes renaming the mTLS and TLS request headers. */
export function mtlsHeaderNameArgs(m: NonNullable<ListenerSpec["mtlsHeaderNames"]>): Partial<ListenerArgs> {
    return definedOnly({
        routingHttpRequestXAmznMtlsClientcertHeaderName: m.clientCert,
        routingHttpRequestXAmznMtlsClientcertSerialNumberHeaderName: m.clientCertSerialNumber,
        routingHttpRequestXAmznMtlsClientcertIssuerHeaderName: m.clientCertIssuer,
        routingHttpRequestXAmznMtlsClientcertSubjectHeaderName: m.clientCertSubject,
        routingHttpRequestXAmznMtlsClientcertValidityHeaderName: m.clientCertValidity,
        routingHttpRequestXAmznMtlsClientcertLeafHeaderName: m.clientCertLeaf,
        routingHttpRequestXAmznTlsVersionHeaderName: m.tlsVersion,
        routingHttpRequestXAmznTlsCipherSuiteHeaderName: m.tlsCipherSuite,
    });
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

// ---- Listeners, their SNI certificates and rules: one code for the ALB and the NLB ----------------

type ListenerArgs = aws.lb.ListenerArgs;

/**
 * Listener spec fields -> aws.lb.ListenerArgs. A field not listed reaches the provider under its
 * own name (port, protocol, sslPolicy and alpnPolicy, which the config sets on HTTPS/TLS
 * listeners only: without sslPolicy AWS applies ELBSecurityPolicy-2016-08, TLS 1.0, to
 * API-made listeners).
 */
export const LISTENER_FIELDS = {
    key: "component: names the listener <lb>-<key> and its children",
    certificateArn: "component: the default certificate on HTTPS/TLS listeners, else the stack's",
    extraCertificateArns: "component: aws.lb.ListenerCertificate resources, picked by SNI",
    defaultAction: "component: defaultActions, with the target groups' ARNs",
    rules: "component: aws.lb.ListenerRule resources",
    mutualAuthentication: "component: the caller's trust store (mutualAuthentication argument)",
    responseHeaders: (h) => responseHeaderArgs(h),
    mtlsHeaderNames: (m) => mtlsHeaderNameArgs(m),
    // AWS, "Update the TCP idle timeout for your Network Load Balancer".
    tcpIdleTimeout: (v) => ({ tcpIdleTimeoutSeconds: v }),
} satisfies FieldTable<ListenerSpec, ListenerArgs>;


/** The provider arguments from the listener spec's set fields, through LISTENER_FIELDS. */
export function listenerFieldArgs(l: ListenerSpec): Partial<ListenerArgs> {
    return fieldArgs<ListenerSpec, ListenerArgs, typeof LISTENER_FIELDS>(l, LISTENER_FIELDS);
}

export interface WebListenerArgs {
    loadBalancerArn: pulumi.Input<string>;
    targetGroupArns: TargetGroupArns;
    /** The stack's certificate, for HTTPS/TLS listeners without their own. */
    defaultCertificateArn?: pulumi.Input<string>;
    /** HTTPS: mutual TLS, with the caller's trust store. */
    mutualAuthentication?: pulumi.Input<aws.types.input.lb.ListenerMutualAuthentication>;
    tags: Record<string, string>;
}

/**
 * A load balancer's listener <lb>-<key> with its default certificate, and its extra certificates
 * as aws.lb.ListenerCertificate <lb>-<key>-sni-<certificate id> (the load balancer picks them by
 * SNI; the default one stays on the listener). ALB and NLB alike.
 */
export function webListener(lbName: string, l: ListenerSpec, args: WebListenerArgs, parent: pulumi.Resource): aws.lb.Listener {
    const tls = l.protocol === "HTTPS" || l.protocol === "TLS";
    const listener = new aws.lb.Listener(`${lbName}-${l.key}`, {
        loadBalancerArn: args.loadBalancerArn,
        ...listenerFieldArgs(l),
        ...(tls ? { certificateArn: l.certificateArn ?? args.defaultCertificateArn } : {}),
        ...(args.mutualAuthentication ? { mutualAuthentication: args.mutualAuthentication } : {}),
        defaultActions: actionsArgs(l.defaultAction, args.targetGroupArns),
        tags: named(args.tags, `${lbName} ${l.protocol}:${l.port}`),
    }, { parent });
    for (const arn of l.extraCertificateArns) {
        new aws.lb.ListenerCertificate(`${lbName}-${l.key}-sni-${arn.split("/").pop()}`, { listenerArn: listener.arn, certificateArn: arn }, { parent });
    }
    return listener;
}

/**
 * A listener's rules, <lb>-<key>-<rule>. `v1`: this is the listener v1 put every rule on, with the
 * names (<lb>-rule-<priority>) and Name tags v1 gave them.
 */
export function listenerRules(lbName: string, l: ListenerSpec, listener: aws.lb.Listener, args: { targetGroupArns: TargetGroupArns; tags: Record<string, string>; v1: boolean }, parent: pulumi.Resource): aws.lb.ListenerRule[] {
    return l.rules.map((r) => new aws.lb.ListenerRule(`${lbName}-${l.key}-${r.name}`, {
        listenerArn: listener.arn,
        priority: r.priority,
        conditions: r.conditions.map(conditionArgs),
        actions: actionsArgs(r.action, args.targetGroupArns),
        ...(r.transforms ? { transforms: transformArgs(r.transforms) } : {}),
        tags: named(args.tags, args.v1 ? `${lbName} rule ${r.priority}` : `${lbName} ${l.protocol}:${l.port} rule ${r.priority}`),
    }, pulumi.mergeOptions({ parent }, args.v1 ? v1Options("albRule", { alb: lbName, priority: r.priority }) : {})));
}
