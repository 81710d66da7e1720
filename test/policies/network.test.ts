import { expect } from "chai";
import { TYPES } from "../../policies/rules/tokens";
import { rules as policies } from "../../policies/rules";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    PlannedResource,
    previewNotesOf,
    previewPolicy,
    resource,
    runPolicy,
    UNKNOWN,
    violationsOf,
} from "../support/policyHarness";

const SG = TYPES.securityGroup;
const SG_RULE = TYPES.securityGroupRule;
const VPC_INGRESS = TYPES.vpcIngressRule;
const VPC_EGRESS = TYPES.vpcEgressRule;

/** One ingress rule, written independently of how it is declared. */
interface Spec {
    protocol: string | number;
    from?: number;
    to?: number;
    cidr: string;
}

type Form = "inline" | "securityGroupRule" | "vpcRule";
const FORMS: Form[] = ["inline", "securityGroupRule", "vpcRule"];

const isV6 = (cidr: string) => cidr.includes(":");

/** Declares `spec` as an inline SG rule, an aws.ec2.SecurityGroupRule or an aws.vpc rule. */
function declare(form: Form, spec: Spec): PlannedResource {
    const ports = spec.from === undefined ? {} : { fromPort: spec.from, toPort: spec.to ?? spec.from };
    const cidrs = isV6(spec.cidr) ? { ipv6CidrBlocks: [spec.cidr] } : { cidrBlocks: [spec.cidr] };
    switch (form) {
        case "inline":
            return resource(SG, { description: "web", ingress: [{ protocol: spec.protocol, ...ports, ...cidrs, description: "d" }] });
        case "securityGroupRule":
            return resource(SG_RULE, { type: "ingress", securityGroupId: "sg-1", protocol: spec.protocol, ...ports, ...cidrs, description: "d" });
        case "vpcRule": {
            const cidr = isV6(spec.cidr) ? { cidrIpv6: spec.cidr } : { cidrIpv4: spec.cidr };
            return resource(VPC_INGRESS, { securityGroupId: "sg-1", ipProtocol: String(spec.protocol), ...ports, ...cidr, description: "d" });
        }
    }
}

function label(spec: Spec): string {
    const ports = spec.from === undefined ? "" : ` ${spec.from}-${spec.to ?? spec.from}`;
    return `${spec.protocol}${ports} from ${spec.cidr}`;
}

interface IngressTable {
    policy: string;
    fragment: string;
    fails: Spec[];
    passes: Spec[];
}

/** Runs every spec in every declaration form; failing specs must name the policy and the fragment. */
function ingressTable({ policy, fragment, fails, passes }: IngressTable): void {
    const p = findPolicy(policies, policy);
    for (const form of FORMS) {
        describe(`declared as ${form}`, () => {
            for (const spec of fails) {
                it(`rejects ${label(spec)}`, async () => {
                    const v = expectViolation(await runPolicy(p, [declare(form, spec)]), policy, fragment);
                    expect(v.message).to.contain(spec.cidr);
                    expect(v.enforcementLevel).to.equal("mandatory");
                });
            }
            for (const spec of passes) {
                it(`accepts ${label(spec)}`, async () => {
                    expectNoViolation(await runPolicy(p, [declare(form, spec)]), policy);
                });
            }
        });
    }
}

