// Policy findings grouped the way a reviewer reads them: by level, then by policy (its
// description once), then one line per resource.
import { configFixFor } from "../../../infra/config/fixes";
import { RecordedResource } from "../../engine/mockRun";
import { Violation } from "../../engine/policyRunner";
import { PlanResult } from "../run";

export interface PolicyFindings {
    policy: string;
    /** The policy's description: the first line of each of its messages. */
    description: string;
    /** `fix`: the stack config that fixes it (infra/config/fixes.ts), when there is one. */
    items: { resource: string; type: string; detail: string; fix?: string }[];
}

export interface LevelFindings {
    level: "mandatory" | "advisory";
    count: number;
    policies: PolicyFindings[];
}

/** The engine prefixes each reported message with the policy's description and a newline. */
function splitMessage(message: string): { description: string; detail: string } {
    const nl = message.indexOf("\n");
    return nl < 0 ? { description: message, detail: "" } : { description: message.slice(0, nl), detail: message.slice(nl + 1) };
}

/** "ALB" and "aws:lb/loadBalancer:LoadBalancer" from a URN; the stack for stack-level findings. */
export function urnParts(urn: string | undefined): { name: string; type: string } {
    if (!urn) return { name: "(stack)", type: "" };
    const parts = urn.split("::");
    return { name: parts[parts.length - 1], type: (parts[parts.length - 2] ?? "").split("$").pop() ?? "" };
}

function byPolicy(violations: Violation[], resources: RecordedResource[]): PolicyFindings[] {
    const groups = new Map<string, PolicyFindings>();
    for (const v of violations) {
        const { description, detail } = splitMessage(v.message);
        const group = groups.get(v.policy) ?? { policy: v.policy, description, items: [] };
        const { name, type } = urnParts(v.urn);
        const fix = configFixFor(v.policy, resources.find((r) => r.urn === v.urn))?.fix;
        group.items.push({ resource: name, type, detail, ...(fix ? { fix } : {}) });
        groups.set(v.policy, group);
    }
    return [...groups.values()].sort((a, b) => a.policy.localeCompare(b.policy));
}

export function groupFindings(plan: PlanResult): LevelFindings[] {
    return (["mandatory", "advisory"] as const).map((level) => {
        const violations = plan.violations.filter((v) => v.enforcementLevel === level);
        return { level, count: violations.length, policies: byPolicy(violations, plan.resources) };
    });
}
