// A minimal require hook for TypeScript: esbuild transpiles each .ts file to CommonJS, nothing
// else is touched. tsx does the same job but also inspects every .js file it loads (hundreds in
// @pulumi/aws) for ES module syntax, which costs ~0.5 s per process; type checking is tsc's job.
//
// Transpiled code is kept in node_modules/.cache/register-ts, one entry per source file (by its
// path in the repository: a worktree of another commit, whose node_modules links to this one,
// shares the entries), under the hash of its source and esbuild's version and options: a plan loads ~190 files, and transpiling
// them is a quarter of its run when nothing changed. A changed file is transpiled again and its
// entry replaced; `rm -rf node_modules/.cache/register-ts` empties the cache. Only the
// repository's own files are kept (not a test's temporary project, which no later run loads).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const OPTIONS = { loader: "ts", format: "cjs", target: "node20" };
const ROOT = path.join(__dirname, "..", "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "register-ts");
const SALT = `${require("esbuild/package.json").version} ${JSON.stringify(OPTIONS)}\n`;
let esbuild; // loaded on the first file not in the cache
const sha1 = (text) => crypto.createHash("sha1").update(text).digest("hex");

/** The cached code for `filename` when it was made from this very source, else undefined. */
function cached(entry, hash) {
    let text;
    try {
        text = fs.readFileSync(entry, "utf8");
    } catch {
        return undefined;
    }
    const newline = text.indexOf("\n");
    return text.slice(0, newline) === hash ? text.slice(newline + 1) : undefined;
}

function store(entry, hash, code) {
    try {
        fs.mkdirSync(CACHE, { recursive: true });
        // Written aside, then renamed: a process reading the entry meanwhile sees the old or the new one whole.
        const scratch = `${entry}.${process.pid}.tmp`;
        fs.writeFileSync(scratch, `${hash}\n${code}`);
        fs.renameSync(scratch, entry);
    } catch {
        // A read-only or full disk costs the cache, not the run.
    }
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const hash = sha1(SALT + source);
    const entry = filename.startsWith(ROOT + path.sep) ? path.join(CACHE, `${sha1(path.relative(ROOT, filename))}.js`) : undefined;
    let code = entry && cached(entry, hash);
    if (code === undefined) {
        esbuild ??= require("esbuild");
        code = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename }).code;
        if (entry) store(entry, hash, code);
    }
    module._compile(code, filename);
};
