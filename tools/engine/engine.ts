// A stand-in for the Pulumi engine, over the real wire: the gRPC Engine and ResourceMonitor services
// (the protos and stubs that ship in @pulumi/pulumi) that a program started by `cmd/run` talks to.
// Registrations are answered by the same mocks as the in-process plan (tools/engine/mocks.ts) and
// recorded as the engine records them; URNs are built as the engine builds them.
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, recordRegistration, RegisterRequest } from "./mockRun";
import { parseUrn } from "./aliases";

/* eslint-disable @typescript-eslint/no-require-imports */
const resproto = require("@pulumi/pulumi/proto/resource_pb") as ProtoModule;
const resgrpc = require("@pulumi/pulumi/proto/resource_grpc_pb") as GrpcModule;
const engproto = require("@pulumi/pulumi/proto/engine_pb") as ProtoModule;
const enggrpc = require("@pulumi/pulumi/proto/engine_grpc_pb") as GrpcModule;
const provproto = require("@pulumi/pulumi/proto/provider_pb") as ProtoModule;
const emptyproto = require("google-protobuf/google/protobuf/empty_pb") as ProtoModule;
const structproto = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: unknown): unknown } };
/* eslint-enable @typescript-eslint/no-require-imports */

type ProtoModule = Record<string, new () => Record<string, (...args: unknown[]) => unknown>>;
type GrpcModule = Record<string, grpc.ServiceDefinition>;
type Callback = (err: grpc.ServiceError | null, resp?: unknown) => void;
type Handler = (call: { request: unknown }, cb: Callback) => void;

/** The engine's root stack type (resource.RootStackType): its children's URNs carry no parent type. */
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface EngineLog {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn?: string;
}

export interface FakeEngine {
    monitorAddress: string;
    engineAddress: string;
    /** Every registration, in the order the engine saw them (the stack resource included). */
    resources: RecordedResource[];
    /** The root stack resource's outputs as registered (wire form: unknowns are UNKNOWN). */
    stackOutputs(): Record<string, unknown> | undefined;
    logs: EngineLog[];
    close(): Promise<void>;
}

const SEVERITIES = ["debug", "info", "warning", "error"] as const;

/**
 * The engine's NewURN (sdk/go/common/resource/urn.go): the parent's qualified type (its whole
 * chain of types), "$", the resource's type; children of the stack resource carry no parent type.
 */
export function engineUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    const parentType = parentUrn ? parseUrn(parentUrn).qualifiedType : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function bind(server: grpc.Server): Promise<number> {
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
}

