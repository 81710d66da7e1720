// The engine's side of a policy pack, over the real wire: starting a pack as the CLI's policy
// analyzer plugin does, and the analyzer requests the engine sends it. Shared by the parity check
// (test/support/engineParity.ts), the standalone-pack check and the server benchmark.
import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import * as pulumi from "@pulumi/pulumi";
import { PlannedResource, UNKNOWN } from "./policyRunner";

/** What the engine sends for a computed value (plugin.UnknownStringValue). */
export const UNKNOWN_SENTINEL: string = pulumi.runtime.unknownValue;

/** A planned value as the engine puts it on the wire: unknowns as the sentinel, undefined dropped (null in lists). */
export function toWire(v: unknown): unknown {
    if (v === UNKNOWN) return UNKNOWN_SENTINEL;
    if (Array.isArray(v)) return v.map(x => (x === undefined ? null : toWire(x)));
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toWire(x)]));
    }
    return v;
}

export interface Pack { child: ChildProcess; port: string }

/**
 * Starts the pack in `packDir` the way the Pulumi CLI's policy analyzer plugin does: node runs the
 * `run-policy-pack` entry of the @pulumi/pulumi that `packDir` resolves (its own node_modules, or an
 * ancestor's), with an engine address and the pack directory; the pack prints its gRPC port on
 * stdout. `nodeArgs` go before the entry (a CPU profile, say); `echoStderr` passes the pack's
 * stderr through.
 */
export function startPack(packDir: string, options: { nodeArgs?: string[]; echoStderr?: boolean } = {}): Promise<Pack> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // The engine address is unused by run-policy-pack.
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), runner, "127.0.0.1:1", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    // Never leave the pack running, whatever way this process ends.
    process.once("exit", () => child.kill());
    let stderr = "";
    return new Promise<Pack>((resolve, reject) => {
        child.stdout!.once("data", (b: Buffer) => resolve({ child, port: b.toString().trim() }));
        child.stderr!.on("data", (b: Buffer) => { stderr += b.toString(); if (options.echoStderr) process.stderr.write(b); });
        child.once("exit", (code) => reject(new Error(`policy pack in ${packDir} exited with ${code}: ${stderr}`)));
    });
}

/** A unary gRPC call as a promise. */
export function call<Res>(invoke: (callback: (err: grpc.ServiceError | null, res: Res) => void) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(err) : resolve(res))));
}

/** The resource options the engine sends with a resource. */
export function analyzerOptions(r: PlannedResource): pb.AnalyzerResourceOptions {
    const o = new pb.AnalyzerResourceOptions();
    o.setProtect(r.opts?.protect ?? false);
    o.setIgnorechangesList(r.opts?.ignoreChanges ?? []);
    if (r.opts?.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplacedefined(true);
        o.setDeletebeforereplace(r.opts.deleteBeforeReplace);
    }
    if (r.parent) o.setParent(r.parent);
    return o;
}

/** One resource of an AnalyzeStack request, with `props` in wire form. */
export function analyzerResource(r: PlannedResource, props: unknown): pb.AnalyzerResource {
    const ar = new pb.AnalyzerResource();
    ar.setType(r.type); ar.setUrn(r.urn); ar.setName(r.name); ar.setOptions(analyzerOptions(r));
    ar.setProperties(Struct.fromJavaScript(props as never));
    if (r.parent) ar.setParent(r.parent);
    ar.setDependenciesList(r.dependencies ?? []);
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const deps = new pb.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        ar.getPropertydependenciesMap().set(k, deps);
    }
    return ar;
}
