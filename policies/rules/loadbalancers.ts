// Rules about the load balancer resource itself (aws.lb.LoadBalancer / aws.alb.LoadBalancer).
import {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

import {
    Candidates,
    checkEach,
    loadBalancerKind,
    Maybe,
    LISTENER_TYPES,
    LOAD_BALANCER_TYPES,
    Props,
    UNRESOLVED,
    asArray,
    asRecord,
    asString,
    elements,
    isApplicationLb,
    isInternetFacing,
    isNetworkLb,
    isOneOf,
    isTrue,
    listenerProtocol,
    resolveRefs,
    resourcesOfType,
    tryRead,
} from "./util";

function isLoadBalancer(args: ResourceValidationArgs): boolean {
    return isOneOf(args.type, LOAD_BALANCER_TYPES);
}

// Equivalents: Checkov CKV_AWS_131; cdk-nag ALBHttpDropInvalidHeaderEnabled; trivy AVD-AWS-0052;
// AWS Config alb-http-drop-invalid-header-enabled; Security Hub ELB.4.
export const albDropInvalidHeaderFields: ResourceValidationPolicy = {
    name: "alb-drop-invalid-header-fields",
    description:
        "Application Load Balancers must drop HTTP headers with invalid names " +
        "(dropInvalidHeaderFields: true). ALBs forward them by default, and malformed headers are a " +
        "request-smuggling and header-injection vector against the targets behind the load balancer.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args) || !isApplicationLb(args.props)) {
            return;
        }
        if (args.props.dropInvalidHeaderFields !== true) {
            reportViolation(
                "Application Load Balancer does not drop invalid header fields: set dropInvalidHeaderFields to true.",
            );
        }
    },
    // Dropping invalid headers only rejects requests no RFC-conforming client sends: safe to apply.
    remediateResource: args => {
        if (!isLoadBalancer(args) || !isApplicationLb(args.props) || args.props.dropInvalidHeaderFields === true) {
            return undefined;
        }
        args.props.dropInvalidHeaderFields = true;
        return args.props;
    },
};

// Equivalents: Checkov CKV_AWS_150; cdk-nag ELBDeletionProtectionEnabled;
// AWS Config elb-deletion-protection-enabled; Security Hub ELB.6.
export const lbDeletionProtection: ResourceValidationPolicy = {
    name: "lb-deletion-protection",
    description:
        "Load balancers should have deletion protection enabled: deleting one drops every connection and, " +
        "for an NLB, releases the static addresses clients have allowlisted. No remediation is offered " +
        "because protection also blocks `pulumi destroy` and replacements, which a stack owner must choose.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args)) {
            return;
        }
        if (args.props.enableDeletionProtection !== true) {
            reportViolation(
                "Deletion protection is off: set enableDeletionProtection to true " +
                "(turn it off deliberately before a planned replacement or destroy).",
            );
        }
    },
};

// AWS "Access logs for your Network Load Balancer": "Access logs are created only if the load
// balancer has a TLS listener and they contain information only about TLS requests." So an NLB
// with TCP/UDP listeners only is never asked for logs (enabling them there records nothing).
// Equivalents: Checkov CKV_AWS_91; cdk-nag ELBLoggingEnabled;
// awsguard elb-logging-enabled; Security Hub ELB.5 (ALB and Classic only).
export const lbAccessLogs: StackValidationPolicy = {
    name: "lb-access-logs",
    description:
        "Application Load Balancers, and Network Load Balancers with TLS listeners, should write access logs to S3 " +
        "(accessLogs.enabled with a bucket): without them there is no record of who reached the service for incident " +
        "response or audits. NLBs log TLS listeners only, so an NLB without one is skipped; Gateway LBs have no logs.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => checkAccessLogs(args, reportViolation),
};

function checkAccessLogs(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const listeners = listenersByLoadBalancer(args.resources);
    // checkEach: a load balancer undecidable in preview gets the engine's note, the others a verdict.
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        const kind = loadBalancerKind(lb.props);
        if (kind === "gateway") {
            return;
        }
        const problem = accessLogsProblem(asRecord(lb.props.accessLogs));
        if (problem === undefined) {
            return;
        }
        if (kind === "network") {
            const tls = hasListener(listeners, lb, "TLS");
            if (tls === "no") {
                return;
            }
            if (tls !== "yes") {
                tls(); // throws the engine's UnknownValueError: "can't run policy during preview"
            }
        }
        const why = kind === "network" ? " (this NLB has a TLS listener, whose connections NLBs log)" : "";
        reportViolation(`${problem}${why}: set accessLogs to { bucket: <log bucket name>, enabled: true }.`, lb.urn);
    });
}

