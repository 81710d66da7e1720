// The user data is the seed's script; the greeting survives bash and HTML intact.
import { expect } from "chai";
import { execFileSync } from "child_process";
import { architectureOf, renderUserData } from "../../infra/web";
import { SEED_GREETING } from "../../infra/config";

const base = { greeting: SEED_GREETING, ports: [80], proxyProtocolPorts: [] };

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
        const script = renderUserData({ ...base, ports: [80, 8080, 8081], proxyProtocolPorts: [8081] });
        execFileSync("bash", ["-n"], { input: script });
    });
});

describe("architecture from instance type", () => {
    const cases: [string, string][] = [
        ["t3.micro", "x86_64"], ["t4g.small", "arm64"], ["m7g.large", "arm64"], ["c6gn.xlarge", "arm64"], ["m6gd.large", "arm64"],
        ["a1.medium", "arm64"], ["g5g.xlarge", "arm64"], ["g4dn.xlarge", "x86_64"], ["g5.xlarge", "x86_64"], ["m7i-flex.large", "x86_64"], ["c6in.large", "x86_64"],
    ];
    for (const [type, arch] of cases) it(`${type} is ${arch}`, () => expect(architectureOf(type)).to.equal(arch));
});
