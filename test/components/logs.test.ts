// LogBucket: the access-log bucket and the delivery policy AWS documents for the region.
import { expect } from "chai";
import { albLogPrincipal, ELB_ACCOUNT_IDS, LogBucket, LogBucketArgs, logBucketArgsProblems, logBucketNameProblems, logBucketPolicy, LogPrefixes } from "../../infra/logs";
import { Built, buildUnderMocks, describeFindings, MODES, prodFindings, TAGS } from "../support/components";
import { UNKNOWN } from "../support/program";

const T = {
    bucket: "aws:s3/bucket:Bucket",
    pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
};

const ACCOUNT = "123456789012";

function logArgs(overrides: Partial<LogBucketArgs> = {}): LogBucketArgs {
    return {
        region: "ap-northeast-2",
        accountId: ACCOUNT,
        prefixes: { alb: "alb", albConnection: "alb-connections", nlb: "nlb" },
        expirationDays: 90,
        tags: TAGS,
        ...overrides,
    };
}

const build = (args: LogBucketArgs, preview = false) =>
    buildUnderMocks(() => {
        const logs = new LogBucket("web", args);
        return { bucketName: logs.bucketName, arn: logs.arn };
    }, { preview, region: args.region });

type Statement = { Sid: string; Effect: string; Principal: unknown; Action: string; Resource: string | string[]; Condition?: unknown };