/** A listener as far as it is known: its protocol, or how to re-read what is unknown in preview. */
interface ListenerFact {
    protocol: Maybe<string | undefined>;
    /** Reads the unknown input again (protocol, or the unresolvable loadBalancerArn): it throws. */
    reread: () => unknown;
}

interface ListenerIndex {
    byLoadBalancer: Map<string, ListenerFact[]>;
    /** Listeners that could not be tied to any load balancer: each may belong to any. */
    unattributed: ListenerFact[];
}

function listenersByLoadBalancer(resources: PolicyResource[]): ListenerIndex {
    const loadBalancers = new Candidates(resourcesOfType(resources, LOAD_BALANCER_TYPES));
    const index: ListenerIndex = { byLoadBalancer: new Map(), unattributed: [] };
    for (const listener of resourcesOfType(resources, LISTENER_TYPES)) {
        const protocol = tryRead(() => listenerProtocol(listener.props));
        const refs = resolveRefs(listener, "loadBalancerArn", [tryRead(() => listener.props.loadBalancerArn)], loadBalancers);
        const readProtocol = () => listenerProtocol(listener.props);
        if (refs.unresolved) {
            index.unattributed.push({ protocol, reread: protocol === UNRESOLVED ? readProtocol : () => listener.props.loadBalancerArn });
        }
        for (const lb of refs.targets) {
            index.byLoadBalancer.set(lb.urn, [...(index.byLoadBalancer.get(lb.urn) ?? []), { protocol, reread: readProtocol }]);
        }
    }
    return index;
}

/**
 * Does this load balancer have a listener of `protocol`? "yes", "no", or, when preview leaves it
 * open (an unknown protocol, a listener tied to no load balancer), a function that throws the
 * engine's UnknownValueError for the value that is missing.
 */
function hasListener(index: ListenerIndex, lb: PolicyResource, protocol: string): "yes" | "no" | (() => unknown) {
    const own = index.byLoadBalancer.get(lb.urn) ?? [];
    if (own.some(l => l.protocol === protocol)) {
        return "yes";
    }
    const open = [...own, ...index.unattributed].find(l => l.protocol === UNRESOLVED || (index.unattributed.includes(l) && l.protocol === protocol));
    return open ? open.reread : "no";
}

function accessLogsProblem(accessLogs: Props | undefined): string | undefined {
    if (accessLogs === undefined) {
        return "Access logs are not configured";
    }
    // The provider defaults `enabled` to false even when a bucket is given.
    if (!isTrue(accessLogs.enabled)) {
        return "accessLogs.enabled is not true";
    }
    // A bucket created in the same stack has an unknown name during preview: that still counts.
    const bucket = tryRead(() => accessLogs.bucket);
    if (bucket !== UNRESOLVED && (typeof bucket !== "string" || bucket.trim() === "")) {
        return "accessLogs.bucket is empty";
    }
    return undefined;
}

// Equivalents: Checkov CKV_AWS_328; Security Hub ELB.12.
export const albDesyncMitigation: ResourceValidationPolicy = {
    name: "alb-desync-mitigation",
    description:
        "Application Load Balancers should not run desync mitigation in 'monitor' mode, which forwards " +
        "ambiguous requests that enable HTTP request smuggling. The AWS default 'defensive' (or 'strictest') " +
        "blocks them.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args) || !isApplicationLb(args.props)) {
            return;
        }
        const mode = asString(args.props.desyncMitigationMode);
        if (mode === "monitor") {
            reportViolation(
                "desyncMitigationMode is 'monitor': set it to 'defensive' (the AWS default) or 'strictest'.",
            );
        }
    },
};

interface MultiAzConfig {
    minSubnets?: number;
}

// AWS: an ALB must be enabled in at least two Availability Zones, one subnet per zone.
// Equivalents: Security Hub ELB.13.
export const lbMultiAz: ResourceValidationPolicy = {
    name: "lb-multi-az",
    description:
        "Load balancers should span two or more subnets (one per Availability Zone) so that losing a zone " +
        "does not take the service down; AWS rejects an ALB with fewer than two zones at `pulumi up`. " +
        "Zones cannot be known from subnet IDs in a policy, so subnets are counted.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minSubnets: {
                type: "integer",
                minimum: 1,
                default: 2,
                description: "Minimum number of subnets (or subnet mappings), one per Availability Zone.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args)) {
            return;
        }
        const minSubnets = args.getConfig<MultiAzConfig>().minSubnets ?? 2;
        const count = subnetCount(args.props);
        if (count < minSubnets) {
            reportViolation(
                `Load balancer is placed in ${count} subnet(s): list at least ${minSubnets} subnets in ` +
                "different Availability Zones in subnets (or subnetMappings).",
            );
        }
    },
};

