// The pack measured the way users meet it: `pulumi preview --policy-pack` starts the pack with
// @pulumi/pulumi's run-policy-pack (which serves it with @pulumi/policy's analyzer server) and
// talks gRPC to it. This plays the engine's part with the engine's call pattern: GetAnalyzerInfo,
// Configure (every policy at its own level with its schema defaults, as ReconcilePolicyPackConfig
// leaves it without a config file), ConfigureStack, then Analyze once per resource in
// registration order and AnalyzeStack once with every resource.
//
// Used by tools/scripts/bench.ts for this pack and for @pulumi/awsguard (tools/scripts/bench/awsguard), so both
// are measured through the same server path in the same run.
import * as fs from "fs";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { PlannedResource } from "../engine/policyRunner";
import { analyzerOptions, analyzerResource, call, startPack, toWire } from "../engine/analyzer";


export interface ServerSample {
    resources: number;
    /** All Analyze calls, one per resource, end to end (client and server). */
    analyzeMs: number;
    /** The one AnalyzeStack call. */
    analyzeStackMs: number;
    /** CPU time (user + system) the server process spent in the Analyze calls. */
    analyzeCpuMs: number;
    /** CPU time the server process spent in the AnalyzeStack call. */
    analyzeStackCpuMs: number;
    /** The server process's peak resident set (VmHWM), after both phases. */
    peakRssMb: number;
    /** Its peak resident set once started (the pack loaded and compiled), before any call. */
    startRssMb: number;
    /** Diagnostics the server returned (both phases). */
    diagnostics: number;
}



/** Configure as the CLI does without a config file: each policy's own level and schema defaults. */
function configureRequest(info: pb.AnalyzerInfo): pb.ConfigureAnalyzerRequest {
    const req = new pb.ConfigureAnalyzerRequest();
    for (const p of info.getPoliciesList()) {
        const pc = new pb.PolicyConfig();
        pc.setEnforcementlevel(p.getEnforcementlevel());
        const defaults: Record<string, unknown> = {};
        const schema = p.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
        for (const [knob, s] of Object.entries(schema)) {
            const d = (s as Record<string, unknown> | null)?.default;
            if (d !== undefined) defaults[knob] = d;
        }
        pc.setProperties(Struct.fromJavaScript(defaults as never));
        req.getPolicyconfigMap().set(p.getName(), pc);
    }
    return req;
}

/** Peak resident set of a process in MB (Linux /proc). */
function peakRssMb(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
    return Number(match[1]) / 1024;
}

/**
 * CPU time (user + system) a process has used, in ms (Linux /proc/<pid>/stat fields 14 and 15, in
 * clock ticks of 10 ms). On a shared machine wall time swings with the neighbours' load; the
 * server's own CPU time does not.
 */
function cpuMs(pid: number): number {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One pack, one stack: a fresh server, the engine's calls, its timings and peak memory. */
export async function measureThroughServer(packDir: string, resources: PlannedResource[]): Promise<ServerSample> {
    // Requests are built before the clock starts: the engine's marshalling is not the pack's cost.
    const analyzeRequests = resources.map(r => {
        const req = new pb.AnalyzeRequest();
        req.setType(r.type); req.setUrn(r.urn); req.setName(r.name); req.setOptions(analyzerOptions(r));
        req.setProperties(Struct.fromJavaScript(toWire(r.props) as never));
        return req;
    });
    const stackRequest = new pb.AnalyzeStackRequest();
    for (const r of resources) stackRequest.addResources(analyzerResource(r, toWire(r.props)));

    const { child, port } = await startPack(packDir, { nodeArgs: process.env.BENCH_SERVER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : [] });
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_send_message_length": 400 * 1024 * 1024,
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    try {
        const info = await call<pb.AnalyzerInfo>(cb => client.getAnalyzerInfo(new Empty(), cb));
        const startRssMb = peakRssMb(child.pid!);
        await call(cb => client.configure(configureRequest(info), cb));
        await call(cb => client.configureStack(new pb.AnalyzerStackConfigureRequest(), cb));
        let diagnostics = 0;
        const pid = child.pid!;
        const cpuBefore = cpuMs(pid);
        const analyzeStarted = process.hrtime.bigint();
        for (const req of analyzeRequests) {
            const res = await call<pb.AnalyzeResponse>(cb => client.analyze(req, cb));
            diagnostics += res.getDiagnosticsList().length;
        }
        const analyzeMs = Number(process.hrtime.bigint() - analyzeStarted) / 1e6;
        const cpuAfterAnalyze = cpuMs(pid);
        const stackStarted = process.hrtime.bigint();
        const stackRes = await call<pb.AnalyzeResponse>(cb => client.analyzeStack(stackRequest, cb));
        const analyzeStackMs = Number(process.hrtime.bigint() - stackStarted) / 1e6;
        diagnostics += stackRes.getDiagnosticsList().length;
        const cpuAfterStack = cpuMs(pid);
        return {
            resources: resources.length, analyzeMs, analyzeStackMs,
            analyzeCpuMs: cpuAfterAnalyze - cpuBefore, analyzeStackCpuMs: cpuAfterStack - cpuAfterAnalyze,
            peakRssMb: peakRssMb(pid), startRssMb, diagnostics,
        };
    } finally {
        client.close();
        // SIGINT lets a profiled server (BENCH_SERVER_PROF) write its profile before it exits.
        const exited = new Promise(resolve => child.once("exit", resolve));
        child.kill(process.env.BENCH_SERVER_PROF ? "SIGINT" : "SIGTERM");
        await exited;
    }
}
