// Resource properties as @pulumi/policy's analyzer server hands them to a policy, built from the
// engine's wire form with public API only. The server does this with modules of its own that are
// internal (`deserialize`, `proxy`, `secret`: not in the package's typings, free to change in any
// release); this file states the same semantics so an SDK update cannot change them underneath the
// gate unseen. `npm run test:engine` (test/support/engineParity.ts) runs the pack through the real
// server and through this runner over the same stacks, previews, secrets and remediations, and
// must agree to the message.
//
// What the server does (server.js makeAnalyzeRpcFun / makeRemediateRpcFun):
//  - analyze: deserialize with secrets unwrapped to their plain value, then an unknown-checking proxy;
//  - remediate: deserialize with secrets kept as `Secret` behind a secrets-preserving proxy (a read
//    sees the plain value, a write over a secret stays secret), then the unknown-checking proxy;
//    the remediation's result is serialized back to wire form, secrets as secrets.
// A computed value arrives as one of the engine's unknown sentinels; reading it throws the
// SDK's UnknownValueError (the class the pack's rules test for, from the package entry), which the
// engine reports as an advisory "can't run policy ... during preview" note.
import * as pulumi from "@pulumi/pulumi";
import { Secret, UnknownValueError } from "@pulumi/policy";

const { specialSigKey, specialAssetSig, specialArchiveSig, specialSecretSig } = pulumi.runtime;

/**
 * The sentinels the engine sends for values unknown in a preview, one per type (Go SDK
 * sdk/go/common/resource/plugin: UnknownBoolValue ... UnknownObjectValue; the Node SDK exports the
 * string one as runtime.unknownValue). A computed input is sent as the string one.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    pulumi.runtime.unknownValue, // string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** What a computed value is on the wire. */
export const WIRE_UNKNOWN: string = pulumi.runtime.unknownValue;

/**
 * The error a read of an unknown throws: the class @pulumi/policy's entry exports (its typings
 * omit it) and the pack's rules recognise. Checked on load: without it the runner must not start.
 */
export const UnknownValue = UnknownValueError as unknown as new (sentinel: string, path: PropertyKey[]) => Error & { props: PropertyKey[] };
if (typeof UnknownValue !== "function") {
    throw new Error("@pulumi/policy no longer exports UnknownValueError from its entry: update tools/engine/props.ts to what its analyzer server throws for an unknown value");
}

/** Module-private: how this file's proxies hand back what they wrap (no policy can name it). */
const TARGET = Symbol("props.target");

const isObject = (v: unknown): v is object => v instanceof Object;

/** One wire value as a policy sees it (the server's deserializeProperty, rule for rule). */
function deserialize(prop: unknown, keepSecrets: boolean): unknown {
    if (prop === undefined) {
        throw new Error("unexpected undefined property value during deserialization");
    }
    if (prop === null || typeof prop === "boolean" || typeof prop === "number" || typeof prop === "string") {
        return prop;
    }
    if (Array.isArray(prop)) {
        return prop.map(e => deserialize(e, keepSecrets));
    }
    const wire = prop as Record<string, unknown>;
    const sig = wire[specialSigKey];
    if (sig) {
        switch (sig) {
            case specialAssetSig:
                if (wire.path) return new pulumi.asset.FileAsset(wire.path as string);
                if (wire.text) return new pulumi.asset.StringAsset(wire.text as string);
                if (wire.uri) return new pulumi.asset.RemoteAsset(wire.uri as string);
                throw new Error("Invalid asset encountered when unmarshaling resource property");
            case specialArchiveSig:
                if (wire.assets) {
                    const assets: Record<string, pulumi.asset.Asset | pulumi.asset.Archive> = {};
                    for (const [name, value] of Object.entries(wire.assets as Record<string, unknown>)) {
                        const a = deserialize(value, keepSecrets);
                        if (!pulumi.asset.Asset.isInstance(a) && !pulumi.asset.Archive.isInstance(a)) {
                            throw new Error("Expected an AssetArchive's assets to be unmarshaled Asset or Archive objects");
                        }
                        assets[name] = a;
                    }
                    return new pulumi.asset.AssetArchive(assets);
                }
                if (wire.path) return new pulumi.asset.FileArchive(wire.path as string);
                if (wire.uri) return new pulumi.asset.RemoteArchive(wire.uri as string);
                throw new Error("Invalid archive encountered when unmarshaling resource property");
            case specialSecretSig: {
                const value = deserialize(wire.value, keepSecrets);
                return keepSecrets ? new Secret(value) : value;
            }
            default:
                throw new Error(`Unrecognized signature '${String(sig)}' when unmarshaling resource property`);
        }
    }
    const obj: Record<string, unknown> = {};
    for (const k of Object.keys(wire)) {
        obj[k] = deserialize(wire[k], keepSecrets);
    }
    return obj;
}

/** Reads unwrap secrets; a write over a secret stays secret (the server's secretsPreservingProxy). */
function secretsPreserving<T>(value: T): T {
    if (!isObject(value)) return value;
    return new Proxy(value, {
        get: (target, key) => {
            if (key === TARGET) return target;
            const field = (target as Record<PropertyKey, unknown>)[key];
            return secretsPreserving(field instanceof Secret ? field.value : field);
        },
        set: (target, key, next) => {
            const t = target as Record<PropertyKey, unknown>;
            t[key] = t[key] instanceof Secret ? new Secret(next) : next;
            return true;
        },
    });
}

