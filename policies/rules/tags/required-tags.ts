import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, asString, isOneOf, tryRead, TYPES, UNRESOLVED } from "../util";
import { TAGGABLE_TYPES } from "./shared";

interface RequiredTagsConfig {
    requiredTags: string[];
}

/** Tag key -> whether it has a value. An unknown value (preview) counts as set. */
type TagPresence = Map<string, boolean>;

function hasValue(read: () => unknown): boolean {
    const value = tryRead(read);
    if (value === UNRESOLVED) {
        return true;
    }
    return typeof value === "string" ? value.trim() !== "" : value !== undefined && value !== null;
}

function tagsFromMap(tags: unknown, into: TagPresence): void {
    const map = asRecord(tags);
    for (const key of Object.keys(map ?? {})) {
        into.set(key, (into.get(key) ?? false) || hasValue(() => map![key]));
    }
}

/** Auto Scaling groups take tags as a list of { key, value, propagateAtLaunch }. */
function tagsFromList(tags: unknown, into: TagPresence): void {
    for (const entry of asArray(tags)) {
        const tag = asRecord(entry);
        const key = asString(tag?.key);
        if (key !== undefined) {
            into.set(key, (into.get(key) ?? false) || hasValue(() => tag!.value));
        }
    }
}

/**
 * The aws provider's defaultTags ({ tags: {...} }), which pulumi-aws applies to every resource
 * it tags except Auto Scaling groups. Provider inputs may carry it as a JSON string.
 */
function providerDefaultTags(args: ResourceValidationArgs, into: TagPresence): void {
    // Unreadable provider defaults (unknown in preview, malformed JSON) simply do not count.
    let defaults = tryRead(() => args.provider?.props.defaultTags);
    if (typeof defaults === "string") {
        try {
            defaults = JSON.parse(defaults) as unknown;
        } catch {
            return;
        }
    }
    if (defaults !== UNRESOLVED) {
        tryRead(() => tagsFromMap(asRecord(defaults)?.tags, into));
    }
}

function missingTags(args: ResourceValidationArgs, required: readonly string[]): string[] {
    const present: TagPresence = new Map();
    const missing = () => required.filter(key => present.get(key) !== true);
    if (args.type === TYPES.autoscalingGroup) {
        tagsFromList(args.props.tags, present);
        return missing();
    }
    providerDefaultTags(args, present);
    // When the provider's defaults cover everything, the resource's own (maybe unknown) tags don't matter.
    if (missing().length > 0) {
        tagsFromMap(args.props.tags, present);
    }
    return missing();
}

function validateRequiredTags(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!isOneOf(args.type, TAGGABLE_TYPES)) {
        return;
    }
    const { requiredTags } = args.getConfig<RequiredTagsConfig>();
    const missing = missingTags(args, requiredTags);
    if (missing.length === 0) {
        return;
    }
    const where = args.type === TYPES.autoscalingGroup
        ? "tags (a list of { key, value, propagateAtLaunch: true } on an Auto Scaling group; provider defaultTags do not apply to it)"
        : "tags (or once for every resource, the aws provider's defaultTags)";
    report(`missing required tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (required: ${requiredTags.join(", ")}); ` +
        `empty values do not count. Add them to ${where}.`);
}

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
