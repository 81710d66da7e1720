// The access-log bucket: public access, TLS-only, lifecycle, ownership, delivery principal and
// encryption, against typed fixtures.
import { expect } from "chai";
import { rules as policies } from "../../policies/rules";
import {
    expectNoViolation,
    expectViolation,
    findPolicy,
    PlannedResource,
    previewPolicy,
    run,
    runPolicy,
    UNKNOWN,
} from "../support/policyHarness";
import { fixtures as f } from "./typedFixtures";

const bpa = findPolicy(policies, "s3-bucket-public-access-blocked");
const tls = findPolicy(policies, "s3-bucket-tls-only");
const lifecycle = findPolicy(policies, "s3-bucket-lifecycle");
const ownership = findPolicy(policies, "s3-bucket-owner-enforced");
const delivery = findPolicy(policies, "lb-log-bucket-delivery");
const BUCKET_POLICIES = [bpa, tls, lifecycle, ownership, delivery];

const TLS_ONLY = { Effect: "Deny" as const, Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const ALB_WRITE = { Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/alb/AWSLogs/123456789012/*" };
const NLB_WRITE = { Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/nlb/AWSLogs/123456789012/*" };

interface LogBucketOptions {
    statements?: object[];
    sseAlgorithm?: string;
    blockAll?: boolean;
    /** Tie settings to the bucket by literal name only, without property dependencies. */
    byName?: boolean;
}

/** A log bucket with its settings, wired the way the program would (bucket: logs.id). */
function logBucket(o: LogBucketOptions = {}): PlannedResource[] {
    const bucket = f.bucket({ bucket: "logs", forceDestroy: false });
    const ref = <T extends object>(extra: T) => ({ bucket: "logs", ...extra });
    const deps = o.byName ? {} : { propertyDependencies: { bucket: [bucket.urn] } };
    const flag = o.blockAll ?? true;
    return [
        bucket,
        f.bucketPublicAccessBlock(ref({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: flag }), deps),
        f.bucketOwnershipControls(ref({ rule: { objectOwnership: "BucketOwnerEnforced" } }), deps),
        f.bucketEncryption(ref({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: o.sseAlgorithm ?? "AES256" } }] }), deps),
        f.bucketPolicy(ref({ policy: JSON.stringify({ Version: "2012-10-17", Statement: o.statements ?? [TLS_ONLY, ALB_WRITE, NLB_WRITE] }) }), deps),
        f.bucketLifecycle(ref({ rules: [{ id: "expire", status: "Enabled", expiration: { days: 90 }, filter: {} }] }), deps),
    ];
}

function albLoggingTo(bucket: PlannedResource, type: "application" | "network" = "application"): PlannedResource {
    return f.loadBalancer({ loadBalancerType: type, accessLogs: { bucket: "logs-from-output", enabled: true, prefix: "alb" } }, { propertyDependencies: { accessLogs: [bucket.urn] } });
}

describe("log bucket policies", () => {
    it("pass a well-formed log bucket and the load balancers writing to it, in preview and by literal names", async () => {
        const resources = logBucket();
        expectNoViolation(await run(BUCKET_POLICIES, [...resources, albLoggingTo(resources[0]), albLoggingTo(resources[0], "network")], { preview: true }));
        const named = logBucket({ byName: true });
        const lb = f.loadBalancer({ loadBalancerType: "application", accessLogs: { bucket: "logs", enabled: true } });
        expectNoViolation(await run(BUCKET_POLICIES, [...named, lb]));
    });

    it("s3-bucket-public-access-blocked: refuses a bucket without a block, or with one flag false", async () => {
        expectViolation(await runPolicy(bpa, [f.bucket({ bucket: "logs" })]), bpa.name, "no aws.s3.BucketPublicAccessBlock");
        const v = expectViolation(await runPolicy(bpa, logBucket({ blockAll: false, byName: true })), bpa.name, "all true names this bucket");
        expect(v.enforcementLevel).to.equal("mandatory");
    });

    it("s3-bucket-tls-only: refuses a policy without the aws:SecureTransport deny", async () => {
        expectViolation(await runPolicy(tls, logBucket({ statements: [ALB_WRITE], byName: true })), tls.name, "no bucket policy denies insecure transport");
        const allowInstead = { ...TLS_ONLY, Effect: "Allow" };
        expectViolation(await runPolicy(tls, logBucket({ statements: [allowInstead], byName: true })), tls.name, "denies insecure transport");
    });

    it("s3-bucket-lifecycle: asks for an enabled expiration rule", async () => {
        expectViolation(await runPolicy(lifecycle, [f.bucket({ bucket: "logs" })]), lifecycle.name, "with an Enabled rule that has expiration");
        const disabled = [f.bucket({ bucket: "logs" }), f.bucketLifecycle({ bucket: "logs", rules: [{ id: "x", status: "Disabled", expiration: { days: 1 } }] })];
        expectViolation(await runPolicy(lifecycle, disabled), lifecycle.name, "Enabled rule");
    });

    it("s3-bucket-owner-enforced: refuses ownership controls that keep ACLs", async () => {
        for (const objectOwnership of ["ObjectWriter", "BucketOwnerPreferred"]) {
            expectViolation(await runPolicy(ownership, [f.bucketOwnershipControls({ bucket: "logs", rule: { objectOwnership } })]), ownership.name, `"${objectOwnership}"`);
        }
    });

    it("lb-log-bucket-delivery: refuses a bucket the load balancer's log principal cannot write to", async () => {
        const nlbOnly = logBucket({ statements: [TLS_ONLY, NLB_WRITE] });
        const v = expectViolation(await runPolicy(delivery, [...nlbOnly, albLoggingTo(nlbOnly[0])]), delivery.name, 'Service "logdelivery.elasticloadbalancing.amazonaws.com"');
        expect(v.urn).to.contain("loadBalancer");
        const albOnly = logBucket({ statements: [TLS_ONLY, ALB_WRITE] });
        expectViolation(await runPolicy(delivery, [...albOnly, albLoggingTo(albOnly[0], "network")]), delivery.name, 'Service "delivery.logs.amazonaws.com"');
    });

    it("lb-log-bucket-delivery: accepts the older Regions' ELB account principal for an ALB", async () => {
        const account = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::156460612806:root" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/*" };
        const resources = logBucket({ statements: [TLS_ONLY, account] });
        expectNoViolation(await runPolicy(delivery, [...resources, albLoggingTo(resources[0])]));
    });

    it("lb-log-bucket-delivery: refuses SSE-KMS on an ALB's log bucket, and allows it for an NLB", async () => {
        const kms = logBucket({ sseAlgorithm: "aws:kms" });
        expectViolation(await runPolicy(delivery, [...kms, albLoggingTo(kms[0])]), delivery.name, "SSE-KMS, which ALB log delivery does not support");
        expectNoViolation(await runPolicy(delivery, [...kms, albLoggingTo(kms[0], "network")]));
    });

    it("reports a bucket policy given as an object (PolicyDocument) the same way as its JSON string", async () => {
        const [bucket] = logBucket();
        const policy = f.bucketPolicy({ bucket: UNKNOWN, policy: { Version: "2012-10-17", Statement: [TLS_ONLY] } }, { propertyDependencies: { bucket: [bucket.urn] } });
        expectNoViolation(await previewPolicy(tls, [bucket, policy]));
    });
});
