// Value schemas: one place for every kind of value the config accepts, each with a message that
// says what is allowed (zod's own wording never reaches a user).
//
// YAML hands the program numbers where AWS wants strings (`statusCode: 200`, `port: 443`, a tag
// `CostCenter: 1234`); the string schemas here accept a number and use its decimal form.
import * as aws from "@pulumi/aws";
import { closest, distance } from "fastest-levenshtein";
import ipaddr from "ipaddr.js";
import { z } from "zod";
import { canonicalCidr, cidrContains } from "../../policies/facts/cidr";
import { ELB_SECURITY_POLICIES } from "../../policies/facts/tls";

/** The closest of `known` to a misspelt name, when it is close enough to be what was meant. */
export function closestName(name: string, known: readonly string[]): string | undefined {
    const candidates = known.filter((k) => k !== name);
    if (candidates.length === 0) return undefined;
    const best = closest(name, candidates);
    const d = distance(name.toLowerCase(), best.toLowerCase());
    // One edit in short names, about a third of the name in longer ones; case slips are free.
    return d <= Math.max(1, Math.floor(Math.max(name.length, best.length) / 3)) ? best : undefined;
}

/** A number written where a string is wanted becomes its decimal string, as AWS would read it. */
const numberAsString = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? String(v) : v);

export const text = (allowed: string) => z.preprocess(numberAsString, z.string({ error: `must be ${allowed}` }));

/** UTF-8 byte length: the provider checks string limits in bytes (AWS documents characters). */
export const bytes = (s: string) => Buffer.byteLength(s, "utf8");

export const intRange = (min: number, max: number) => {
    const allowed = `must be an integer from ${min} to ${max}`;
    return z.int({ error: allowed }).min(min, { error: allowed }).max(max, { error: allowed });
};

export const bool = () => z.boolean({ error: "must be true or false" });

export const pattern = (re: RegExp, allowed: string) => text(allowed).pipe(z.string().regex(re, { error: `must be ${allowed}` }));

/**
 * The value `input` is a spelling of: the same but for case and separators (http -> HTTP,
 * leastOutstandingRequests -> least_outstanding_requests). Only such slips: the nearest by edits
 * would turn ipv6 into ipv4 where the value meant is dualstack.
 */
export function sameValueSpelledOtherwise(input: unknown, values: readonly string[]): string | undefined {
    if (typeof input !== "string") return undefined;
    const norm = (v: string) => v.toLowerCase().replace(/[-_\s]/g, "");
    return values.find((v) => v !== input && norm(v) === norm(input));
}

/** One of `values`, exactly as written (AWS's values are case-sensitive): a slip of case or separators gets a did-you-mean. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, {
        error: (iss) => {
            const meant = sameValueSpelledOtherwise(iss.input, values);
            return `must be one of ${values.join(", ")}${meant ? ` (did you mean ${meant}?)` : ""}`;
        },
    });

/**
 * A tagged union's message (`must be an action with type ...`), with a did-you-mean when the tag
 * is one of `tags` spelled otherwise (type: Forward -> forward; AWS's values are case-sensitive).
 */
export function taggedUnionError(message: string, tags: readonly string[]) {
    return (iss: { code?: string; input?: unknown; discriminator?: string }): string => {
        const tag = iss.code === "invalid_union" && iss.discriminator ? (iss.input as Record<string, unknown> | undefined)?.[iss.discriminator] : undefined;
        const meant = sameValueSpelledOtherwise(tag, tags);
        return `${message}${meant ? ` (did you mean ${meant}?)` : ""}`;
    };
}

export const list = <T extends z.ZodType>(item: T, what = "a list") => z.array(item, { error: `must be ${what}` });

/** A map of name -> value whose names are resource-name friendly (they become Pulumi names). */
export const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
export const entryName = z.string().regex(NAME_RE, { error: "names must start with a letter and use only letters, digits, _ and - (at most 32)" });
export const namedMap = <T extends z.ZodType>(value: T, what: string) =>
    z.record(entryName, value, {
        error: (iss) => (iss.code !== "invalid_type" ? undefined : Array.isArray(iss.input)
            // A list where a map goes: the entries need names (they become the resources' names).
            ? `must be a map of name to ${what}, not a list: give each entry a name (name: {...} in the stack file, or pulumi config set --path '<key>.<name>.<field>')`
            : `must be a map of name to ${what}`),
    });

