// ACM certificates: DNS validation for issued ones, strong keys, transparency logging, and
// imported certificates that are about to expire.
import { X509Certificate } from "crypto";
import { Policies, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, asString, isNonBlank, Props, TYPES } from "./util";

function isCertificate(args: ResourceValidationArgs): boolean {
    return args.type === TYPES.certificate;
}

/** Imported certificates carry their body; requested ones a domain name (private CA ones a CA ARN). */
function isImported(props: Props): boolean {
    return isNonBlank(props.certificateBody);
}

/** The imported certificate, or undefined when the body is not a PEM this runtime can parse. */
function parsedBody(props: Props): X509Certificate | undefined {
    try {
        return new X509Certificate(asString(props.certificateBody) ?? "");
    } catch {
        return undefined;
    }
}

// ACM renews a DNS-validated certificate on its own as long as the CNAME stays; an
// EMAIL-validated one needs a person to click a link at every renewal, or it expires.
// Equivalents: Checkov CKV2_AWS_71.
export const acmDnsValidation: ResourceValidationPolicy = {
    name: "acm-dns-validation",
    description: "Certificates requested from ACM must use DNS validation: ACM then renews them on its own, while an " +
        "EMAIL-validated certificate expires unless someone answers the renewal mail in time.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isCertificate(args) || isImported(args.props) || isNonBlank(args.props.certificateAuthorityArn)) {
            return;
        }
        const method = asString(args.props.validationMethod);
        if (isNonBlank(args.props.domainName) && method !== "DNS") {
            reportViolation(`validationMethod is ${method === undefined ? "not set" : `"${method}"`}: set it to "DNS" and ` +
                "create the validation records (aws.route53.Record + aws.acm.CertificateValidation).");
        }
    },
};

// AWS "Key algorithms" for ACM: RSA_2048 (default), RSA_3072, RSA_4096, EC_prime256v1,
// EC_secp384r1, EC_secp521r1; RSA_1024 exists for imports only.
// Equivalents: Security Hub ACM.2.
const ALLOWED_KEY_ALGORITHMS = ["RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"];

export const acmKeyAlgorithm: ResourceValidationPolicy = {
    name: "acm-key-algorithm",
    description: "ACM certificates must use RSA keys of at least 2,048 bits or ECDSA keys: shorter RSA keys can be " +
        "factored, and browsers and ELB security policies reject them.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isCertificate(args)) {
            return;
        }
        if (isImported(args.props)) {
            const details = parsedBody(args.props)?.publicKey.asymmetricKeyDetails;
            if (details?.modulusLength !== undefined && details.modulusLength < 2048) {
                reportViolation(`the imported certificate has a ${details.modulusLength}-bit RSA key: reissue it with RSA 2048+ or ECDSA.`);
            }
            return;
        }
        const algorithm = asString(args.props.keyAlgorithm);
        if (algorithm !== undefined && !ALLOWED_KEY_ALGORITHMS.includes(algorithm)) {
            reportViolation(`keyAlgorithm is "${algorithm}": use one of ${ALLOWED_KEY_ALGORITHMS.join(", ")}.`);
        }
    },
};

// Browsers (Chrome, Safari) refuse publicly trusted certificates without Certificate
// Transparency SCTs, so opting out breaks the site for them.
export const acmTransparencyLogging: ResourceValidationPolicy = {
    name: "acm-transparency-logging",
    description: "ACM certificates must not disable certificate transparency logging: Chrome and Safari reject publicly " +
        "trusted certificates that were not logged, and logging lets the domain owner spot misissued certificates.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isCertificate(args)) {
            return;
        }
        const preference = asString(asRecord(args.props.options)?.certificateTransparencyLoggingPreference);
        if (preference === "DISABLED") {
            reportViolation("options.certificateTransparencyLoggingPreference is DISABLED: remove it or set it to ENABLED.");
        }
    },
};

interface ExpiryConfig {
    minDaysToExpiry: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// ACM cannot renew an imported certificate. Equivalents: Security Hub ACM.1 (30 days by default).
export const acmImportedExpiry: ResourceValidationPolicy = {
    name: "acm-imported-certificate-expiry",
    description: "Imported certificates should not be close to expiry: ACM cannot renew an imported certificate, so once it " +
        "expires every HTTPS/TLS listener using it fails the handshake.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minDaysToExpiry: { type: "integer", minimum: 1, default: 30, description: "Days of validity an imported certificate must still have." },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isCertificate(args) || !isImported(args.props)) {
            return;
        }
        const { minDaysToExpiry } = args.getConfig<ExpiryConfig>();
        const certificate = parsedBody(args.props);
        if (!certificate) {
            return; // not a PEM (a placeholder in an offline plan): nothing to date
        }
        const daysLeft = Math.floor((Date.parse(certificate.validTo) - Date.now()) / DAY_MS);
        if (daysLeft < minDaysToExpiry) {
            reportViolation(`the imported certificate ${daysLeft < 0 ? "has expired" : `expires in ${daysLeft} day(s)`} ` +
                `(${certificate.validTo}), under the ${minDaysToExpiry} days required: import a renewed certificate.`);
        }
    },
};

export const certificatePolicies: Policies = [acmDnsValidation, acmKeyAlgorithm, acmTransparencyLogging, acmImportedExpiry];
