// S3 buckets (the load balancers' access-log bucket): public access blocked, ACLs off, TLS-only,
// a retention lifecycle, and the right log-delivery principal and encryption for what writes to it.
// In pulumi-aws 7 a bucket's settings are separate resources that name it in `bucket`
// (its name = its ID), so these are stack policies that gather them per bucket.
import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { albLogPrincipal, ELB_LOG_DELIVERY_SERVICE, LOG_DELIVERY_SERVICE, regionOfElbAccount } from "../../facts/elb";
import { asArray, asRecord, asString, BUCKET_ENCRYPTION_TYPES, BUCKET_LIFECYCLE_TYPES, BUCKET_TYPES, Candidates, checkEach, isTrue, LOAD_BALANCER_TYPES, loadBalancerKind, Props, resolveRefs, resourcesOfType, tryRead, TYPES } from "../util";

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

export function bucketStackPolicy(
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
export function deniesInsecureTransport(statement: Props): boolean {
    const secure = asRecord(asRecord(statement.Condition)?.Bool)?.["aws:SecureTransport"];
    return statement.Effect === "Deny" && allowsAction(statement, "s3:GetObject")
        && (principalsOf(statement, "AWS").includes("*") || statement.Principal === "*")
        && list(secure).some(v => v === false || v === "false");
}

export function policyStatements(settings: BucketSettings): Props[] {
    return settings.policies.flatMap(p => statementsOf(p.props.policy));
}

export const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

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

export function checkLogBuckets(args: StackValidationArgs, reportViolation: ReportViolation): void {
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
