// S3 buckets (the load balancers' access-log bucket): public access blocked, ACLs off, TLS-only,
// a retention lifecycle, and the right log-delivery principal and encryption for what writes to it.
// In pulumi-aws 7 a bucket's settings are separate resources that name it in `bucket`
// (its name = its ID), so these are stack policies that gather them per bucket.
import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, BUCKET_ENCRYPTION_TYPES, BUCKET_LIFECYCLE_TYPES, BUCKET_TYPES, Candidates, checkEach, Props, resolveRefs, resourcesOfType, tryRead, TYPES } from "../util";

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
export function indexBuckets(resources: PolicyResource[]): BucketIndex {
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

/** Whether a rule with status Enabled, in one of the bucket's lifecycle configurations, passes `test`. */
export function someEnabledLifecycleRule(settings: BucketSettings, test: (rule: Props) => boolean): boolean {
    return settings.lifecycles.some(l => asArray(l.props.rules).some(r => {
        const rule = asRecord(r);
        return rule?.status === "Enabled" && test(rule);
    }));
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

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

export function allowsAction(statement: Props, action: string): boolean {
    return list(statement.Action).some(a => a === "*" || a === "s3:*" || a === action);
}

export function principalsOf(statement: Props, kind: "Service" | "AWS"): unknown[] {
    const principal = statement.Principal;
    return principal === "*" ? ["*"] : list(asRecord(principal)?.[kind]);
}

export function policyStatements(settings: BucketSettings): Props[] {
    return settings.policies.flatMap(p => statementsOf(p.props.policy));
}
