// The config pairs of the change-review tests, in one table: when config keys or resource names
// change, only this file does. Each pair is one of the repository's stacks (dev unless named) with
// `base` overrides, then with `changed` overrides (and `edit`, for a change deep inside a key), and
// what AWS would do going from one to the other, as the provider's and the engine's source say.
export const AZS = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"];

/** Config keys of the dev stack file (full keys) to their values. */
export type Overrides = Record<string, unknown>;

export interface ChangePair {
    title: string;
    /** The repository stack file the pair starts from (default dev). */
    stack?: string;
    /** A change deep inside the changed config (applied after `changed`, to a copy). */
    edit?: (config: Record<string, unknown>) => void;
    /** Also review the pair as two previews, expecting the same actions and hazards. */
    preview?: boolean;
    base: Overrides;
    changed: Overrides;
    /** Resources (by logical name) and the action expected for them; every other one is `same`. */
    expect: Record<string, "create" | "update" | "replace" | "delete">;
    /** Hazard codes expected, by resource name. */
    hazards: Record<string, string[]>;
    /** Replacements that delete first, by name. */
    deletesFirst?: string[];
    /** For a replacement: the property that forces it, by name. */
    forcedBy?: Record<string, string>;
    /** Resources not in `expect` may also be updated or created (never replaced or deleted); else they are `same`. */
    othersMayChange?: boolean;
    /** ... and replaced or deleted too (then only `hazardsOf` is checked for its exact hazards). */
    othersMayBeGone?: boolean;
    /** Check exactly these resources' hazards (default: every resource's). */
    hazardsOf?: string[];
}

const TAGGED_ONLY = { "elb-web-tier:extraTags": { CostCenter: "cc-42" } };

