// S3 buckets (the load balancers' access-log bucket): public access blocked, ACLs off, TLS-only,
// a retention lifecycle, and the right log-delivery principal and encryption for what writes to it.
// In pulumi-aws 7 a bucket's settings are separate resources that name it in `bucket`
// (its name = its ID), so these are stack policies that gather them per bucket.
import {
    Policies,
    PolicyResource,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    asArray,
    asRecord,
    asString,
    BUCKET_ENCRYPTION_TYPES,
    BUCKET_LIFECYCLE_TYPES,
    BUCKET_TYPES,
    Candidates,
    checkEach,
    isTrue,
    LOAD_BALANCER_TYPES,
    loadBalancerKind,
    Props,
    resolveRefs,
    resourcesOfType,
    tryRead,
    TYPES,
} from "./util";
import { albLogPrincipal, ELB_LOG_DELIVERY_SERVICE, LOG_DELIVERY_SERVICE, regionOfElbAccount } from "../facts/elb";

// ---- Gathering a bucket's settings ----------------------------------------------------------------

interface BucketSettings {
    publicAccessBlocks: PolicyResource[];
    policies: PolicyResource[];
    encryption: PolicyResource[];
    lifecycles: PolicyResource[];
}

type SettingKind = keyof BucketSettings;

const SETTING_TYPES: Record<SettingKind, readonly string[]> = {
    publicAccessBlocks: [TYPES.bucketPublicAccessBlock],
    policies: [TYPES.bucketPolicy],
    encryption: BUCKET_ENCRYPTION_TYPES,
    lifecycles: BUCKET_LIFECYCLE_TYPES,
};

interface BucketIndex {
    buckets: Candidates;
    settings: Map<string, BucketSettings>;
}

const bucketIndexes = new WeakMap<readonly PolicyResource[], BucketIndex>();

/** Every bucket of the stack with the setting resources that name it, once per stack (five rules read it). */
function indexBuckets(resources: PolicyResource[]): BucketIndex {
    let index = bucketIndexes.get(resources);
    if (!index) bucketIndexes.set(resources, index = buildBucketIndex(resources));
    return index;
}

/** Every bucket of the stack with the setting resources that name it (by dependency or literal name). */
function buildBucketIndex(resources: PolicyResource[]): BucketIndex {
    const buckets = new Candidates(resourcesOfType(resources, BUCKET_TYPES), ["bucket"]);
    const settings = new Map<string, BucketSettings>(buckets.resources.map(b => [b.urn, { publicAccessBlocks: [], policies: [], encryption: [], lifecycles: [] }]));
    for (const kind of Object.keys(SETTING_TYPES) as SettingKind[]) {
        for (const setting of resourcesOfType(resources, SETTING_TYPES[kind])) {
            const refs = resolveRefs(setting, "bucket", [tryRead(() => setting.props.bucket)], buckets);
            refs.targets.forEach(b => settings.get(b.urn)![kind].push(setting));
        }
    }
    return { buckets, settings };
}

function bucketStackPolicy(
    name: string, description: string, enforcementLevel: "advisory" | "mandatory",
    problem: (settings: BucketSettings) => string | undefined,
): StackValidationPolicy {
    return {
        name,
        description,
        enforcementLevel,
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
            const index = indexBuckets(args.resources);
            checkEach(index.buckets.resources, bucket => {
                const message = problem(index.settings.get(bucket.urn)!);
                if (message) reportViolation(message, bucket.urn);
            });
        },
    };
}

// ---- Policy documents -----------------------------------------------------------------------------

/** A bucket policy's statements; the policy input is a JSON string or a PolicyDocument object. */
function statementsOf(policy: unknown): Props[] {
    let doc: unknown = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            return [];
        }
    }
    const statement = asRecord(doc)?.Statement;
    return (Array.isArray(statement) ? statement : [statement]).map(s => asRecord(s)).filter((s): s is Props => s !== undefined);
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function allowsAction(statement: Props, action: string): boolean {
    return list(statement.Action).some(a => a === "*" || a === "s3:*" || a === action);
}

function principalsOf(statement: Props, kind: "Service" | "AWS"): unknown[] {
    const principal = statement.Principal;
    return principal === "*" ? ["*"] : list(asRecord(principal)?.[kind]);
}

/** Deny s3:* to everyone when aws:SecureTransport is false (AWS's documented TLS-only statement). */
function deniesInsecureTransport(statement: Props): boolean {
    const secure = asRecord(asRecord(statement.Condition)?.Bool)?.["aws:SecureTransport"];
    return statement.Effect === "Deny" && allowsAction(statement, "s3:GetObject")
        && (principalsOf(statement, "AWS").includes("*") || statement.Principal === "*")
        && list(secure).some(v => v === false || v === "false");
}

function policyStatements(settings: BucketSettings): Props[] {
    return settings.policies.flatMap(p => statementsOf(p.props.policy));
}

// ---- The rules ---------------------------------------------------------------------------------------

const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

