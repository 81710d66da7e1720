// Certificate: existing ARN, self-signed (dev), DNS-validated ACM certificate, imported PEM.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { Certificate, CertificateArgs, DnsCertificateArgs } from "../../infra/certificate";
import { dnsCertificateProblems } from "../../infra/config/awsLimits";
import { Built, buildUnderMocks, describeFindings, MODES, prodFindings, TAGS } from "../support/components";
import { UNKNOWN } from "../support/program";

const T = {
    cert: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    tlsKey: "tls:index/privateKey:PrivateKey",
    tlsCert: "tls:index/selfSignedCert:SelfSignedCert",
};
/** The engine's marker for a secret value in serialized properties. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const ARN = "arn:aws:acm:ap-northeast-2:123456789012:certificate/00000000-0000-0000-0000-000000000000";

const build = (args: CertificateArgs, preview = false) =>
    buildUnderMocks(() => {
        const c = new Certificate("alb", args);
        return { arn: c.arn, records: c.validationRecordFqdns };
    }, { preview });

const dnsArgs = (overrides: Partial<DnsCertificateArgs> = {}): DnsCertificateArgs => ({
    mode: "dns",
    domainName: "example.com",
    subjectAlternativeNames: ["*.example.com", "api.example.org"],
    zoneId: "Z0123456789ABCDEFGHIJ",
    tags: TAGS,
    ...overrides,
});

describe("Certificate", () => {
    for (const mode of MODES) {
        describe(`existing and self-signed (the dev stack's modes), in ${mode.label}`, () => {
            it("an existing ARN declares nothing and is the output", async () => {
                const existing = "arn:aws:acm:ap-northeast-2:123456789012:certificate/11111111-1111-1111-1111-111111111111";
                const b = await build({ mode: "existing", arn: existing }, mode.preview);
                expect(b.plan.resources.filter((r) => r.custom)).to.have.length(0);
                expect(b.outputs.arn).to.equal(existing);
            });

            it("self-signed keeps its resource names", async () => {
                for (const args of [{ mode: "selfSigned", region: "ap-northeast-2", organization: "elb-web-tier", tags: TAGS } as const]) {
                    const b = await build(args, mode.preview);
                    expect(b.plan.resources.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`)).to.deep.equal([
                        `${T.tlsKey} ALB-self-signed-key`, `${T.tlsCert} ALB-self-signed-cert`, `${T.cert} ALB-self-signed`,
                    ]);
                    expect(b.plan.get(T.tlsCert, "ALB-self-signed-cert").inputs.dnsNames).to.deep.equal(["*.ap-northeast-2.elb.amazonaws.com"]);
                    expect(b.outputs.arn).to.equal(mode.preview ? UNKNOWN : ARN);
                }
            });
        });
    }

    for (const mode of MODES) {
        describe(`DNS-validated, in ${mode.label}`, () => {
            let b: Built;
            before(async () => {
                b = await build(dnsArgs(), mode.preview);
            });

            it("requests an RSA 2048 certificate for the domain and its SANs, validated by DNS", () => {
                expect(b.plan.get(T.cert, "alb-cert").inputs).to.deep.include({
                    domainName: "example.com",
                    subjectAlternativeNames: ["*.example.com", "api.example.org"],
                    validationMethod: "DNS",
                    keyAlgorithm: "RSA_2048",
                    tags: { ...TAGS, Name: "example.com" },
                });
            });

            it("makes one validation record per distinct domain (a wildcard shares its apex's), named by domain", () => {
                const records = b.plan.ofType(T.record);
                expect(records.map((r) => r.name)).to.deep.equal(["alb-validation-example.com", "alb-validation-api.example.org"]);
                for (const r of records) {
                    expect(r.inputs).to.include({ zoneId: "Z0123456789ABCDEFGHIJ", ttl: 60, allowOverwrite: true });
                    expect(b.plan.dependencyOf(r, "name").map((d) => d.name)).to.deep.equal(["alb-cert"]);
                }
                if (mode.preview) {
                    expect(records[0].inputs.name).to.equal(UNKNOWN);
                } else {
                    expect(records.map((r) => [r.inputs.name, r.inputs.type, r.inputs.records])).to.deep.equal([
                        ["_placeholder-example-com.example.com.", "CNAME", ["_placeholder-example-com.acm-validations.aws."]],
                        ["_placeholder-api-example-org.api.example.org.", "CNAME", ["_placeholder-api-example-org.acm-validations.aws."]],
                    ]);
                }
            });

            it("waits for validation through every record, and outputs the validation's ARN so listeners wait for ISSUED", () => {
                const validation = b.plan.get(T.validation, "alb-validation");
                expect(b.plan.dependencyOf(validation, "certificateArn").map((r) => r.name)).to.deep.equal(["alb-cert"]);
                expect(b.plan.dependencyOf(validation, "validationRecordFqdns").map((r) => r.name).sort()).to.deep.equal(["alb-validation-api.example.org", "alb-validation-example.com"]);
                expect(b.outputs.arn).to.equal(mode.preview ? UNKNOWN : ARN);
                expect(b.outputs.records).to.deep.equal(mode.preview ? [UNKNOWN, UNKNOWN] : ["_placeholder-example-com.example.com", "_placeholder-api-example-org.api.example.org"]);
            });

            it("passes the pack under the prod policy config", async () => {
                const findings = await prodFindings(b, mode.preview);
                expect(findings, describeFindings(findings)).to.deep.equal([]);
            });
        });
    }

    it("guards the ACM certificate with protect and retainOnDelete when asked", async () => {
        const b = await build(dnsArgs({ protection: { protect: true, retainOnDelete: true } }));
        const cert = b.plan.get(T.cert, "alb-cert");
        expect([cert.protect, cert.retainOnDelete]).to.deep.equal([true, true]);
        expect(b.plan.get(T.validation, "alb-validation").retainOnDelete).to.equal(false);
    });

    it("puts a name's record in its own zone when the names span zones", async () => {
        const b = await build(dnsArgs({ zoneIdByName: { "api.example.org": "ZORGZONE" } }));
        expect(b.plan.get(T.record, "alb-validation-api.example.org").inputs.zoneId).to.equal("ZORGZONE");
        expect(b.plan.get(T.record, "alb-validation-example.com").inputs.zoneId).to.equal("Z0123456789ABCDEFGHIJ");
        expect(dnsCertificateProblems(dnsArgs({ zoneIdByName: { "other.example.net": "Z" } }))).to.deep.equal(["zoneIdByName: other.example.net is not one of the certificate's names"]);
    });

    it("takes an EC key when asked", async () => {
        const b = await build(dnsArgs({ keyAlgorithm: "EC_prime256v1", subjectAlternativeNames: undefined }));
        expect(b.plan.get(T.cert, "alb-cert").inputs.keyAlgorithm).to.equal("EC_prime256v1");
        expect(b.plan.ofType(T.record).map((r) => r.name)).to.deep.equal(["alb-validation-example.com"]);
    });

    it("rejects names ACM refuses, before registering anything", () => {
        const long = `${"a".repeat(60)}.example.com`;
        const problems = dnsCertificateProblems(dnsArgs({ domainName: long, subjectAlternativeNames: ["www.*.example.com", "Example.COM", long] }));
        expect(problems).to.deep.equal([
            "www.*.example.com is not a lower-case domain name (a * only as the whole leftmost label)",
            "Example.COM is not a lower-case domain name (a * only as the whole leftmost label)",
            `domainName ${long} is over 64 characters; put a shorter name first and this one in subjectAlternativeNames`,
            `names listed twice: ${long}`,
        ]);
        expect(() => new Certificate("bad", dnsArgs({ domainName: "bad_name.example.com" }))).to.throw(/^Certificate bad: /);
    });

    for (const mode of MODES) {
        it(`imports PEM values as secrets, in ${mode.label}`, async () => {
            const b = await build({
                mode: "import",
                certificateBody: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                privateKey: pulumi.secret("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"),
                certificateChain: "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
                tags: TAGS,
            }, mode.preview);
            const cert = b.plan.get(T.cert, "alb-imported").inputs;
            for (const key of ["certificateBody", "privateKey", "certificateChain"]) {
                expect(cert[key], key).to.have.property(SECRET_SIG);
            }
            expect((cert.privateKey as { value: string }).value).to.contain("BEGIN PRIVATE KEY");
            expect(cert.tags).to.deep.equal({ ...TAGS, Name: "alb imported" });
            expect(b.outputs.arn).to.equal(mode.preview ? UNKNOWN : ARN);
        });
    }
});
