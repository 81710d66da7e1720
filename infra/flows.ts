// What the security groups and httpd must allow, derived from the traffic model.
import { groupPorts, PortTargetGroupSpec, TrafficSpec } from "./config";
import { Flow } from "./security";

const trafficProtocols = (tg: PortTargetGroupSpec): Flow["protocol"][] =>
    tg.protocol === "UDP" ? ["udp"] : tg.protocol === "TCP_UDP" ? ["tcp", "udp"] : ["tcp"];

/** Target ports and health-check ports (health checks are TCP, HTTP or HTTPS: always TCP). */
function groupFlows(tg: PortTargetGroupSpec, port: number): Flow[] {
    const hc = tg.healthCheck.port === "traffic-port" ? port : Number(tg.healthCheck.port);
    return [...trafficProtocols(tg).map((protocol) => ({ protocol, port })), { protocol: "tcp", port: hc }];
}

function uniqueFlows<T extends Flow>(flows: T[], key: (f: T) => string = (f) => `${f.protocol}:${f.port}`): T[] {
    const seen = new Map(flows.map((f) => [key(f), f]));
    return [...seen.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** What the security groups and httpd must allow, from the traffic model. */
export function trafficFlows(t: TrafficSpec) {
    const instanceGroups = t.targetGroups.filter((g) => g.targetType === "instance");
    const listenerFlows = uniqueFlows([...t.albListeners, ...t.nlbListeners].flatMap((l): Flow[] =>
        l.protocol === "UDP" ? [{ protocol: "udp", port: l.port }] : l.protocol === "TCP_UDP" ? [{ protocol: "tcp", port: l.port }, { protocol: "udp", port: l.port }] : [{ protocol: "tcp", port: l.port }]));
    const instanceFlows = uniqueFlows(instanceGroups.flatMap((g) => groupFlows(g, g.port)));
    const ipTargetFlows = uniqueFlows(t.targetGroups.filter((g) => g.targetType === "ip").flatMap((g) => g.targets.flatMap((target) => {
        const cidr = `${target.ip}/${target.ip.includes(":") ? 128 : 32}`;
        return groupFlows(g, target.port ?? g.port).map((f) => ({ ...f, cidr }));
    })), (f) => `${f.cidr}:${f.protocol}:${f.port}`);
    return {
        listenerFlows,
        instanceFlows,
        ipTargetFlows,
        albTargetPorts: [...new Set(t.targetGroups.filter((g) => g.targetType === "alb").map((g) => g.port))],
        httpdPorts: instanceFlows.filter((f) => f.protocol === "tcp").map((f) => f.port),
        // The NLB sends the proxy protocol header on health-check connections too, on whichever port.
        proxyProtocolPorts: [...new Set(instanceGroups.filter((g) => g.proxyProtocolV2).flatMap(groupPorts))].sort((a, b) => a - b),
    };
}
