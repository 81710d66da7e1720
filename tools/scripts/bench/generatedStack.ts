// Generated stacks for the pack's throughput benchmark (npm run bench): copies of the web tier
// this program declares (security groups and rules, instances, a launch template and Auto
// Scaling group, an ALB with HTTP/HTTPS listeners, a rule and target group, an NLB with Elastic
// IPs, a TCP listener and target group, attachments, a log bucket with its settings), wired
// through property dependencies the way the engine reports them.
import { makeUrn, PlannedResource, UNKNOWN } from "../../engine/policyRunner";
import { TYPES } from "../../../policies/rules/tokens";

const TAGS = { Project: "elb-web-tier", Environment: "bench", Team: "platform", ManagedBy: "pulumi" };
const ACM_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-000000000001";

/** One copy of the web tier, its names suffixed with `n`; `computed` stands in for outputs (UNKNOWN in preview). */
function webTier(n: number, computed: unknown): PlannedResource[] {
    const out: PlannedResource[] = [];
    const add = (type: string, name: string, props: Record<string, unknown>, deps: Record<string, PlannedResource[]> = {}): PlannedResource => {
        const propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, rs]) => [k, rs.map(r => r.urn)]));
        const r: PlannedResource = {
            urn: makeUrn(type, `${name}-${n}`), type, name: `${name}-${n}`, props,
            propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        };
        out.push(r);
        return r;
    };
    const sg = add(TYPES.securityGroup, "web_access_sg", { description: "HTTP and HTTPS from anywhere to the load balancers", vpcId: "vpc-1", tags: TAGS });
    for (const [port, cidr] of [[80, "0.0.0.0/0"], [443, "0.0.0.0/0"], [443, "::/0"]] as const) {
        const source = cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
        add(TYPES.vpcIngressRule, `sg-${port}-${cidr.includes(":") ? "v6" : "v4"}`, { securityGroupId: computed, ipProtocol: "tcp", fromPort: port, toPort: port, ...source, description: "web", tags: TAGS }, { securityGroupId: [sg] });
    }
    const instanceSg = add(TYPES.securityGroup, "instances_sg", { description: "HTTP from the load balancers only", vpcId: "vpc-1", tags: TAGS });
    add(TYPES.vpcIngressRule, "instances-http", { securityGroupId: computed, referencedSecurityGroupId: computed, ipProtocol: "tcp", fromPort: 80, toPort: 80, description: "from web_access_sg", tags: TAGS }, { securityGroupId: [instanceSg], referencedSecurityGroupId: [sg] });
    const instances = [1, 2].map(i => add(TYPES.instance, `EC2_Web-${i}`, {
        ami: "ami-1", instanceType: "t3.micro", subnetId: `subnet-${i}`, vpcSecurityGroupIds: [computed],
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }, rootBlockDevice: { encrypted: true }, userData: "#!/bin/bash\necho hello\n", tags: TAGS,
    }, { vpcSecurityGroupIds: [instanceSg] }));
    const template = add(TYPES.launchTemplate, "web-template", {
        imageId: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }], tags: TAGS,
    });
    const tgAlb = add(TYPES.targetGroup, "TG-ALB", { port: 80, protocol: "HTTP", vpcId: "vpc-1", healthCheck: { path: "/", interval: 15, timeout: 5 }, tags: TAGS });
    add(TYPES.autoscalingGroup, "web-asg", {
        minSize: 2, maxSize: 4, vpcZoneIdentifiers: ["subnet-1", "subnet-2"], launchTemplate: { id: computed, version: "$Latest" },
        targetGroupArns: [computed], healthCheckType: "ELB", instanceRefresh: { strategy: "Rolling" },
        tags: Object.entries(TAGS).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    }, { launchTemplate: [template], targetGroupArns: [tgAlb] });
    const bucket = add(TYPES.bucket, "logs", { bucket: `web-logs-${n}`, tags: TAGS });
    const onBucket = { bucket: [bucket] };
    add(TYPES.bucketPublicAccessBlock, "logs-pab", { bucket: computed, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, onBucket);
    add(TYPES.bucketPolicy, "logs-policy", { bucket: computed, policy: JSON.stringify({ Statement: [
        { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject" },
    ] }) }, onBucket);
    add(TYPES.bucketLifecycle, "logs-lifecycle", { bucket: computed, rules: [{ id: "expire", status: "Enabled", filter: {}, expiration: { days: 90 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }] }, onBucket);
    const alb = add(TYPES.loadBalancer, "ALB", {
        loadBalancerType: "application", internal: false, subnets: ["subnet-1", "subnet-2"], securityGroups: [computed],
        dropInvalidHeaderFields: true, enableDeletionProtection: true, accessLogs: { bucket: computed, enabled: true }, tags: TAGS,
    }, { securityGroups: [sg], accessLogs: [bucket] });
    add(TYPES.listener, "ALB-http", { loadBalancerArn: computed, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }], tags: TAGS }, { loadBalancerArn: [alb] });
    const https = add(TYPES.listener, "ALB-https", {
        loadBalancerArn: computed, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", certificateArn: ACM_ARN,
        routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
        defaultActions: [{ type: "forward", targetGroupArn: computed }], tags: TAGS,
    }, { loadBalancerArn: [alb], defaultActions: [tgAlb] });
    add(TYPES.listenerRule, "ALB-rule-100", { listenerArn: computed, priority: 100, conditions: [{ pathPattern: { values: ["/api/*"] } }], actions: [{ type: "forward", targetGroupArn: computed }], tags: TAGS }, { listenerArn: [https], actions: [tgAlb] });
    const eips = [1, 2].map(i => add(TYPES.eip, `NLB-eip-${i}`, { domain: "vpc", tags: TAGS }));
    const nlb = add(TYPES.loadBalancer, "NLB", {
        loadBalancerType: "network", internal: false, enableDeletionProtection: true,
        subnetMappings: eips.map((_, i) => ({ subnetId: `subnet-${i + 1}`, allocationId: computed })), tags: TAGS,
    }, { subnetMappings: eips });
    const tgNlb = add(TYPES.targetGroup, "TG-NLB", { port: 80, protocol: "TCP", vpcId: "vpc-1", healthCheck: { protocol: "TCP", interval: 10, timeout: 10 }, tags: TAGS });
    add(TYPES.listener, "NLB-tcp", { loadBalancerArn: computed, port: 80, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: computed }], tags: TAGS }, { loadBalancerArn: [nlb], defaultActions: [tgNlb] });
    for (const [i, instance] of instances.entries()) {
        add(TYPES.attachment, `TG-NLB-attach-${i}`, { targetGroupArn: computed, targetId: computed, port: 80 }, { targetGroupArn: [tgNlb], targetId: [instance] });
    }
    return out;
}

/** Resources of one web tier (to size a stack). */
export const RESOURCES_PER_TIER = webTier(0, "x").length;

/** A stack of about `count` resources (whole web tiers), update or preview. */
export function generatedStack(count: number, preview = false): PlannedResource[] {
    const tiers = Math.max(1, Math.round(count / RESOURCES_PER_TIER));
    const computed = preview ? UNKNOWN : "computed-id";
    return Array.from({ length: tiers }, (_, n) => webTier(n, computed)).flat();
}