function subnetCount(props: Props): number {
    const mappings = asArray(props.subnetMappings);
    return mappings.length > 0 ? mappings.length : asArray(props.subnets).length;
}

// AWS: "You can specify one Elastic IP address per subnet if you need static IP addresses for your
// internet-facing load balancer"; an internal NLB takes privateIpv4Address, never an allocationId.
export const nlbStaticIps: ResourceValidationPolicy = {
    name: "nlb-static-ips",
    description:
        "Internet-facing Network Load Balancers must attach an Elastic IP to every subnet " +
        "(subnetMappings[].allocationId) so their addresses survive replacement and can be allowlisted by " +
        "clients; plain `subnets` gets AWS-assigned addresses that change. Internal NLBs cannot take Elastic IPs.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isLoadBalancer(args) || !isNetworkLb(args.props)) {
            return;
        }
        const problems = isInternetFacing(args.props)
            ? internetFacingStaticIpProblems(args.props)
            : internalElasticIpProblems(args.props);
        problems.forEach(p => reportViolation(p));
    },
};

function internetFacingStaticIpProblems(props: Props): string[] {
    const mappings = asArray(props.subnetMappings);
    if (mappings.length === 0) {
        return [
            "Internet-facing NLB has no subnetMappings, so AWS assigns addresses that change on replacement: " +
            "replace subnets with subnetMappings [{ subnetId, allocationId: <aws.ec2.Eip>.allocationId }, ...].",
        ];
    }
    const problems: string[] = [];
    if (asArray(props.subnets).length > 0) {
        problems.push("NLB sets both subnets and subnetMappings: remove subnets and keep only subnetMappings.");
    }
    elements(mappings).forEach((mapping, i) => {
        if (mapping !== UNRESOLVED && !hasAllocationId(mapping)) {
            problems.push(
                `subnetMappings[${i}] has no allocationId: attach an Elastic IP ` +
                "(allocationId: <aws.ec2.Eip>.allocationId) to every subnet mapping.",
            );
        }
    });
    return problems;
}

function internalElasticIpProblems(props: Props): string[] {
    return elements(props.subnetMappings).flatMap((mapping, i) => mapping !== UNRESOLVED && hasAllocationId(mapping)
        ? [`subnetMappings[${i}] sets allocationId on an internal NLB, which AWS rejects: remove allocationId ` +
            "(use privateIpv4Address for a fixed private address) or make the NLB internet-facing."]
        : []);
}

/** An Elastic IP created in the same stack has an unknown allocation ID during preview: that is set. */
function hasAllocationId(mapping: unknown): boolean {
    const record = asRecord(mapping);
    if (record === undefined) {
        return false;
    }
    const id = tryRead(() => record.allocationId);
    return id === UNRESOLVED || (typeof id === "string" && id.trim() !== "");
}

// Equivalents: Checkov CKV_AWS_2 (listener side); trivy AVD-AWS-0054.
export const albHasHttpsListener: StackValidationPolicy = {
    name: "alb-has-https-listener",
    description:
        "Every internet-facing Application Load Balancer must have an HTTPS listener, so that traffic from " +
        "the internet can be served encrypted (its HTTP listener then only redirects). Listeners are tied to " +
        "their load balancer through loadBalancerArn's property dependencies, or the ARN when it is known.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => checkAlbsHaveHttpsListener(args, reportViolation),
};

function checkAlbsHaveHttpsListener(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const listeners = listenersByLoadBalancer(args.resources);
    checkEach(resourcesOfType(args.resources, LOAD_BALANCER_TYPES), lb => {
        if (!isApplicationLb(lb.props) || !isInternetFacing(lb.props)) {
            return;
        }
        const https = hasListener(listeners, lb, "HTTPS");
        if (https === "yes") {
            return;
        }
        if (https !== "no") {
            https(); // a listener that may be the HTTPS one: the engine's preview note, not an accusation
        }
        reportViolation(
            "Internet-facing Application Load Balancer has no HTTPS listener: add an aws.lb.Listener with " +
            "loadBalancerArn set to this load balancer, protocol 'HTTPS', an ACM certificateArn and an allowed " +
            "sslPolicy (and make its HTTP listener redirect to it).",
            lb.urn,
        );
    });
}

export const loadBalancerPolicies = [
    albDropInvalidHeaderFields,
    albHasHttpsListener,
    nlbStaticIps,
    lbDeletionProtection,
    lbAccessLogs,
    albDesyncMitigation,
    lbMultiAz,
];
