// ACM certificates: DNS validation for issued ones, strong keys, transparency logging, and
// imported certificates that are about to expire.
import { ResourceValidationArgs } from "@pulumi/policy";
import { asString, isNonBlank, Props, TYPES } from "../util";
import { X509Certificate } from "crypto";

export function isCertificate(args: ResourceValidationArgs): boolean {
    return args.type === TYPES.certificate;
}

/** Imported certificates carry their body; requested ones a domain name (private CA ones a CA ARN). */
export function isImported(props: Props): boolean {
    return isNonBlank(props.certificateBody);
}

/** The imported certificate, or undefined when the body is not a PEM this runtime can parse. */
export function parsedBody(props: Props): X509Certificate | undefined {
    try {
        return new X509Certificate(asString(props.certificateBody) ?? "");
    } catch {
        return undefined;
    }
}

// AWS "Key algorithms" for ACM: RSA_2048 (default), RSA_3072, RSA_4096, EC_prime256v1,
// EC_secp384r1, EC_secp521r1; RSA_1024 exists for imports only.
export const ALLOWED_KEY_ALGORITHMS = ["RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"];

export interface ExpiryConfig {
    minDaysToExpiry: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
