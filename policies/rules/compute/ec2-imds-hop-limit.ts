import { ResourceValidationPolicy } from "@pulumi/policy";
import { asRecord, asString, isOneOf, Props } from "../util";
import { RuleDefinition } from "../meta";
import { EC2_TYPES, lower } from "./shared";

/**
 * The hop limit a resource sets, where IMDSv2 is required. An absent limit is the AMI's default,
 * and Amazon Linux 2023 AMIs set 2 (AMI ImdsSupport v2.0), so only an explicit 1 is known safe.
 */
function hopLimitProblem(props: Props): string | undefined {
    const options = asRecord(props.metadataOptions);
    if (!options || lower(options.httpEndpoint) === "disabled" || lower(options.httpTokens) !== "required") {
        return undefined; // no IMDSv2 requirement to pair with (ec2-imdsv2-required reports that)
    }
    const raw = options.httpPutResponseHopLimit;
    const limit = typeof raw === "number" ? raw : Number(asString(raw));
    if (raw === undefined || raw === null) {
        return "metadataOptions.httpPutResponseHopLimit is not set, so the AMI's default applies (2 on Amazon Linux 2023)";
    }
    return limit === 1 ? undefined : `metadataOptions.httpPutResponseHopLimit is ${String(raw)}`;
}

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
