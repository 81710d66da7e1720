// LogBucket: an S3 bucket the load balancers can write access (and ALB connection) logs to,
// locked down: no public access, ACLs disabled, SSE-S3, TLS only, expiring logs.
//
// Who may write is AWS's documented delivery principal for the region:
// - ALB access and connection logs ("Enable access logs for your Application Load Balancer",
//   "Step 2: Attach a policy to your S3 bucket"): in the regions AWS lists with an Elastic Load
//   Balancing account ID, that account; in every other region, the service principal
//   logdelivery.elasticloadbalancing.amazonaws.com. The choice is keyed on AWS's list, never on a
//   region's launch date. Connection logs use the same bucket policy as access logs.
// - NLB access logs (TLS listeners only; "Enable access logs for your Network Load Balancer") and
//   VPC flow logs ("Amazon S3 bucket permissions for flow logs"): delivery.logs.amazonaws.com,
//   with aws:SourceAccount and aws:SourceArn against confused deputies.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { named } from "./common";
import { arnPartition } from "./partition";
import { albLogPrincipal, LOG_DELIVERY_SERVICE } from "../policies/facts/elb";
import { guarded, Protection } from "./protection";

// The ELB log-delivery accounts per Region, the principal for a Region without one and the log
// delivery service: one table, shared with the policy pack (policies/facts/elb.ts, which the pack
// ships when it is installed alone).
export { albLogPrincipal, ELB_ACCOUNT_IDS, ELB_LOG_DELIVERY_SERVICE, LOG_DELIVERY_SERVICE } from "../policies/facts/elb";

/**
 * Key prefixes per kind of log, as given to the load balancer (no leading or trailing "/", never
 * containing "AWSLogs": AWS adds "AWSLogs/<account>/..." after it). "" writes at the bucket's
 * root. A kind left out gets no write permission.
 */
export interface LogPrefixes {
    alb?: string;
    albConnection?: string;
    /** ALB health-check logs: delivered like access logs (same principal, same policy). */
    albHealthCheck?: string;
    nlb?: string;
    /** VPC flow logs (FlowLog logDestination `${arn}/${prefix}`), delivered like NLB logs. */
    vpcFlowLogs?: string;
}

export interface LogBucketArgs {
    /** The load balancers' region: AWS requires the bucket in the same region. */
    region: string;
    /** The account the load balancers belong to (aws.getCallerIdentity at the call site). */
    accountId: pulumi.Input<string>;
    prefixes: LogPrefixes;
    /** Days until a log object expires (>= 1). */
    expirationDays: number;
    /** Let `pulumi destroy` delete a bucket that still holds logs. Default false. */
    forceDestroy?: boolean;
    /** protect / retainOnDelete for the bucket and every one of its settings: Pulumi does not
     * inherit retainOnDelete from a parent, and a retained bucket whose public access block,
     * ownership, encryption, lifecycle and policy were deleted would be left open. */
    protection?: Protection;
    tags: Record<string, string>;
}

type Statement = Record<string, unknown>;

const objectsUnder = (bucketArn: string, prefix: string, account: string) => `${bucketArn}/${prefix ? `${prefix}/` : ""}AWSLogs/${account}/*`;


export interface PolicyFacts {
    bucketArn: string;
    region: string;
    account: string;
    prefixes: LogPrefixes;
}

