// Old URNs a resource answers to, as the engine's step generator computes them (step_generator.go:
// generateAliases, collapseAliasToUrn, inheritedChildAlias).
import { expect } from "chai";
import { aliasUrns } from "../../tools/engine/aliases";

const U = (qualifiedType: string, name: string) => `urn:pulumi:dev::p::${qualifiedType}::${name}`;
const STACK = U("pulumi:pulumi:Stack", "p-dev");

describe("aliases resolved as the engine resolves them", () => {
    // A component renamed from "old-web" to "web" (alias), whose child was "web-lt" and is now
    // "web-template" (its own alias by name).
    const parent = { urn: U("p:x:Fleet", "web"), aliases: [U("p:x:Fleet", "old-web")] };
    const lookup = (urn: string) => (urn === parent.urn ? parent : undefined);

    it("a child's alias spec resolves under its parent, and again under the parent's old URN", () => {
        const urns = aliasUrns({ urn: U("p:x:Fleet$aws:ec2/launchTemplate:LaunchTemplate", "web-template"), type: "aws:ec2/launchTemplate:LaunchTemplate", name: "web-template", parent: parent.urn, aliasSpecs: [{ name: "web-lt", parentUrn: parent.urn }] }, lookup);
        expect(urns).to.have.members([
            // the spec as written
            U("p:x:Fleet$aws:ec2/launchTemplate:LaunchTemplate", "web-lt"),
            // its own name under the parent's old name: "web-" prefix swapped for "old-web-"
            U("p:x:Fleet$aws:ec2/launchTemplate:LaunchTemplate", "old-web-template"),
            // the spec's name under the parent's old name (multiplied out)
            U("p:x:Fleet$aws:ec2/launchTemplate:LaunchTemplate", "old-web-lt"),
        ]);
    });

    it("a full-URN alias is multiplied out under the parent's old URN too", () => {
        const urns = aliasUrns({ urn: U("p:x:Fleet$aws:ec2/eip:Eip", "ip"), type: "aws:ec2/eip:Eip", name: "ip", parent: parent.urn, aliasSpecs: [{ urn: U("aws:ec2/eip:Eip", "web-ip") }] }, lookup);
        expect(urns).to.have.members([U("aws:ec2/eip:Eip", "web-ip"), U("p:x:Fleet$aws:ec2/eip:Eip", "old-web-ip")]);
    });

    it("noParent and the stack as parent both leave the parent type out; the URN itself is not an alias", () => {
        const urns = aliasUrns({ urn: U("aws:ec2/eip:Eip", "ip"), type: "aws:ec2/eip:Eip", name: "ip", parent: STACK, aliasSpecs: [{ name: "ip", parentUrn: STACK }, { name: "eip", noParent: true }] }, () => undefined);
        expect(urns).to.deep.equal([U("aws:ec2/eip:Eip", "eip")]);
    });

    it("without aliases on the parent, nothing is inherited", () => {
        const urns = aliasUrns({ urn: U("p:x:Box$aws:ec2/eip:Eip", "ip"), type: "aws:ec2/eip:Eip", name: "ip", parent: U("p:x:Box", "box"), aliasSpecs: [] }, () => ({ aliases: [] }));
        expect(urns).to.deep.equal([]);
    });
});
