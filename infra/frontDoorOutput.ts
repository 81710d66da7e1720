// The `frontDoor` stack output: what `npm run verify` can check of the ALB's front door on a
// deployed stack (issue 19): the response headers each listener adds, which routes authenticate
// (and where they send a browser without a session), and whether the ALB is internal. No secrets:
// the OIDC client secret is never part of it.
import { ConditionSpec, ListenerSpec } from "./config";

export interface FrontDoorAuth {
    type: "oidc" | "cognito" | "jwt";
    /** oidc/cognito: authenticate (302 to the IdP, the default), deny (401) or allow (forward). */
    onUnauthenticatedRequest?: "authenticate" | "deny" | "allow";
    /** oidc/cognito: the IdP's authorization endpoint the ALB redirects to. */
    authorizationEndpoint?: string;
    clientId?: string;
    scope?: string;
    sessionCookieName?: string;
}

export interface FrontDoorListener {
    port: number;
    protocol: string;
    /** Header name -> value the ALB adds to every response. */
    responseHeaders?: Record<string, string>;
    /** routing.http.response.server.enabled false. */
    serverRemoved?: true;
    defaultAuthenticate?: FrontDoorAuth;
    /** With any authentication on the listener: every rule, so verify can tell which one a request meets. */
    rules?: { name: string; priority: number; conditions: ConditionSpec[]; authenticate?: FrontDoorAuth }[];
}

export interface FrontDoorOutput {
    albInternal: boolean;
    albListeners: FrontDoorListener[];
}

/** A Cognito user pool domain's authorization endpoint: a prefix (<prefix>.auth.<region>.amazoncognito.com) or a custom domain. */
export function cognitoAuthorizeUrl(userPoolDomain: string, region: string): string {
    return `https://${userPoolDomain.includes(".") ? userPoolDomain : `${userPoolDomain}.auth.${region}.amazoncognito.com`}/oauth2/authorize`;
}

/** Config key -> response header, as infra/listeners.ts responseHeaderArgs sets them. */
export const RESPONSE_HEADER_NAMES = {
    strictTransportSecurity: "Strict-Transport-Security",
    contentSecurityPolicy: "Content-Security-Policy",
    xContentTypeOptions: "X-Content-Type-Options",
    xFrameOptions: "X-Frame-Options",
    accessControlAllowOrigin: "Access-Control-Allow-Origin",
    accessControlAllowMethods: "Access-Control-Allow-Methods",
    accessControlAllowHeaders: "Access-Control-Allow-Headers",
    accessControlAllowCredentials: "Access-Control-Allow-Credentials",
    accessControlExposeHeaders: "Access-Control-Expose-Headers",
    accessControlMaxAge: "Access-Control-Max-Age",
} as const;

type Auth = NonNullable<Extract<ListenerSpec["defaultAction"], { type: "forward" }>["authenticate"]>;

function auth(a: Auth | undefined): FrontDoorAuth | undefined {
    if (!a) return undefined;
    if (a.type === "jwt") return { type: "jwt" };
    const region = a.type === "cognito" ? a.userPoolArn.split(":")[3] : "";
    return {
        type: a.type,
        onUnauthenticatedRequest: a.onUnauthenticatedRequest ?? "authenticate",
        authorizationEndpoint: a.type === "oidc" ? a.authorizationEndpoint : cognitoAuthorizeUrl(a.userPoolDomain, region),
        clientId: a.type === "oidc" ? a.clientId : a.userPoolClientId,
        scope: a.scope ?? "openid",
        sessionCookieName: a.sessionCookieName ?? "AWSELBAuthSessionCookie",
    };
}

const authOf = (a: ListenerSpec["defaultAction"]) => (a.type === "forward" ? auth(a.authenticate) : undefined);

export function frontDoorOutput(albListeners: ListenerSpec[], albInternal: boolean): FrontDoorOutput {
    const listeners = albListeners.flatMap((l): FrontDoorListener[] => {
        const h = l.responseHeaders ?? {};
        const headers = Object.fromEntries(Object.entries(RESPONSE_HEADER_NAMES).filter(([k]) => h[k as keyof typeof h] !== undefined).map(([k, name]) => [name, String(h[k as keyof typeof h])]));
        const defaultAuthenticate = authOf(l.defaultAction);
        const anyAuth = defaultAuthenticate !== undefined || l.rules.some((r) => authOf(r.action));
        const out: FrontDoorListener = {
            port: l.port,
            protocol: l.protocol,
            ...(Object.keys(headers).length > 0 ? { responseHeaders: headers } : {}),
            ...(h.server === false ? { serverRemoved: true as const } : {}),
            ...(defaultAuthenticate ? { defaultAuthenticate } : {}),
            ...(anyAuth ? { rules: l.rules.map((r) => ({ name: r.name, priority: r.priority, conditions: r.conditions, ...(authOf(r.action) ? { authenticate: authOf(r.action) } : {}) })) } : {}),
        };
        return out.responseHeaders || out.serverRemoved || anyAuth ? [out] : [];
    });
    return { albInternal, albListeners: listeners };
}
