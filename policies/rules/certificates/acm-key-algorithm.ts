import { ResourceValidationPolicy } from "@pulumi/policy";
import { asString } from "../util";
import { RuleDefinition } from "../meta";
import { isCertificate, isImported, parsedBody } from "./shared";

// AWS "Key algorithms" for ACM: RSA_2048 (default), RSA_3072, RSA_4096, EC_prime256v1,
// EC_secp384r1, EC_secp521r1; RSA_1024 exists for imports only.
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

export const rule: RuleDefinition = {
    policy: acmKeyAlgorithm,
    severity: "high",
    resources: "ACM certificates (requested: `keyAlgorithm`; imported: the PEM's key)",
    equivalents: {
        securityHub: ["ACM.2"],
    },
};