/** The bucket policy: TLS only, plus the delivery statements for the kinds of logs asked for. */
export function logBucketPolicy(facts: PolicyFacts): { Version: string; Statement: Statement[] } {
    const { bucketArn, region, account, prefixes } = facts;
    const statements: Statement[] = [{
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    }];
    const albPrefixes = [...new Set([prefixes.alb, prefixes.albConnection, prefixes.albHealthCheck].filter((p): p is string => p !== undefined))];
    if (albPrefixes.length > 0) {
        statements.push({
            Sid: "ElbLogDelivery",
            Effect: "Allow",
            Principal: albLogPrincipal(region),
            Action: "s3:PutObject",
            Resource: albPrefixes.map((p) => objectsUnder(bucketArn, p, account)),
        });
    }
    // NLB access logs and VPC flow logs both arrive through CloudWatch Logs' delivery service.
    const deliveryPrefixes = [...new Set([prefixes.nlb, prefixes.vpcFlowLogs].filter((p): p is string => p !== undefined))];
    if (deliveryPrefixes.length > 0) {
        const source = {
            StringEquals: { "aws:SourceAccount": [account] },
            ArnLike: { "aws:SourceArn": [`arn:${arnPartition(region)}:logs:${region}:${account}:*`] },
        };
        statements.push({
            Sid: "LogDeliveryAclCheck",
            Effect: "Allow",
            Principal: { Service: LOG_DELIVERY_SERVICE },
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: source,
        }, {
            Sid: "LogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: LOG_DELIVERY_SERVICE },
            Action: "s3:PutObject",
            Resource: deliveryPrefixes.map((p) => objectsUnder(bucketArn, p, account)),
            Condition: { ...source, StringEquals: { ...source.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The bucket is auto-named `${name}-logs-<7 random>`, and S3 bucket names are 3-63 lower-case
 * letters, digits and hyphens (Pulumi lower-cases the name; dots would break TLS to the bucket).
 */
export function logBucketNameProblems(name: string): string[] {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(name)) return [`the name ${name} may hold only letters, digits and hyphens (it names the S3 bucket)`];
    const length = `${name}-logs`.length + 8;
    return length > 63 ? [`the name ${name} is too long: the bucket name ${name}-logs plus Pulumi's 8-character suffix is ${length}, over S3's 63`] : [];
}

export function logBucketArgsProblems(args: LogBucketArgs): string[] {
    const problems: string[] = [];
    for (const [kind, prefix] of Object.entries(args.prefixes)) {
        if (prefix === undefined) continue;
        if (/AWSLogs/i.test(prefix)) problems.push(`prefixes.${kind} "${prefix}" must not contain AWSLogs (AWS adds AWSLogs/<account>/ after the prefix)`);
        if (prefix.startsWith("/") || prefix.endsWith("/")) problems.push(`prefixes.${kind} "${prefix}" must not start or end with "/"`);
    }
    if (!(Number.isInteger(args.expirationDays) && args.expirationDays >= 1)) problems.push(`expirationDays must be a whole number of days >= 1; got ${args.expirationDays}`);
    return problems;
}

export class LogBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** The bucket's name, for the load balancers' accessLogs.bucket. */
    readonly bucketName: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** Resolves once the bucket policy exists: load balancers should depend on it, or AWS rejects their log settings. */
    readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: LogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = [...logBucketNameProblems(name), ...logBucketArgsProblems(args)];
        if (problems.length > 0) throw new Error(`LogBucket ${name}: ${problems.join("; ")}`);
        super("elb-web-tier:logs:LogBucket", name, {}, opts);
        // Every child carries the bucket's guard (protect and retainOnDelete set on each).
        const parent = guarded(this, args.protection);

        this.bucket = new aws.s3.Bucket(`${name}-logs`, {
            forceDestroy: args.forceDestroy ?? false,
            tags: named(args.tags, `${name} logs`),
        }, guarded(this, args.protection));
        this.bucketName = this.bucket.bucket;
        this.arn = this.bucket.arn;

        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-logs`, {
            bucket: this.bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, parent);
        // ACLs off: every log object belongs to the bucket owner whoever delivered it.
        const ownership = new aws.s3.BucketOwnershipControls(`${name}-logs`, {
            bucket: this.bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, parent);
        // "The only server-side encryption option that's supported is Amazon S3-managed keys
        // (SSE-S3)" (ALB access logs, bucket requirements): no KMS here.
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-logs`, {
            bucket: this.bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, parent);
        new aws.s3.BucketLifecycleConfiguration(`${name}-logs`, {
            bucket: this.bucket.id,
            rules: [{
                id: "expire-logs",
                status: "Enabled",
                filter: { prefix: "" },
                expiration: { days: args.expirationDays },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            }],
        }, parent);

        // After the public access block and ownership settings: S3 rejects concurrent changes
        // to one bucket's configuration ("A conflicting conditional operation is in progress").
        this.policy = new aws.s3.BucketPolicy(`${name}-logs`, {
            bucket: this.bucket.id,
            policy: pulumi.all([this.bucket.arn, args.accountId]).apply(([bucketArn, account]) =>
                JSON.stringify(logBucketPolicy({ bucketArn, region: args.region, account, prefixes: args.prefixes }))),
        }, guarded(this, args.protection, { dependsOn: [publicAccess, ownership] }));

        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
