// CIDR blocks as AWS reads them, on ipaddr.js, shared by the program (config values, subnet plans)
// and the pack (security-group sources). The pack ships alone: ipaddr.js is in policies/package.json.
//
// AWS reads IPv4 as four decimal octets: "010.0.0.0" is not an address to it (ipaddr.js alone would
// read it as octal), and the provider rejects a CIDR with host bits set or not in canonical form
// (RFC 5952 lower case for IPv6).
import ipaddr from "ipaddr.js";

export type IpFamily = "ipv4" | "ipv6";
type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** An address AWS would read, or undefined (IPv4 only as four decimal octets without leading zeros). */
export function parseAddress(text: string): Address | undefined {
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
    return text.includes(":") && ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text) : undefined;
}

/** A CIDR's address (as written, host bits and all) and prefix length, or undefined. Surrounding blanks are ignored. */
export function parseCidr(text: string): { address: Address; prefix: number; family: IpFamily } | undefined {
    const [addressText, prefixText, ...rest] = text.trim().split("/");
    const address = parseAddress(addressText ?? "");
    if (!address || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? "")) return undefined;
    const prefix = Number(prefixText);
    const family = address.kind();
    return prefix <= (family === "ipv4" ? 32 : 128) ? { address, prefix, family } : undefined;
}

/** The CIDR in canonical form (network address, RFC 5952 for IPv6), or undefined when it is not a CIDR of `family`. */
export function canonicalCidr(text: string, family?: IpFamily): string | undefined {
    const cidr = parseCidr(text);
    if (!cidr || (family && cidr.family !== family)) return undefined;
    const network = cidr.family === "ipv4"
        ? ipaddr.IPv4.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`)
        : ipaddr.IPv6.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`);
    return `${network.toString()}/${cidr.prefix}`;
}

/** True when `address` lies in `cidr` (same family). */
export function cidrContains(cidr: string, address: string): boolean {
    const range = parseCidr(cidr);
    const addr = parseAddress(address);
    return range !== undefined && addr !== undefined && addr.kind() === range.family && addr.match(range.address, range.prefix);
}

/** True when every address of `inner` is in `outer` (same family, no wider prefix, network inside). */
export function cidrWithin(inner: string, outer: string): boolean {
    const a = parseCidr(inner);
    const b = parseCidr(outer);
    return a !== undefined && b !== undefined && a.family === b.family && a.prefix >= b.prefix && a.address.match(b.address, b.prefix);
}

// RFC 1918, CGNAT (RFC 6598), loopback and link-local; IPv6 unique-local fc00::/7 and link-local fe80::/10.
const NOT_INTERNET = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10"];

/**
 * Does this CIDR open a rule to the internet at large? 0.0.0.0/0 and ::/0, and also any public
 * block of /8 (IPv4) or /16 (IPv6) and wider, so splitting 0.0.0.0/0 into 0.0.0.0/1 and
 * 128.0.0.0/1 does not slip past. A narrower public block is an allowlist, not "anywhere".
 */
export function isInternetCidr(cidr: unknown): boolean {
    const parsed = typeof cidr === "string" ? parseCidr(cidr) : undefined;
    if (!parsed) return false;
    if (parsed.prefix === 0) return true;
    if (parsed.prefix > (parsed.family === "ipv4" ? 8 : 16)) return false;
    const address = parsed.address.toString();
    return !NOT_INTERNET.some(range => cidrContains(range, address));
}

/**
 * The `slot`-th block of `cidr` with `newBits` more prefix bits, counting from the CIDR's address
 * (Terraform's cidrsubnet). Throws when the CIDR does not parse or has no such block.
 */
export function subnetOf(cidr: string, newBits: number, slot: number): string {
    const parsed = parseCidr(cidr);
    if (!parsed) throw new Error(`${cidr} is not a CIDR`);
    const width = parsed.family === "ipv4" ? 32 : 128;
    const prefix = parsed.prefix + newBits;
    if (prefix > width || !Number.isInteger(slot) || slot < 0 || slot >= 2 ** newBits) throw new Error(`${cidr} has no subnet ${slot} of /${prefix}`);
    const bytes = parsed.address.toByteArray();
    // Add slot << (width - prefix) to the address, byte by byte from the right.
    let carry = BigInt(slot) << BigInt(width - prefix);
    for (let i = bytes.length - 1; i >= 0 && carry > 0n; i--) {
        const sum = BigInt(bytes[i]) + (carry & 0xffn);
        bytes[i] = Number(sum & 0xffn);
        carry = (carry >> 8n) + (sum >> 8n);
    }
    return `${ipaddr.fromByteArray(bytes).toString()}/${prefix}`;
}

/**
 * A JSON Schema pattern for an IPv4 or IPv6 CIDR, RE2- and ECMAScript-compatible (the CLI validates
 * policy config with Go's gojsonschema); a rule still parses the value and ignores what does not.
 */
export const CIDR_SCHEMA_PATTERN = "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$|^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*/[0-9]{1,3}$";
