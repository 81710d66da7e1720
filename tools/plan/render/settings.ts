// The few settings a reviewer looks for on each kind of resource, as short phrases.
// References to other resources are shown by the name of the resource they were computed from
// (property dependencies), so they read the same in a preview, where the IDs are unknown.
import { RecordedResource } from "../../engine/mockRun";
import { canonicalType, isUnknown, prop, ResourceIndex, show, TYPES } from "../resources";
import { describeActions, describeConditions } from "../describe";

type Summarize = (r: RecordedResource, index: ResourceIndex) => (string | undefined)[];

const onOff = (v: unknown) => (isUnknown(v) ? "(known after apply)" : v === true || v === "true" ? "on" : "off");
const portOf = (inputs: Record<string, unknown>) => `${show(inputs.protocol)}:${show(inputs.port)}`;

/** The name of what `property` came from, else its literal value. */
function ref(r: RecordedResource, index: ResourceIndex, property: string): string {
    return index.dependencyNames(r, property) || show(r.inputs[property]);
}

function ruleEnds(r: RecordedResource, index: ResourceIndex): string[] {
    const i = r.inputs;
    const source = i.cidrIpv4 ?? i.cidrIpv6 ?? i.prefixListId ?? (index.dependencyNames(r, "referencedSecurityGroupId") || i.referencedSecurityGroupId);
    const ports = i.ipProtocol === "-1" ? "all traffic" : i.fromPort === i.toPort ? `${show(i.ipProtocol)} ${show(i.fromPort)}` : `${show(i.ipProtocol)} ${show(i.fromPort)}-${show(i.toPort)}`;
    const direction = canonicalType(r.type).includes("Egress") ? "to" : "from";
    return [`${ports} ${direction} ${show(source)}`];
}

/** An HTTPS listener's mutual TLS: its mode, and the trust store clients are verified against. */
function mutualTls(r: RecordedResource, index: ResourceIndex): string | undefined {
    const mode = prop(r.inputs, "mutualAuthentication", "mode");
    if (mode === undefined || mode === "off") return undefined;
    const store = index.dependencyNames(r, "mutualAuthentication");
    const expiry = prop(r.inputs, "mutualAuthentication", "ignoreClientCertificateExpiry") === true ? ", expired client certificates accepted" : "";
    return `mutual TLS ${show(mode)}${mode === "verify" ? ` against ${store || show(prop(r.inputs, "mutualAuthentication", "trustStoreArn"))}${expiry}` : " (client certificates forwarded to the targets unverified)"}`;
}

const summaries: Record<string, Summarize> = {
    [TYPES.loadBalancer]: (r, index) => {
        const i = r.inputs;
        const subnets = Array.isArray(i.subnetMappings) ? i.subnetMappings.length : Array.isArray(i.subnets) ? i.subnets.length : undefined;
        const eips = index.dependencies(r, "subnetMappings", TYPES.eip).length;
        return [
            show(i.loadBalancerType ?? "application"),
            i.internal === true ? "internal" : i.internal === false ? "internet-facing" : undefined,
            i.ipAddressType !== undefined ? show(i.ipAddressType) : undefined,
            subnets !== undefined ? `${subnets} subnets` : undefined,
            eips > 0 ? `${eips} Elastic IPs` : undefined,
            index.dependencyNames(r, "securityGroups") ? `security groups ${index.dependencyNames(r, "securityGroups")}` : undefined,
            i.dropInvalidHeaderFields !== undefined ? `drop invalid headers ${onOff(i.dropInvalidHeaderFields)}` : undefined,
            i.enableCrossZoneLoadBalancing !== undefined ? `cross-zone ${onOff(i.enableCrossZoneLoadBalancing)}` : undefined,
            `deletion protection ${onOff(i.enableDeletionProtection)}`,
            `access logs ${prop(i, "accessLogs", "enabled") === true ? show(prop(i, "accessLogs", "bucket")) : "off"}`,
        ];
    },
    [TYPES.listener]: (r, index) => [
        portOf(r.inputs),
        r.inputs.sslPolicy !== undefined ? show(r.inputs.sslPolicy) : undefined,
        r.inputs.certificateArn !== undefined ? `certificate ${ref(r, index, "certificateArn")}` : undefined,
        mutualTls(r, index),
        describeActions(r.inputs.defaultActions, index.dependencies(r, "defaultActions").map((d) => d.name)),
    ],
    [TYPES.listenerRule]: (r, index) => [
        `priority ${show(r.inputs.priority)} on ${ref(r, index, "listenerArn")}`,
        `if ${describeConditions(r.inputs.conditions)}`,
        describeActions(r.inputs.actions, index.dependencies(r, "actions").map((d) => d.name)),
    ],
    [TYPES.targetGroup]: (r) => {
        const i = r.inputs;
        const check = [prop(i, "healthCheck", "protocol"), prop(i, "healthCheck", "path")].filter((x) => x !== undefined).map(show).join(" ");
        return [
            portOf(i),
            `${show(i.targetType ?? "instance")} targets`,
            check ? `health check ${check} every ${show(prop(i, "healthCheck", "interval") ?? 30)}s` : undefined,
            i.loadBalancingAlgorithmType !== undefined ? show(i.loadBalancingAlgorithmType) : undefined,
            `stickiness ${onOff(prop(i, "stickiness", "enabled"))}`,
        ];
    },
    [TYPES.attachment]: (r, index) => [`${ref(r, index, "targetId")} in ${ref(r, index, "targetGroupArn")}${r.inputs.port !== undefined ? ` on ${show(r.inputs.port)}` : ""}`],
    [TYPES.instance]: (r) => [
        show(r.inputs.instanceType),
        show(r.inputs.ami),
        show(r.inputs.subnetId),
        `public IP ${onOff(r.inputs.associatePublicIpAddress)}`,
        prop(r.inputs, "metadataOptions", "httpTokens") === "required" ? "IMDSv2 required" : "IMDSv1 allowed",
    ],
    [TYPES.autoscalingGroup]: (r, index) => [
        `${show(r.inputs.minSize)}-${show(r.inputs.maxSize)} instances`,
        index.dependencyNames(r, "targetGroupArns") ? `in ${index.dependencyNames(r, "targetGroupArns")}` : undefined,
    ],
    [TYPES.eip]: (r) => [`domain ${show(r.inputs.domain)}`],
    "aws:ec2/securityGroup:SecurityGroup": (r) => [show(r.inputs.description)],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ruleEnds,
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ruleEnds,
    "aws:acm/certificate:Certificate": (r, index) => [
        r.inputs.certificateBody !== undefined ? `imported from ${ref(r, index, "certificateBody")}` : `${show(r.inputs.domainName)} validated by ${show(r.inputs.validationMethod)}`,
    ],
    "tls:index/privateKey:PrivateKey": (r) => [`${show(r.inputs.algorithm)} ${show(r.inputs.rsaBits ?? r.inputs.ecdsaCurve)}`],
    "tls:index/selfSignedCert:SelfSignedCert": (r) => [show(prop(r.inputs, "subject", "commonName")), `valid ${show(r.inputs.validityPeriodHours)} hours`],
};

/** Key settings of a resource as short phrases (none for kinds without a summary). */
export function keySettings(r: RecordedResource, index: ResourceIndex): string[] {
    const summarize = summaries[canonicalType(r.type)];
    return summarize ? summarize(r, index).filter((s): s is string => s !== undefined && s !== "") : [];
}
