// The config pairs of the change-review tests, in one table: when config keys or resource names
// change, only this file does. Each pair is the dev stack with `base` overrides, then with
// `changed` overrides, and what AWS would do going from one to the other.
export const AZS = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"];

/** Config keys of the dev stack file (full keys) to their values. */
export type Overrides = Record<string, unknown>;

export interface ChangePair {
    title: string;
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
}

const TAGGED_ONLY = { "elb-web-tier:extraTags": { CostCenter: "cc-42" } };

export const CHANGE_PAIRS: ChangePair[] = [
    {
        title: "an Availability Zone removed",
        base: { "elb-web-tier:availabilityZones": AZS },
        changed: { "elb-web-tier:availabilityZones": AZS.slice(0, 3) },
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
    },
    {
        title: "the greeting changed",
        base: {},
        changed: { "elb-web-tier:greeting": "Hello from the change review" },
        expect: {
            "EC2_Web-ap-northeast-2a-1": "replace",
            "EC2_Web-ap-northeast-2b-1": "replace",
            // Attachments name their instance: new instances, new attachments.
            "TG-ALB-EC2_Web-ap-northeast-2a-1": "replace",
            "TG-ALB-EC2_Web-ap-northeast-2b-1": "replace",
            "TG-NLB-EC2_Web-ap-northeast-2a-1": "replace",
            "TG-NLB-EC2_Web-ap-northeast-2b-1": "replace",
        },
        hazards: { "EC2_Web-ap-northeast-2a-1": ["all-instances-replaced"], "EC2_Web-ap-northeast-2b-1": ["all-instances-replaced"] },
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
            "EC2_Web-ap-northeast-2b-1": ["all-instances-replaced"],
        },
        forcedBy: { "TG-ALB": "port" },
        // The instances' security group rules for port 80 become rules for 8080 (new names).
        othersMayChange: true,
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
