// The traffic path as it will work once deployed: checks that plan cleanly but fail only under
// traffic. Each is a rule AWS or TLS states, checked on the resolved traffic before any resource
// is declared:
// - ALPN: an NLB TLS listener that offers HTTP/2 to clients but forwards the decrypted bytes over
//   TCP to HTTP/1.1 servers breaks every client that takes the offer (ELB: "ALPN policies").
// - Certificates cover the names routed to them: every alias record and every host-header rule
//   of an HTTPS/TLS listener is on one of that listener's certificates (default or SNI), with TLS
//   wildcard semantics: `*.example.com` covers exactly one label (RFC 6125 6.4.3).
// - An `alb` target group's health check speaks the protocol of the ALB listener it reaches.
import { X509Certificate } from "crypto";
import { forwardedGroups, ListenerSpec, TrafficDraft } from "./resolve";
import type { CertificateChoice } from "./production";

type Path = (string | number)[];
export interface PathProblem {
    path: Path;
    message: string;
    value: unknown;
}

/** What the stack's own certificate section says (the fields of productionProblems' view). */
export interface CertificateView {
    certificate: CertificateChoice;
    dnsRecords: { albName?: string; nlbName?: string };
}

// ---- Certificate names --------------------------------------------------------------------------

/** The self-signed certificate covers the ALB's DNS name (infra/certificate.ts). */
export const SELF_SIGNED_NAME = (region: string) => `*.${region}.elb.amazonaws.com`;

/**
 * Does a certificate name cover a host? Case-insensitive; a leading `*.` stands for exactly one
 * whole label (RFC 6125 6.4.3, as ACM issues wildcards): `*.example.com` covers a.example.com,
 * not example.com, not a.b.example.com.
 */
export function nameCovers(certName: string, host: string): boolean {
    const c = certName.toLowerCase().replace(/\.$/, "");
    const h = host.toLowerCase().replace(/\.$/, "");
    if (!c.startsWith("*.")) return c === h;
    const dot = h.indexOf(".");
    return dot > 0 && h.slice(dot + 1) === c.slice(2);
}

/** DNS names of a PEM certificate (its SANs; the CN when it has none), or undefined if unreadable. */
export function pemNames(pem: string): string[] | undefined {
    try {
        const x = new X509Certificate(pem);
        const sans = (x.subjectAltName ?? "").split(/,\s*/).filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4));
        if (sans.length > 0) return sans;
        const cn = /(?:^|\n)CN=([^\n]+)/.exec(x.subject)?.[1];
        return cn ? [cn] : [];
    } catch {
        return undefined;
    }
}

/** The names of the certificate the stack makes or imports; undefined: not knowable offline (an existing ARN). */
export function stackCertificateNames(c: CertificateView, region = "<region>"): string[] | undefined {
    const cert = c.certificate;
    if (cert.mode === "existing") return undefined;
    if (cert.mode === "dns") return [cert.domainName, ...cert.subjectAlternativeNames];
    if (cert.mode === "import") return pemNames(cert.certificateBody);
    return [SELF_SIGNED_NAME(region)];
}

/** A listener's certificate names, or undefined when one of its certificates is only an ARN. */
function listenerNames(l: ListenerSpec, stackNames: string[] | undefined): string[] | undefined {
    if (l.certificateArn || l.extraCertificateArns.length > 0) return undefined;
    return stackNames;
}

/** A host-header pattern as a host: each wildcard stands for one character of a label. */
const sampleHost = (pattern: string) => pattern.replace(/[*?]/g, "x");

// ---- Checks -------------------------------------------------------------------------------------

const HTTP2_OFFERS = ["HTTP2Only", "HTTP2Preferred", "HTTP2Optional"];

function alpnProblems(t: TrafficDraft): PathProblem[] {
    const groups = new Map(t.targetGroups.map((g) => [g.name, g]));
    const out: PathProblem[] = [];
    for (const l of t.nlbListeners.filter((x) => x.protocol === "TLS" && HTTP2_OFFERS.includes(x.alpnPolicy ?? "None"))) {
        // The web fleet runs httpd without mod_http2 (infra/user-data.sh): it speaks HTTP/1.1 only.
        // IP targets are the team's own servers: what they speak is not known here.
        const http1 = forwardedGroups(l.defaultAction).map((n) => groups.get(n)).filter((g) => g?.targetType === "instance");
        if (http1.length === 0) continue;
        out.push({
            path: ["nlbListeners", l.key, "alpnPolicy"],
            message: `offers HTTP/2 to clients, but the listener forwards the decrypted stream over TCP to ${http1.map((g) => g.name).join(", ")} (the web fleet's httpd speaks HTTP/1.1 only), so a client that takes HTTP/2 gets no answer; use HTTP1Only (or None)`,
            value: l.alpnPolicy,
        });
    }
    return out;
}

interface Routed {
    host: string;
    path: Path;
    what: string;
}