export const CHANGE_PAIRS: ChangePair[] = [
    {
        title: "an Availability Zone removed",
        base: { "elb-web-tier:vpc": { availabilityZones: AZS } },
        changed: { "elb-web-tier:vpc": { availabilityZones: AZS.slice(0, 3) } },
        expect: {
            "NLB-eip-ap-northeast-2d": "delete",
            // An NLB can't drop a subnet mapping in place; its listener follows the new ARN.
            NLB: "replace",
            "NLB-tcp": "replace",
            // An ALB's subnets change in place.
            ALB: "update",
        },
        hazards: {
            "NLB-eip-ap-northeast-2d": ["static-ip-released"],
            NLB: ["load-balancer-replaced", "load-balancer-deleted-first"],
        },
        deletesFirst: ["NLB"],
        forcedBy: { NLB: "subnetMappings", "NLB-tcp": "loadBalancerArn" },
        preview: true,
    },
    {
        // customizeDiffLoadBalancerNLB: deltaN > 0 with every old mapping kept is an update.
        title: "an Availability Zone added",
        base: { "elb-web-tier:vpc": { availabilityZones: AZS.slice(0, 3) } },
        changed: { "elb-web-tier:vpc": { availabilityZones: AZS } },
        expect: { "NLB-eip-ap-northeast-2d": "create", NLB: "update", ALB: "update" },
        hazards: {},
        othersMayChange: true,
        preview: true,
    },
    {
        // The same in production: the NLB's mappings come from subnets and Elastic IPs the update
        // keeps (unknown in a preview, known to the engine from the state) plus new ones.
        title: "production: an Availability Zone added to the created VPC",
        stack: "prod",
        base: {},
        changed: {},
        edit: (c) => { (c["elb-web-tier:vpc"] as Record<string, unknown>).azCount = 4; },
        expect: { NLB: "update", ALB: "update" },
        hazards: {},
        othersMayChange: true,
        preview: true,
    },
    {
        // ec2_launch_template.go makes a new version; the group pins latestVersion and refreshes.
        title: "production: new user data rolls the fleet through its instance refresh",
        stack: "prod",
        base: {},
        changed: { "elb-web-tier:workload": { greeting: "Hello from the change review" } },
        expect: { "EC2_Web-lt": "update", "EC2_Web-asg": "update" },
        hazards: { "EC2_Web-asg": ["fleet-rolls"] },
        preview: true,
    },
    {
        // The template's own tags make no version, but the stack's tags are also in its
        // tag_specifications (tags given to instances at launch), one of updateKeys: a new version.
        title: "production: a tag change reaches the instances' launch tags, so the fleet rolls",
        stack: "prod",
        base: {},
        changed: { "elb-web-tier:extraTags": { CostCenter: 1000, DataClassification: "internal", Owner: "web-oncall" } },
        expect: { "EC2_Web-lt": "update", "EC2_Web-asg": "update" },
        hazards: { "EC2_Web-asg": ["fleet-rolls"] },
        othersMayChange: true,
    },
    {
        // The engine refuses the delete of a protected resource, and a replacement only when the
        // old and the new are both protected (step_generator.go).
        title: "production: an Availability Zone removed, Elastic IPs and load balancers protected",
        stack: "prod",
        base: {},
        changed: {},
        edit: (c) => { (c["elb-web-tier:vpc"] as Record<string, unknown>).azCount = 2; },
        expect: { NLB: "replace" },
        hazards: { NLB: ["load-balancer-replaced", "load-balancer-deleted-first", "protected-resource"] },
        othersMayChange: true,
        othersMayBeGone: true,
        hazardsOf: ["NLB"],
    },
    {
        title: "production: the same, unprotecting the load balancers in the same update",
        stack: "prod",
        base: {},
        changed: {},
        edit: (c) => {
            (c["elb-web-tier:vpc"] as Record<string, unknown>).azCount = 2;
            (c["elb-web-tier:protect"] as Record<string, unknown>).loadBalancers = false;
        },
        expect: { NLB: "replace" },
        hazards: { NLB: ["load-balancer-replaced", "load-balancer-deleted-first"] },
        othersMayChange: true,
        othersMayBeGone: true,
        hazardsOf: ["NLB"],
    },
    {
        // Priorities are unique per listener: the first rule to move fails (pulumi-aws#175).
        title: "two listener rules swap priorities",
        stack: "payments-dev",
        base: {},
        changed: {},
        edit: (c) => {
            const rules = ((c["elb-web-tier:albListeners"] as Record<string, Record<string, unknown>>).https.rules) as Record<string, Record<string, unknown>>;
            [rules["api-beta-header"].priority, rules["api-beta-query"].priority] = [rules["api-beta-query"].priority, rules["api-beta-header"].priority];
        },
        expect: { "ALB-https-api-beta-header": "update", "ALB-https-api-beta-query": "update" },
        hazards: { "ALB-https-api-beta-header": ["listener-rule-priority-conflict"], "ALB-https-api-beta-query": ["listener-rule-priority-conflict"] },
    },
    {
        // Same architecture: set on the stopped instance, in place; all of them at once.
        title: "a same-architecture instance type change",
        base: {},
        changed: { "elb-web-tier:fleet": { instanceType: "t3.small" } },
        expect: { "EC2_Web-ap-northeast-2a-1": "update", "EC2_Web-ap-northeast-2b-1": "update" },
        hazards: { "EC2_Web-ap-northeast-2a-1": ["all-instances-restarted"] },
    },
    {
        title: "the greeting changed",
        base: {},
        changed: { "elb-web-tier:workload": { greeting: "Hello from the change review" } },
        expect: {
            "EC2_Web-ap-northeast-2a-1": "replace",
            "EC2_Web-ap-northeast-2b-1": "replace",
            // Attachments name their instance: new instances, new attachments.
            "TG-ALB-EC2_Web-ap-northeast-2a-1": "replace",
            "TG-ALB-EC2_Web-ap-northeast-2b-1": "replace",
            "TG-NLB-EC2_Web-ap-northeast-2a-1": "replace",
            "TG-NLB-EC2_Web-ap-northeast-2b-1": "replace",
        },
        // One hazard for the set, on the first instance (not printed once per instance).
        hazards: { "EC2_Web-ap-northeast-2a-1": ["all-instances-replaced"] },
        forcedBy: { "EC2_Web-ap-northeast-2a-1": "userData", "TG-ALB-EC2_Web-ap-northeast-2a-1": "targetId" },
    },
    {
        title: "a target group port changed",
        base: {},
        changed: { "elb-web-tier:targetGroups": { "TG-ALB": { port: 8080 } } },
        expect: {
            "TG-ALB": "replace",
            // The listener forwarding to it follows the new ARN in place.
            "ALB-https": "update",
            "TG-ALB-EC2_Web-ap-northeast-2a-1": "replace",
            "TG-ALB-EC2_Web-ap-northeast-2b-1": "replace",
            // httpd listens on 8080 too: new user data, new instances, new attachments to TG-NLB.
            "EC2_Web-ap-northeast-2a-1": "replace",
            "EC2_Web-ap-northeast-2b-1": "replace",
            "TG-NLB-EC2_Web-ap-northeast-2a-1": "replace",
            "TG-NLB-EC2_Web-ap-northeast-2b-1": "replace",
        },
        hazards: {
            "TG-ALB": ["target-group-replaced-in-use"],
            "EC2_Web-ap-northeast-2a-1": ["all-instances-replaced"],
        },
        forcedBy: { "TG-ALB": "port" },
        // The instances' security group rules for port 80 become rules for 8080 (new names).
        othersMayChange: true,
    },
    {
        // customizeDiffLoadBalancerNLB replaces an NLB only when it gains its first security
        // group or loses its last; web_access_sg stays, so the team's own are added in place.
        title: "the team's own security groups added to both load balancers",
        base: {},
        changed: { "elb-web-tier:alb": { extraSecurityGroupIds: ["sg-0123456789abcdef0"] }, "elb-web-tier:nlb": { extraSecurityGroupIds: ["sg-0123456789abcdef0"] } },
        preview: true,
        expect: { ALB: "update", NLB: "update" },
        hazards: {},
    },
    {
        title: "a tag-only change",
        base: {},
        changed: TAGGED_ONLY,
        expect: {},
        hazards: {},
        othersMayChange: true,
    },
    {
        title: "no change",
        base: {},
        changed: {},
        expect: {},
        hazards: {},
    },
];
