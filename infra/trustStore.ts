// ClientTrustStore: ALB mutual TLS. A trust store holds the CA bundle client certificates must
// chain to (a PEM file in S3), with optional certificate revocation lists; the HTTPS listener
// refers to it through its mutualAuthentication block, built by mutualAuthentication() below.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { named } from "./common";
import { trustStoreNameProblems } from "./config/awsLimits";

/**
 * An object in S3 (in the load balancer's region), pinned to a version: ELB reads the object once,
 * when the trust store (or revocation) is created or its inputs change. A new object at the same
 * key changes no input, so without a pinned version it never reaches the trust store; with one,
 * the next update carries the new version (the bucket must be versioned).
 */
export interface S3ObjectRef {
    bucket: pulumi.Input<string>;
    key: pulumi.Input<string>;
    version: pulumi.Input<string>;
}

/** Config's {bucket, key, version?} as a pinned S3ObjectRef (config validation has required the version). */
export function pinnedObjects<T extends { bucket: string; key: string; version?: string }>(objects: Record<string, T>): Record<string, S3ObjectRef> {
    return Object.fromEntries(Object.entries(objects).map(([name, o]) => {
        if (!o.version) throw new Error(`${name}: s3://${o.bucket}/${o.key} has no version; pin it (a new object at the same key would never reach the trust store)`);
        return [name, { bucket: o.bucket, key: o.key, version: o.version }];
    }));
}

export interface ClientTrustStoreArgs {
    /** The PEM CA bundle client certificates are verified against. */
    caBundle: S3ObjectRef;
    /** Certificate revocation lists (PEM or DER CRLs) keyed by a stable label, e.g. { "2025": {...} }. */
    revocations?: Record<string, S3ObjectRef>;
    tags: Record<string, string>;
}

/** How the HTTPS listener treats client certificates. */
export type MutualTlsMode =
    /** The ALB verifies the client certificate against the trust store and rejects failures. */
    | { mode: "verify"; trustStoreArn: pulumi.Input<string>; ignoreClientCertificateExpiry?: boolean; advertiseCaNames?: boolean }
    /** The ALB passes the whole client chain to the targets (X-Amzn-Mtls-Clientcert) and verifies nothing. */
    | { mode: "passthrough" };

/** The listener's mutualAuthentication input. Passthrough takes no trust store. */
export function mutualAuthentication(spec: MutualTlsMode): aws.types.input.lb.ListenerMutualAuthentication {
    if (spec.mode === "passthrough") return { mode: "passthrough" };
    return {
        mode: "verify",
        trustStoreArn: spec.trustStoreArn,
        ignoreClientCertificateExpiry: spec.ignoreClientCertificateExpiry ?? false,
        advertiseTrustStoreCaNames: spec.advertiseCaNames ? "on" : "off",
    };
}

export class ClientTrustStore extends pulumi.ComponentResource {
    readonly trustStore: aws.lb.TrustStore;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: ClientTrustStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = trustStoreNameProblems(name);
        if (problems.length > 0) throw new Error(`ClientTrustStore ${name}: ${problems.join("; ")}`);
        super("elb-web-tier:mtls:ClientTrustStore", name, {}, opts);
        this.trustStore = new aws.lb.TrustStore(`${name}-ts`, {
            caCertificatesBundleS3Bucket: args.caBundle.bucket,
            caCertificatesBundleS3Key: args.caBundle.key,
            caCertificatesBundleS3ObjectVersion: args.caBundle.version,
            tags: named(args.tags, `${name} client CA trust store`),
        }, { parent: this });
        const revocations = Object.entries(args.revocations ?? {}).map(([label, crl]) =>
            new aws.lb.TrustStoreRevocation(`${name}-crl-${label}`, {
                trustStoreArn: this.trustStore.arn,
                revocationsS3Bucket: crl.bucket,
                revocationsS3Key: crl.key,
                revocationsS3ObjectVersion: crl.version,
            }, { parent: this }));
        // The ARN a listener takes resolves only once every revocation list is in the store, so a
        // verifying listener never goes live accepting certificates its CRLs revoke.
        this.arn = pulumi.all([this.trustStore.arn, ...revocations.map((r) => r.id)]).apply(([arn]) => arn);
        this.registerOutputs({ arn: this.arn });
    }

    /** mutualAuthentication for a listener verifying clients against this store. */
    verify(options: { ignoreClientCertificateExpiry?: boolean; advertiseCaNames?: boolean } = {}): aws.types.input.lb.ListenerMutualAuthentication {
        return mutualAuthentication({ mode: "verify", trustStoreArn: this.arn, ...options });
    }
}
