import { ResourceValidationPolicy } from "@pulumi/policy";
import { CIDR_SCHEMA_PATTERN } from "../../facts/cidr";
import { asArray, checkEach, cidrWithin, describeRange, isInternetCidr, isNonBlank } from "../util";
import { RuleDefinition } from "../meta";
import { IngressRule, ingressRulesOf, opensAdminPort, portsOf, protocolOf, RuleKind } from "./shared";

/** One source an ingress rule admits traffic from, as the message names it. */
interface IngressSource {
    kind: "cidr" | "securityGroup" | "prefixList" | "self";
    value: string;
    /** The property it was read from, e.g. "cidrBlocks[1]". */
    prop: string;
}

interface SourceField {
    prop: string;
    kind: IngressSource["kind"];
    /** A list property (cidrBlocks) rather than a single value (cidrIpv4). */
    list: boolean;
}

// The properties each ingress form names its sources in (pulumi-aws input names).
const SOURCE_FIELDS: Record<RuleKind, readonly SourceField[]> = {
    inline: [
        { prop: "cidrBlocks", kind: "cidr", list: true },
        { prop: "ipv6CidrBlocks", kind: "cidr", list: true },
        { prop: "securityGroups", kind: "securityGroup", list: true },
        { prop: "prefixListIds", kind: "prefixList", list: true },
        { prop: "self", kind: "self", list: false },
    ],
    securityGroupRule: [
        { prop: "cidrBlocks", kind: "cidr", list: true },
        { prop: "ipv6CidrBlocks", kind: "cidr", list: true },
        { prop: "sourceSecurityGroupId", kind: "securityGroup", list: false },
        { prop: "prefixListIds", kind: "prefixList", list: true },
        { prop: "self", kind: "self", list: false },
    ],
    vpcRule: [
        { prop: "cidrIpv4", kind: "cidr", list: false },
        { prop: "cidrIpv6", kind: "cidr", list: false },
        { prop: "referencedSecurityGroupId", kind: "securityGroup", list: false },
        { prop: "prefixListId", kind: "prefixList", list: false },
    ],
};

function sourceOf(field: SourceField, value: unknown, prop: string): IngressSource | undefined {
    if (field.kind === "self") {
        return value === true ? { kind: "self", value: "the group itself (self)", prop } : undefined;
    }
    return isNonBlank(value) ? { kind: field.kind, value: value.trim(), prop } : undefined;
}

/**
 * Calls `visit` with every source of the rule. Each field and each list entry is read on its own
 * (checkEach), so one source unknown in preview does not hide a forbidden source next to it.
 */
function forEachSource(rule: IngressRule, visit: (source: IngressSource) => void): void {
    checkEach(SOURCE_FIELDS[rule.kind], field => {
        const value = rule.props[field.prop];
        if (!field.list) {
            const source = sourceOf(field, value, field.prop);
            if (source) visit(source);
            return;
        }
        checkEach(asArray(value), (item, i) => {
            const source = sourceOf(field, item, `${field.prop}[${i}]`);
            if (source) visit(source);
        });
    });
}

interface SshConfig {
    allowedBastionCidrs: string[];
    allowedBastionSecurityGroupIds: string[];
}

/** Why this source may not reach port 22, or undefined when it is an allowed bastion. */
function sshSourceProblem(source: IngressSource, config: SshConfig): string | undefined {
    switch (source.kind) {
        case "cidr":
            if (isInternetCidr(source.value)) {
                return "the internet (never allowed, not even through allowedBastionCidrs)";
            }
            return config.allowedBastionCidrs.some(allowed => !isInternetCidr(allowed) && cidrWithin(source.value, allowed))
                ? undefined
                : "a range outside allowedBastionCidrs";
        case "securityGroup":
            return config.allowedBastionSecurityGroupIds.includes(source.value) ? undefined : "a group not in allowedBastionSecurityGroupIds";
        case "prefixList":
            return "a managed prefix list (its entries can change outside this stack; list the bastion CIDRs instead)";
        case "self":
            return "every member of the group (self), so one compromised web instance reaches all the others";
    }
}

// AWS security group IDs: "sg-" and 8 or 17 hex digits.
const SECURITY_GROUP_ID_PATTERN = "^sg-([0-9a-f]{8}|[0-9a-f]{17})$";

function sshMessage(rule: IngressRule, problems: string[]): string {
    const protocol = protocolOf(rule);
    const ports = portsOf(rule);
    const what = protocol === "all"
        ? "all traffic (protocol -1), SSH (22) included,"
        : `${protocol} ${ports ? describeRange(ports) : ""}, which includes SSH (22),`;
    return `${rule.where} allows ${what} from ${problems.join("; ")}. Remove the rule and use SSM Session Manager, ` +
        "or add the bastion to allowedBastionCidrs / allowedBastionSecurityGroupIds in the policy config.";
}

export const noSshIngress: ResourceValidationPolicy = {
    name: "sg-no-ssh-ingress",
    description: "Security groups must not allow SSH (port 22) from any source except the bastions named in the policy " +
        "config: a web tier is administered through SSM Session Manager, and every SSH path (from the internet, the VPC, " +
        "a peer group or a prefix list) is a way around the load balancer and its audit trail.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedBastionCidrs: {
                type: "array",
                items: { type: "string", pattern: CIDR_SCHEMA_PATTERN },
                uniqueItems: true,
                default: [],
                description: "CIDRs (IPv4 or IPv6) of bastion hosts or a VPN that may reach port 22; a rule's CIDR must lie " +
                    "inside one of them. Internet-wide blocks (0.0.0.0/0, ::/0, public /8 or wider) never count.",
            },
            allowedBastionSecurityGroupIds: {
                type: "array",
                items: { type: "string", pattern: SECURITY_GROUP_ID_PATTERN },
                uniqueItems: true,
                default: [],
                description: "IDs of bastion security groups that may reach port 22 (securityGroups, sourceSecurityGroupId, " +
                    "referencedSecurityGroupId).",
            },
        },
    },
    validateResource: (args, report) => {
        const config = args.getConfig<SshConfig>();
        checkEach(ingressRulesOf(args.type, args.props), rule => {
            if (!opensAdminPort(rule, 22)) {
                return;
            }
            const problems: string[] = [];
            try {
                forEachSource(rule, source => {
                    const problem = sshSourceProblem(source, config);
                    if (problem) {
                        problems.push(`${source.prop} ${source.value} (${problem})`);
                    }
                });
            } finally {
                // Also when a source was unknown: the known forbidden ones are still reported.
                if (problems.length > 0) {
                    report(sshMessage(rule, problems));
                }
            }
        });
    },
};

export const rule: RuleDefinition = {
    policy: noSshIngress,
    severity: "critical",
    resources: "security groups (inline ingress), `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroupIngressRule`",
    equivalents: {
        securityHub: ["EC2.13", "EC2.19", "EC2.53", "EC2.54"],
        checkov: ["CKV_AWS_24"],
        cdkNag: ["EC2RestrictedSSH"],
        others: ["trivy AVD-AWS-0107", "CIS AWS 5.2/5.3"],
    },
    securityHubNote: "EC2.13: 0.0.0.0/0 and ::/0 to port 22, EC2.19: high-risk ports; stricter: any source",
    rationale: "Stricter than every catalog on purpose: the seed's design says \"no SSH ingress\", from any source, unless the source is a bastion the policy config names.",
};
