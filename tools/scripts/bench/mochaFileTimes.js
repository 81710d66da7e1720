// A mocha reporter for `npm run bench` (plain CommonJS: mocha loads reporters before any require
// hook): the wall time of each spec file, from its first suite's start to the next file's (hooks
// included; mocha runs files one after another), and the failures, as JSON to $BENCH_MOCHA_TIMES:
// { totalMs, passed, failed: ["title: message"], files: { "/abs/path.test.ts": ms } }.
/* global require, module, process, console */
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require("fs");

class MochaFileTimes {
    constructor(runner) {
        const started = Date.now();
        const out = { totalMs: 0, passed: 0, failed: [], files: {} };
        let open;
        let since = 0;
        const close = () => { if (open) out.files[open] = (out.files[open] ?? 0) + Date.now() - since; };
        runner.on("suite", (suite) => {
            if (!suite.file || suite.file === open) return;
            close();
            open = suite.file;
            since = Date.now();
        });
        runner.on("pass", () => { out.passed++; });
        runner.on("fail", (test, err) => { out.failed.push(`${test.fullTitle()}: ${String(err && err.message).slice(0, 300)}`); });
        runner.once("end", () => {
            close();
            out.totalMs = Date.now() - started;
            if (process.env.BENCH_MOCHA_TIMES) fs.writeFileSync(process.env.BENCH_MOCHA_TIMES, JSON.stringify(out));
            else console.log(JSON.stringify(out));
        });
    }
}

module.exports = MochaFileTimes;