describe("network policies", () => {
    describe("sg-no-ssh-ingress", () => {
        const ssh = findPolicy(policies, "sg-no-ssh-ingress");
        const BASTIONS = { "sg-no-ssh-ingress": { allowedBastionCidrs: ["10.20.0.0/24", "2001:db8:5::/48"], allowedBastionSecurityGroupIds: ["sg-0123456789abcdef0"] } };

        ingressTable({
            policy: "sg-no-ssh-ingress",
            fragment: "SSH (22)",
            fails: [
                { protocol: "tcp", from: 22, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 22, cidr: "::/0" },
                { protocol: "tcp", from: 20, to: 25, cidr: "0.0.0.0/0" },
                { protocol: "-1", from: 0, to: 0, cidr: "0.0.0.0/0" },
                { protocol: "ALL", from: 0, to: 0, cidr: "::/0" },
                { protocol: "udp", from: 22, cidr: "0.0.0.0/0" },
                { protocol: "6", from: 22, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 22, cidr: "128.0.0.0/1" },
                // No SSH ingress from any source: private and narrow public ranges fail too.
                { protocol: "tcp", from: 22, cidr: "10.0.0.0/8" },
                { protocol: "tcp", from: 22, cidr: "10.20.0.5/32" },
                { protocol: "tcp", from: 22, cidr: "203.0.113.0/24" },
                { protocol: "-1", from: 0, to: 0, cidr: "192.168.0.0/16" },
                { protocol: "tcp", from: 0, to: 65535, cidr: "fd00::/8" },
            ],
            passes: [
                { protocol: "tcp", from: 443, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 23, to: 1024, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 1, to: 21, cidr: "10.0.0.0/8" },
                // For ICMP, fromPort/toPort are type and code, not ports.
                { protocol: "icmp", from: 22, to: 0, cidr: "0.0.0.0/0" },
            ],
        });

        it("rejects SSH from a security group, a prefix list or the group itself by default", async () => {
            const r = await runPolicy(ssh, [
                resource(SG, { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: ["sg-0aaaaaaaaaaaaaaaa"], description: "d" }] }),
                resource(SG_RULE, { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, sourceSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa", securityGroupId: "sg-1" }),
                resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, referencedSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa", securityGroupId: "sg-1" }),
                resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId: "pl-0123abcd", securityGroupId: "sg-1" }),
                resource(SG_RULE, { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, self: true, securityGroupId: "sg-1" }),
            ]);
            const messages = violationsOf(r, "sg-no-ssh-ingress").map(v => v.message);
            expect(messages).to.have.length(5);
            expect(messages[0]).to.contain("securityGroups[0] sg-0aaaaaaaaaaaaaaaa (a group not in allowedBastionSecurityGroupIds)");
            expect(messages[1]).to.contain("sourceSecurityGroupId sg-0aaaaaaaaaaaaaaaa");
            expect(messages[2]).to.contain("referencedSecurityGroupId sg-0aaaaaaaaaaaaaaaa");
            expect(messages[3]).to.contain("prefixListId pl-0123abcd (a managed prefix list");
            expect(messages[4]).to.contain("the group itself (self)");
        });

        it("accepts the bastion CIDRs and groups the config names, in every form", async () => {
            const r = await runPolicy(ssh, [
                resource(SG, { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.20.0.0/24", "10.20.0.7/32"], ipv6CidrBlocks: ["2001:db8:5:1::/64"], securityGroups: ["sg-0123456789abcdef0"] }] }),
                resource(SG_RULE, { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, sourceSecurityGroupId: "sg-0123456789abcdef0", securityGroupId: "sg-1" }),
                resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.20.0.128/25", securityGroupId: "sg-1" }),
            ], { config: BASTIONS });
            expectNoViolation(r);
        });

        it("names only the sources outside the allowlist, and never allows an allowlisted internet block", async () => {
            const r = await runPolicy(ssh, [
                resource(SG, { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.20.0.0/24", "10.20.0.0/23"] }] }),
                resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" }),
            ], { config: { "sg-no-ssh-ingress": { allowedBastionCidrs: ["10.20.0.0/24", "0.0.0.0/0"] } } });
            const [inline, vpc] = violationsOf(r, "sg-no-ssh-ingress");
            expect(inline.message).to.contain("cidrBlocks[1] 10.20.0.0/23 (a range outside allowedBastionCidrs)");
            expect(inline.message).to.not.contain("cidrBlocks[0]");
            expect(vpc.message).to.contain("cidrIpv4 0.0.0.0/0 (the internet (never allowed");
        });

        it("rejects a malformed allowlist the way the CLI does (configSchema)", async () => {
            for (const bad of [{ allowedBastionCidrs: ["10.0.0.0"] }, { allowedBastionSecurityGroupIds: ["bastion"] }, { allowedBastionCidrs: "10.0.0.0/8" }]) {
                let error: unknown;
                try {
                    await runPolicy(ssh, [], { config: { "sg-no-ssh-ingress": bad } });
                } catch (e) {
                    error = e;
                }
                expect(String(error), JSON.stringify(bad)).to.match(/sg-no-ssh-ingress: /);
            }
        });

        it("ignores egress rules", async () => {
            const r = await runPolicy(ssh, [
                resource(SG_RULE, { type: "egress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" }),
                resource(SG, { description: "x", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
            ]);
            expectNoViolation(r);
        });

        it("names which inline rule is at fault", async () => {
            const r = await runPolicy(ssh, [resource(SG, {
                description: "x",
                ingress: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
                    { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.20.0.0/24", "0.0.0.0/0"] },
                ],
            })], { config: BASTIONS });
            expectViolation(r, "sg-no-ssh-ingress", "ingress[1] allows tcp port 22, which includes SSH (22), from cidrBlocks[1] 0.0.0.0/0");
            expect(violationsOf(r)).to.have.length(1);
        });

        it("in preview, reports a known forbidden source next to an unknown one, then notes the unknown", async () => {
            const r = await previewPolicy(ssh, [resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8", referencedSecurityGroupId: UNKNOWN })]);
            expectViolation(r, "sg-no-ssh-ingress", "cidrIpv4 10.0.0.0/8");
            expect(previewNotesOf(r, "sg-no-ssh-ingress")[0].message).to.contain("referencedSecurityGroupId can't be known");
        });
    });

    describe("sg-no-rdp-from-internet", () => {
        ingressTable({
            policy: "sg-no-rdp-from-internet",
            fragment: "opens RDP (3389) to the internet",
            fails: [
                { protocol: "tcp", from: 3389, cidr: "0.0.0.0/0" },
                { protocol: "udp", from: 3389, cidr: "::/0" },
                { protocol: "tcp", from: 3000, to: 4000, cidr: "0.0.0.0/0" },
                { protocol: "all", from: 0, to: 0, cidr: "0.0.0.0/0" },
            ],
            passes: [
                { protocol: "tcp", from: 3389, cidr: "192.168.0.0/16" },
                { protocol: "tcp", from: 80, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 3390, to: 4000, cidr: "::/0" },
            ],
        });
    });

    describe("sg-no-all-ports-from-internet", () => {
        ingressTable({
            policy: "sg-no-all-ports-from-internet",
            fragment: "Open only the listener ports",
            fails: [
                { protocol: "-1", from: 0, to: 0, cidr: "0.0.0.0/0" },
                { protocol: "All", from: 0, to: 0, cidr: "::/0" },
                { protocol: "tcp", from: 0, to: 65535, cidr: "0.0.0.0/0" },
                { protocol: "udp", from: 0, to: 65535, cidr: "::/0" },
            ],
            passes: [
                { protocol: "-1", from: 0, to: 0, cidr: "10.0.0.0/16" },
                { protocol: "tcp", from: 0, to: 65535, cidr: "172.16.0.0/12" },
                { protocol: "tcp", from: 443, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 1, to: 65535, cidr: "100.64.0.0/10" },
            ],
        });

        it("treats a vpc rule with protocol -1 and no ports as every port", async () => {
            const p = findPolicy(policies, "sg-no-all-ports-from-internet");
            const r = await runPolicy(p, [resource(VPC_INGRESS, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" })]);
            expectViolation(r, "sg-no-all-ports-from-internet", "all traffic (protocol -1) from 0.0.0.0/0");
        });
    });

    describe("sg-internet-ingress-web-ports-only", () => {
        ingressTable({
            policy: "sg-internet-ingress-web-ports-only",
            fragment: "outside the allowed web ports [80, 443]",
            fails: [
                { protocol: "tcp", from: 8080, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 80, to: 443, cidr: "0.0.0.0/0" },
                { protocol: "-1", from: 0, to: 0, cidr: "::/0" },
                { protocol: "icmp", from: 8, to: 0, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 5432, cidr: "0.0.0.0/1" },
            ],
            passes: [
                { protocol: "tcp", from: 80, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 443, cidr: "::/0" },
                { protocol: "udp", from: 443, cidr: "0.0.0.0/0" },
                { protocol: "tcp", from: 8080, cidr: "10.0.0.0/8" },
                { protocol: "tcp", from: 5432, cidr: "198.51.100.7/32" },
            ],
        });

        const policy = findPolicy(policies, "sg-internet-ingress-web-ports-only");
        const http = () => declare("inline", { protocol: "tcp", from: 80, cidr: "0.0.0.0/0" });
        const tls8443 = () => declare("vpcRule", { protocol: "tcp", from: 8443, cidr: "0.0.0.0/0" });

        it("follows allowedPorts from the policy config", async () => {
            const config = { "sg-internet-ingress-web-ports-only": { allowedPorts: [443, 8443] } };
            const r = await runPolicy(policy, [http(), tls8443()], { config });
            expectViolation(r, "sg-internet-ingress-web-ports-only", "outside the allowed web ports [443, 8443]");
            expect(violationsOf(r)).to.have.length(1);
        });

        it("rejects allowedPorts that are not port numbers", async () => {
            const config = { "sg-internet-ingress-web-ports-only": { allowedPorts: ["https"] } };
            let error: unknown;
            await runPolicy(policy, [http()], { config }).catch(e => { error = e; });
            expect(String(error)).to.match(/allowedPorts\.0: Invalid type/);
        });
    });

    describe("sg-descriptions", () => {
        const policy = findPolicy(policies, "sg-descriptions");
        const rule = { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] };
        const cases: { name: string; r: PlannedResource; fragment: string }[] = [
            { name: "a group without a description", r: resource(SG, { ingress: [] }), fragment: 'description is not set, so AWS shows the provider default "Managed by Pulumi"' },
            { name: "a group with the provider default", r: resource(SG, { description: "Managed by Pulumi" }), fragment: "description is the provider default" },
            { name: "a group with a blank description", r: resource(SG, { description: "  " }), fragment: "description is not set" },
            { name: "an inline ingress rule without one", r: resource(SG, { description: "web", ingress: [rule] }), fragment: "ingress[0].description is not set" },
            { name: "an inline egress rule without one", r: resource(SG, { description: "web", egress: [{ ...rule, description: "" }] }), fragment: "egress[0].description is not set" },
            { name: "an aws.ec2.SecurityGroupRule without one", r: resource(SG_RULE, { type: "ingress", ...rule, securityGroupId: "sg-1" }), fragment: "description is not set. Say why the rule exists" },
            { name: "an aws.vpc ingress rule without one", r: resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" }), fragment: "description is not set" },
            { name: "an aws.vpc egress rule without one", r: resource(VPC_EGRESS, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" }), fragment: "description is not set" },
        ];
        for (const c of cases) {
            it(`flags ${c.name}`, async () => {
                const v = expectViolation(await runPolicy(policy, [c.r]), "sg-descriptions", c.fragment);
                expect(v.enforcementLevel).to.equal("advisory");
            });
        }

        it("warns that changing a group's description replaces it", async () => {
            expectViolation(await runPolicy(policy, [resource(SG, {})]), "sg-descriptions", "replaces the group");
        });

        it("accepts described groups and rules of every kind", async () => {
            const d = { description: "HTTPS from the internet to the ALB" };
            const r = await runPolicy(policy, [
                resource(SG, { ...d, ingress: [{ ...rule, ...d }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ...d }] }),
                resource(SG_RULE, { type: "ingress", ...rule, securityGroupId: "sg-1", ...d }),
                resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1", ...d }),
                resource(VPC_EGRESS, { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1", ...d }),
            ]);
            expectNoViolation(r);
        });

        it("raises to mandatory when configured", async () => {
            const r = await runPolicy(policy, [resource(SG, {})], { config: { "sg-descriptions": "mandatory" } });
            expect(violationsOf(r)[0].enforcementLevel).to.equal("mandatory");
        });
    });

    describe("in preview, with unknown values", () => {
        const ssh = findPolicy(policies, "sg-no-ssh-ingress");
        const web = findPolicy(policies, "sg-internet-ingress-web-ports-only");

        it("still reports the decidable rules and notes the undecidable one", async () => {
            const r = await previewPolicy(ssh, [resource(SG, {
                description: "x",
                ingress: [
                    { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: UNKNOWN },
                    { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
                ],
            })]);
            expectViolation(r, "sg-no-ssh-ingress", "ingress[1]");
            expect(previewNotesOf(r, "sg-no-ssh-ingress")[0].message).to.contain("ingress.0.cidrBlocks can't be known");
        });

        it("does not need the source when the ports already settle it", async () => {
            const r = await previewPolicy(web, [
                resource(VPC_INGRESS, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: UNKNOWN, securityGroupId: UNKNOWN }),
                resource(SG, { description: "x", ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: [UNKNOWN] }] }),
            ]);
            expectNoViolation(r);
        });

        it("never crashes on unknowns anywhere in any form", async () => {
            const resources = [
                resource(SG, { description: UNKNOWN, ingress: UNKNOWN, egress: UNKNOWN }),
                resource(SG, { description: "x", ingress: [UNKNOWN, { protocol: UNKNOWN, fromPort: UNKNOWN, toPort: UNKNOWN, cidrBlocks: UNKNOWN }] }),
                resource(SG_RULE, { type: UNKNOWN, protocol: UNKNOWN, cidrBlocks: [UNKNOWN], fromPort: UNKNOWN, toPort: UNKNOWN, description: UNKNOWN }),
                resource(VPC_INGRESS, { ipProtocol: UNKNOWN, cidrIpv4: UNKNOWN, cidrIpv6: UNKNOWN, fromPort: UNKNOWN, toPort: UNKNOWN, description: UNKNOWN }),
                resource(VPC_EGRESS, { ipProtocol: "-1", cidrIpv4: UNKNOWN, description: UNKNOWN }),
            ];
            for (const name of ["sg-no-ssh-ingress", "sg-no-rdp-from-internet", "sg-no-all-ports-from-internet", "sg-internet-ingress-web-ports-only", "sg-descriptions"]) {
                const r = await previewPolicy(findPolicy(policies, name), resources);
                expect(previewNotesOf(r, name), name).to.not.be.empty;
                expect(violationsOf(r, name), name).to.be.empty;
            }
        });

        it("tolerates odd shapes: ports as strings, missing lists, junk entries", async () => {
            const r = await runPolicy(ssh, [
                resource(SG, { description: "x", ingress: [null, "junk", { protocol: "tcp", fromPort: "22", toPort: "22", cidrBlocks: ["0.0.0.0/0"] }] }),
                resource(SG, { description: "x", ingress: { not: "a list" } }),
                resource(SG_RULE, { type: "ingress", protocol: 6, fromPort: 22, toPort: 22, cidrBlocks: "0.0.0.0/0" }),
            ]);
            expectViolation(r, "sg-no-ssh-ingress", "ingress[2] allows tcp port 22");
            expect(violationsOf(r)).to.have.length(1);
        });
    });
});