// Equivalents: Security Hub S3.8 (S3.1 is its account-level twin, outside any stack; S3.2/S3.3
// public read/write follow from it); Checkov CKV2_AWS_6; cdk-nag S3BucketLevelPublicAccessProhibited.
export const s3PublicAccessBlocked = bucketStackPolicy(
    "s3-bucket-public-access-blocked",
    "S3 buckets must have an aws.s3.BucketPublicAccessBlock with all four flags true: a log bucket holds every client's " +
    "address and request line, and one public ACL or policy statement would publish them.",
    "mandatory",
    settings => {
        const blocked = settings.publicAccessBlocks.some(b => BLOCK_FLAGS.every(flag => b.props[flag] === true));
        return blocked ? undefined
            : "no aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and " +
              "restrictPublicBuckets all true names this bucket: add one with bucket: <bucket>.id.";
    },
);

// Equivalents: Security Hub S3.5; Checkov CKV_AWS_70 (policy side); cdk-nag S3BucketSSLRequestsOnly.
export const s3TlsOnly = bucketStackPolicy(
    "s3-bucket-tls-only",
    "S3 buckets must have a bucket policy that denies requests without TLS (aws:SecureTransport false): otherwise the " +
    "logs can be read or written over plain HTTP, in the clear.",
    "mandatory",
    settings => (policyStatements(settings).some(deniesInsecureTransport) ? undefined
        : "no bucket policy denies insecure transport: add a statement { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", " +
          "Resource: [<bucket arn>, <bucket arn>/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }."),
);

// Equivalents: Security Hub S3.13; Checkov CKV2_AWS_61.
export const s3Lifecycle = bucketStackPolicy(
    "s3-bucket-lifecycle",
    "S3 buckets should have a lifecycle configuration with an enabled expiration rule: access logs grow without bound " +
    "and are kept only as long as the retention policy says, so old ones must be expired automatically.",
    "advisory",
    settings => {
        const expires = settings.lifecycles.some(l => asArray(l.props.rules).some(r => {
            const rule = asRecord(r);
            return rule?.status === "Enabled" && asRecord(rule.expiration) !== undefined;
        }));
        return expires ? undefined
            : "no aws.s3.BucketLifecycleConfiguration with an Enabled rule that has expiration names this bucket: add one " +
              "(e.g. rules: [{ id: \"expire-logs\", status: \"Enabled\", expiration: { days: 90 }, filter: {} }]).";
    },
);

// Equivalents: Checkov CKV_AWS_300 (lifecycle sets a period for aborting failed uploads). An
// abort rule must cover the whole bucket: AWS refuses AbortIncompleteMultipartUpload on a rule
// filtered by tags, and a prefix-filtered one leaves the other uploads' parts billed forever.
export const s3AbortIncompleteUploads = bucketStackPolicy(
    "s3-lifecycle-abort-incomplete-uploads",
    "S3 buckets should have an enabled lifecycle rule over the whole bucket that aborts incomplete multipart uploads " +
    "(abortIncompleteMultipartUpload.daysAfterInitiation; Checkov CKV_AWS_300): parts of failed uploads are billed and " +
    "invisible in listings until they are aborted.",
    "advisory",
    settings => {
        const aborts = settings.lifecycles.some(l => asArray(l.props.rules).some(r => {
            const rule = asRecord(r);
            const days = asRecord(rule?.abortIncompleteMultipartUpload)?.daysAfterInitiation;
            const filter = asRecord(rule?.filter);
            const wholeBucket = !filter || Object.values(filter).every(v => v === undefined || v === null || v === "")
                || (Object.keys(filter).length === 1 && filter.prefix === "");
            return rule?.status === "Enabled" && typeof days === "number" && days >= 1 && wholeBucket && (rule.prefix ?? "") === "";
        }));
        return aborts ? undefined
            : "no enabled lifecycle rule over the whole bucket aborts incomplete multipart uploads: add " +
              "abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } to a rule with an empty filter.";
    },
);

// Equivalents: Security Hub S3.12; cdk-nag S3BucketLevelPublicAccessProhibited (ACL part).
// New buckets default to BucketOwnerEnforced (ACLs disabled) since April 2023; the ELB log
// delivery principals write through the bucket policy, so no ACL is ever needed.
export const s3OwnerEnforced: ResourceValidationPolicy = {
    name: "s3-bucket-owner-enforced",
    description: "S3 bucket ownership controls should be BucketOwnerEnforced (ACLs disabled): ACLs are a second, easily " +
        "missed permission system, and log delivery needs only the bucket policy.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.bucketOwnershipControls) {
            return;
        }
        const ownership = asString(asRecord(args.props.rule)?.objectOwnership);
        if (ownership !== "BucketOwnerEnforced") {
            reportViolation(`rule.objectOwnership is ${ownership === undefined ? "not set" : `"${ownership}"`}: set it to ` +
                "\"BucketOwnerEnforced\" (ACLs disabled).");
        }
    },
};

// ---- lb-log-bucket-delivery -------------------------------------------------------------------------

