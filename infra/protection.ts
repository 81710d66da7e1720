// Guards for stateful resources (log buckets, certificates, Elastic IPs), set from config.
import * as pulumi from "@pulumi/pulumi";

export interface Protection {
    /** Pulumi refuses to delete (or replace) the resource until this is turned off. */
    protect?: boolean;
    /**
     * When Pulumi deletes the resource (destroy, removal from the program, replacement), the AWS
     * resource is left in place and only dropped from the stack: it keeps existing, and billing.
     */
    retainOnDelete?: boolean;
}

/** Resource options for a guarded resource under `parent`. Pulumi inherits `protect` from a parent, never `retainOnDelete`. */
export function guarded(parent: pulumi.Resource, protection: Protection | undefined, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    return pulumi.mergeOptions(extra, {
        parent,
        ...(protection?.protect !== undefined ? { protect: protection.protect } : {}),
        ...(protection?.retainOnDelete !== undefined ? { retainOnDelete: protection.retainOnDelete } : {}),
    });
}
