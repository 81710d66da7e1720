import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asArray, asString, checkEach, isOneOf } from "../util";
import { eachStatement, IAM_TYPES, list } from "./shared";

/** The AWS managed policy ARNs a resource attaches (any partition). */
function attachedArns(args: ResourceValidationArgs): { where: string; arn: string }[] {
    if (args.type === IAM_TYPES.rolePolicyAttachment) {
        const arn = asString(args.props.policyArn);
        return arn ? [{ where: "policyArn", arn }] : [];
    }
    if (args.type === IAM_TYPES.role) {
        return asArray(args.props.managedPolicyArns).flatMap((a, i) => (typeof a === "string" ? [{ where: `managedPolicyArns[${i}]`, arn: a }] : []));
    }
    return [];
}

const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** Action "*" (or "*:*"): every action of every service. */
const isFullWildcard = (action: string) => action === "*" || action === "*:*";

function validateFullAdmin(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!isOneOf(args.type, Object.values(IAM_TYPES))) return;
    eachStatement(args, (where, statement) => {
        const actions = list(statement.Action).filter(isFullWildcard);
        if (actions.length > 0) {
            const onAll = list(statement.Resource).includes("*");
            report(`${where} allows Action "${actions[0]}"${onAll ? " on Resource \"*\" (full administrator)" : ""}: name the actions the role needs.`);
        }
    });
    checkEach(attachedArns(args), ({ where, arn }) => {
        if (ADMINISTRATOR_ACCESS.test(arn)) {
            report(`${where} attaches ${arn}: attach a policy with only the actions the role needs.`);
        }
    });
}

export const iamNoFullAdmin: ResourceValidationPolicy = {
    name: "iam-no-full-admin",
    description: "IAM policies must not allow every action (Action \"*\" or \"*:*\", IAM.1 when on Resource \"*\") nor attach " +
        "AdministratorAccess: a web server compromised through one bug would own the whole account.",
    enforcementLevel: "mandatory",
    validateResource: validateFullAdmin,
};

export const rule: RuleDefinition = {
    policy: iamNoFullAdmin,
    severity: "critical",
    resources: "`aws.iam.RolePolicy`, `aws.iam.Policy`, `aws.iam.Role` (inline, managedPolicyArns), `aws.iam.RolePolicyAttachment`",
    equivalents: {
        securityHub: ["IAM.1"],
        checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274"],
    },
    rationale: "Security Hub IAM.1 is Action \"*\" on Resource \"*\"; Checkov CKV_AWS_62 \"*:*\", CKV_AWS_63 Action \"*\", CKV_AWS_274 AdministratorAccess attached.",
};
