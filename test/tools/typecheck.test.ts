// npm run typecheck runs tsc --build, which does not look at the dependencies' types: its build
// info must go when an install is newer, or a changed @pulumi/aws would type-check as before.
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dropStaleBuildInfo } = require("../../tools/scripts/typecheck.js") as { dropStaleBuildInfo: (buildInfo: string, install: string) => boolean };

describe("npm run typecheck's build info", () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "typecheck-")); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const touch = (name: string, secondsAgo: number) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, "{}");
        const t = new Date(Date.now() - secondsAgo * 1000);
        fs.utimesSync(file, t, t);
        return file;
    };

    it("is dropped when npm installed after it was written, and kept otherwise", () => {
        const info = touch("build.tsbuildinfo", 60);
        expect(dropStaleBuildInfo(info, touch("older-install.json", 120))).to.equal(false);
        expect(fs.existsSync(info)).to.equal(true);
        expect(dropStaleBuildInfo(info, touch("newer-install.json", 10))).to.equal(true);
        expect(fs.existsSync(info)).to.equal(false);
    });

    it("is dropped when there is no record of the install, and nothing happens without build info", () => {
        const info = touch("build.tsbuildinfo", 60);
        expect(dropStaleBuildInfo(info, path.join(dir, "missing.json"))).to.equal(true);
        expect(dropStaleBuildInfo(info, touch("install.json", 10))).to.equal(false);
    });
});
