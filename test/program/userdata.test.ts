// The user data is the seed's script; the greeting survives bash and HTML intact.
import { expect } from "chai";
import { execFileSync } from "child_process";
import { architectureOf, renderUserData } from "../../infra/web";
import { SEED_GREETING } from "../../infra/config";

const base = { greeting: SEED_GREETING, ports: [80], proxyProtocolPorts: [] as number[] };

/** Runs the script's echo line in bash with hostname stubbed, returning what lands in index.html. */
function pageFor(greeting: string): string {
    const echo = renderUserData({ ...base, greeting }).split("\n").find((l) => l.startsWith("echo "));
    if (!echo) throw new Error("no echo line");
    return execFileSync("bash", ["-c", `hostname() { echo ip-10-0-0-1.ec2.internal; }; ${echo.replace("> index.html", "")}`], { encoding: "utf8" });
}

describe("user data", () => {
    it("keeps the seed's lines in the seed's order", () => {
        const lines = renderUserData(base).split("\n");
        const seed = ["#!/bin/bash", "yum update -y", "yum install httpd -y", "systemctl enable httpd.service", "systemctl start httpd.service", "cd /var/www/html"];
        expect(lines.filter((l) => seed.includes(l))).to.deep.equal(seed);
        expect(lines).to.not.include.members(["Listen 80"]);
        expect(renderUserData(base)).to.not.contain("/etc/httpd/conf.d");
    });

    it("writes the Korean greeting and the host name, byte for byte", () => {
        expect(pageFor(SEED_GREETING)).to.equal(`${SEED_GREETING} ip-10-0-0-1.ec2.internal\n`);
    });

    it("cannot be broken out of by the greeting", () => {
        expect(pageFor('x" ; touch /tmp/pwned ; echo "$(id)`id`\\')).to.equal('x" ; touch /tmp/pwned ; echo "$(id)`id`\\ ip-10-0-0-1.ec2.internal\n');
    });

    it("escapes HTML so the greeting shows as text", () => {
        expect(pageFor("<script>alert(1)</script> & co")).to.equal("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co ip-10-0-0-1.ec2.internal\n");
    });

    it("is a valid bash script", () => {
        const script = renderUserData({ ...base, ports: [8080, 8081], proxyProtocolPorts: [8081] });
        execFileSync("bash", ["-n"], { input: script });
    });

    it("listens on every port but 80, once each, in order, whatever order they come in", () => {
        const script = renderUserData({ ...base, ports: [8443, 80, 8080, 8443], proxyProtocolPorts: [] });
        expect(script.split("\n").filter((l) => l.startsWith("Listen "))).to.deep.equal(["Listen 8080", "Listen 8443"]);
        expect(script).to.equal(renderUserData({ ...base, ports: [8080, 8443], proxyProtocolPorts: [] }));
    });

    it("requires the proxy protocol header only on the proxy protocol ports", () => {
        const script = renderUserData({ ...base, ports: [80, 8081, 8082], proxyProtocolPorts: [8082, 8081] });
        expect(script).to.contain("<VirtualHost *:8081>\n    RemoteIPProxyProtocol On\n</VirtualHost>\n<VirtualHost *:8082>\n    RemoteIPProxyProtocol On\n</VirtualHost>\n");
        expect(script).to.not.contain("<VirtualHost *:80>");
    });

    it("rejects a proxy protocol port it does not listen on, and ports out of range", () => {
        expect(() => renderUserData({ ...base, ports: [80], proxyProtocolPorts: [8081] })).to.throw(/proxy protocol ports 8081 are not in ports 80/);
        expect(() => renderUserData({ ...base, ports: [0, 70000, 80.5], proxyProtocolPorts: [] })).to.throw(/0, 70000, 80.5/);
    });

    it("keeps the template's comments out of the instance", () => {
        expect(renderUserData(base).split("\n").filter((l) => l.startsWith("#"))).to.deep.equal(["#!/bin/bash"]);
    });

    it("takes a greeting that looks like a replacement pattern literally", () => {
        expect(pageFor("$& $1 $' __HTTPD_PORTS__")).to.equal("$&amp; $1 $' __HTTPD_PORTS__ ip-10-0-0-1.ec2.internal\n");
    });
});

describe("architecture from instance type", () => {
    const cases: [string, string][] = [
        ["t3.micro", "x86_64"], ["t4g.small", "arm64"], ["m7g.large", "arm64"], ["c6gn.xlarge", "arm64"], ["m6gd.large", "arm64"],
        ["a1.medium", "arm64"], ["g5g.xlarge", "arm64"], ["g4dn.xlarge", "x86_64"], ["g5.xlarge", "x86_64"], ["m7i-flex.large", "x86_64"], ["c6in.large", "x86_64"],
    ];
    for (const [type, arch] of cases) it(`${type} is ${arch}`, () => expect(architectureOf(type)).to.equal(arch));
});
