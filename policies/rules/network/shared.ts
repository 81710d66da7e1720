// Security-group rules: what the internet may reach, and that groups say what they are for.
//
// Ingress arrives three ways, and every rule here covers all of them:
// - inline `ingress` entries on aws.ec2.SecurityGroup (and DefaultSecurityGroup);
// - aws.ec2.SecurityGroupRule with type "ingress" (cidrBlocks / ipv6CidrBlocks, protocol);
// - aws.vpc.SecurityGroupIngressRule (one cidrIpv4 or cidrIpv6, ipProtocol).
// Protocol "-1"/"all" opens every port whatever fromPort/toPort say, and a port range counts
// (tcp 20-25 includes 22).
import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, asString, checkEach, cidrWithin, describeRange, isInternetCidr, isNonBlank, isOneOf, normalizeProtocol, PortRange, portRangeOf, Props, Protocol, rangeIncludes, SECURITY_GROUP_TYPES, TYPES } from "../util";

type RuleKind = "inline" | "securityGroupRule" | "vpcRule";

interface IngressRule {
    /** Where the rule lives, for messages: "ingress[2]" or "this rule". */
    where: string;
    kind: RuleKind;
    props: Props;
}

export function ingressRulesOf(type: string, props: Props): IngressRule[] {
    if (isOneOf(type, SECURITY_GROUP_TYPES)) {
        return asArray(props.ingress).map((rule, i) => ({ where: `ingress[${i}]`, kind: "inline", props: asRecord(rule) ?? {} }));
    }
    if (type === TYPES.securityGroupRule) {
        return asString(props.type) === "ingress" ? [{ where: "this ingress rule", kind: "securityGroupRule", props }] : [];
    }
    if (type === TYPES.vpcIngressRule) {
        return [{ where: "this ingress rule", kind: "vpcRule", props }];
    }
    return [];
}

export function protocolOf(rule: IngressRule): Protocol | undefined {
    return normalizeProtocol(rule.kind === "vpcRule" ? rule.props.ipProtocol : rule.props.protocol);
}

export function portsOf(rule: IngressRule): PortRange | undefined {
    return portRangeOf(protocolOf(rule), rule.props.fromPort, rule.props.toPort);
}

/** The rule's sources that mean "the internet" (see isInternetCidr). */
export function internetSourcesOf(rule: IngressRule): string[] {
    const cidrs = rule.kind === "vpcRule"
        ? [rule.props.cidrIpv4, rule.props.cidrIpv6]
        : [...asArray(rule.props.cidrBlocks), ...asArray(rule.props.ipv6CidrBlocks)];
    return cidrs.filter(isInternetCidr) as string[];
}

export function sourceProps(rule: IngressRule): string {
    return rule.kind === "vpcRule" ? "cidrIpv4/cidrIpv6" : "cidrBlocks/ipv6CidrBlocks";
}

export function describeIngress(rule: IngressRule, protocol: Protocol | undefined, sources: string[]): string {
    const ports = portsOf(rule);
    const what = protocol === "all" ? "all traffic (protocol -1)" : `${protocol ?? "?"} ${ports ? describeRange(ports) : ""}`.trim();
    return `${rule.where} allows ${what} from ${sources.join(", ")}`;
}

/**
 * Builds validateResource for an ingress check. `problem` sees one rule and returns the fix
 * sentence, or undefined when the rule is fine. Rules that read an unknown value are skipped
 * while the others are still checked (checkEach), then the engine gets its preview note.
 */
export function validateIngress(problem: (rule: IngressRule, args: ResourceValidationArgs) => string | undefined) {
    return (args: ResourceValidationArgs, report: ReportViolation): void => {
        checkEach(ingressRulesOf(args.type, args.props), rule => {
            const message = problem(rule, args);
            if (message) {
                report(message);
            }
        });
    };
}

