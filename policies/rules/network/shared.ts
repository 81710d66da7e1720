// Security-group rules: what the internet may reach, and that groups say what they are for.
//
// Ingress arrives three ways, and every rule here covers all of them:
// - inline `ingress` entries on aws.ec2.SecurityGroup (and DefaultSecurityGroup);
// - aws.ec2.SecurityGroupRule with type "ingress" (cidrBlocks / ipv6CidrBlocks, protocol);
// - aws.vpc.SecurityGroupIngressRule (one cidrIpv4 or cidrIpv6, ipProtocol).
// Protocol "-1"/"all" opens every port whatever fromPort/toPort say, and a port range counts
// (tcp 20-25 includes 22).
import { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { asArray, asRecord, asString, checkEach, describeRange, isInternetCidr, isOneOf, normalizeProtocol, PortRange, portRangeOf, Props, Protocol, rangeIncludes, SECURITY_GROUP_TYPES, TYPES } from "../util";

export type RuleKind = "inline" | "securityGroupRule" | "vpcRule";

export interface IngressRule {
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
