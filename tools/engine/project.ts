// The one reader of the project's files: Pulumi.yaml and Pulumi.<stack>.yaml, for the plan, the
// stack's policy config and blocking hazards, the engine (runtime options, the program) and the
// tests. Each file is parsed once per content, however many of those ask in one run.
//
// Reads a stack's config the way the Pulumi CLI does before it starts the program
// (pkg/workspace: RewriteShorthandConfigValues, ValidateStackConfigAndApplyProjectConfig):
//  - Pulumi.yaml declares keys; a bare key is in the project's namespace. Shorthand `key: value`
//    means `default` for a project key and `value` for a namespaced one (aws:region).
//  - Pulumi.<stack>.yaml sets values under `config:`, every key namespaced (`<project>:key`).
//  - A declared key missing from the stack gets its `default` (or `value`); a project key with
//    neither is an error. Stack values of typed keys are checked against the declared type.
//  - The program receives every value as a string: strings as is, everything else as JSON.
// Secrets (`secure:`) can't be decrypted offline: the key is marked secret and the program gets a
// placeholder (the key's declared default when there is one, so validation still passes).
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { isRecord } from "./data";

export interface StackConfig {
    project: string;
    stack: string;
    /** The stack file read, relative to the project directory. */
    stackFile: string;
    /** The program module Pulumi.yaml's `main` names (absolute). */
    program: string;
    /** Full key ("<project>:key", "aws:region") to the raw string the CLI would pass. */
    config: Record<string, string>;
    secretKeys: string[];
    /** Things the reader should know (secrets replaced by placeholders, ESC environments ignored). */
    notes: string[];
}

/** The stack can't be planned as configured: exit code 2, one line per problem. */
export class StackConfigError extends Error {
    /**
     * `partial`: when only values were refused (of the wrong type), the config with those keys at
     * their declared defaults, so the plan can still check the rest and report every problem at once.
     */
    constructor(readonly problems: string[], readonly partial?: { project: string; config: Record<string, string>; secretKeys: string[]; rejectedKeys: string[] }) {
        super(problems.join("\n"));
        this.name = "StackConfigError";
    }
}

type ItemsType = { type?: string; items?: ItemsType };
interface Declaration {
    type?: string;
    items?: ItemsType;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

/** A value as the CLI stores it: raw string, whether it is an object (list/map), whether it is secret. */
interface RawValue {
    raw: string;
    object: boolean;
    secret: boolean;
    /** What stands in for the encrypted value (secrets only). */
    placeholder?: string;
}

const SECRET_PLACEHOLDER = "[secret]";

const isSecure = (v: unknown): v is { secure: unknown } => isRecord(v) && Object.keys(v).length === 1 && "secure" in v;

const parsed = new Map<string, { text: string; doc: unknown }>();

/** Freezes a parsed document: it is shared by every reader, so none may change it. */
function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
        Object.values(value).forEach(deepFreeze);
        Object.freeze(value);
    }
    return value;
}

/** A YAML file of the project, parsed once per content (read again on each call, so an edited file is seen). */
function readYaml(file: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    const known = parsed.get(file);
    if (known?.text === text) return known.doc;
    let doc: unknown;
    try {
        doc = deepFreeze(YAML.parse(text) as unknown);
    } catch (e) {
        throw new StackConfigError([`${path.basename(file)}: ${(e as Error).message}`]);
    }
    parsed.set(file, { text, doc });
    return doc;
}

/**
 * The CLI's encoding of a config value: strings as is, other scalars printed, lists and maps as
 * the JSON Go's encoding/json writes (sdk/go/common/resource/config: an object value is
 * json.Marshal-ed before the program gets it): map keys sorted at every depth, lists in order,
 * and <, >, & escaped as \u003c, \u003e, \u0026 (Go escapes HTML characters by default).
 * So a map reaches the program in key order, not in the stack file's order.
 */
export function encodeConfigValue(value: unknown): string {
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return goJson(value);
    return String(value);
}

