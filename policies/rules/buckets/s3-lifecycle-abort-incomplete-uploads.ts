import { asRecord } from "../util";
import { RuleDefinition } from "../meta";
import { bucketStackPolicy, someEnabledLifecycleRule } from "./shared";

// An abort rule must cover the whole bucket: AWS refuses AbortIncompleteMultipartUpload on a rule
// filtered by tags, and a prefix-filtered one leaves the other uploads' parts billed forever.
export const s3AbortIncompleteUploads = bucketStackPolicy(
    "s3-lifecycle-abort-incomplete-uploads",
    "S3 buckets should have an enabled lifecycle rule over the whole bucket that aborts incomplete multipart uploads " +
    "(abortIncompleteMultipartUpload.daysAfterInitiation; Checkov CKV_AWS_300): parts of failed uploads are billed and " +
    "invisible in listings until they are aborted.",
    "advisory",
    settings => {
        const aborts = someEnabledLifecycleRule(settings, rule => {
            const days = asRecord(rule.abortIncompleteMultipartUpload)?.daysAfterInitiation;
            const filter = asRecord(rule.filter);
            const wholeBucket = !filter || Object.values(filter).every(v => v === undefined || v === null || v === "")
                || (Object.keys(filter).length === 1 && filter.prefix === "");
            return typeof days === "number" && days >= 1 && wholeBucket && (rule.prefix ?? "") === "";
        });
        return aborts ? undefined
            : "no enabled lifecycle rule over the whole bucket aborts incomplete multipart uploads: add " +
              "abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } to a rule with an empty filter.";
    },
);

export const rule: RuleDefinition = {
    policy: s3AbortIncompleteUploads,
    severity: "low",
    resources: "stack: buckets → `aws.s3.BucketLifecycleConfiguration` (enabled whole-bucket rule with `abortIncompleteMultipartUpload`)",
    equivalents: {
        checkov: ["CKV_AWS_300"],
    },
};
