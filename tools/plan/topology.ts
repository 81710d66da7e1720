// The traffic path the code builds, derived from the recorded resources and their property
// dependencies (never from config): clients -> load balancers (with their Elastic IPs) ->
// listeners -> listener rules -> target groups -> instances or Auto Scaling groups.
// Property dependencies name the resource an input was computed from, so the same graph comes out
// of a preview, where every ARN is unknown.
import { RecordedResource } from "../engine/mockRun";
import { canonicalType, prop, ResourceIndex, show, TYPES } from "./resources";
import { describeActions, describeConditions } from "./describe";

export type NodeKind = "clients" | "eip" | "loadBalancer" | "listener" | "rule" | "action" | "targetGroup" | "target";

export interface FlowNode {
    id: string;
    kind: NodeKind;
    /** Label lines. */
    label: string[];
}

export interface FlowEdge {
    from: string;
    to: string;
    label?: string;
    /** An attachment rather than a traffic hop (Elastic IP on a load balancer). */
    dotted?: boolean;
}

export interface Topology {
    nodes: FlowNode[];
    edges: FlowEdge[];
}

const CLIENTS = "clients";

class Builder {
    readonly nodes = new Map<string, FlowNode>();
    readonly edges: FlowEdge[] = [];
    private readonly ids = new Map<string, string>();

    constructor(readonly index: ResourceIndex) {}

    /** A stable, mermaid-safe ID per resource (or per made-up key), readable from its name. */
    id(key: string, prefix: string, name: string): string {
        const known = this.ids.get(key);
        if (known) return known;
        const base = `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
        let id = base;
        for (let n = 2; [...this.ids.values()].includes(id); n++) id = `${base}_${n}`;
        this.ids.set(key, id);
        return id;
    }

    node(id: string, kind: NodeKind, label: string[]): string {
        if (!this.nodes.has(id)) this.nodes.set(id, { id, kind, label });
        return id;
    }

    edge(from: string, to: string, extra: Omit<FlowEdge, "from" | "to"> = {}): void {
        if (!this.edges.some((e) => e.from === from && e.to === to)) this.edges.push({ from, to, ...extra });
    }

    resourceNode(r: RecordedResource, kind: NodeKind, prefix: string, label: string[]): string {
        return this.node(this.id(r.urn, prefix, r.name), kind, label);
    }
}

function loadBalancerLabel(lb: RecordedResource, index: ResourceIndex): string[] {
    const scheme = lb.inputs.internal === true ? "internal" : "internet-facing";
    const groups = index.dependencyNames(lb, "securityGroups");
    return [lb.name, `${show(lb.inputs.loadBalancerType ?? "application")}, ${scheme}`, ...(groups ? [groups] : [])];
}

function targetGroupNode(b: Builder, tg: RecordedResource): string {
    return b.resourceNode(tg, "targetGroup", "tg", [tg.name, `${show(tg.inputs.protocol)}:${show(tg.inputs.port)}`]);
}

function targetNode(b: Builder, target: RecordedResource): string {
    const type = canonicalType(target.type);
    const detail = type === TYPES.instance ? show(target.inputs.instanceType)
        : type === TYPES.autoscalingGroup ? `Auto Scaling group, ${show(target.inputs.minSize)}-${show(target.inputs.maxSize)} instances`
        : target.type.split(":").pop() ?? target.type;
    return b.resourceNode(target, "target", "target", [target.name, detail]);
}

/** Edges from a listener or rule to what its actions lead to: target groups, redirects, fixed responses. */
function actionEdges(b: Builder, from: RecordedResource, fromId: string, property: "defaultActions" | "actions"): void {
    for (const tg of b.index.dependencies(from, property, TYPES.targetGroup)) b.edge(fromId, targetGroupNode(b, tg));
    const actions = from.inputs[property];
    if (!Array.isArray(actions)) return;
    actions.forEach((action, i) => {
        if (prop(action, "type") === "forward") return; // drawn from the property dependencies above
        const id = b.node(b.id(`${from.urn}#${property}[${i}]`, "action", from.name), "action", [describeActions([action], "")]);
        b.edge(fromId, id);
    });
}

function addLoadBalancers(b: Builder): void {
    for (const lb of b.index.ofType(TYPES.loadBalancer)) {
        const id = b.resourceNode(lb, "loadBalancer", "lb", loadBalancerLabel(lb, b.index));
        b.edge(CLIENTS, id, lb.inputs.internal === true ? { label: "from the VPC" } : {});
        for (const eip of b.index.dependencies(lb, "subnetMappings", TYPES.eip)) {
            b.edge(b.resourceNode(eip, "eip", "eip", ["Elastic IP", eip.name]), id, { dotted: true });
        }
    }
}

function addListeners(b: Builder): void {
    for (const listener of b.index.ofType(TYPES.listener)) {
        const label = [`${show(listener.inputs.protocol)}:${show(listener.inputs.port)}`, listener.name];
        const id = b.resourceNode(listener, "listener", "listener", label);
        for (const lb of b.index.dependencies(listener, "loadBalancerArn", TYPES.loadBalancer)) b.edge(b.resourceNode(lb, "loadBalancer", "lb", []), id);
        actionEdges(b, listener, id, "defaultActions");
    }
    for (const rule of b.index.ofType(TYPES.listenerRule)) {
        const id = b.resourceNode(rule, "rule", "rule", [`rule ${show(rule.inputs.priority)}`, describeConditions(rule.inputs.conditions)]);
        for (const listener of b.index.dependencies(rule, "listenerArn", TYPES.listener)) b.edge(b.resourceNode(listener, "listener", "listener", []), id);
        actionEdges(b, rule, id, "actions");
    }
}

function addTargets(b: Builder): void {
    for (const tg of b.index.ofType(TYPES.targetGroup)) targetGroupNode(b, tg);
    for (const att of b.index.ofType(TYPES.attachment)) {
        const targets = b.index.dependencies(att, "targetId");
        const targetIds = targets.length > 0
            ? targets.map((t) => targetNode(b, t))
            // A literal target (an IP address or an instance created elsewhere).
            : [b.node(b.id(`${att.urn}#targetId`, "target", show(att.inputs.targetId)), "target", [show(att.inputs.targetId)])];
        for (const tg of b.index.dependencies(att, "targetGroupArn", TYPES.targetGroup)) {
            for (const t of targetIds) b.edge(targetGroupNode(b, tg), t);
        }
    }
    for (const asg of b.index.ofType(TYPES.autoscalingGroup)) {
        for (const tg of b.index.dependencies(asg, "targetGroupArns", TYPES.targetGroup)) b.edge(targetGroupNode(b, tg), targetNode(b, asg));
    }
    for (const att of b.index.ofType(TYPES.autoscalingAttachment)) {
        for (const asg of b.index.dependencies(att, "autoscalingGroupName", TYPES.autoscalingGroup)) {
            for (const tg of b.index.dependencies(att, "lbTargetGroupArn", TYPES.targetGroup)) b.edge(targetGroupNode(b, tg), targetNode(b, asg));
        }
    }
}

export function topology(resources: RecordedResource[]): Topology {
    const b = new Builder(new ResourceIndex(resources));
    b.node(CLIENTS, "clients", ["Clients"]);
    addLoadBalancers(b);
    addListeners(b);
    addTargets(b);
    return { nodes: [...b.nodes.values()], edges: b.edges };
}
