import { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import * as zlib from "zlib";
import { RuleDefinition } from "../meta";
import { asString, isOneOf, Props, TYPES } from "../util";
import { EC2_TYPES } from "./shared";

interface SecretPattern {
    what: string;
    pattern: RegExp;
}

// A value that starts with $, {, <, a backquote or a quote is a reference ($VAR, $(cmd), `cmd`,
// {{template}}), not a literal: a script that reads its secret at boot is what we ask for.
const LITERAL_VALUE = String.raw`["']?(?![$"'{<\s\x60])[^\s"']`;

const SECRET_PATTERNS: readonly SecretPattern[] = [
    { what: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
    { what: "a secret key assignment", pattern: new RegExp(String.raw`\b[\w-]*secret[_-]?(?:access[_-]?)?key\b["']?\s*[:=]\s*${LITERAL_VALUE}{8,}`, "i") },
    { what: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
    { what: "a password assignment", pattern: new RegExp(String.raw`\b[\w.-]*(?:password|passwd)\b["']?\s*[:=]\s*${LITERAL_VALUE}{4,}`, "i") },
];

/** Decodes base64 user data (gunzipping if needed); undefined when it is not base64. */
function decodeBase64UserData(encoded: string): string | undefined {
    const compact = encoded.replace(/\s+/g, "");
    if (compact === "" || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
        return undefined;
    }
    const bytes = Buffer.from(compact, "base64");
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        try {
            return zlib.gunzipSync(bytes).toString("utf8");
        } catch {
            return undefined;
        }
    }
    return bytes.toString("utf8");
}

interface UserDataText {
    prop: string;
    text: string;
}

function userDataTexts(type: string, props: Props): UserDataText[] {
    const texts: UserDataText[] = [];
    const plain = type === TYPES.instance ? asString(props.userData) : undefined;
    if (plain !== undefined) {
        texts.push({ prop: "userData", text: plain });
    }
    const encodedProp = type === TYPES.instance ? "userDataBase64" : "userData";
    const encoded = asString(props[encodedProp]);
    if (encoded !== undefined) {
        // Not valid base64: AWS would reject it, but scan the raw text rather than skip it.
        texts.push({ prop: encodedProp, text: decodeBase64UserData(encoded) ?? encoded });
    }
    return texts;
}

/** Findings as "what (line n)"; never the matched text, so the message does not leak the secret. */
function findSecrets(text: string): string[] {
    const findings: string[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
        for (const { what, pattern } of SECRET_PATTERNS) {
            if (pattern.test(line)) {
                findings.push(`${what} (line ${i + 1})`);
            }
        }
    });
    return findings;
}

function validateUserData(args: ResourceValidationArgs, report: ReportViolation): void {
    if (!isOneOf(args.type, EC2_TYPES)) {
        return;
    }
    for (const { prop, text } of userDataTexts(args.type, args.props)) {
        const findings = findSecrets(text);
        if (findings.length > 0) {
            report(`${prop} contains what looks like ${findings.join(", ")}. User data is readable by anyone with ` +
                `ec2:DescribeInstanceAttribute and from inside the instance: remove the secret, rotate it, and fetch it at boot ` +
                `from SSM Parameter Store or Secrets Manager with the instance profile.`);
        }
    }
}

export const noSecretsInUserData: ResourceValidationPolicy = {
    name: "ec2-no-secrets-in-user-data",
    description: "User data must not contain credentials (AWS keys, private keys, passwords): it is stored in plain text, " +
        "shown to anyone who can describe the instance, and served to every process on it by the metadata service.",
    enforcementLevel: "mandatory",
    validateResource: validateUserData,
};

export const rule: RuleDefinition = {
    policy: noSecretsInUserData,
    severity: "critical",
    resources: "instances, launch templates",
    equivalents: {
        checkov: ["CKV_AWS_46"],
        others: ["trivy AVD-AWS-0029", "trivy AVD-AWS-0129", "steampipe ec2_instance_user_data_no_secrets"],
    },
};