/** Go's json.Marshal of a decoded YAML/JSON value (written out here: a JS object would put integer-like keys first). */
export function goJson(value: unknown): string {
    const text = (v: unknown): string => {
        if (Array.isArray(v)) return `[${v.map(text).join(",")}]`;
        // Go sorts map keys by their UTF-8 bytes; for the keys of a stack file that is code-unit order.
        if (isRecord(v)) return `{${Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => `${JSON.stringify(k)}:${text(v[k])}`).join(",")}}`;
        return JSON.stringify(v) ?? "null";
    };
    return text(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function encode(value: unknown): { raw: string; object: boolean } {
    return { raw: encodeConfigValue(value), object: typeof value === "object" && value !== null };
}

/** Replaces nested `secure:` values (which the CLI would decrypt) with a placeholder. */
/**
 * A secret field the program checks the shape of (a PEM certificate or key) gets a placeholder of
 * that shape, so a stack with valid secrets plans; any other secret is "[secret]".
 */
function secretPlaceholder(field: string | undefined): string {
    if (field === "privateKey") return `-----BEGIN PRIVATE KEY-----\n${SECRET_PLACEHOLDER}\n-----END PRIVATE KEY-----`;
    if (field === "certificateBody" || field === "certificateChain") return `-----BEGIN CERTIFICATE-----\n${SECRET_PLACEHOLDER}\n-----END CERTIFICATE-----`;
    return SECRET_PLACEHOLDER;
}

function withoutNestedSecrets(value: unknown, field?: string): { value: unknown; secret: boolean } {
    if (isSecure(value)) return { value: secretPlaceholder(field), secret: true };
    if (Array.isArray(value)) {
        const items = value.map((v) => withoutNestedSecrets(v));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (isRecord(value)) {
        const entries = Object.entries(value).map(([k, v]) => [k, withoutNestedSecrets(v, k)] as const);
        return { value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])), secret: entries.some(([, v]) => v.secret) };
    }
    return { value, secret: false };
}

function fullKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** Pulumi.yaml's `config:` block with shorthand rewritten and keys fully qualified. */
function declarations(project: string, block: unknown): Map<string, Declaration> {
    const out = new Map<string, Declaration>();
    if (!isRecord(block)) return out;
    for (const [key, decl] of Object.entries(block)) {
        const k = fullKey(project, key);
        const projectKey = k.startsWith(`${project}:`);
        out.set(k, isRecord(decl) ? (decl as Declaration) : projectKey ? { default: decl } : { value: decl });
    }
    return out;
}

/** The CLI's ValidateConfigValue: is `content` of the declared type? */
function matchesType(type: string, items: ItemsType | undefined, content: unknown): boolean {
    switch (type) {
        case "string":
            return typeof content === "string";
        case "integer":
            return (typeof content === "number" && Number.isInteger(content)) || (typeof content === "string" && /^[+-]?\d+$/.test(content));
        case "boolean":
            return typeof content === "boolean" || content === "true" || content === "false";
        default:
            return Array.isArray(content) && items?.type !== undefined && content.every((i) => matchesType(items.type as string, items.items, i));
    }
}

/**
 * What was given and how to write the declared type. A list set as text is the usual slip: `pulumi
 * config set --path 'key' '[]'` stores the string "[]" (a one-segment path is a top-level value).
 */
function typeHint(key: string, decl: Declaration, set: RawValue): string {
    const given = set.object ? `; got ${set.raw}` : `; got the string ${JSON.stringify(set.raw)}`;
    if (decl.type !== "array" || set.object) return given;
    return `${given}. Write the list in the stack file (${key}: [...]) or set it item by item: pulumi config set --path '${key}[0]' <value>`;
}

function typeName(type: string, items?: ItemsType): string {
    return items?.type ? `array<${typeName(items.type, items.items)}>` : type;
}

