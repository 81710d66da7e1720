// A minimal require hook for TypeScript: esbuild transpiles each .ts file to CommonJS, nothing
// else is touched. tsx does the same job but also inspects every .js file it loads (hundreds in
// @pulumi/aws) for ES module syntax, which costs ~0.5 s per process; type checking is tsc's job.
"use strict";
const fs = require("fs");
const esbuild = require("esbuild");

require.extensions[".ts"] = function compileTypeScript(module, filename) {
    const { code } = esbuild.transformSync(fs.readFileSync(filename, "utf8"), {
        loader: "ts",
        format: "cjs",
        target: "node20",
        sourcefile: filename,
    });
    module._compile(code, filename);
};