export const port = intRange(1, 65535);

// ---- CIDRs -----------------------------------------------------------------------------------
// Read as AWS reads them (policies/facts/cidr.ts, on ipaddr.js). The provider rejects a CIDR that is
// not in canonical form (host bits set, leading zeros, upper-case hex): "must contain a valid network
// CIDR" at preview. Say what the canonical form is instead.

/** Why a CIDR is not acceptable, or undefined when it is canonical. */
export function cidrProblem(value: string, kind: "ipv4" | "ipv6"): string | undefined {
    const example = kind === "ipv4" ? "203.0.113.0/24" : "2001:db8::/32";
    // AWS reads "010.0.0.0" as no address at all; suggest the plain decimal octets.
    const leadingZero = kind === "ipv4" && /(^|\.)0\d/.test(value.split("/")[0]);
    const canonical = leadingZero ? canonicalCidr(value.replace(/(^|\.)0+(\d)/g, "$1$2"), kind) : canonicalCidr(value, kind);
    if (canonical === undefined) {
        // A bare address (the office's one IP) is the commonest slip: say how to write it.
        const host = kind === "ipv4" ? 32 : 128;
        const single = !value.includes("/") ? canonicalCidr(`${value}/${host}`, kind) : undefined;
        if (single !== undefined) return `is an address, not a CIDR: for this one address write ${single}`;
        return `must be an ${kind === "ipv4" ? "IPv4" : "IPv6"} CIDR such as ${example}`;
    }
    if (canonical !== value) return `is not in canonical form (AWS rejects it), did you mean ${canonical}?`;
    return undefined;
}