function coverageProblems(c: CertificateView, t: TrafficDraft): PathProblem[] {
    const stackNames = stackCertificateNames(c);
    const out: PathProblem[] = [];
    const check = (l: ListenerSpec, kind: "albListeners" | "nlbListeners", routed: Routed[]) => {
        const names = listenerNames(l, stackNames);
        if (!names) return;
        for (const r of routed) {
            if (names.some((n) => nameCovers(n, sampleHost(r.host)))) continue;
            out.push({
                path: r.path,
                message: `${r.what} reaches ${kind}.${l.key} (${l.protocol}:${l.port}), whose certificate covers ${names.join(", ") || "no names"} (a wildcard covers one label): clients would reject it; add the name to certificate.subjectAlternativeNames or give the listener a certificate for it`,
                value: r.host,
            });
        }
    };
    const d = c.dnsRecords;
    for (const l of t.albListeners.filter((x) => x.protocol === "HTTPS")) {
        const routed: Routed[] = d.albName ? [{ host: d.albName, path: ["dnsRecords", "albName"], what: `the alias ${d.albName}` }] : [];
        for (const r of l.rules) {
            r.conditions.forEach((cond, i) => (cond.hostHeader ?? []).forEach((h, j) =>
                routed.push({ host: h, path: ["albListeners", l.key, "rules", r.name, "conditions", i, "hostHeader", j], what: `the host-header rule for ${h}` })));
        }
        check(l, "albListeners", routed);
    }
    if (d.nlbName) {
        const groups = new Map(t.targetGroups.map((g) => [g.name, g]));
        const alias: Routed = { host: d.nlbName, path: ["dnsRecords", "nlbName"], what: `the alias ${d.nlbName}` };
        for (const l of t.nlbListeners) {
            if (l.protocol === "TLS") check(l, "nlbListeners", [alias]);
            // TCP to an alb target group: TLS ends on the ALB listener of the group's port.
            for (const g of forwardedGroups(l.defaultAction).map((n) => groups.get(n)).filter((x) => x?.targetType === "alb")) {
                const albListener = t.albListeners.find((a) => a.port === g.port && a.protocol === "HTTPS");
                if (albListener) check(albListener, "albListeners", [{ ...alias, what: `the alias ${d.nlbName} (through nlbListeners.${l.key} and ${g.name})` }]);
            }
        }
    }
    return out;
}

function albTargetHealthProblems(t: TrafficDraft): PathProblem[] {
    const out: PathProblem[] = [];
    for (const g of t.targetGroups.filter((x) => x.targetType === "alb")) {
        const h = g.healthCheck;
        const port = h.port === "traffic-port" ? g.port : Number(h.port);
        if (port === undefined) continue; // no port: an error of its own (targetGroups.<name>.port)
        const listener = t.albListeners.find((l) => l.port === port);
        const at: Path = ["targetGroups", g.name, "healthCheck", h.port === "traffic-port" ? "protocol" : "port"];
        if (!listener) {
            out.push({ path: ["targetGroups", g.name, "healthCheck", "port"], message: `sends the health check to the ALB's port ${port}, where it has no listener; every check would fail`, value: h.port });
        } else if (listener.protocol !== h.protocol) {
            // The ALB answers plain HTTP on its HTTPS port with 400 (and a TLS hello on an HTTP port with nothing).
            out.push({ path: at, message: `is ${h.protocol}, but the ALB listens with ${listener.protocol} on port ${port} (albListeners.${listener.key}); the health check must use ${listener.protocol} or every check fails`, value: h.protocol });
        }
    }
    return out;
}

/** mTLS objects must name their S3 version: a new object at the same key changes no input, so it never reaches the trust store. */
function pinnedVersionProblems(t: TrafficDraft): PathProblem[] {
    const out: PathProblem[] = [];
    for (const l of t.albListeners) {
        const m = l.mutualAuthentication;
        if (m?.mode !== "verify") continue;
        const at = (...rest: Path): Path => ["albListeners", l.key, "mutualAuthentication", ...rest];
        const why = "is required: ELB reads the object when the trust store is created or its inputs change, so a new object at the same key would never reach it; pin the object's version (S3 versioning on) and change it to roll out a new one";
        if (m.caBundle && !m.caBundle.version) out.push({ path: at("caBundle", "version"), message: why, value: m.caBundle.version });
        for (const [name, crl] of Object.entries(m.revocationLists ?? {})) {
            if (!crl.version) out.push({ path: at("revocationLists", name, "version"), message: why, value: crl.version });
        }
    }
    return out;
}

/** Every problem of the traffic path, for productionProblems (infra/config/rules.ts). */
export function pathProblems(c: CertificateView, t: TrafficDraft): PathProblem[] {
    return [...alpnProblems(t), ...coverageProblems(c, t), ...albTargetHealthProblems(t), ...pinnedVersionProblems(t)];
}
