import { RuleDefinition } from "../meta";
import { asRecord, Props } from "../util";
import { allowsAction, bucketStackPolicy, list, policyStatements, principalsOf } from "./shared";

/** Deny s3:* to everyone when aws:SecureTransport is false (AWS's documented TLS-only statement). */
function deniesInsecureTransport(statement: Props): boolean {
    const secure = asRecord(asRecord(statement.Condition)?.Bool)?.["aws:SecureTransport"];
    return statement.Effect === "Deny" && allowsAction(statement, "s3:GetObject")
        && (principalsOf(statement, "AWS").includes("*") || statement.Principal === "*")
        && list(secure).some(v => v === false || v === "false");
}

export const s3TlsOnly = bucketStackPolicy(
    "s3-bucket-tls-only",
    "S3 buckets must have a bucket policy that denies requests without TLS (aws:SecureTransport false): otherwise the " +
    "logs can be read or written over plain HTTP, in the clear.",
    "mandatory",
    settings => (policyStatements(settings).some(deniesInsecureTransport) ? undefined
        : "no bucket policy denies insecure transport: add a statement { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", " +
          "Resource: [<bucket arn>, <bucket arn>/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }."),
);

export const rule: RuleDefinition = {
    policy: s3TlsOnly,
    severity: "high",
    resources: "stack: buckets → `aws.s3.BucketPolicy` (deny `aws:SecureTransport` false)",
    equivalents: {
        securityHub: ["S3.5"],
        checkov: ["CKV_AWS_70"],
        cdkNag: ["S3BucketSSLRequestsOnly"],
    },
};
