// Small helpers shared by the components.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The stack's tags plus the seed's name as the Name tag. */
export function named(tags: Record<string, string>, name: string): Record<string, string> {
    return { ...tags, Name: name };
}

/** Access logs to an S3 bucket, or none when the bucket is empty. */
export function accessLogs(bucket: string, prefix: string): aws.types.input.lb.LoadBalancerAccessLogs | undefined {
    return bucket ? { bucket, prefix: prefix || undefined, enabled: true } : undefined;
}

/**
 * Aliases for a resource that an earlier version declared under another parent (same name and
 * type): a deployed stack then updates it in place instead of replacing it. An alias to a URN a
 * stack never had is ignored by the engine.
 */
export function movedFrom(parentType: string, parentName: string): pulumi.Alias[] {
    return [{ parent: pulumi.createUrn(parentName, parentType) }];
}

/** Resource-name-safe form of an address or ARN part ("::" separates URN parts). */
export function nameKey(s: string): string {
    if (s === "0.0.0.0/0") return "anywhere-ipv4";
    if (s === "::/0") return "anywhere-ipv6";
    return s.replace(/[^A-Za-z0-9_-]/g, "-");
}
