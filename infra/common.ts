// Small helpers shared by the components.
import * as aws from "@pulumi/aws";

/** The stack's tags plus the seed's name as the Name tag. */
export function named(tags: Record<string, string>, name: string): Record<string, string> {
    return { ...tags, Name: name };
}

/** Access logs to an S3 bucket, or none when the bucket is empty. */
export function accessLogs(bucket: string, prefix: string): aws.types.input.lb.LoadBalancerAccessLogs | undefined {
    return bucket ? { bucket, prefix: prefix || undefined, enabled: true } : undefined;
}

/** Resource-name-safe form of an address or ARN part ("::" separates URN parts). */
export function nameKey(s: string): string {
    if (s === "0.0.0.0/0") return "anywhere-ipv4";
    if (s === "::/0") return "anywhere-ipv6";
    return s.replace(/[^A-Za-z0-9_-]/g, "-");
}
