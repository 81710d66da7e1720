// Who may act: IAM policies (inline, customer managed and attached AWS managed ones) and Lambda
// resource policies.
import { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { asArray, asRecord, asString, checkEach, isOneOf, Props, TYPES } from "../util";

const IAM_TYPES = {
    role: TYPES.iamRole,
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

/** A policy document's Allow statements; the input is a JSON string or an object. Undefined when unreadable. */
function allowStatements(document: unknown): Props[] | undefined {
    let doc: unknown = document;
    if (typeof document === "string") {
        try {
            doc = JSON.parse(document);
        } catch {
            return undefined;
        }
    }
    const statement = asRecord(doc)?.Statement;
    if (statement === undefined) return undefined;
    return (Array.isArray(statement) ? statement : [statement])
        .map(s => asRecord(s))
        .filter((s): s is Props => s !== undefined && s.Effect === "Allow");
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");

/** The policy documents a resource carries, each with the property path a message names. */
function documentsOf(args: ResourceValidationArgs): { where: string; document: unknown }[] {
    switch (args.type) {
        case IAM_TYPES.rolePolicy:
        case IAM_TYPES.policy:
            return [{ where: "policy", document: args.props.policy }];
        case IAM_TYPES.role:
            return asArray(args.props.inlinePolicies).map((p, i) => ({ where: `inlinePolicies[${i}].policy`, document: asRecord(p)?.policy }));
        default:
            return [];
    }
}

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

function eachStatement(args: ResourceValidationArgs, check: (where: string, statement: Props) => void): void {
    checkEach(documentsOf(args), ({ where, document }) => {
        (allowStatements(document) ?? []).forEach((s, i) => check(`${where} Statement[${i}]`, s));
    });
}

/** Action "*" (or "*:*"): every action of every service. */
const isFullWildcard = (action: string) => action === "*" || action === "*:*";

export function validateFullAdmin(args: ResourceValidationArgs, report: ReportViolation): void {
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

/** "s3:*", "iam:*": every action of one service (IAM.21), not "s3:Get*". */
const isServiceWildcard = (action: string) => /^[a-z0-9-]+:\*$/i.test(action);

export function validateWildcardActions(args: ResourceValidationArgs, report: ReportViolation): void {
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
