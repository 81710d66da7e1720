// A mocha reporter for `npm run bench` (plain CommonJS: mocha loads reporters before any require
// hook): the wall time of each spec file, from its first suite's start to the next file's (hooks
// included; mocha runs files one after another), and the failures, as JSON to $BENCH_MOCHA_TIMES:
// { totalMs, passed, failed: ["title: message"], files: { "/abs/path.test.ts": ms }, cpu }.
// `cpu` (Linux): the CPU time mocha's own process spent and the CPU time of the processes it
// started and reaped (cmd/run, httpd, haproxy, git, ...), from /proc/self/stat, in ms; null elsewhere.
/* global require, module, process, console */
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require("fs");

/** utime + stime and cutime + cstime of this process so far, in ms (proc(5): fields 14-17, in clock ticks of 1/100 s). */
function cpuTimes() {
    if (!fs.existsSync("/proc/self/stat")) return null;
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number); // f[0] is field 3
    return { ownMs: (f[11] + f[12]) * 10, childrenMs: (f[13] + f[14]) * 10 };
}

class MochaFileTimes {
    constructor(runner) {
        const started = Date.now();
        const cpuAtStart = cpuTimes();
        const out = { totalMs: 0, passed: 0, failed: [], files: {}, cpu: null };
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
            const cpu = cpuTimes();
            if (cpu && cpuAtStart) out.cpu = { ownMs: cpu.ownMs - cpuAtStart.ownMs, childrenMs: cpu.childrenMs - cpuAtStart.childrenMs };
            if (process.env.BENCH_MOCHA_TIMES) fs.writeFileSync(process.env.BENCH_MOCHA_TIMES, JSON.stringify(out));
            else console.log(JSON.stringify(out));
        });
    }
}

module.exports = MochaFileTimes;