// CIS AWS Foundations 5.2/5.3 count TCP, UDP and "all" for the admin ports (RDP also runs on UDP).
export function opensAdminPort(rule: IngressRule, port: number): boolean {
    const protocol = protocolOf(rule);
    const ports = portsOf(rule);
    return (protocol === "tcp" || protocol === "udp" || protocol === "all") && ports !== undefined && rangeIncludes(ports, port);
}

export function adminPortPolicy(name: string, service: string, port: number, description: string): ResourceValidationPolicy {
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        validateResource: validateIngress(rule => {
            if (!opensAdminPort(rule, port)) {
                return undefined;
            }
            const sources = internetSourcesOf(rule);
            if (sources.length === 0) {
                return undefined;
            }
            return `${describeIngress(rule, protocolOf(rule), sources)}, which opens ${service} (${port}) to the internet. ` +
                `Restrict ${sourceProps(rule)} to a bastion or VPN range, or remove the rule and use SSM Session Manager.`;
        }),
    };
}

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
export function forEachSource(rule: IngressRule, visit: (source: IngressSource) => void): void {
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

export interface SshConfig {
    allowedBastionCidrs: string[];
    allowedBastionSecurityGroupIds: string[];
}

/** Why this source may not reach port 22, or undefined when it is an allowed bastion. */
export function sshSourceProblem(source: IngressSource, config: SshConfig): string | undefined {
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
export const SECURITY_GROUP_ID_PATTERN = "^sg-([0-9a-f]{8}|[0-9a-f]{17})$";

export function sshMessage(rule: IngressRule, problems: string[]): string {
    const protocol = protocolOf(rule);
    const ports = portsOf(rule);
    const what = protocol === "all"
        ? "all traffic (protocol -1), SSH (22) included,"
        : `${protocol} ${ports ? describeRange(ports) : ""}, which includes SSH (22),`;
    return `${rule.where} allows ${what} from ${problems.join("; ")}. Remove the rule and use SSM Session Manager, ` +
        "or add the bastion to allowedBastionCidrs / allowedBastionSecurityGroupIds in the policy config.";
}

export interface WebPortsConfig {
    allowedPorts: number[];
}

/** What pulumi-aws sets when `description` is omitted; it says nothing about the group. */
const PROVIDER_DEFAULT_DESCRIPTION = "Managed by Pulumi";

function groupDescriptionProblem(props: Props): string | undefined {
    const description = props.description;
    if (!isNonBlank(description)) {
        return `description is not set, so AWS shows the provider default "${PROVIDER_DEFAULT_DESCRIPTION}". `;
    }
    if (description.trim() === PROVIDER_DEFAULT_DESCRIPTION) {
        return `description is the provider default "${PROVIDER_DEFAULT_DESCRIPTION}". `;
    }
    return undefined;
}

export function validateDescriptions(args: ResourceValidationArgs, report: ReportViolation): void {
    const { type, props } = args;
    if (type === TYPES.securityGroup) {
        const problem = groupDescriptionProblem(props);
        if (problem) {
            // AWS cannot edit a group's description: changing it later replaces the group.
            report(`${problem}Set description to what the group protects; do it at creation, because changing a ` +
                `security group's description replaces the group.`);
        }
    }
    if (isOneOf(type, SECURITY_GROUP_TYPES)) {
        const inline = [
            ...asArray(props.ingress).map((rule, i) => ({ where: `ingress[${i}]`, rule })),
            ...asArray(props.egress).map((rule, i) => ({ where: `egress[${i}]`, rule })),
        ];
        checkEach(inline, ({ where, rule }) => {
            if (!isNonBlank(asRecord(rule)?.description)) {
                report(`${where}.description is not set. Say why the rule exists (who connects, to what).`);
            }
        });
        return;
    }
    if (isOneOf(type, [TYPES.securityGroupRule, TYPES.vpcIngressRule, TYPES.vpcEgressRule]) && !isNonBlank(props.description)) {
        report("description is not set. Say why the rule exists (who connects, to what); rule descriptions can be edited in place.");
    }
}
