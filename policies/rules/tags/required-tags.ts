import { ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { validateRequiredTags } from "./shared";

export const requiredTags: ResourceValidationPolicy = {
    name: "required-tags",
    description: "Taggable resources must carry the organization's required tags: cost allocation, ownership lookups during " +
        "an incident and automated clean-up all key off them, and an untagged resource belongs to nobody.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            requiredTags: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ["Project", "Environment", "Team", "ManagedBy"],
                description: "Tag keys (case-sensitive, as AWS treats them) every taggable resource must have with a non-empty value.",
            },
        },
    },
    validateResource: validateRequiredTags,
};

export const rule: RuleDefinition = {
    policy: requiredTags,
    severity: "low",
    resources: "every taggable web-tier type (`TAGGABLE_TYPES` in `rules/tags/shared.ts`)",
    equivalents: {
        others: ["AWS Config required-tags", "tflint aws_resource_missing_tags"],
    },
    rationale: "Checkov, cdk-nag and trivy have no generic rule.",
};