/** Values set in the stack file, by full key; problems for keys the CLI would refuse. */
function stackValues(project: string, stackFile: string, block: unknown, problems: string[]): Map<string, RawValue> {
    const out = new Map<string, RawValue>();
    if (block === undefined || block === null) return out;
    if (!isRecord(block)) {
        problems.push(`${stackFile}: config must be a map of <namespace>:<key> to value`);
        return out;
    }
    for (const [key, value] of Object.entries(block)) {
        if (!/^[^:]+:[^:]+$/.test(key)) {
            problems.push(`${stackFile}: could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`, such as ${project}:${key})`);
            continue;
        }
        if (isSecure(value)) {
            out.set(key, { raw: SECRET_PLACEHOLDER, object: false, secret: true, placeholder: `the placeholder ${SECRET_PLACEHOLDER}` });
            continue;
        }
        const cleaned = withoutNestedSecrets(value);
        out.set(key, { ...encode(cleaned.value), secret: cleaned.secret, placeholder: `${SECRET_PLACEHOLDER} for its encrypted parts` });
    }
    return out;
}

/** The stack files in a directory, by stack name. */
export function stackNames(configDir: string): string[] {
    return fs.readdirSync(configDir).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();
}

/**
 * The program module of the project in `projectDir`, as the Pulumi CLI's Node.js host finds it:
 * Pulumi.yaml's `main` relative to the project directory, else the directory itself (whose
 * package.json `main` Node then follows).
 */
export function programPath(projectDir: string, main?: unknown): string {
    const entry = main !== undefined ? main : readProjectFile(projectDir).main;
    const resolved = path.resolve(projectDir, typeof entry === "string" && entry !== "" ? entry : ".");
    // A directory: cmd/run takes the package.json `main` there (run.js, when the entry point is ".").
    const pkg = path.join(resolved, "package.json");
    if (fs.existsSync(pkg)) {
        const main = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { main?: unknown }).main;
        if (typeof main === "string") return path.resolve(resolved, main);
    }
    return resolved;
}

export interface ProjectFile {
    project: string;
    /** Where the stack files are (Pulumi.yaml's stackConfigDir, else the project directory). */
    configDir: string;
    declarations: Map<string, Declaration>;
    /** Pulumi.yaml's `main`, as written. */
    main?: string;
    /** Pulumi.yaml's `runtime` (a name, or { name, options }), as written. */
    runtime: unknown;
    /** The program module (programPath). */
    program: string;
}

/** Pulumi.yaml in `projectDir`, checked as the CLI checks it; throws StackConfigError. */
export function readProjectFile(projectDir: string): ProjectFile {
    const file = path.join(projectDir, "Pulumi.yaml");
    if (!fs.existsSync(file)) throw new StackConfigError([`no Pulumi.yaml in ${projectDir}`]);
    const doc = readYaml(file);
    if (!isRecord(doc) || typeof doc.name !== "string" || doc.name === "") {
        throw new StackConfigError(["Pulumi.yaml: project is missing a non-empty string 'name' attribute"]);
    }
    const configDir = path.join(projectDir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : "");
    if (doc.main !== undefined && typeof doc.main !== "string") throw new StackConfigError(["Pulumi.yaml: main must be a path to the program"]);
    return { project: doc.name, configDir, declarations: declarations(doc.name, doc.config), main: doc.main, runtime: doc.runtime, program: programPath(projectDir, doc.main ?? "") };
}

/** Where Pulumi.<stack>.yaml is (in Pulumi.yaml's stackConfigDir). */
export function stackFilePath(projectDir: string, stack: string): string {
    return path.join(readProjectFile(projectDir).configDir, `Pulumi.${stack}.yaml`);
}

/** A stack file's document (undefined when there is no such file); throws StackConfigError when it is not a YAML map. */
export function readStackDocument(file: string): Record<string, unknown> | undefined {
    if (!fs.existsSync(file)) return undefined;
    const doc = readYaml(file) ?? {};
    if (!isRecord(doc)) throw new StackConfigError([`${path.basename(file)}: must be a map with a config: block`]);
    return doc;
}

/** Where the project's stack files are (Pulumi.yaml's stackConfigDir, else the project directory). */
export function loadProjectConfigDir(projectDir: string): string {
    return readProjectFile(projectDir).configDir;
}

function readStackFile(configDir: string, stack: string): Record<string, unknown> {
    const file = path.join(configDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        throw new StackConfigError([`no stack file Pulumi.${stack}.yaml in ${configDir}; stacks with a file: ${stackNames(configDir).join(", ") || "none"}`]);
    }
    return readStackDocument(file)!;
}

/**
 * Merges the declarations into the stack's values as the CLI does: defaults (or values) for keys
 * the stack doesn't set, type and secrecy checks for keys it does. Returns the problems.
 */
function applyDeclarations(project: string, stack: string, decls: Map<string, Declaration>, values: Map<string, RawValue>, rejected: string[] = []): string[] {
    const problems: string[] = [];
    const missing: string[] = [];
    for (const [key, decl] of decls) {
        const set = values.get(key);
        const projectKey = key.startsWith(`${project}:`);
        const shortKey = projectKey ? key.slice(project.length + 1) : key;
        const fallback = decl.default ?? decl.value;
        if (set === undefined) {
            if (fallback !== undefined) values.set(key, { ...encode(fallback), secret: false });
            else if (projectKey) missing.push(shortKey);
            continue;
        }
        if (decl.secret && !set.secret) problems.push(`Stack '${stack}' with configuration key '${shortKey}' must be encrypted as it's secret`);
        if (decl.type && !set.secret && !matchesType(decl.type, decl.items, set.object ? JSON.parse(set.raw) : set.raw)) {
            problems.push(`Stack '${stack}' with configuration key '${shortKey}' must be of type '${typeName(decl.type, decl.items)}'${typeHint(shortKey, decl, set)}`);
            rejected.push(key);
        }
        // A whole-value secret of a key with a default: plan with the default, which the
        // program accepts, rather than a placeholder its validation would reject.
        if (set.secret && set.raw === SECRET_PLACEHOLDER && fallback !== undefined) {
            values.set(key, { ...encode(fallback), secret: true, placeholder: "its declared default" });
        }
    }
    if (missing.length > 0) problems.push(`Stack '${stack}' is missing configuration ${missing.length > 1 ? "values" : "value"} ${missing.map((k) => `'${k}'`).join(", ")}`);
    return problems;
}

/** Namespaces something reads: the project's, `pulumi:` (the engine's own) and each provider package the project depends on (@pulumi/aws -> aws). */
function readNamespaces(projectDir: string, project: string): string[] | undefined {
    const file = path.join(projectDir, "package.json");
    // Without a package.json the providers are unknown: don't guess.
    if (!fs.existsSync(file)) return undefined;
    const deps = (JSON.parse(fs.readFileSync(file, "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {};
    const providers = Object.keys(deps).filter((d) => d.startsWith("@pulumi/") && d !== "@pulumi/pulumi").map((d) => d.slice("@pulumi/".length));
    // policyPack: and changeReview: are read by the tooling (tools/engine/stackPolicy.ts, tools/plan/change/blocking.ts), not the program.
    return [project, "pulumi", "policyPack", "changeReview", ...providers];
}

/** A key in a namespace nobody reads is silently ignored by the CLI: report it. */
function unreadKeys(project: string, stackFile: string, namespaces: string[] | undefined, values: Map<string, RawValue>): string[] {
    if (!namespaces) return [];
    return [...values.keys()].filter((k) => !namespaces.includes(k.split(":")[0])).map((k) =>
        `${stackFile}: ${k} is in namespace ${k.split(":")[0]}, which neither the project nor a provider it uses reads (${namespaces.join(", ")}), so the CLI would ignore it; did you mean ${project}:${k.split(":")[1]}?`);
}

/** Loads Pulumi.yaml and Pulumi.<stack>.yaml from `projectDir`; throws StackConfigError. */
export function loadStackConfig(projectDir: string, stack: string): StackConfig {
    const { project, configDir, declarations: decls, program } = readProjectFile(projectDir);
    const stackDoc = readStackFile(configDir, stack);
    const stackFile = path.relative(projectDir, path.join(configDir, `Pulumi.${stack}.yaml`));

    const problems: string[] = [];
    const values = stackValues(project, stackFile, stackDoc.config, problems);
    problems.push(...unreadKeys(project, stackFile, readNamespaces(projectDir, project), values));
    const rejected: string[] = [];
    problems.push(...applyDeclarations(project, stack, decls, values, rejected));
    if (problems.length > 0) {
        // Only values of the wrong type: hand back the rest (those keys at their defaults).
        const partial = problems.length === rejected.length
            ? { project, rejectedKeys: rejected, secretKeys: [...values].filter(([, v]) => v.secret).map(([k]) => k), config: Object.fromEntries([...values].map(([k, v]): [string, string] => [k, rejected.includes(k) ? encodeConfigValue(decls.get(k)?.default ?? decls.get(k)?.value) : v.raw])) }
            : undefined;
        throw new StackConfigError(problems, partial);
    }

    const sorted = [...values.entries()].sort(([a], [b]) => a.localeCompare(b));
    const notes = sorted.filter(([, v]) => v.secret).map(([key, v]) => `${key} is a secret and is not decrypted offline: planned with ${v.placeholder} instead`);
    if (stackDoc.environment !== undefined) notes.push(`${stackFile} imports Pulumi ESC environments; they need Pulumi Cloud and are not applied`);
    return {
        project,
        stack,
        stackFile,
        program,
        config: Object.fromEntries(sorted.map(([k, v]) => [k, v.raw])),
        secretKeys: sorted.filter(([, v]) => v.secret).map(([k]) => k),
        notes,
    };
}
