// Which policy pack config a stack is checked with: ONE rule for the offline plan, the docs'
// `pulumi preview --policy-pack-config` commands and the workflows
// (`npm run --silent policy-config -- <stack>` prints it).
//
//  1. The stack file names one: `policyPack:config: <file>.json` in Pulumi.<stack>.yaml's config
//     (a file in policies/config/). A named file that does not exist is an error.
//  2. Else the stack's own policies/config/<stack>.json, if it exists.
//  3. Else its environment's: the last dash-separated part of the stack name
//     (payments-prod -> policies/config/prod.json), if it exists.
//  4. Else none: the pack's own enforcement levels.
//
// The key lives in its own `policyPack` namespace, not the project's: the program never reads it,
// and the Pulumi CLI passes other namespaces through without a declaration in Pulumi.yaml.
import * as fs from "fs";
import * as path from "path";
import { isRecord } from "./data";
import { readStackDocument, StackConfigError, stackFilePath } from "./project";

export const POLICY_CONFIG_KEY = "policyPack:config";
export const POLICY_CONFIG_DIR = path.join("policies", "config");

export interface StackPolicy {
    /** The config file, relative to the project directory; null for the pack's defaults. */
    file: string | null;
    /** Which step of the rule chose it, for logs and the plan. */
    reason: string;
}

/** The rule cannot be applied (a named file is missing, the stack file is unreadable): exit 2. */
export class StackPolicyError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackPolicyError";
    }
}

/** Pulumi.<stack>.yaml (where Pulumi.yaml's stackConfigDir puts it) and its document, if there is one. */
function readStack(projectDir: string, stack: string): { file: string; doc: Record<string, unknown> | undefined } {
    try {
        const file = stackFilePath(projectDir, stack);
        return { file, doc: readStackDocument(file) };
    } catch (e) {
        if (e instanceof StackConfigError) throw new StackPolicyError(e.problems.join("; "));
        throw e;
    }
}

/** The file the stack file names, or undefined when it names none. */
function namedInStackFile(projectDir: string, stack: string): string | undefined {
    const { file, doc } = readStack(projectDir, stack);
    if (!doc) return undefined;
    const value = isRecord(doc.config) ? doc.config[POLICY_CONFIG_KEY] : undefined;
    if (value === undefined) return undefined;
    const where = `${path.relative(projectDir, file)}: ${POLICY_CONFIG_KEY}`;
    // A plain file name: the key can only pick among the reviewed files in policies/config/.
    if (typeof value !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/.test(value)) {
        throw new StackPolicyError(`${where} must be a file name in ${POLICY_CONFIG_DIR}/ such as prod.json, got ${JSON.stringify(value)}`);
    }
    const named = path.join(POLICY_CONFIG_DIR, value);
    if (!fs.existsSync(path.join(projectDir, named))) {
        const known = fs.existsSync(path.join(projectDir, POLICY_CONFIG_DIR)) ? fs.readdirSync(path.join(projectDir, POLICY_CONFIG_DIR)).filter((f) => f.endsWith(".json")) : [];
        throw new StackPolicyError(`${where} names ${named}, which does not exist (there are: ${known.join(", ") || "none"})`);
    }
    return named;
}

/** The rule above, for a stack name (`org/project/stack` is taken as its last part). */
export function policyConfigFor(projectDir: string, stack: string): StackPolicy {
    const name = stack.split("/").pop() ?? stack;
    const named = namedInStackFile(projectDir, name);
    if (named) return { file: named, reason: `named by ${POLICY_CONFIG_KEY} in Pulumi.${name}.yaml` };
    const own = path.join(POLICY_CONFIG_DIR, `${name}.json`);
    if (fs.existsSync(path.join(projectDir, own))) return { file: own, reason: `the stack's own file` };
    const environment = name.split("-").pop() as string;
    const envFile = path.join(POLICY_CONFIG_DIR, `${environment}.json`);
    if (environment !== name && fs.existsSync(path.join(projectDir, envFile))) return { file: envFile, reason: `the file of environment ${environment}` };
    return { file: null, reason: `no ${own}${environment !== name ? ` or ${envFile}` : ""}: the pack's defaults` };
}

/** `npm run --silent policy-config -- <stack>`: prints the file (nothing for the pack's defaults). */
export function main(argv: string[], projectDir: string, io: { stdout(t: string): void; stderr(t: string): void }): number {
    if (argv.length !== 1 || argv[0].startsWith("-")) {
        io.stderr("Usage: npm run --silent policy-config -- <stack>\nPrints the policy pack config file the stack uses (see tools/engine/stackPolicy.ts), or nothing for the pack's defaults.\n");
        return 2;
    }
    try {
        const { file } = policyConfigFor(projectDir, argv[0]);
        if (file) io.stdout(`${file}\n`);
        return 0;
    } catch (e) {
        if (!(e instanceof StackPolicyError)) throw e;
        io.stderr(`error: ${e.message}\n`);
        return 2;
    }
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), path.resolve(__dirname, "..", ".."), {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
    });
}
