// Who may act: IAM policies (inline, customer managed and attached AWS managed ones) and Lambda
// resource policies.
import { ResourceValidationArgs } from "@pulumi/policy";
import { asArray, asRecord, checkEach, Props, TYPES } from "../util";

export const IAM_TYPES = {
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

export const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");

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

export function eachStatement(args: ResourceValidationArgs, check: (where: string, statement: Props) => void): void {
    checkEach(documentsOf(args), ({ where, document }) => {
        (allowStatements(document) ?? []).forEach((s, i) => check(`${where} Statement[${i}]`, s));
    });
}