describe("LogBucket", () => {
    it("guards every child as it guards the bucket: Pulumi does not inherit retainOnDelete, and a retained bucket must keep its settings", async () => {
        const b = await build(logArgs({ protection: { protect: true, retainOnDelete: true } }));
        const custom = b.plan.resources.filter((r) => r.custom);
        expect(custom.map((r) => r.type).sort()).to.deep.equal([T.bucket, T.lifecycle, T.ownership, T.pab, T.policy, T.sse].sort());
        for (const r of custom) expect({ name: r.name, type: r.type, protect: r.protect, retainOnDelete: r.retainOnDelete }).to.deep.include({ protect: true, retainOnDelete: true });
    });

    for (const mode of MODES) {
        describe(`in ${mode.label}`, () => {
            let b: Built;
            before(async () => {
                b = await build(logArgs(), mode.preview);
            });

            it("creates an auto-named, tagged bucket that `pulumi destroy` won't empty", () => {
                const bucket = b.plan.get(T.bucket, "web-logs").inputs;
                expect(bucket).to.include({ forceDestroy: false });
                expect(bucket).to.not.have.property("bucket");
                expect(bucket.tags).to.deep.equal({ ...TAGS, Name: "web logs" });
                expect(b.outputs.bucketName).to.equal(mode.preview ? UNKNOWN : "web-logs-placeholder");
            });

            it("blocks every kind of public access and disables ACLs", () => {
                expect(b.plan.get(T.pab, "web-logs").inputs).to.include({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
                expect(b.plan.get(T.ownership, "web-logs").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
            });

            it("encrypts with SSE-S3 (the only encryption ALB log delivery supports) and expires logs", () => {
                expect(b.plan.get(T.sse, "web-logs").inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
                expect(b.plan.get(T.lifecycle, "web-logs").inputs.rules).to.deep.equal([{
                    id: "expire-logs", status: "Enabled", filter: { prefix: "" }, expiration: { days: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                }]);
            });

            it("sets the policy after the public access block and ownership controls, on this bucket", () => {
                const policy = b.plan.get(T.policy, "web-logs");
                const after = [b.plan.get(T.pab, "web-logs").urn, b.plan.get(T.ownership, "web-logs").urn];
                expect(policy.dependencies).to.include.members(after);
                expect(b.plan.dependencyOf(policy, "bucket").map((r) => r.type)).to.deep.equal([T.bucket]);
                if (mode.preview) expect(policy.inputs.policy).to.equal(UNKNOWN);
                else expect(JSON.parse(String(policy.inputs.policy)).Statement.map((s: Statement) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "ElbLogDelivery", "LogDeliveryAclCheck", "LogDeliveryWrite"]);
            });

            it("passes the pack under the prod policy config", async () => {
                const findings = await prodFindings(b, mode.preview);
                expect(findings, describeFindings(findings)).to.deep.equal([]);
            });
        });
    }

    it("rejects prefixes AWS refuses and a non-positive expiry, before registering anything", () => {
        const args = logArgs({ prefixes: { alb: "logs/AWSLogs", nlb: "/nlb" }, expirationDays: 0 });
        expect(logBucketArgsProblems(args)).to.deep.equal([
            `prefixes.alb "logs/AWSLogs" must not contain AWSLogs (AWS adds AWSLogs/<account>/ after the prefix)`,
            `prefixes.nlb "/nlb" must not start or end with "/"`,
            "expirationDays must be a whole number of days >= 1; got 0",
        ]);
        expect(() => new LogBucket("bad", args)).to.throw(/^LogBucket bad: /);
    });

    it("guards nothing when not asked", async () => {
        const unguarded = (await build(logArgs())).plan.resources.filter((r) => r.custom);
        for (const r of unguarded) expect([r.protect, r.retainOnDelete]).to.deep.equal([false, false]);
    });

    it("rejects a component name that can't name an S3 bucket", () => {
        expect(logBucketNameProblems("web_tier")).to.deep.equal(["the name web_tier may hold only letters, digits and hyphens (it names the S3 bucket)"]);
        expect(logBucketNameProblems("x".repeat(51))[0]).to.match(/plus Pulumi's 8-character suffix is 64, over S3's 63/);
        expect(logBucketNameProblems("x".repeat(50))).to.deep.equal([]);
        expect(() => new LogBucket("web.tier", logArgs())).to.throw(/^LogBucket web.tier: the name web.tier/);
    });

    it("honours forceDestroy when asked", async () => {
        const b = await build(logArgs({ forceDestroy: true }));
        expect(b.plan.get(T.bucket, "web-logs").inputs.forceDestroy).to.equal(true);
    });
});

describe("logBucketPolicy", () => {
    const bucketArn = "arn:aws:s3:::web-logs";
    const policyFor = (region: string, prefixes: LogPrefixes = { alb: "alb", albConnection: "alb-connections", nlb: "nlb" }) =>
        logBucketPolicy({ bucketArn, region, account: ACCOUNT, prefixes }).Statement as Statement[];
    const sid = (statements: Statement[], id: string) => statements.find((s) => s.Sid === id);

    it("denies every request not made over TLS", () => {
        expect(sid(policyFor("ap-northeast-2"), "DenyInsecureTransport")).to.deep.equal({
            Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
    });

    it("in a region on AWS's list, lets the regional ELB account write ALB access and connection logs under their prefixes", () => {
        expect(sid(policyFor("ap-northeast-2"), "ElbLogDelivery")).to.deep.equal({
            Sid: "ElbLogDelivery", Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::600734575887:root" },
            Action: "s3:PutObject",
            Resource: [`${bucketArn}/alb/AWSLogs/${ACCOUNT}/*`, `${bucketArn}/alb-connections/AWSLogs/${ACCOUNT}/*`],
        });
    });

    it("keys the choice on AWS's list, not on when a region opened", () => {
        // Jakarta opened in December 2021 and is on the list; Zurich (2022) and Malaysia (2024) are not.
        expect(albLogPrincipal("ap-southeast-3")).to.deep.equal({ AWS: "arn:aws:iam::589379963580:root" });
        expect(albLogPrincipal("eu-central-2")).to.deep.equal({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
        expect(albLogPrincipal("ap-southeast-5")).to.deep.equal({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
        expect(albLogPrincipal("cn-north-1")).to.deep.equal({ AWS: "arn:aws-cn:iam::638102146993:root" });
        expect(albLogPrincipal("us-gov-west-1")).to.deep.equal({ AWS: "arn:aws-us-gov:iam::048591011584:root" });
        expect(Object.keys(ELB_ACCOUNT_IDS)).to.have.length(26);
    });

    it("lets delivery.logs.amazonaws.com write NLB logs only for this account, with the bucket-owner-full-control ACL", () => {
        const statements = policyFor("ap-northeast-2");
        const source = {
            StringEquals: { "aws:SourceAccount": [ACCOUNT] },
            ArnLike: { "aws:SourceArn": [`arn:aws:logs:ap-northeast-2:${ACCOUNT}:*`] },
        };
        expect(sid(statements, "LogDeliveryAclCheck")).to.deep.equal({
            Sid: "LogDeliveryAclCheck", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: source,
        });
        expect(sid(statements, "LogDeliveryWrite")).to.deep.equal({
            Sid: "LogDeliveryWrite", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject", Resource: [`${bucketArn}/nlb/AWSLogs/${ACCOUNT}/*`],
            Condition: { ...source, StringEquals: { "aws:SourceAccount": [ACCOUNT], "s3:x-amz-acl": "bucket-owner-full-control" } },
        });
    });

    it("lets VPC flow logs in through the same delivery service, under their own prefix", () => {
        const statements = policyFor("ap-northeast-2", { nlb: "nlb", vpcFlowLogs: "flow" });
        expect(sid(statements, "LogDeliveryWrite")?.Resource).to.deep.equal([`${bucketArn}/nlb/AWSLogs/${ACCOUNT}/*`, `${bucketArn}/flow/AWSLogs/${ACCOUNT}/*`]);
        expect(policyFor("ap-northeast-2", { vpcFlowLogs: "flow" }).map((s) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "LogDeliveryAclCheck", "LogDeliveryWrite"]);
    });

    it("grants only the kinds of logs asked for, and writes at the root for an empty prefix", () => {
        const albOnly = policyFor("eu-central-2", { alb: "" });
        expect(albOnly.map((s) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "ElbLogDelivery"]);
        expect(sid(albOnly, "ElbLogDelivery")?.Resource).to.deep.equal([`${bucketArn}/AWSLogs/${ACCOUNT}/*`]);
        expect(sid(albOnly, "ElbLogDelivery")?.Principal).to.deep.equal({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
        expect(policyFor("ap-northeast-2", {}).map((s) => s.Sid)).to.deep.equal(["DenyInsecureTransport"]);
    });
});