/** Starts the engine on loopback; `mocks` answer registrations, reads and invokes. */
export async function startEngine(mocks: pulumi.runtime.Mocks, target: { project: string; stack: string }): Promise<FakeEngine> {
    const resources: RecordedResource[] = [];
    const byUrn = new Map<string, RecordedResource>();
    const states = new Map<string, { urn: string; id: string | null; state: Record<string, unknown> }>();
    const logs: EngineLog[] = [];
    let rootUrn = "";
    let outputs: Record<string, unknown> | undefined;
    const urnOf = (parent: string, type: string, name: string) => engineUrn(target.stack, target.project, parent || undefined, type, name);
    const answer = (work: () => Promise<unknown>): ((cb: Callback) => void) => (cb) => {
        // The program sees `details` as the error's message, as from the engine.
        work().then((r) => cb(null, r), (e: Error) => cb(Object.assign(new Error(e.message), { code: grpc.status.UNKNOWN, details: e.message, metadata: new grpc.Metadata() })));
    };

    /** A resource the mocks make (registered or read): its URN and serialized state, kept for getResource. */
    const make = async (r: { type: string; name: string; parent: string; inputs: unknown; provider: string; custom: boolean; id: string }) => {
        const urn = urnOf(r.parent, r.type, r.name);
        const result = r.type === ROOT_STACK_TYPE ? { id: undefined, state: {} }
            : await mocks.newResource({ type: r.type, name: r.name, inputs: r.inputs as Record<string, unknown>, provider: r.provider, custom: r.custom, id: r.id });
        const state = await pulumi.runtime.serializeProperties("", result.state);
        states.set(urn, { urn, id: result.id ?? null, state });
        return { urn, id: result.id, state };
    };

    const monitor: Record<string, Handler> = {
        supportsFeature: (call, cb) => {
            // The engine of a current CLI supports every feature this SDK asks about.
            const resp = new resproto.SupportsFeatureResponse();
            resp.setHassupport(true);
            cb(null, resp);
        },
        registerResource: (call, cb) => answer(async () => {
            const req = call.request as RegisterRequest & { getImportid(): string };
            const { urn, id, state } = await make({
                type: req.getType(), name: req.getName(), parent: req.getParent(), inputs: pulumi.runtime.deserializeProperties(req.getObject() as never),
                provider: req.getProvider(), custom: req.getCustom(), id: req.getImportid(),
            });
            resources.push(recordRegistration(req, urn, byUrn));
            const resp = new resproto.RegisterResourceResponse();
            resp.setUrn(urn);
            resp.setId(id ?? "");
            resp.setObject(structproto.Struct.fromJavaScript(state));
            return resp;
        })(cb),
        registerResourceOutputs: (call, cb) => {
            const req = call.request as unknown as { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined };
            if (req.getUrn() === rootUrn) outputs = req.getOutputs()?.toJavaScript() ?? {};
            cb(null, new emptyproto.Empty());
        },
        readResource: (call, cb) => answer(async () => {
            const req = call.request as unknown as { getType(): string; getName(): string; getParent(): string; getId(): string; getProvider(): string; getProperties(): never };
            const { urn, state } = await make({
                type: req.getType(), name: req.getName(), parent: req.getParent(), inputs: pulumi.runtime.deserializeProperties(req.getProperties()),
                provider: req.getProvider(), custom: true, id: req.getId(),
            });
            const resp = new resproto.ReadResourceResponse();
            resp.setUrn(urn);
            resp.setProperties(structproto.Struct.fromJavaScript(state));
            return resp;
        })(cb),
        invoke: (call, cb) => answer(async () => {
            const req = call.request as unknown as { getTok(): string; getArgs(): never; getProvider(): string };
            const inputs = pulumi.runtime.deserializeProperties(req.getArgs());
            let result: unknown;
            if (req.getTok() === "pulumi:pulumi:getResource") {
                result = states.get(String(inputs.urn));
                if (!result) throw new Error(`unknown resource ${String(inputs.urn)}`);
            } else {
                result = await pulumi.runtime.serializeProperties("", await mocks.call({ token: req.getTok(), inputs, provider: req.getProvider() }));
            }
            const resp = new provproto.InvokeResponse();
            resp.setReturn(structproto.Struct.fromJavaScript(result));
            return resp;
        })(cb),
        registerPackage: (call, cb) => {
            const resp = new resproto.RegisterPackageResponse();
            resp.setRef("offline-package");
            cb(null, resp);
        },
        signalAndWaitForShutdown: (call, cb) => cb(null, new emptyproto.Empty()),
    };
    const engine: Record<string, Handler> = {
        log: (call, cb) => {
            const req = call.request as unknown as { getSeverity(): number; getMessage(): string; getUrn(): string };
            logs.push({ severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() || undefined });
            cb(null, new emptyproto.Empty());
        },
        getRootResource: (call, cb) => {
            const resp = new engproto.GetRootResourceResponse();
            resp.setUrn(rootUrn);
            cb(null, resp);
        },
        setRootResource: (call, cb) => {
            rootUrn = (call.request as unknown as { getUrn(): string }).getUrn();
            cb(null, new engproto.SetRootResourceResponse());
        },
        requirePulumiVersion: (call, cb) => cb(null, new engproto.RequirePulumiVersionResponse()),
    };

    // Methods the program must not need offline answer UNIMPLEMENTED, as a monitor without them would.
    const unimplemented = (service: grpc.ServiceDefinition, impl: Record<string, Handler>): grpc.UntypedServiceImplementation =>
        Object.fromEntries(Object.keys(service).map((m) => [m, impl[m] ?? ((_call: unknown, cb: Callback) => cb({ code: grpc.status.UNIMPLEMENTED, details: `${m} is not offered offline`, message: m, metadata: new grpc.Metadata(), name: "Error" } as grpc.ServiceError))]));
    const monitorServer = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    monitorServer.addService(resgrpc.ResourceMonitorService, unimplemented(resgrpc.ResourceMonitorService, monitor));
    const engineServer = new grpc.Server();
    engineServer.addService(enggrpc.EngineService, unimplemented(enggrpc.EngineService, engine));
    const [monitorPort, enginePort] = await Promise.all([bind(monitorServer), bind(engineServer)]);
    return {
        monitorAddress: `127.0.0.1:${monitorPort}`,
        engineAddress: `127.0.0.1:${enginePort}`,
        resources,
        stackOutputs: () => outputs,
        logs,
        close: async () => {
            monitorServer.forceShutdown();
            engineServer.forceShutdown();
        },
    };
}

