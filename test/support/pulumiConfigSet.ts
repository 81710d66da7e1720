// `pulumi config set` as the CLI stores values in a stack file, modelled on pulumi/pulumi's
// sdk/go/common/resource/config/map.go (Map.Set, parseKeyPath, adjustObjectValue) and the
// command's documentation:
//  - without --path, or with a path of one segment, the value is stored as the string given
//    ("Top level entries are always treated as strings": `--path 'xs' '[]'` stores the text "[]");
//  - with a longer path the key's value is walked, creating maps for names and lists for indexes
//    (an index may equal the list's length: append; beyond it is "array index out of range");
//    the leaf is "true"/"false" as a boolean, an integer (without a leading 0) as a number, else
//    the string;
//  - --secret stores `{secure: <ciphertext>}` at the leaf (the whole value for a top-level key).
// Used by the walkthrough test to run the README's commands exactly as the CLI would.

export type PathSegment = string | number;

/** resource.ParsePropertyPath: `a.b[0]["c.d"]` -> ["a", "b", 0, "c.d"]. */
export function parsePropertyPath(path: string): PathSegment[] {
    const out: PathSegment[] = [];
    let current = "";
    let i = 0;
    const flush = () => { if (current !== "") out.push(current); current = ""; };
    while (i < path.length) {
        const c = path[i];
        if (c === ".") {
            flush();
            i++;
        } else if (c === "[") {
            flush();
            const end = path.indexOf("]", i);
            if (end < 0) throw new Error(`invalid config key path: missing ] in ${path}`);
            const inner = path.slice(i + 1, end);
            if (/^\d+$/.test(inner)) out.push(Number(inner));
            else if (/^".*"$/.test(inner)) out.push(JSON.parse(inner) as string);
            else throw new Error(`invalid config key path: [${inner}] in ${path}`);
            i = end + 1;
        } else {
            current += c;
            i++;
        }
    }
    flush();
    if (out.length === 0 || typeof out[0] !== "string") throw new Error(`invalid config key path: ${path}`);
    return out;
}

/** adjustObjectValue: how a leaf set through a path is typed. */
export function adjustObjectValue(value: string): string | number | boolean {
    if (value === "true") return true;
    if (value === "false") return false;
    if (value.length > 1 && value.startsWith("0")) return value;
    // strconv.Atoi: an optional sign and decimal digits, within int64.
    if (/^[+-]?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
    return value;
}

const fakeCiphertext = (value: string) => `v1:${Buffer.from(value).toString("base64").slice(0, 24)}`;

type Container = Record<string, unknown> | unknown[];
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Map.Set on a stack file's `config:` block (full keys such as `elb-web-tier:targetGroups`).
 * `key` may omit the namespace (the project's is used, as the CLI does).
 */
export function configSet(config: Record<string, unknown>, project: string, key: string, value: string, opts: { path?: boolean; secret?: boolean } = {}): void {
    const [namespace, name] = key.includes(":") ? [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)] : [project, key];
    const leaf = (adjust: boolean): unknown => (opts.secret ? { secure: fakeCiphertext(value) } : adjust ? adjustObjectValue(value) : value);
    if (!opts.path) {
        config[`${namespace}:${name}`] = leaf(false);
        return;
    }
    const segments = parsePropertyPath(name);
    const fullKey = `${namespace}:${segments[0]}`;
    if (segments.length === 1) {
        config[fullKey] = leaf(false);
        return;
    }
    // A top-level string is overwritten by the walk ("If obj is a string, set it to nil").
    const root: Record<string, unknown> = { [segments[0]]: typeof config[fullKey] === "string" ? undefined : structuredClone(config[fullKey]) };
    let cursor: Container = root;
    let cursorKey: PathSegment = segments[0];
    for (const next of segments.slice(1)) {
        let child = (cursor as Record<PathSegment, unknown>)[cursorKey];
        if (child === undefined || child === null) {
            child = typeof next === "number" ? [] : {};
            setIn(cursor, cursorKey, child);
        } else if (typeof next === "number" && !Array.isArray(child)) {
            throw new Error(`an array was expected for index ${next}`);
        } else if (typeof next === "string" && !isMap(child)) {
            throw new Error(`a map was expected for key "${next}"`);
        }
        cursor = child as Container;
        cursorKey = next;
    }
    setIn(cursor, cursorKey, leaf(true));
    config[fullKey] = root[segments[0]];
}

function setIn(container: Container, key: PathSegment, value: unknown): void {
    if (Array.isArray(container)) {
        if (typeof key !== "number" || key < 0 || key > container.length) throw new Error("array index out of range");
        container[key] = value;
    } else {
        container[key as string] = value;
    }
}

/** Splits a shell command line into words: '...' and "..." quoting, `$(cat <file>)` from `files`. */
export function shellWords(line: string, files: Record<string, string> = {}): string[] {
    const words: string[] = [];
    let word: string | undefined;
    let i = 0;
    const append = (s: string) => { word = (word ?? "") + s; };
    while (i < line.length) {
        const c = line[i];
        if (c === "#" && word === undefined) break; // a comment
        if (/\s/.test(c)) {
            if (word !== undefined) words.push(word);
            word = undefined;
            i++;
        } else if (c === "'") {
            const end = line.indexOf("'", i + 1);
            append(line.slice(i + 1, end));
            i = end + 1;
        } else if (c === '"') {
            const end = line.indexOf('"', i + 1 + (line.slice(i + 1).match(/^\$\([^)]*\)/)?.[0].length ?? 0));
            append(line.slice(i + 1, end).replace(/\$\(cat ([^)]+)\)/g, (_, f: string) => {
                if (!(f in files)) throw new Error(`no content given for ${f}`);
                return files[f].replace(/\n+$/, ""); // $(...) strips trailing newlines
            }));
            i = end + 1;
        } else {
            append(c);
            i++;
        }
    }
    if (word !== undefined) words.push(word);
    return words;
}

/** Applies one `pulumi config set ...` command line to a stack's config block; false if it is another command. */
export function applyConfigCommand(config: Record<string, unknown>, project: string, line: string, files: Record<string, string> = {}): boolean {
    const words = shellWords(line, files);
    if (words[0] !== "pulumi" || words[1] !== "config" || words[2] !== "set") return false;
    const isFlag = (w: string) => /^--[a-z]/.test(w);
    const flags = words.slice(3).filter(isFlag);
    const args = words.slice(3).filter((w) => !isFlag(w));
    if (args.length !== 2) throw new Error(`expected a key and a value: ${line}`);
    const unknown = flags.filter((f) => !["--path", "--secret", "--plaintext"].includes(f));
    if (unknown.length > 0) throw new Error(`flags this model does not know: ${unknown.join(" ")}`);
    configSet(config, project, args[0], args[1], { path: flags.includes("--path"), secret: flags.includes("--secret") });
    return true;
}
