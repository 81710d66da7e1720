// tools/scripts/register.js, the require hook every command and test runs under, keeps transpiled
// code in node_modules/.cache/register-ts: an edited file must never run from a stale entry.
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const HOOK = path.join(ROOT, "tools", "scripts", "register.js");
const CACHE = path.join(ROOT, "node_modules", ".cache", "register-ts");
const entryOf = (file: string) => path.join(CACHE, `${crypto.createHash("sha1").update(path.relative(ROOT, file)).digest("hex")}.js`);
const run = (file: string) => execFileSync(process.execPath, ["-r", HOOK, file], { encoding: "utf8" });

describe("the TypeScript require hook's cache", () => {
    // A source file inside the repository (only those are cached), where git never looks.
    let dir: string;
    let file: string;
    before(() => {
        fs.mkdirSync(path.join(ROOT, "node_modules", ".cache"), { recursive: true });
        dir = fs.mkdtempSync(path.join(ROOT, "node_modules", ".cache", "register-test-"));
        file = path.join(dir, "greeting.ts");
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(entryOf(file), { force: true });
    });

    it("runs an edited file as edited, and keeps one entry per source file", () => {
        fs.writeFileSync(file, "const greeting: string = \"first\";\nconsole.log(greeting);\n");
        expect(run(file)).to.equal("first\n");
        expect(fs.readFileSync(entryOf(file), "utf8")).to.contain("\"first\"");
        expect(run(file)).to.equal("first\n");
        fs.writeFileSync(file, "const greeting: string = \"second\";\nconsole.log(greeting);\n");
        expect(run(file)).to.equal("second\n");
        expect(fs.readFileSync(entryOf(file), "utf8")).to.contain("\"second\"").and.not.contain("\"first\"");
    });

    it("a corrupt entry is transpiled again, not run", () => {
        fs.writeFileSync(file, "console.log(\"fresh\" as string);\n");
        run(file);
        fs.writeFileSync(entryOf(file), "not a hash\nprocess.exit(3);\n");
        expect(run(file)).to.equal("fresh\n");
    });

    it("keeps nothing for files outside the repository (a test's temporary project)", () => {
        const outside = fs.mkdtempSync(path.join(os.tmpdir(), "register-outside-"));
        try {
            const other = path.join(outside, "x.ts");
            fs.writeFileSync(other, "console.log(1 as number);\n");
            const entries = () => fs.readdirSync(CACHE).sort();
            const before = entries();
            expect(run(other)).to.equal("1\n");
            expect(entries()).to.deep.equal(before);
        } finally {
            fs.rmSync(outside, { recursive: true, force: true });
        }
    });
});
