// Shared helpers for the pack's rules. Other rule files import from here, so this API is
// kept stable: type-token constants, `isOneOf`, loose value readers, unknown-value handling,
// protocol/port-range helpers and CIDR helpers.
//
// Policies read resource *inputs* as the engine sends them: plain JSON where a number may be a
// string, a launch-template boolean is the string "true", and anything may be absent. During
// preview an input may be unknown: reading it throws the engine's UnknownValueError, which the
// engine turns into an advisory "can't run policy" note. Helpers here never throw anything else.
import { UnknownValueError } from "@pulumi/policy";

export type Props = Record<string, unknown>;

// ---- Type tokens ---------------------------------------------------------------------------

export const T = {
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    vpcIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    vpcEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    instance: "aws:ec2/instance:Instance",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    autoscalingGroup: "aws:autoscaling/group:Group",
    autoscalingAttachment: "aws:autoscaling/attachment:Attachment",
    eip: "aws:ec2/eip:Eip",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    certificate: "aws:acm/certificate:Certificate",
} as const;

/** `aws.lb.*` and `aws.alb.*` are distinct tokens for the same AWS resources: match both. */
export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"] as const;
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
export const LISTENER_RULE_TYPES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"] as const;
export const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"] as const;

/** Resources whose `ingress` list holds inline rules. */
export const SECURITY_GROUP_TYPES = [T.securityGroup, T.defaultSecurityGroup] as const;

export function isOneOf(type: string, tokens: readonly string[]): boolean {
    return tokens.includes(type);
}

// ---- Loose readers (never throw on odd shapes) ----------------------------------------------

export function asRecord(value: unknown): Props | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Props) : undefined;
}

export function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** A number, or a numeric string ("22") the way the provider would coerce it. */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) {
        return Number(value);
    }
    return undefined;
}

/** Launch-template booleans are strings in pulumi-aws ("true"); accept real booleans too. */
export function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

export function isFalse(value: unknown): boolean {
    return value === false || (typeof value === "string" && value.trim().toLowerCase() === "false");
}

/** A string with something other than whitespace in it. */
export function isNonBlank(value: unknown): value is string {
    return typeof value === "string" && value.trim() !== "";
}

// ---- Unknown values (preview) ------------------------------------------------------------------

/**
 * The engine's "value unknown during preview" error. Matched by name and message too, so a second
 * copy of @pulumi/policy (the pack installed with its own node_modules) is still recognised.
 */
