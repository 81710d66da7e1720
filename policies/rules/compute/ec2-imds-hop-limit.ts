import { ResourceValidationPolicy } from "@pulumi/policy";
import { isOneOf } from "../util";
import { RuleDefinition } from "../meta";
import { EC2_TYPES, hopLimitProblem } from "./shared";

// AWS's IMDSv2 guidance: a hop limit of 1 keeps the token from reaching a container or a forwarded hop.
export const imdsHopLimit: ResourceValidationPolicy = {
    name: "ec2-imds-hop-limit",
    description: "Where IMDSv2 is required, the metadata response hop limit must be 1 (Checkov CKV_AWS_341): with 2 or more " +
        "a token fetched through a forwarding process or container on the instance can reach the credentials endpoint.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isOneOf(args.type, EC2_TYPES)) {
            return;
        }
        const problem = hopLimitProblem(args.props);
        if (problem) {
            reportViolation(`${problem}: set metadataOptions.httpPutResponseHopLimit to 1.`);
        }
    },
};

export const rule: RuleDefinition = {
    policy: imdsHopLimit,
    severity: "high",
    resources: "instances, launch templates that require IMDSv2",
    equivalents: {
        checkov: ["CKV_AWS_341"],
    },
    rationale: "An absent limit is the AMI's default, 2 on Amazon Linux 2023, so 1 must be explicit.",
};
