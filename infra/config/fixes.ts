// Policy findings a config-only team can act on: for a finding on a resource this program
// declares, the stack config key that fixes it. Kept beside the key table (keys.ts); a test checks
// that every key path named here exists in it, and the plan prints the fix with the finding.
//
// A fix is chosen by the policy and the resource's type token (and, where one token covers both
// load balancers, its type input). `<listener>` stands for the listener's map key, read from the
// resource's name (ALB-https -> https).

/** What the plan knows about the resource a finding is on. */
export interface FindingResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

export interface ConfigFix {
    /** Key paths of the key table (keys.ts), `<listener>` for a listener's name. */
    keys: string[];
    /** What to set, in config terms. */
    fix: string;
}

const LB = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const LISTENER = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const INSTANCES = ["aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate"];

const isAlb = (r: FindingResource) => (r.inputs.loadBalancerType ?? "application") === "application";

interface FixRule {
    policy: string;
    types: string[];
    fix: (r: FindingResource) => ConfigFix;
}

/** The mapping: policy -> resource types it applies to -> the config that fixes it. */
export const POLICY_FIXES: FixRule[] = [
    {
        policy: "lb-deletion-protection", types: LB,
        fix: (r) => (isAlb(r) ? { keys: ["alb.deletionProtection"], fix: "set alb.deletionProtection: true" } : { keys: ["nlb.deletionProtection"], fix: "set nlb.deletionProtection: true" }),
    },
    {
        policy: "lb-access-logs", types: LB,
        fix: (r) => (isAlb(r)
            ? { keys: ["logBucket.create", "alb.accessLogs.bucket"], fix: "set logBucket.create: true (a bucket this stack creates), or alb.accessLogs.bucket to your bucket" }
            : { keys: ["logBucket.create", "nlb.accessLogs.bucket"], fix: "set logBucket.create: true (a bucket this stack creates), or nlb.accessLogs.bucket to your bucket (NLBs log TLS listeners only)" }),
    },
    { policy: "eip-protected", types: ["aws:ec2/eip:Eip"], fix: () => ({ keys: ["protect.elasticIps"], fix: "set protect.elasticIps: true" }) },
    { policy: "ec2-no-public-ip", types: INSTANCES, fix: () => ({ keys: ["fleet.associatePublicIp"], fix: "set fleet.associatePublicIp: false (the instances then need NAT or VPC endpoints: vpc.create gives both)" }) },
    { policy: "alb-waf-associated", types: LB, fix: () => ({ keys: ["waf.enabled"], fix: "set waf.enabled: true" }) },
    { policy: "alb-drop-invalid-header-fields", types: LB, fix: () => ({ keys: ["alb.dropInvalidHeaderFields"], fix: "set alb.dropInvalidHeaderFields: true" }) },
    { policy: "alb-desync-mitigation", types: LB, fix: () => ({ keys: ["alb.desyncMitigationMode"], fix: "set alb.desyncMitigationMode: defensive or strictest" }) },
    { policy: "alb-has-https-listener", types: LB, fix: () => ({ keys: ["albListeners.<listener>.protocol"], fix: "keep albListeners.https (enabled), or add a listener with protocol HTTPS" }) },
    {
        policy: "alb-http-redirects-to-https", types: LISTENER,
        fix: (r) => ({ keys: ["albListeners.<listener>.defaultAction.type"], fix: `set albListeners.${listenerKey(r)}.defaultAction to {type: redirect, protocol: HTTPS, port: "443"}` }),
    },
    {
        policy: "lb-listener-tls-policy", types: LISTENER,
        fix: (r) => {
            const key = r.name.startsWith("NLB-") ? "nlbListeners" : "albListeners";
            return { keys: [`${key}.<listener>.sslPolicy`], fix: `set ${key}.${listenerKey(r)}.sslPolicy to a policy the pack allows` };
        },
    },
    { policy: "nlb-tls-listener-alpn", types: LISTENER, fix: (r) => ({ keys: ["nlbListeners.<listener>.alpnPolicy"], fix: `set nlbListeners.${listenerKey(r)}.alpnPolicy` }) },
    { policy: "acm-key-algorithm", types: ["aws:acm/certificate:Certificate"], fix: () => ({ keys: ["certificate.keyAlgorithm"], fix: "set certificate.keyAlgorithm" }) },
    {
        policy: "acm-dns-validation", types: ["aws:acm/certificate:Certificate"],
        fix: () => ({ keys: ["certificate.domainName", "certificate.hostedZoneId", "certificate.arn"], fix: "set certificate.domainName and certificate.hostedZoneId (a DNS-validated certificate), or certificate.arn to one you have" }),
    },
    { policy: "required-tags", types: [], fix: () => ({ keys: ["team", "extraTags"], fix: "set team (the Team tag) or the missing tag under extraTags" }) },
    {
        policy: "lb-multi-az", types: LB,
        fix: () => ({ keys: ["vpc.availabilityZones", "vpc.subnetIds", "vpc.azCount"], fix: "give the load balancer two or more AZs: vpc.availabilityZones (default VPC), vpc.subnetIds (your VPC) or vpc.azCount (a created VPC)" }),
    },
    {
        policy: "acm-imported-certificate-expiry", types: ["aws:acm/certificate:Certificate"],
        fix: () => ({ keys: ["certificate.certificateBody", "certificate.domainName"], fix: "import a renewed certificate (certificate.certificateBody and privateKey), or let ACM issue and renew one (certificate.domainName)" }),
    },
    {
        policy: "lb-target-group-settings", types: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
        fix: (r) => ({ keys: ["targetGroups.<name>.healthCheck"], fix: `adjust targetGroups.${r.name} (its healthCheck and attributes)` }),
    },
    {
        // The program opens ports as rules of their own (infra/security.ts): the finding is on the rule.
        policy: "sg-internet-ingress-web-ports-only", types: ["aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"],
        fix: () => ({ keys: ["ingressCidrs", "ingressIpv6Cidrs", "allowDirectInstanceHttp"], fix: "narrow ingressCidrs / ingressIpv6Cidrs (every listener port is open to them), or turn allowDirectInstanceHttp off" }),
    },
];

/** A listener's map key from its resource name (ALB-https -> https, NLB-tls -> tls). */
function listenerKey(r: FindingResource): string {
    return r.name.replace(/^(ALB|NLB)-/, "");
}

/** The config that fixes a finding on this resource, when the program declares it from config. */
export function configFixFor(policy: string, resource: FindingResource | undefined): ConfigFix | undefined {
    if (!resource) return undefined;
    const rule = POLICY_FIXES.find((f) => f.policy === policy && (f.types.length === 0 || f.types.includes(resource.type)));
    return rule?.fix(resource);
}