export function isUnknownValueError(err: unknown): boolean {
    return err instanceof UnknownValueError
        || (err instanceof Error && err.name === "UnknownValueError")
        || (err instanceof Error && /can't be known during preview/.test(err.message));
}

/**
 * Runs `check` on every item even if some of them read an unknown value. Violations found in
 * the other items are still reported; afterwards the first UnknownValueError is rethrown so the
 * engine still records "can't run policy during preview" for the undecidable part.
 */
export function checkEach<T>(items: readonly T[], check: (item: T, index: number) => void): void {
    let unknown: unknown;
    items.forEach((item, index) => {
        try {
            check(item, index);
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            unknown ??= err;
        }
    });
    if (unknown !== undefined) {
        throw unknown;
    }
}

// ---- Protocols and ports ---------------------------------------------------------------------

export type Protocol = "all" | "tcp" | "udp" | "icmp" | "icmpv6" | string;

/** Normalizes an EC2 protocol: "-1"/"all" (any case) -> "all"; IANA numbers 6/17/1/58 -> names. */
export function normalizeProtocol(value: unknown): Protocol | undefined {
    const raw = typeof value === "number" ? String(value) : asString(value)?.trim().toLowerCase();
    switch (raw) {
        case undefined:
        case "":
            return undefined;
        case "-1":
        case "all":
            return "all";
        case "6":
            return "tcp";
        case "17":
            return "udp";
        case "1":
            return "icmp";
        case "58":
            return "icmpv6";
        default:
            return raw;
    }
}

export interface PortRange {
    from: number;
    to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** Protocols whose fromPort/toPort are ports (for ICMP they are type and code). */
export function hasPorts(protocol: Protocol | undefined): boolean {
    return protocol === "tcp" || protocol === "udp" || protocol === "all";
}

/**
 * The port range a rule opens. Protocol "all" opens every port whatever fromPort/toPort say
 * (AWS ignores them). For TCP/UDP, a missing or -1 bound means the whole range.
 */
export function portRangeOf(protocol: Protocol | undefined, fromPort: unknown, toPort: unknown): PortRange | undefined {
    if (protocol === "all") {
        return ALL_PORTS;
    }
    if (protocol !== "tcp" && protocol !== "udp") {
        return undefined;
    }
    const from = asNumber(fromPort);
    const to = asNumber(toPort);
    return {
        from: from === undefined || from < 0 ? ALL_PORTS.from : from,
        to: to === undefined || to < 0 ? ALL_PORTS.to : to,
    };
}

export function rangeIncludes(range: PortRange, port: number): boolean {
    return range.from <= port && port <= range.to;
}

/** True when every port in `range` is one of `allowed`. */
export function rangeWithin(range: PortRange, allowed: readonly number[]): boolean {
    if (range.to - range.from > allowed.length) {
        return false;
    }
    for (let p = range.from; p <= range.to; p++) {
        if (!allowed.includes(p)) {
            return false;
        }
    }
    return true;
}

export function isAllPorts(range: PortRange): boolean {
    return range.from <= ALL_PORTS.from && range.to >= ALL_PORTS.to;
}

export function describeRange(range: PortRange): string {
    if (isAllPorts(range)) return "all ports";
    return range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;
}

// ---- CIDRs -------------------------------------------------------------------------------------

interface ParsedCidr {
    version: 4 | 6;
    prefix: number;
}

function parseCidr(cidr: string): ParsedCidr | undefined {
    const match = /^\s*([0-9a-fA-F:.]+)\/(\d{1,3})\s*$/.exec(cidr);
    if (!match) {
        return undefined;
    }
    const version = match[1].includes(":") ? 6 : 4;
    const prefix = Number(match[2]);
    return prefix <= (version === 4 ? 32 : 128) ? { version, prefix } : undefined;
}

function ipv4Octets(cidr: string): number[] {
    return cidr.split("/")[0].split(".").map(Number);
}

/** RFC 1918, CGNAT (100.64/10), loopback and link-local ranges: never "the internet". */
function isPrivateIpv4(cidr: string): boolean {
    const [a, b] = ipv4Octets(cidr);
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)
        || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

/** Unique-local fc00::/7 and link-local fe80::/10. */
function isPrivateIpv6(cidr: string): boolean {
    const first = cidr.trim().toLowerCase();
    return /^f[cd]/.test(first) || /^fe[89ab]/.test(first);
}

/**
 * Does this CIDR open the rule to the internet at large? 0.0.0.0/0 and ::/0, and also any
 * public block of /8 (IPv4) or /16 (IPv6) and wider, so splitting 0.0.0.0/0 into 0.0.0.0/1 and
 * 128.0.0.0/1 does not slip past. A narrower public block is an allowlist, not "anywhere".
 */
export function isInternetCidr(cidr: unknown): boolean {
    if (typeof cidr !== "string") {
        return false;
    }
    const parsed = parseCidr(cidr);
    if (!parsed) {
        return false;
    }
    if (parsed.prefix === 0) {
        return true;
    }
    if (parsed.version === 4) {
        return parsed.prefix <= 8 && !isPrivateIpv4(cidr);
    }
    return parsed.prefix <= 16 && !isPrivateIpv6(cidr);
}

// ---- Resource references (stack policies) ---------------------------------------------------

interface Referencing {
    urn: string;
    dependencies: readonly { urn: string }[];
    propertyDependencies: Record<string, readonly { urn: string }[]>;
}

/**
 * The URNs a resource's `prop` was computed from: the engine's propertyDependencies for that
 * property when it has them, else the resource's dependencies.
 */
export function referencedUrns(resource: Referencing, prop: string): Set<string> {
    const byProperty = resource.propertyDependencies ?? {};
    const deps = Object.prototype.hasOwnProperty.call(byProperty, prop) ? byProperty[prop] : resource.dependencies;
    return new Set(asArray(deps).map(d => (asRecord(d)?.urn as string | undefined) ?? "").filter(u => u !== ""));
}
