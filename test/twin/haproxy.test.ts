// The HAProxy configuration the twin writes, for what the repo stacks don't exercise: UDP
// listeners left out (HAProxy has no UDP), a TCP_UDP listener's TCP half served, an NLB TLS
// listener's ALPN offer and TLS floor, proxy protocol v2 on traffic and health checks.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { haproxyConfig, Layout } from "../../tools/twin/haproxy";
import { Group, Listener, TwinModel } from "../../tools/twin/model";
import { HAPROXY } from "../../tools/twin/up";

const health = { enabled: true, protocol: "TCP" as const, port: "traffic-port", interval: 10, timeout: 6, healthyThreshold: 3, unhealthyThreshold: 3 };
const group = (name: string, protocol: string, extra: Partial<Group> = {}): Group => ({ name, protocol, port: 5060, targetType: "instance", healthCheck: health, proxyProtocolV2: false, sourceIpStickiness: false, targets: [], ...extra });
const listener = (key: string, protocol: Listener["protocol"], g: string, extra: Partial<Listener> = {}): Listener => ({
    key, loadBalancer: "NLB", kind: "nlb", port: 5060, protocol, certificates: [], defaultAction: { type: "forward", groups: [{ group: g, weight: 1 }] }, rules: [], ...extra,
});

describe("the twin's HAProxy configuration", () => {
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-haproxy-test-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function render(listeners: Listener[], groups: Group[]): string {
        const model: TwinModel = { stack: "t", loadBalancers: [], listeners, groups, instances: [], notes: [] };
        const crt = path.join(dir, "crt-list");
        fs.writeFileSync(crt, "");
        const layout: Layout = {
            dir,
            binds: new Map(listeners.map((l, i) => [l.key, { main: [{ address: "127.0.1.1", port: 40000 + i }] }])),
            crtLists: new Map(listeners.map((l) => [l.key, crt])),
            servers: new Map(groups.map((g) => [g.name, [{ name: "i-1", address: "127.0.0.1", port: 41000, checkPort: 41001, tls: false }]])),
            timeScale: 10,
            statsSocket: path.join(dir, "s.sock"),
        };
        return haproxyConfig(model, layout);
    }

    it("leaves a UDP listener out and serves a TCP_UDP listener's TCP half", () => {
        const cfg = render([listener("dns", "UDP", "dns-udp"), listener("sip", "TCP_UDP", "sip")], [group("dns-udp", "UDP"), group("sip", "TCP_UDP")]);
        expect(cfg).to.not.match(/frontend fe_dns\b/);
        expect(cfg).to.match(/frontend fe_sip\n {4}mode tcp\n {4}bind 127\.0\.1\.1:40001\n {4}default_backend be_sip/);
        expect(cfg).to.not.match(/backend be_dns-udp/);
    });

    it("offers the listener's ALPN with its TLS floor, and sends proxy protocol v2 on traffic and health checks", () => {
        const cfg = render([listener("tls", "TLS", "pp", { alpnPolicy: "HTTP2Optional", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" })], [group("pp", "TCP", { proxyProtocolV2: true })]);
        expect(cfg).to.match(/bind 127\.0\.1\.1:40000 ssl crt-list \S+ ssl-min-ver TLSv1\.3 alpn http\/1\.1,h2\n/);
        expect(cfg).to.match(/server i-1 127\.0\.0\.1:41000 send-proxy-v2 check inter 1000ms rise 3 fall 3 port 41001 check-send-proxy\n/);
        expect(cfg).to.match(/server i-1_failopen 127\.0\.0\.1:41000 backup send-proxy-v2\n/);
        expect(cfg).to.match(/timeout check 600ms/);
    });

    it("an ALB offers h2 and http/1.1 on HTTPS, and http/1.1 alone with its HTTP/2 off", () => {
        const alb = (extra: Partial<Listener>) => listener("https", "HTTPS", "web", { kind: "alb", loadBalancer: "ALB", ...extra });
        expect(render([alb({})], [group("web", "HTTP")])).to.match(/ssl-min-ver \S+ alpn h2,http\/1\.1\n/);
        expect(render([alb({ http2: false })], [group("web", "HTTP")])).to.match(/ssl-min-ver \S+ alpn http\/1\.1\n/);
    });

    it("is a configuration HAProxy accepts", () => {
        const cfg = render([listener("sip", "TCP_UDP", "sip")], [group("sip", "TCP_UDP", { healthCheck: { ...health, protocol: "HTTP", path: "/health", matcher: "200-299" } })]);
        const file = path.join(dir, "haproxy.cfg");
        fs.writeFileSync(file, cfg);
        expect(cfg).to.match(/http-check expect rstatus \^\(2\[0-9\]\[0-9\]\)\$/);
        execFileSync(HAPROXY, ["-c", "-q", "-f", file], { stdio: ["ignore", "pipe", "pipe"] });
    });
});
