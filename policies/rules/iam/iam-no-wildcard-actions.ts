import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { isOneOf } from "../util";
import { eachStatement, IAM_TYPES, list } from "./shared";

/** "s3:*", "iam:*": every action of one service (IAM.21), not "s3:Get*". */
const isServiceWildcard = (action: string) => /^[a-z0-9-]+:\*$/i.test(action);

function validateWildcardActions(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!isOneOf(args.type, Object.values(IAM_TYPES))) return;
    eachStatement(args, (where, statement) => {
        const actions = list(statement.Action);
        const services = actions.filter(isServiceWildcard);
        if (services.length > 0) {
            report(`${where} allows ${services.map(a => `"${a}"`).join(", ")}: every action of the service; name the actions ` +
                "the role needs (Security Hub IAM.21).");
        }
        // iam:* and "*" are reported as wildcards already; this names PassRole itself.
        if (actions.some(a => /^iam:PassRole$/i.test(a)) && list(statement.Resource).includes("*")) {
            report(`${where} allows iam:PassRole on Resource "*": a holder can hand any role (an admin one too) to a service ` +
                "it launches; name the role ARNs it may pass.");
        }
    });
}

export const iamNoWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-actions",
    description: "IAM policies must not allow every action of a service (\"s3:*\", \"iam:*\": Security Hub IAM.21) nor " +
        "iam:PassRole on Resource \"*\": both let a compromised instance reach far beyond what the web tier needs.",
    enforcementLevel: "mandatory",
    validateResource: validateWildcardActions,
};

export const rule: RuleDefinition = {
    policy: iamNoWildcardActions,
    severity: "high",
    resources: "the same IAM resources: `service:*` actions, `iam:PassRole` on `*`",
    equivalents: {
        securityHub: ["IAM.21"],
        checkov: ["CKV2_AWS_40", "CKV_AWS_286"],
    },
    rationale: "Security Hub IAM.21 is service:* actions; Checkov CKV2_AWS_40 covers `iam:*`, CKV_AWS_286 privilege escalation (iam:PassRole on \"*\").",
};
