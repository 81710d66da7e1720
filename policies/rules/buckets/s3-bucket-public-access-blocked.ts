import { RuleDefinition } from "../meta";
import { bucketStackPolicy } from "./shared";

const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

// S3.1 is this control's account-level twin, outside any stack.
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

export const rule: RuleDefinition = {
    policy: s3PublicAccessBlocked,
    severity: "critical",
    resources: "stack: buckets → `aws.s3.BucketPublicAccessBlock` (all four flags)",
    equivalents: {
        securityHub: ["S3.8", "S3.2", "S3.3"],
        checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
        cdkNag: ["S3BucketLevelPublicAccessProhibited"],
    },
    securityHubNote: "S3.2 and S3.3 follow from S3.8",
};
