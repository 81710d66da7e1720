import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { isCertificate, isImported, parsedBody } from "./shared";

interface ExpiryConfig {
    minDaysToExpiry: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// ACM cannot renew an imported certificate.
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

export const rule: RuleDefinition = {
    policy: acmImportedExpiry,
    severity: "medium",
    resources: "imported ACM certificates (the PEM's notAfter)",
    equivalents: {
        securityHub: ["ACM.1"],
    },
    securityHubNote: "30 days by default",
};
