// A mermaid flowchart of the traffic path (see ../topology.ts for how it is derived).
import { PlanResult } from "../run";
import { FlowNode, NodeKind, topology } from "../topology";
import { RecordedResource } from "../../engine/mockRun";
import type { OutputFormat } from "../outputFormat";

const SHAPES: Record<NodeKind, [string, string]> = {
    clients: ["([", "])"],
    eip: ["((", "))"],
    loadBalancer: ["[", "]"],
    listener: ["[/", "/]"],
    rule: ["{{", "}}"],
    action: [">", "]"],
    targetGroup: ["[[", "]]"],
    target: ["(", ")"],
};

/** Mermaid label text: quotes and angle brackets as entities, lines joined with <br/>. */
function label(lines: string[]): string {
    const escape = (s: string) => s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
    return `"${lines.map(escape).join("<br/>")}"`;
}

function nodeLine(n: FlowNode): string {
    const [open, close] = SHAPES[n.kind];
    return `    ${n.id}${open}${label(n.label)}${close}`;
}

/** The diagram of what `resources` build, as mermaid source (no code fence). */
export function mermaidDiagram(resources: RecordedResource[]): string {
    const { nodes, edges } = topology(resources);
    return [
        "flowchart LR",
        ...nodes.map(nodeLine),
        ...edges.map((e) => `    ${e.from} ${e.dotted ? "-.-" : "-->"}${e.label ? `|${label([e.label])}|` : ""} ${e.to}`),
    ].join("\n") + "\n";
}

export function renderMermaid(plan: PlanResult): string {
    return mermaidDiagram(plan.resources);
}

/** `--format mermaid`. */
export const format: OutputFormat = { name: "mermaid", description: "the traffic-path diagram", render: renderMermaid };
