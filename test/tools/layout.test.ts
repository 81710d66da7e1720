// The README's Layout section is the map a newcomer reads first: every path it names exists, and
// every directory of infra/, policies/ and tools/ is on it.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/** The paths the Layout block names: the first word of each line that starts in the first column. */
function layoutPaths(readme: string): string[] {
    const section = readme.split(/^## Layout$/m)[1]?.split(/^## /m)[0];
    if (section === undefined) throw new Error("README.md has no Layout section");
    const block = /```\n([\s\S]*?)```/.exec(section)?.[1];
    if (block === undefined) throw new Error("README.md's Layout section has no code block");
    return block.split("\n").filter((line) => /^\S/.test(line)).map((line) => line.split(/\s+/)[0]);
}

const subdirectories = (dir: string) => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "node_modules" && !e.name.startsWith("."))
    .map((e) => `${dir}/${e.name}/`);

describe("README layout", () => {
    const named = layoutPaths(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));

    it("names only paths that exist", () => {
        expect(named.length).to.be.greaterThan(10);
        expect(named.filter((p) => !fs.existsSync(path.join(ROOT, p)))).to.deep.equal([]);
    });

    it("names every directory of infra/, policies/ and tools/", () => {
        const directories = ["infra", "policies", "tools"].flatMap(subdirectories);
        expect(directories).to.include.members(["infra/config/", "tools/engine/", "tools/scripts/"]);
        expect(directories.filter((d) => !named.includes(d))).to.deep.equal([]);
    });

    it("reads the entries, not the descriptions", () => {
        expect(layoutPaths("## Layout\n\n```\ninfra/a.ts   x y\n             infra/b.ts named in a description\ntools/       z\n```\n\n## Next\n")).to.deep.equal(["infra/a.ts", "tools/"]);
    });
});
