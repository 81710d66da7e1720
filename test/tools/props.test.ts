// The policy runner builds a policy's view of a resource with public API only (tools/engine/props.ts).
// What it relies on of @pulumi/policy is pinned here, so an SDK update that changes it fails a test
// instead of quietly changing the gate; `npm run test:engine` compares whole runs with the real server.
import { expect } from "chai";
import * as policySdk from "@pulumi/policy";
import { analyzedProps, isResourcePolicy, isStackPolicy, pulumiTypeOf, remediatedProps, serializeProps, UnknownValue, WIRE_UNKNOWN } from "../../tools/engine/props";
import { policies } from "../../policies/rules";

const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

/** A resource class as @pulumi/aws declares one: its type token as a static __pulumiType. */
class LoadBalancer {
    static readonly __pulumiType = "aws:lb/loadBalancer:LoadBalancer";
}

describe("policy props through public API (tools/engine/props.ts)", () => {
    it("knows the type a typed validation is for, as the SDK's helpers mark it", () => {
        const validate = policySdk.validateResourceOfType(LoadBalancer as never, () => undefined);
        const stack = policySdk.validateStackResourcesOfType(LoadBalancer as never, () => undefined);
        expect(pulumiTypeOf(validate)).to.equal("aws:lb/loadBalancer:LoadBalancer");
        expect(pulumiTypeOf(stack)).to.equal("aws:lb/loadBalancer:LoadBalancer");
        expect(pulumiTypeOf(() => undefined)).to.equal(undefined);
    });

    it("sorts the pack's policies as the server does", () => {
        expect(policies.every((p) => isResourcePolicy(p) || isStackPolicy(p))).to.equal(true);
        expect(isResourcePolicy({ validateResource: [() => undefined, "x"] })).to.equal(false);
        expect(isResourcePolicy({ remediateResource: () => undefined })).to.equal(true);
        expect(isStackPolicy({ validateStack: {} })).to.equal(false);
    });

    it("throws the SDK's UnknownValueError, with the SDK's message, on reading an unknown", () => {
        expect(UnknownValue).to.equal((policySdk as unknown as { UnknownValueError: unknown }).UnknownValueError);
        const props = analyzedProps({ listener: { port: 443, certificateArn: WIRE_UNKNOWN }, list: [WIRE_UNKNOWN] });
        expect((props.listener as Record<string, unknown>).port).to.equal(443);
        const read = () => (props.listener as Record<string, unknown>).certificateArn;
        expect(read).to.throw(UnknownValue, "string value at .listener.certificateArn can't be known during preview");
        expect(() => (props.list as unknown[])[0]).to.throw(UnknownValue, "string value at .list.0 can't be known during preview");
        // The SDK's own proxy (exported from its entry) says the same.
        const sdkProxy = (policySdk as unknown as { unknownCheckingProxy<T>(t: T): T }).unknownCheckingProxy({ listener: { certificateArn: WIRE_UNKNOWN } });
        expect(() => sdkProxy.listener.certificateArn).to.throw("string value at .listener.certificateArn can't be known during preview");
        // Array methods work through the proxy (the non-configurable `prototype` invariant).
        expect(analyzedProps({ ports: [80, 443] }).ports as number[]).to.satisfy((p: number[]) => p.filter((x) => x > 100).length === 1);
    });

    it("hands policies secrets as plain values, and keeps a remediated secret secret", async () => {
        const wire = { userData: secret("PASSWORD=x"), metadataOptions: secret({ httpTokens: "optional" }), tags: { Team: "web" } };
        expect(analyzedProps(wire)).to.deep.equal({ userData: "PASSWORD=x", metadataOptions: { httpTokens: "optional" }, tags: { Team: "web" } });
        const props = remediatedProps(wire);
        expect(props.userData).to.equal("PASSWORD=x");
        props.metadataOptions = { httpTokens: "required" };
        props.tags = { Team: "web", Project: "p" };
        expect(await serializeProps(props)).to.deep.equal({ userData: secret("PASSWORD=x"), metadataOptions: secret({ httpTokens: "required" }), tags: { Team: "web", Project: "p" } });
        // A new object built from the proxied props: nested values are unwrapped, undefined dropped.
        expect(await serializeProps({ ...props, extra: undefined, list: [undefined, 1] })).to.deep.equal(
            { userData: "PASSWORD=x", metadataOptions: { httpTokens: "required" }, tags: { Team: "web", Project: "p" }, list: [null, 1] });
    });
});
