import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, asString } from "../util";
import { RuleDefinition } from "../meta";
import { isCertificate } from "./shared";

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

export const rule: RuleDefinition = {
    policy: acmTransparencyLogging,
    severity: "high",
    resources: "ACM certificates",
    equivalents: {
        checkov: ["CKV_AWS_234"],
    },
};
