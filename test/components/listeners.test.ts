// Listeners: every field a stack can write on an ALB or NLB listener reaches the provider (through
// infra/listeners.ts LISTENER_FIELDS or under its own name), and a new attribute named like the
// provider's argument needs nothing but its schema line.
import { expect } from "chai";
import { z } from "zod";
import { mergeTraffic, resolveTraffic } from "../../infra/config";
import { albListenerInput, AlbListenerInput, nlbListenerInput, NlbListenerInput } from "../../infra/config/traffic";
import { LISTENER_FIELDS, listenerFieldArgs } from "../../infra/listeners";

const CERT = "arn:aws:acm:ap-northeast-2:111122223333:certificate/5b7d0c2a-1e4f-4c3b-8a6d-9e0f1a2b3c4d";
const HTTP: AlbListenerInput = { port: 8080, protocol: "HTTP", defaultAction: { type: "fixed-response", statusCode: "404" } };
const HTTPS: AlbListenerInput = { ...HTTP, port: 8443, protocol: "HTTPS" };
const TCP: NlbListenerInput = { port: 8080, protocol: "TCP", defaultAction: { type: "forward", targetGroup: "TG-NLB" } };
const TLS: NlbListenerInput = { ...TCP, port: 8443, protocol: "TLS" };

type Case = { alb: AlbListenerInput; args: Record<string, unknown> } | { nlb: NlbListenerInput; args: Record<string, unknown> } | { owned: string };

/** For each field of the two listener schemas: a listener that sets it and what the provider must get. */
const FIELDS: Record<keyof AlbListenerInput | keyof NlbListenerInput, Case> = {
    enabled: { owned: "config: enabled false leaves the listener out of the map" },
    port: { alb: HTTP, args: { port: 8080 } },
    protocol: { nlb: { ...TCP, protocol: "UDP" }, args: { protocol: "UDP" } },
    certificateArn: { owned: "component: the default certificate on HTTPS/TLS listeners, else the stack's" },
    extraCertificateArns: { owned: "component: aws.lb.ListenerCertificate resources, picked by SNI" },
    sslPolicy: { alb: { ...HTTPS, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }, args: { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" } },
    alpnPolicy: { nlb: { ...TLS, alpnPolicy: "HTTP1Only" }, args: { alpnPolicy: "HTTP1Only" } },
    mutualAuthentication: { owned: "component: the caller's trust store (mutualAuthentication argument)" },
    responseHeaders: {
        alb: { ...HTTPS, responseHeaders: { strictTransportSecurity: "max-age=31536000", accessControlMaxAge: 600, server: false } },
        args: { routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000", routingHttpResponseAccessControlMaxAgeHeaderValue: "600", routingHttpResponseServerEnabled: false },
    },
    mtlsHeaderNames: { alb: { ...HTTPS, mtlsHeaderNames: { tlsVersion: "X-Tls-Version" } }, args: { routingHttpRequestXAmznTlsVersionHeaderName: "X-Tls-Version" } },
    tcpIdleTimeout: { nlb: { ...TCP, tcpIdleTimeout: 120 }, args: { tcpIdleTimeoutSeconds: 120 } },
    defaultAction: { owned: "component: defaultActions, with the target groups' ARNs" },
    rules: { owned: "component: aws.lb.ListenerRule resources" },
};

/** The listener "x" as the components get it: merged with the defaults and resolved. */
function spec(c: { alb: AlbListenerInput } | { nlb: NlbListenerInput }) {
    const t = resolveTraffic(mergeTraffic({ targetGroups: {}, albListeners: "alb" in c ? { x: c.alb } : {}, nlbListeners: "nlb" in c ? { x: c.nlb } : {} }));
    return [...t.albListeners, ...t.nlbListeners].find((l) => l.key === "x")!;
}
const without = <T extends object>(o: T, field: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== field)) as T;

describe("listener fields -> aws.lb.ListenerArgs", () => {
    it("the table below covers every field of the ALB and NLB listener schemas", () => {
        expect(Object.keys(FIELDS)).to.have.members([...new Set([...Object.keys(albListenerInput.shape), ...Object.keys(nlbListenerInput.shape)])]);
    });

    for (const [field, c] of Object.entries(FIELDS)) {
        if ("owned" in c) {
            if (c.owned.startsWith("component:")) it(`${field} is the component's (${c.owned})`, () => expect(LISTENER_FIELDS).to.have.property(field, c.owned));
            continue;
        }
        it(`${field} sets ${Object.keys(c.args).join(", ")}`, () => {
            const schema = "alb" in c ? albListenerInput : nlbListenerInput;
            expect(schema.safeParse("alb" in c ? c.alb : c.nlb).success, "a valid entry").to.equal(true);
            const args = listenerFieldArgs(spec(c));
            expect(args).to.deep.include(c.args);
            const before = "alb" in c ? { alb: without(c.alb, field) } : { nlb: without(c.nlb, field) };
            expect(args, "the same listener without the field").not.to.deep.equal(listenerFieldArgs(spec(before)));
        });
    }

    it("HTTP and TCP listeners get no TLS policy; HTTPS and TLS ones get the default policy", () => {
        expect(listenerFieldArgs(spec({ alb: HTTP }))).not.to.have.property("sslPolicy");
        expect(listenerFieldArgs(spec({ nlb: TCP }))).not.to.have.any.keys("sslPolicy", "alpnPolicy");
        expect(listenerFieldArgs(spec({ alb: { ...HTTPS, certificateArn: CERT } }))).to.include({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09" }).and.not.to.have.property("certificateArn");
        expect(listenerFieldArgs(spec({ nlb: TLS }))).to.include({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", alpnPolicy: "None" });
    });

    it("a new attribute named like a provider argument needs only its schema line", () => {
        // What a newcomer adds to traffic.ts albListenerInput for an attribute a newer provider
        // takes (this one is made up: the pinned provider's header attributes are all in use);
        // resolve.ts and listeners.ts stay as they are.
        const withNewLine = albListenerInput.extend({ routingHttpResponseXPoweredByHeaderValue: z.string().optional() });
        const entry = withNewLine.parse({ ...HTTP, routingHttpResponseXPoweredByHeaderValue: "elb-web-tier" }) as AlbListenerInput;
        expect(listenerFieldArgs(spec({ alb: entry }))).to.include({ routingHttpResponseXPoweredByHeaderValue: "elb-web-tier", port: 8080, protocol: "HTTP" });
    });
});
