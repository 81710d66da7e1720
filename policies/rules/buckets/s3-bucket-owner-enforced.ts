import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, asString, TYPES } from "../util";
import { RuleDefinition } from "../meta";

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

export const rule: RuleDefinition = {
    policy: s3OwnerEnforced,
    severity: "medium",
    resources: "`aws.s3.BucketOwnershipControls`",
    equivalents: {
        securityHub: ["S3.12"],
        checkov: ["CKV2_AWS_65"],
        cdkNag: ["S3BucketLevelPublicAccessProhibited"],
    },
};