const cidr = (kind: "ipv4" | "ipv6") => text(`an ${kind === "ipv4" ? "IPv4" : "IPv6"} CIDR`).superRefine((v, ctx) => {
    const problem = cidrProblem(v, kind);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
export const ipv4Cidr = cidr("ipv4");
export const ipv6Cidr = cidr("ipv6");
export const anyCidr = text("an IPv4 or IPv6 CIDR").superRefine((v, ctx) => {
    const problem = cidrProblem(v, v.includes(":") ? "ipv6" : "ipv4");
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export { cidrContains };

/** An IP address target: AWS allows only private (RFC 1918), shared (RFC 6598) and IPv6 unicast addresses. */
export const targetIp = text("an IP address").superRefine((v, ctx) => {
    if (!ipaddr.isValid(v) || ipaddr.parse(v).toString() !== v) {
        ctx.addIssue({ code: "custom", message: "must be an IP address in canonical form, such as 10.0.1.15" });
        return;
    }
    const addr = ipaddr.parse(v);
    const allowed = addr.kind() === "ipv6"
        ? addr.range() === "unicast" || addr.range() === "uniqueLocal"
        : ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].some((c) => cidrContains(c, v));
    // "You can't specify publicly routable IP addresses" (ELB, IP address targets).
    if (!allowed) ctx.addIssue({ code: "custom", message: "must be a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10) or an IPv6 unicast address; ELB does not register public IPs" });
});

// ---- Tags ------------------------------------------------------------------------------------
// AWS tag rules: letters, numbers, spaces and _ . : / = + - @; keys 1-128, values 0-256 characters.

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const tagValue = text("a tag value (text, at most 256 characters)")
    .refine((v) => [...v].length <= 256, { error: "must be at most 256 characters" })
    .refine((v) => TAG_CHARS.test(v), { error: "may contain only letters, numbers, spaces and _ . : / = + - @" });
export const tagKey = z.string()
    .refine((k) => [...k].length >= 1 && [...k].length <= 128, { error: "tag keys must be 1 to 128 characters" })
    .refine((k) => TAG_CHARS.test(k), { error: "tag keys may contain only letters, numbers, spaces and _ . : / = + - @" })
    .refine((k) => !k.toLowerCase().startsWith("aws:"), { error: "tag keys must not start with aws: (reserved by AWS)" });

// ---- AWS names -------------------------------------------------------------------------------

const REGIONS = new Set<string>(Object.values(aws.Region));
export const isKnownRegion = (r: string) => REGIONS.has(r);

const INSTANCE_TYPES = new Set<string>(Object.values(aws.ec2.InstanceType));
/**
 * An instance type @pulumi/aws knows. A type newer than the installed provider is allowed by
 * prefixing it with "new:" (new:m9g.large): the program passes it on unchecked.
 */
export const instanceType = text("an EC2 instance type such as t3.micro").transform((v, ctx) => {
    if (v.startsWith("new:") && /^new:[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(v)) return v.slice(4);
    if (!INSTANCE_TYPES.has(v)) {
        ctx.addIssue({ code: "custom", message: "is not an EC2 instance type @pulumi/aws knows (such as t3.micro, t4g.small); for a type newer than the provider write new:<type>" });
        return z.NEVER;
    }
    return v;
});

// S3 general purpose bucket naming rules (Amazon S3 User Guide, "Bucket naming rules"): 3-63
// characters of lowercase letters, digits, dots and hyphens, beginning and ending with a letter or
// digit; no two adjacent periods; not formatted as an IP address; not starting with the reserved
// prefixes xn--, sthree- or amzn-s3-demo-; not ending with the reserved suffixes -s3alias (access
// point aliases), --ol-s3 (Object Lambda), .mrap (Multi-Region Access Points), --x-s3 (directory
// buckets) or --table-s3 (table buckets).
const BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Why S3 refuses a bucket name, or undefined when it is allowed. */
export function bucketNameProblem(name: string): string | undefined {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return "must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
    if (name.includes("..")) return "must not contain two adjacent periods (S3 bucket naming rules)";
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "must not be formatted as an IP address (S3 bucket naming rules)";
    const prefix = BUCKET_PREFIXES.find((x) => name.startsWith(x));
    if (prefix) return `must not start with ${prefix}, a prefix S3 reserves`;
    const suffix = BUCKET_SUFFIXES.find((x) => name.endsWith(x));
    if (suffix) return `must not end with ${suffix}, a suffix S3 reserves`;
    return undefined;
}

export const s3BucketName = text("an S3 bucket name").superRefine((v, ctx) => {
    const problem = bucketNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
export const bucketName = text("an S3 bucket name or empty").superRefine((v, ctx) => {
    const problem = v === "" ? undefined : bucketNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem}, or empty` });
});

// ---- Host names ----------------------------------------------------------------------------------
// A DNS host name's last label (the top-level domain) is letters, or an internationalized TLD in
// its A-label form (xn--...): a name ending in digits ("example.123") is read as an IP address by
// resolvers and browsers, and ACM and Route53 alias records would never be reached under it.

/** Why a host name's last label can't be a top-level domain, or undefined. */
export function topLevelLabelProblem(host: string): string | undefined {
    const last = host.split(".").pop() ?? "";
    if (/^[a-z]{2,63}$/i.test(last) || /^xn--[a-z0-9-]{1,59}$/i.test(last)) return undefined;
    return `ends in ${JSON.stringify(last)}, which is not a top-level domain (letters, or an xn-- internationalized one)`;
}

// ---- ELB security policies ---------------------------------------------------------------------
// Every predefined security policy ELB offers for HTTPS (ALB) and TLS (NLB) listeners: the shared
// AWS facts (policies/facts/tls.ts). The config accepts what AWS accepts; which of them an
// environment allows is the policy pack's call (lb-listener-tls-policy and policies/config/<env>.json).
export const ELB_TLS_POLICIES = ELB_SECURITY_POLICIES;
// ELB access-log prefixes must not contain "AWSLogs" and must not start or end with "/".
export const logPrefix = text("a key prefix").refine((p) => bytes(p) <= 256 && !p.includes("AWSLogs") && !p.startsWith("/") && !p.endsWith("/"), {
    error: "must be at most 256 bytes, not contain AWSLogs and not start or end with /",
});

export const certificateArn = pattern(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)");
export const lambdaArn = pattern(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/, "a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<alias>])");
