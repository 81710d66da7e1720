// Bringing a stack's twin up once for a test file, checking it, and tearing it down.
import * as path from "path";
import { RecordedResource, runProgram } from "../../tools/engine/mockRun";
import { encodeConfigValue, loadStackConfig } from "../../tools/engine/project";
import { runPlan } from "../../tools/plan/run";
import { checkTwin, Finding } from "../../tools/twin/check";
import { startTwin, Twin } from "../../tools/twin/up";

export const ROOT = path.join(__dirname, "..", "..");

export interface Checked {
    twin: Twin;
    findings: Finding[];
}

/** Plans the stack, lets `change` alter the recorded resources, runs the twin and its checks (health checks 30 times faster than AWS's). */
export async function checkedTwin(stack: string, change?: (resources: RecordedResource[]) => void): Promise<Checked> {
    const plan = await runPlan({ projectDir: ROOT, stack });
    change?.(plan.resources);
    const twin = await startTwin({ projectDir: ROOT, stack, plan, timeScale: 30 });
    try {
        return { twin, findings: await checkTwin(twin) };
    } finally {
        await twin.stop();
    }
}

export const failed = (c: Checked) => c.findings.filter((f) => !f.passed);
export const finding = (c: Checked, check: string | RegExp) => c.findings.filter((f) => (typeof check === "string" ? f.check === check : check.test(f.check)));

/** Sets an input of one recorded resource. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire-form inputs edited by path
type Inputs = Record<string, any>;

export function setInput(resources: RecordedResource[], type: string, name: string, edit: (inputs: Inputs) => void): void {
    const r = resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in the plan`);
    edit(r.inputs as Inputs);
}

/** The plan of a repo stack with more config set on top (values as a stack file writes them). */
export async function planWith(stack: string, extra: Record<string, unknown>): Promise<{ resources: RecordedResource[]; outputs: Record<string, unknown>; region: string }> {
    const sc = loadStackConfig(ROOT, stack);
    const config = { ...sc.config, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${sc.project}:${k}`, encodeConfigValue(v)])) };
    const { resources, outputs } = await runProgram({ project: sc.project, stack: sc.stack, config, secretKeys: sc.secretKeys, program: sc.program });
    return { resources, outputs, region: config["aws:region"] ?? "ap-northeast-2" };
}