/** Reading an unknown throws UnknownValueError naming its path (the server's unknownCheckingProxy). */
function unknownChecking<T>(value: T, path: PropertyKey[]): T {
    if (!isObject(value)) return value;
    return new Proxy(value, {
        get: (obj, key) => {
            if (key === TARGET) return obj;
            const field = (obj as Record<PropertyKey, unknown>)[key];
            const at = [...path, key];
            if (typeof field === "string" && UNKNOWN_SENTINELS.has(field)) {
                throw new UnknownValue(field, at);
            }
            // A proxy must return a non-configurable, non-writable own property as it is (the
            // `prototype` of a proxied array's constructor, read by Array.prototype.filter).
            const own = Object.getOwnPropertyDescriptor(obj, key);
            if (own && "value" in own && own.configurable === false && own.writable === false) return field;
            return unknownChecking(field, at);
        },
    });
}

/** Props for a policy's analysis (validateResource, validateStack): secrets as plain values. */
export function analyzedProps(wire: Record<string, unknown>): Record<string, unknown> {
    return unknownChecking(deserializeProperties(wire, false), []);
}

/** Props for a remediation: a write over a secret stays secret; serializeProps keeps them secret. */
export function remediatedProps(wire: Record<string, unknown>): Record<string, unknown> {
    return unknownChecking(secretsPreserving(deserializeProperties(wire, true)), []);
}

function deserializeProperties(wire: Record<string, unknown>, keepSecrets: boolean): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    for (const k of Object.keys(wire)) {
        // A property whose value is undefined does not exist.
        if (wire[k] !== undefined) props[k] = deserialize(wire[k], keepSecrets);
    }
    return props;
}

/** A remediation's result back to wire form (the server's serializeProperties): what a proxy wraps, secrets as secrets. */
export async function serializeProps(props: unknown): Promise<Record<string, unknown>> {
    return ((await serialize(props)) ?? {}) as Record<string, unknown>;
}

async function serialize(prop: unknown): Promise<unknown> {
    if (prop === undefined || prop === null || typeof prop === "boolean" || typeof prop === "number" || typeof prop === "string") {
        return prop;
    }
    const wrapped = (prop as Record<PropertyKey, unknown>)[TARGET];
    if (wrapped !== undefined) return serialize(wrapped);
    if (prop instanceof Promise) return serialize(await prop);
    if (Array.isArray(prop)) {
        const elems: unknown[] = [];
        for (const e of prop) {
            const se = await serialize(e);
            elems.push(se === undefined ? null : se);
        }
        return elems;
    }
    if (prop instanceof pulumi.asset.FileAsset) return { [specialSigKey]: specialAssetSig, path: await serialize(prop.path) };
    if (prop instanceof pulumi.asset.StringAsset) return { [specialSigKey]: specialAssetSig, text: await serialize(prop.text) };
    if (prop instanceof pulumi.asset.RemoteAsset) return { [specialSigKey]: specialAssetSig, uri: await serialize(prop.uri) };
    if (prop instanceof pulumi.asset.AssetArchive) {
        // As the server does: the archive's asset names, not the assets.
        const assets: unknown[] = [];
        for (const a of Object.keys(await prop.assets)) assets.push(await serialize(a));
        return { [specialSigKey]: specialArchiveSig, assets };
    }
    if (prop instanceof pulumi.asset.FileArchive) return { [specialSigKey]: specialArchiveSig, path: await serialize(prop.path) };
    if (prop instanceof pulumi.asset.RemoteArchive) return { [specialSigKey]: specialArchiveSig, uri: await serialize(prop.uri) };
    if (prop instanceof Secret) {
        const value = await serialize(prop.value);
        return { [specialSigKey]: specialSecretSig, value: value === undefined ? null : value };
    }
    if (pulumi.Output.isInstance(prop)) {
        throw new Error("Serializing output values not supported from within a policy pack");
    }
    const obj: Record<string, unknown> = {};
    for (const k of Object.keys(prop)) {
        const value = await serialize((prop as Record<string, unknown>)[k]);
        if (value !== undefined) obj[k] = value;
    }
    return obj;
}

// ---- Which policies and resources a policy applies to ----

/**
 * The resource type a validation (validateResourceOfType, validateStackResourcesOfType) or a
 * resource class (aws.lb.LoadBalancer) is for: its `__pulumiType`, which the SDK sets on the
 * functions it returns so the server can skip other types (the pack's dispatch.ts reads it the
 * same way; test/tools/props.test.ts pins it).
 */
export function pulumiTypeOf(obj: unknown): string | undefined {
    const type = (obj as { __pulumiType?: unknown } | null | undefined)?.__pulumiType;
    return typeof type === "string" && type.length > 0 ? type : undefined;
}

/** A ResourceValidationPolicy: validateResource (a function or a list of them) or remediateResource. */
export function isResourcePolicy(p: object): boolean {
    const { validateResource, remediateResource } = p as { validateResource?: unknown; remediateResource?: unknown };
    if (typeof validateResource === "function") return true;
    if (Array.isArray(validateResource)) return validateResource.every(v => typeof v === "function");
    return typeof remediateResource === "function";
}

/** A StackValidationPolicy: validateStack is a function. */
export function isStackPolicy(p: object): boolean {
    return typeof (p as { validateStack?: unknown }).validateStack === "function";
}
