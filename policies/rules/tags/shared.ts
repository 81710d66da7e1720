// Required tags on every taggable resource of the web tier.
import { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { asArray, asRecord, asString, BUCKET_TYPES, isOneOf, LISTENER_RULE_TYPES, LISTENER_TYPES, LOAD_BALANCER_TYPES, TARGET_GROUP_TYPES, tryRead, TYPES, UNRESOLVED } from "../util";

/**
 * The resource types this policy checks: every type the web tier creates that accepts a `tags`
 * map, plus the Auto Scaling group (tags as a list). Deliberately absent because AWS gives them
 * no tags: target group attachments, listener certificates, aws.ec2.SecurityGroupRule,
 * autoscaling attachments, routes and route-table associations, EIP associations, ACM
 * certificate validations. Add a type here when the program starts creating it.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    ...LOAD_BALANCER_TYPES,
    ...LISTENER_TYPES,
    ...LISTENER_RULE_TYPES,
    ...TARGET_GROUP_TYPES,
    TYPES.trustStore,
    TYPES.instance,
    TYPES.launchTemplate,
    TYPES.securityGroup,
    TYPES.vpcIngressRule,
    TYPES.vpcEgressRule,
    TYPES.eip,
    TYPES.certificate,
    TYPES.vpc,
    TYPES.subnet,
    TYPES.internetGateway,
    TYPES.natGateway,
    TYPES.routeTable,
    TYPES.networkInterface,
    TYPES.keyPair,
    TYPES.iamRole,
    TYPES.instanceProfile,
    ...BUCKET_TYPES,
    TYPES.webAcl,
    TYPES.lambdaFunction,
    TYPES.logGroup,
    TYPES.kmsKey,
    TYPES.autoscalingGroup,
];

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

export function validateRequiredTags(args: ResourceValidationArgs, report: ReportViolation): void {
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
