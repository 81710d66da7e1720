// The ALB's HTTPS certificate: an existing ACM certificate, or a self-signed one generated once
// (kept in state by @pulumi/tls, so later updates don't churn it) and imported into ACM, so the
// dev stack deploys in a fresh account with no domain.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { named } from "./common";

export interface CertificateArgs {
    /** An existing ACM certificate ARN, or "" to import a self-signed one. */
    existingArn: string;
    region: string;
    organization: string;
    tags: Record<string, string>;
}

export class Certificate extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:certificate:Certificate", name, {}, opts);
        this.arn = args.existingArn ? pulumi.output(args.existingArn) : this.selfSigned(args);
        this.registerOutputs({ arn: this.arn });
    }

    private selfSigned(args: CertificateArgs): pulumi.Output<string> {
        // ACM imports RSA 2048 keys, which every client accepts.
        const key = new tls.PrivateKey("ALB-self-signed-key", { algorithm: "RSA", rsaBits: 2048 }, { parent: this });
        // Covers the ALB's DNS name (<name>-<id>.<region>.elb.amazonaws.com), still unknown here.
        const domain = `*.${args.region}.elb.amazonaws.com`;
        const cert = new tls.SelfSignedCert("ALB-self-signed-cert", {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: domain, organization: args.organization },
            dnsNames: [domain],
            validityPeriodHours: 24 * 365,
            // Re-issued on the first `pulumi up` in the last 30 days; ACM gets the new one first.
            earlyRenewalHours: 24 * 30,
            allowedUses: ["key_encipherment", "digital_signature", "server_auth"],
        }, { parent: this });
        const imported = new aws.acm.Certificate("ALB-self-signed", {
            privateKey: key.privateKeyPem,
            certificateBody: cert.certPem,
            tags: named(args.tags, "ALB self-signed"),
        }, { parent: this });
        return imported.arn;
    }
}
