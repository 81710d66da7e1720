import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { ALB_HOSTED_ZONE_IDS, canonicalHostedZone, elbDnsNameFacts, NLB_HOSTED_ZONE_IDS } from "../../facts/elb";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, asString, Candidates, checkEach, LOAD_BALANCER_TYPES, loadBalancerKind, readAgain, resolveRefs, resourcesOfType, tryRead, TYPES } from "../util";

// A load balancer's DNS name and zone ID are outputs: typed as literals they do not follow a
// replacement, and an alias without evaluateTargetHealth keeps answering for a dead load balancer.
const ELB_DNS = /\.elb\.(amazonaws\.com|amazonaws\.com\.cn)\.?$/i;

/**
 * Why an alias's zoneId is not the target load balancer's canonical hosted zone (policies/facts/elb.ts),
 * or undefined when it is or cannot be told: a zoneId from an output (unknown) is the load
 * balancer's own. The type and Region come from the stack's load balancer (its provider's or its
 * own `region`) or from the ELB DNS name; with the Region unknown, the zone must still be one of
 * that type's canonical zones.
 */
function aliasZoneProblem(zoneId: unknown, name: string | undefined, targets: PolicyResource[]): string | undefined {
    if (typeof zoneId !== "string") return undefined;
    const fromName = name ? elbDnsNameFacts(name) : undefined;
    const lb = targets[0];
    const kind = lb ? loadBalancerKind(lb.props) : fromName?.kind;
    if (kind !== "application" && kind !== "network") return undefined;
    const region = (lb && (asString(tryRead(() => lb.props.region)) ?? asString(tryRead(() => lb.provider?.props.region)))) ?? fromName?.region;
    const canonical = region ? canonicalHostedZone(kind, region) : undefined;
    const what = kind === "network" ? "Network" : "Application";
    if (canonical !== undefined) {
        return zoneId === canonical ? undefined : `is '${zoneId}', not ${canonical}, the canonical hosted zone of ${what} Load Balancers in ${region}`;
    }
    const known = Object.values(kind === "network" ? NLB_HOSTED_ZONE_IDS : ALB_HOSTED_ZONE_IDS);
    return known.includes(zoneId) ? undefined : `is '${zoneId}', which is no Region's canonical hosted zone of ${what} Load Balancers`;
}

function checkAliases(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const loadBalancers = new Candidates(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), ["dnsName"]);
    checkEach(resourcesOfType(args.resources, [TYPES.route53Record]), (record: PolicyResource) => {
        checkEach(asArray(record.props.aliases), (alias, i) => {
            const a = asRecord(alias);
            const name = tryRead(() => a?.name);
            const refs = resolveRefs(record, "aliases", [name], loadBalancers);
            if (refs.unresolved) {
                readAgain(() => a?.name); // unknown and tied to nothing: the engine notes the undecided alias
            }
            const toElb = refs.targets.length > 0 || (typeof name === "string" && (ELB_DNS.test(name) || elbDnsNameFacts(name) !== undefined));
            if (!toElb) {
                return;
            }
            if (refs.targets.length === 0) {
                reportViolation(`aliases[${i}].name is the literal load balancer name '${String(name)}': use <lb>.dnsName and ` +
                    "<lb>.zoneId of this stack's load balancer, so the record follows a replacement.", record.urn);
            }
            const zoneProblem = aliasZoneProblem(tryRead(() => a?.zoneId), typeof name === "string" ? name : undefined, refs.targets);
            if (zoneProblem) {
                reportViolation(`aliases[${i}].zoneId ${zoneProblem}: use <lb>.zoneId, the load balancer's canonical hosted zone.`, record.urn);
            }
            if (a?.evaluateTargetHealth !== true) {
                reportViolation(`aliases[${i}].evaluateTargetHealth is not true: set it, so Route 53 stops answering with a ` +
                    "load balancer that has no healthy targets.", record.urn);
            }
        });
    });
}

export const route53AliasStackLb: StackValidationPolicy = {
    name: "route53-alias-stack-lb",
    description: "Route 53 alias records for the web tier should point at this stack's load balancers through their dnsName " +
        "and zoneId outputs, with evaluateTargetHealth, and the zoneId must be the target's canonical hosted zone (per type " +
        "and Region): a hard-coded name breaks silently when the load balancer is replaced, and a wrong zone fails the change.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => checkAliases(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: route53AliasStackLb,
    severity: "low",
    resources: "stack: Route 53 alias records → this stack's load balancers",
    equivalents: {},
};
