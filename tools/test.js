// `npm test`: the type check and the suite at once. tsc is single-threaded and so is mocha, so on
// a 2-core machine running them side by side takes about as long as the slower of the two (see
// `npm run bench`). tsc's output is printed after mocha's, and either failing fails the run.
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const bin = (name) => path.join(__dirname, "..", "node_modules", ".bin", name);
const run = (file, args, capture) => new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ["ignore", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"] });
    let output = "";
    if (capture) {
        child.stdout.on("data", (d) => { output += d; });
        child.stderr.on("data", (d) => { output += d; });
    }
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
});

const tsc = run(bin("tsc"), ["-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", path.join("node_modules", ".cache", "tsc", "elb-web-tier.tsbuildinfo")], true);
const mocha = run(bin("mocha"), process.argv.slice(2), false);

Promise.all([tsc, mocha]).then(([t, m]) => {
    if (t.code !== 0) process.stdout.write(`\ntsc (type check) failed:\n${t.output}`);
    process.exit(t.code !== 0 ? t.code : m.code);
});
