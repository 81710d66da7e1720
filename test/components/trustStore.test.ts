// ClientTrustStore and mutualAuthentication: ALB mutual TLS.
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { ClientTrustStore, ClientTrustStoreArgs, mutualAuthentication, pinnedObjects } from "../../infra/trustStore";
import { trustStoreNameProblems } from "../../infra/config/awsLimits";
import { buildUnderMocks, describeFindings, MODES, prodFindings, TAGS } from "../support/components";
import { UNKNOWN } from "../support/program";

const T = { store: "aws:lb/trustStore:TrustStore", crl: "aws:lb/trustStoreRevocation:TrustStoreRevocation" };
const STORE_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:truststore/clients-ts-placeholder/0000000000000000";

const args = (): ClientTrustStoreArgs => ({
    caBundle: { bucket: "pki-bucket", key: "clients/ca-bundle.pem", version: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" },
    revocations: { "2025": { bucket: "pki-bucket", key: "clients/2025.crl", version: "Wq1N7R0xTj2Jm1u5cUo7Bz8pQ3yV6kLd" } },
    tags: TAGS,
});

describe("ClientTrustStore", () => {
    for (const mode of MODES) {
        it(`makes a trust store from the CA bundle in S3, and a revocation list per entry, in ${mode.label}`, async () => {
            let verify: ReturnType<ClientTrustStore["verify"]> | undefined;
            const b = await buildUnderMocks(() => {
                const store = new ClientTrustStore("clients", args());
                verify = store.verify({ advertiseCaNames: true });
                return { arn: store.arn, verifyArn: verify.trustStoreArn };
            }, { preview: mode.preview });
            expect(b.plan.get(T.store, "clients-ts").inputs).to.deep.equal({
                caCertificatesBundleS3Bucket: "pki-bucket",
                caCertificatesBundleS3Key: "clients/ca-bundle.pem",
                caCertificatesBundleS3ObjectVersion: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
                tags: { ...TAGS, Name: "clients client CA trust store" },
            });
            const crl = b.plan.get(T.crl, "clients-crl-2025");
            expect(crl.inputs).to.include({ revocationsS3Bucket: "pki-bucket", revocationsS3Key: "clients/2025.crl" });
            expect(b.plan.dependencyOf(crl, "trustStoreArn").map((r) => r.name)).to.deep.equal(["clients-ts"]);
            expect(verify).to.deep.include({ mode: "verify", ignoreClientCertificateExpiry: false, advertiseTrustStoreCaNames: "on" });
            expect(b.outputs.verifyArn).to.equal(mode.preview ? UNKNOWN : STORE_ARN);
            expect(b.outputs.arn).to.equal(b.outputs.verifyArn);
            const findings = await prodFindings(b, mode.preview);
            expect(findings, describeFindings(findings)).to.deep.equal([]);
        });
    }

    it("pins each S3 object's version, and a listener verifying against the store waits for every revocation list", async () => {
        const b = await buildUnderMocks(() => {
            const store = new ClientTrustStore("clients", args());
            new aws.lb.Listener("ALB-https", { loadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/x/0", port: 443, protocol: "HTTPS", mutualAuthentication: store.verify(), defaultActions: [{ type: "fixed-response", fixedResponse: { statusCode: "200", contentType: "text/plain" } }] });
            return {};
        });
        expect(b.plan.get(T.crl, "clients-crl-2025").inputs).to.include({ revocationsS3ObjectVersion: "Wq1N7R0xTj2Jm1u5cUo7Bz8pQ3yV6kLd" });
        const listener = b.plan.get("aws:lb/listener:Listener", "ALB-https");
        expect(b.plan.dependencyOf(listener, "mutualAuthentication").map((r) => r.name).sort()).to.deep.equal(["clients-crl-2025", "clients-ts"]);
    });

    it("refuses a config object without a version (a replaced object would never reach the store)", () => {
        expect(pinnedObjects({ ca: { bucket: "pki", key: "ca.pem", version: "v1" } })).to.deep.equal({ ca: { bucket: "pki", key: "ca.pem", version: "v1" } });
        expect(() => pinnedObjects({ ca: { bucket: "pki", key: "ca.pem" } })).to.throw(/ca: s3:\/\/pki\/ca.pem has no version/);
    });

    it("rejects a name AWS can't turn into a trust store name, before registering anything", () => {
        expect(trustStoreNameProblems("a-very-long-trust-store-name")).to.deep.equal([
            "the name a-very-long-trust-store-name is too long: trust store names are at most 32 characters, and a-very-long-trust-store-name-ts plus Pulumi's 8-character suffix is 39",
        ]);
        expect(trustStoreNameProblems("client_ca")[0]).to.match(/only letters, digits and hyphens/);
        expect(() => new ClientTrustStore("client_ca", args())).to.throw(/^ClientTrustStore client_ca: /);
    });
});

describe("mutualAuthentication", () => {
    it("verify names the trust store and keeps expired client certificates out by default", () => {
        expect(mutualAuthentication({ mode: "verify", trustStoreArn: STORE_ARN })).to.deep.equal({
            mode: "verify", trustStoreArn: STORE_ARN, ignoreClientCertificateExpiry: false, advertiseTrustStoreCaNames: "off",
        });
        expect(mutualAuthentication({ mode: "verify", trustStoreArn: STORE_ARN, ignoreClientCertificateExpiry: true }).ignoreClientCertificateExpiry).to.equal(true);
    });

    it("passthrough takes no trust store", () => {
        expect(mutualAuthentication({ mode: "passthrough" })).to.deep.equal({ mode: "passthrough" });
    });
});
