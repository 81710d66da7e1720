import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { albLogPrincipal, ELB_LOG_DELIVERY_SERVICE, LOG_DELIVERY_SERVICE, regionOfElbAccount } from "../../facts/elb";
import { RuleDefinition } from "../meta";
import { asArray, asRecord, asString, checkEach, isTrue, LOAD_BALANCER_TYPES, loadBalancerKind, Props, resolveRefs, resourcesOfType, tryRead } from "../util";
import { allowsAction, indexBuckets, policyStatements, principalsOf } from "./shared";

// AWS "Enable access logs for your Application Load Balancer": the bucket policy grants
// s3:PutObject to logdelivery.elasticloadbalancing.amazonaws.com (Regions from August 2022) or
// the Region's Elastic Load Balancing account (arn:aws:iam::<elb-account-id>:root, older
// Regions), and "the only server-side encryption option that's supported is SSE-S3".
// "... your Network Load Balancer": s3:PutObject for delivery.logs.amazonaws.com; SSE-KMS with a
// customer managed key works if the key policy lets that principal use it.
const NLB_LOG_PRINCIPALS = [LOG_DELIVERY_SERVICE];

const ELB_ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/**
 * The Region a load balancer is created in, when the engine says: its provider's `region`
 * (PolicyResource.provider), or the resource's own `region` input (provider 7.x). Undefined
 * offline, where the plan passes no provider.
 */
function regionOf(lb: PolicyResource): string | undefined {
    return asString(tryRead(() => lb.props.region)) ?? asString(tryRead(() => lb.provider?.props.region));
}

/** The ALB log principal a statement names, as the Region requires (policies/facts/elb.ts). */
function grantsAlbDelivery(s: Props, region: string | undefined): boolean {
    if (region !== undefined) {
        const wanted = albLogPrincipal(region);
        return "AWS" in wanted
            ? principalsOf(s, "AWS").some(p => p === wanted.AWS)
            : principalsOf(s, "Service").some(p => p === wanted.Service);
    }
    // Region unknown (offline): the service principal, or the root of an account that IS some
    // Region's ELB account; never any other account.
    return principalsOf(s, "Service").some(p => p === ELB_LOG_DELIVERY_SERVICE)
        || principalsOf(s, "AWS").some(p => typeof p === "string" && regionOfElbAccount(ELB_ACCOUNT_ROOT.exec(p)?.[1] ?? "") !== undefined);
}

function grantsDelivery(statements: Props[], kind: string, region: string | undefined): boolean {
    return statements.some(s => s.Effect === "Allow" && allowsAction(s, "s3:PutObject") && (kind === "network"
        ? principalsOf(s, "Service").some(p => NLB_LOG_PRINCIPALS.includes(String(p)))
        : grantsAlbDelivery(s, region)));
}

function albPrincipalText(region: string | undefined): string {
    if (region === undefined) return `Service "${ELB_LOG_DELIVERY_SERVICE}" or the Region's Elastic Load Balancing account root`;
    const wanted = albLogPrincipal(region);
    return "AWS" in wanted ? `AWS "${wanted.AWS}" (the ELB account of ${region})` : `Service "${wanted.Service}" (${region} has no ELB account)`;
}

function usesKms(encryption: PolicyResource): boolean {
    return asArray(encryption.props.rules).some(r => {
        const algorithm = asString(asRecord(asRecord(r)?.applyServerSideEncryptionByDefault)?.sseAlgorithm);
        return algorithm !== undefined && algorithm.startsWith("aws:kms");
    });
}

function checkLogBuckets(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const index = indexBuckets(args.resources);
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        const logs = asRecord(lb.props.accessLogs);
        if (!logs || !isTrue(logs.enabled)) {
            return;
        }
        const kind = loadBalancerKind(lb.props);
        const refs = resolveRefs(lb, "accessLogs", [tryRead(() => logs.bucket)], index.buckets);
        for (const bucket of refs.targets) {
            const settings = index.settings.get(bucket.urn)!;
            const region = regionOf(lb);
            if (!grantsDelivery(policyStatements(settings), kind, region)) {
                const principal = kind === "network" ? `Service "${NLB_LOG_PRINCIPALS[0]}"` : albPrincipalText(region);
                reportViolation(`access-log bucket '${bucket.name}' has no bucket policy statement allowing s3:PutObject to ` +
                    `${principal}: add one, or the load balancer's attribute update fails with "Access Denied for bucket".`, lb.urn);
            }
            if (kind === "application" && settings.encryption.some(usesKms)) {
                reportViolation(`access-log bucket '${bucket.name}' encrypts with SSE-KMS, which ALB log delivery does not support: ` +
                    "use sseAlgorithm \"AES256\" (SSE-S3) on this bucket.", lb.urn);
            }
        }
    });
}

export const lbLogBucketDelivery: StackValidationPolicy = {
    name: "lb-log-bucket-delivery",
    description: "A load balancer's access-log bucket in this stack must let the right AWS principal write to it (ALB: the " +
        "Region's own Elastic Load Balancing account root, or logdelivery.elasticloadbalancing.amazonaws.com in Regions " +
        "without one; NLB: delivery.logs.amazonaws.com) and, for an " +
        "ALB, use SSE-S3: otherwise AWS refuses to enable logging, or the logs never arrive.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkLogBuckets(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbLogBucketDelivery,
    severity: "high",
    resources: "stack: load balancers → access-log bucket policy (delivery principal) and encryption (ALB: SSE-S3)",
    equivalents: {},
    securityHubNote: "makes ELB.5 logs arrive",
};
