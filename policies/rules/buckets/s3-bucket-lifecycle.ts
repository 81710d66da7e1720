import { asRecord } from "../util";
import { RuleDefinition } from "../meta";
import { bucketStackPolicy, someEnabledLifecycleRule } from "./shared";

export const s3Lifecycle = bucketStackPolicy(
    "s3-bucket-lifecycle",
    "S3 buckets should have a lifecycle configuration with an enabled expiration rule: access logs grow without bound " +
    "and are kept only as long as the retention policy says, so old ones must be expired automatically.",
    "advisory",
    settings => {
        const expires = someEnabledLifecycleRule(settings, rule => asRecord(rule.expiration) !== undefined);
        return expires ? undefined
            : "no aws.s3.BucketLifecycleConfiguration with an Enabled rule that has expiration names this bucket: add one " +
              "(e.g. rules: [{ id: \"expire-logs\", status: \"Enabled\", expiration: { days: 90 }, filter: {} }]).";
    },
);

export const rule: RuleDefinition = {
    policy: s3Lifecycle,
    severity: "low",
    resources: "stack: buckets → `aws.s3.BucketLifecycleConfiguration` (enabled expiration)",
    equivalents: {
        securityHub: ["S3.13"],
        checkov: ["CKV2_AWS_61"],
    },
};
