// The ALB's certificate, one of four ways:
// - existing: an ACM certificate ARN made elsewhere;
// - selfSigned: generated once (kept in state by @pulumi/tls, so later updates don't churn it) and
//   imported into ACM, so the dev stack deploys in a fresh account with no domain;
// - dns: a new ACM certificate validated through DNS records in a Route53 hosted zone;
// - import: your own certificate from PEM values kept as stack secrets.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { named } from "./common";
import { guarded, Protection } from "./protection";
import { dnsCertificateProblems } from "./config/awsLimits";

export interface ExistingCertificateArgs {
    mode: "existing";
    /** ACM certificate ARN in the load balancer's region. */
    arn: string;
}

export interface SelfSignedCertificateArgs {
    mode: "selfSigned";
    /** The region, for the ALB's DNS name the certificate covers (*.<region>.elb.amazonaws.com). */
    region: string;
    /** The certificate subject's organization. */
    organization: string;
    /** Also cover the NLB's DNS name (*.elb.<region>.amazonaws.com): its clients reach a TLS listener on it, or the ALB through it. */
    coverNlb?: boolean;
    tags: Record<string, string>;
}

/** Key algorithms ACM issues that ALB listeners accept. */
export type AcmKeyAlgorithm = "RSA_2048" | "EC_prime256v1" | "EC_secp384r1";

export interface DnsCertificateArgs {
    mode: "dns";
    /** The certificate's first name, e.g. www.example.com or *.example.com (ACM: at most 64 characters). */
    domainName: string;
    /** More names on the certificate (ACM's default quota: 10 names in all, adjustable up to 100). */
    subjectAlternativeNames?: string[];
    /** The public Route53 hosted zone the names' validation records go into. */
    zoneId: pulumi.Input<string>;
    /** Another zone for some names (as listed, e.g. { "api.example.org": "Z..." }), when they span zones. */
    zoneIdByName?: Record<string, pulumi.Input<string>>;
    /** Default RSA_2048 (every client); EC_prime256v1 is smaller and faster where clients allow. */
    keyAlgorithm?: AcmKeyAlgorithm;
    /** protect / retainOnDelete for the ACM certificate. */
    protection?: Protection;
    tags: Record<string, string>;
}

export interface ImportedCertificateArgs {
    mode: "import";
    /** PEM certificate, private key (unencrypted; ACM imports RSA 1024/2048/3072/4096 or EC P-256/P-384 keys) and optional chain. */
    certificateBody: pulumi.Input<string>;
    privateKey: pulumi.Input<string>;
    certificateChain?: pulumi.Input<string>;
    /** protect / retainOnDelete for the ACM certificate. */
    protection?: Protection;
    tags: Record<string, string>;
}

export type CertificateArgs = ExistingCertificateArgs | SelfSignedCertificateArgs | DnsCertificateArgs | ImportedCertificateArgs;

/** ACM validates a wildcard and its apex with one record: the record is the apex's. */
const recordDomain = (domain: string) => domain.replace(/^\*\./, "");

export class Certificate extends pulumi.ComponentResource {
    /** The certificate for the listeners; in dns mode it resolves only once ACM has issued it. */
    readonly arn: pulumi.Output<string>;
    /** dns mode: the validation records' names (FQDNs), one per distinct domain. */
    readonly validationRecordFqdns: pulumi.Output<string>[];

    constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        const spec = args;
        const problems = spec.mode === "dns" ? dnsCertificateProblems(spec) : [];
        if (problems.length > 0) throw new Error(`Certificate ${name}: ${problems.join("; ")}`);
        super("elb-web-tier:certificate:Certificate", name, {}, opts);
        this.validationRecordFqdns = [];
        switch (spec.mode) {
            case "existing":
                this.arn = pulumi.output(spec.arn);
                break;
            case "selfSigned":
                this.arn = this.selfSigned(spec);
                break;
            case "dns":
                this.arn = this.dnsValidated(name, spec);
                break;
            case "import":
                this.arn = this.imported(name, spec);
                break;
        }
        this.registerOutputs({ arn: this.arn });
    }

    private selfSigned(args: SelfSignedCertificateArgs): pulumi.Output<string> {
        // ACM imports RSA 2048 keys, which every client accepts.
        const key = new tls.PrivateKey("ALB-self-signed-key", { algorithm: "RSA", rsaBits: 2048 }, { parent: this });
        // Covers the ALB's DNS name (<name>-<id>.<region>.elb.amazonaws.com), still unknown here,
        // and where an NLB's clients reach it over TLS the NLB's (<name>-<id>.elb.<region>.amazonaws.com):
        // a wildcard covers one label, so one name cannot cover both.
        const domain = `*.${args.region}.elb.amazonaws.com`;
        const cert = new tls.SelfSignedCert("ALB-self-signed-cert", {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: domain, organization: args.organization },
            dnsNames: args.coverNlb ? [domain, `*.elb.${args.region}.amazonaws.com`] : [domain],
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

    private dnsValidated(name: string, args: DnsCertificateArgs): pulumi.Output<string> {
        const cert = new aws.acm.Certificate(`${name}-cert`, {
            domainName: args.domainName,
            subjectAlternativeNames: args.subjectAlternativeNames,
            validationMethod: "DNS",
            keyAlgorithm: args.keyAlgorithm ?? "RSA_2048",
            tags: named(args.tags, args.domainName),
        }, guarded(this, args.protection));

        // One record per distinct validation domain, named by the domain (known from the args) so
        // the records are stable and show in a preview; only their contents wait for ACM's answer.
        const byRecord = new Map<string, string>();
        for (const domain of [args.domainName, ...(args.subjectAlternativeNames ?? [])]) {
            if (!byRecord.has(recordDomain(domain))) byRecord.set(recordDomain(domain), domain);
        }
        const records = [...byRecord].map(([record, domain]) => {
            const option = cert.domainValidationOptions.apply((options) => {
                const found = options.find((o) => o.domainName === domain);
                if (!found) throw new Error(`Certificate ${name}: ACM returned no validation option for ${domain}`);
                return found;
            });
            return new aws.route53.Record(`${name}-validation-${record}`, {
                zoneId: args.zoneIdByName?.[domain] ?? args.zoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 60,
                // A record another stack (or an earlier certificate for the same name) made is reused.
                allowOverwrite: true,
            }, { parent: this });
        });
        this.validationRecordFqdns.push(...records.map((r) => r.fqdn));

        const validation = new aws.acm.CertificateValidation(`${name}-validation`, {
            certificateArn: cert.arn,
            validationRecordFqdns: records.map((r) => r.fqdn),
        }, { parent: this });
        // The validation's ARN, not the certificate's: listeners then wait until ACM says ISSUED.
        return validation.certificateArn;
    }

    private imported(name: string, args: ImportedCertificateArgs): pulumi.Output<string> {
        const cert = new aws.acm.Certificate(`${name}-imported`, {
            certificateBody: pulumi.secret(args.certificateBody),
            privateKey: pulumi.secret(args.privateKey),
            certificateChain: args.certificateChain === undefined ? undefined : pulumi.secret(args.certificateChain),
            tags: named(args.tags, `${name} imported`),
        }, guarded(this, args.protection));
        return cert.arn;
    }
}