// AWS "Enable access logs for your Application Load Balancer": the bucket policy grants
// s3:PutObject to logdelivery.elasticloadbalancing.amazonaws.com (Regions from August 2022) or
// the Region's Elastic Load Balancing account (arn:aws:iam::<elb-account-id>:root, older
// Regions), and "the only server-side encryption option that's supported is SSE-S3".
// "... your Network Load Balancer": s3:PutObject for delivery.logs.amazonaws.com; SSE-KMS with a
// customer managed key works if the key policy lets that principal use it.
const NLB_LOG_PRINCIPALS = [LOG_DELIVERY_SERVICE];
const ELB_ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/**
 * The Region a load balancer is created in, when the engine says: its provider's `region`
 * (PolicyResource.provider), or the resource's own `region` input (provider 7.x). Undefined
 * offline, where the plan passes no provider.
 */
function regionOf(lb: PolicyResource): string | undefined {
    return asString(tryRead(() => lb.props.region)) ?? asString(tryRead(() => lb.provider?.props.region));
}

/** The ALB log principal a statement names, as the Region requires (policies/facts/elb.ts). */
function grantsAlbDelivery(s: Props, region: string | undefined): boolean {
    if (region !== undefined) {
        const wanted = albLogPrincipal(region);
        return "AWS" in wanted
            ? principalsOf(s, "AWS").some(p => p === wanted.AWS)
            : principalsOf(s, "Service").some(p => p === wanted.Service);
    }
    // Region unknown (offline): the service principal, or the root of an account that IS some
    // Region's ELB account; never any other account.
    return principalsOf(s, "Service").some(p => p === ELB_LOG_DELIVERY_SERVICE)
        || principalsOf(s, "AWS").some(p => typeof p === "string" && regionOfElbAccount(ELB_ACCOUNT_ROOT.exec(p)?.[1] ?? "") !== undefined);
}

function grantsDelivery(statements: Props[], kind: string, region: string | undefined): boolean {
    return statements.some(s => s.Effect === "Allow" && allowsAction(s, "s3:PutObject") && (kind === "network"
        ? principalsOf(s, "Service").some(p => NLB_LOG_PRINCIPALS.includes(String(p)))
        : grantsAlbDelivery(s, region)));
}

function albPrincipalText(region: string | undefined): string {
    if (region === undefined) return `Service "${ELB_LOG_DELIVERY_SERVICE}" or the Region's Elastic Load Balancing account root`;
    const wanted = albLogPrincipal(region);
    return "AWS" in wanted ? `AWS "${wanted.AWS}" (the ELB account of ${region})` : `Service "${wanted.Service}" (${region} has no ELB account)`;
}

function usesKms(encryption: PolicyResource): boolean {
    return asArray(encryption.props.rules).some(r => {
        const algorithm = asString(asRecord(asRecord(r)?.applyServerSideEncryptionByDefault)?.sseAlgorithm);
        return algorithm !== undefined && algorithm.startsWith("aws:kms");
    });
}

function checkLogBuckets(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const index = indexBuckets(args.resources);
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        const logs = asRecord(lb.props.accessLogs);
        if (!logs || !isTrue(logs.enabled)) {
            return;
        }
        const kind = loadBalancerKind(lb.props);
        const refs = resolveRefs(lb, "accessLogs", [tryRead(() => logs.bucket)], index.buckets);
        for (const bucket of refs.targets) {
            const settings = index.settings.get(bucket.urn)!;
            const region = regionOf(lb);
            if (!grantsDelivery(policyStatements(settings), kind, region)) {
                const principal = kind === "network" ? `Service "${NLB_LOG_PRINCIPALS[0]}"` : albPrincipalText(region);
                reportViolation(`access-log bucket '${bucket.name}' has no bucket policy statement allowing s3:PutObject to ` +
                    `${principal}: add one, or the load balancer's attribute update fails with "Access Denied for bucket".`, lb.urn);
            }
            if (kind === "application" && settings.encryption.some(usesKms)) {
                reportViolation(`access-log bucket '${bucket.name}' encrypts with SSE-KMS, which ALB log delivery does not support: ` +
                    "use sseAlgorithm \"AES256\" (SSE-S3) on this bucket.", lb.urn);
            }
        }
    });
}

export const lbLogBucketDelivery: StackValidationPolicy = {
    name: "lb-log-bucket-delivery",
    description: "A load balancer's access-log bucket in this stack must let the right AWS principal write to it (ALB: the " +
        "Region's own Elastic Load Balancing account root, or logdelivery.elasticloadbalancing.amazonaws.com in Regions " +
        "without one; NLB: delivery.logs.amazonaws.com) and, for an " +
        "ALB, use SSE-S3: otherwise AWS refuses to enable logging, or the logs never arrive.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkLogBuckets(args, reportViolation),
};

export const bucketPolicies: Policies = [s3PublicAccessBlocked, s3TlsOnly, s3Lifecycle, s3AbortIncompleteUploads, s3OwnerEnforced, lbLogBucketDelivery];
