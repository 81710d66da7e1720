// Every check reads config that may be wrong anywhere: a field left out or of the wrong type must
// give an error in the program's words, never a crash or a line about a value that isn't there
// ("port undefined", NaN). Swept over every field of every target group and listener, and every
// top-level key, of each repository stack (a path two stacks share is swept in the first).
import { expect } from "chai";
import { isRecord } from "../../tools/engine/data";
import { loadStackConfig, stackNames } from "../../tools/engine/project";
import { PROJECT, valuesFromRawConfig } from "../../infra/config";
import { albListenerInput, DEFAULT_ALB_LISTENERS, DEFAULT_NLB_LISTENERS, DEFAULT_TARGET_GROUPS, nlbListenerInput, targetGroupInput } from "../../infra/config/traffic";
import { configProblems, EditableValues } from "../support/program";
import { ROOT } from "../plan/fixtures";

/** What a user gets wrong: leaves the field out, or writes a word, a negative number or a list. */
const WRONG: { what: string; apply: (o: Record<string, unknown>, k: string) => void }[] = [
    { what: "left out", apply: (o, k) => { delete o[k]; } },
    { what: "a word", apply: (o, k) => { o[k] = "wrong"; } },
    { what: "-1", apply: (o, k) => { o[k] = -1; } },
    { what: "a list", apply: (o, k) => { o[k] = ["wrong"]; } },
];


/** The seed's entries every stack gets unless it turns them off: their fields are the stack's too. */
const DEFAULTS: Record<string, Record<string, object>> = { targetGroups: DEFAULT_TARGET_GROUPS, albListeners: DEFAULT_ALB_LISTENERS, nlbListeners: DEFAULT_NLB_LISTENERS };
/** Every field the schema takes, swept on the seed's entries (an ALB and an NLB group; HTTP, HTTPS and TCP listeners). */
const SCHEMA_FIELDS: Record<string, string[]> = {
    targetGroups: Object.keys(targetGroupInput.shape), albListeners: Object.keys(albListenerInput.shape), nlbListeners: Object.keys(nlbListenerInput.shape),
};

/**
 * Paths to each top-level key, each map entry (targetGroups.<name>) and each field one level
 * inside it, the stack's own and the seed's defaults under it; `written`: whether the stack wrote
 * it (a field only the defaults have can't be left out).
 */
function fieldPaths(values: EditableValues): { path: string[]; written: boolean }[] {
    const out: { path: string[]; written: boolean }[] = [];
    for (const key of new Set([...Object.keys(values), ...Object.keys(DEFAULTS)])) {
        const value: unknown = values[key];
        out.push({ path: [key], written: value !== undefined });
        const entries = { ...DEFAULTS[key], ...(isRecord(value) ? value : {}) };
        for (const [name, entry] of Object.entries(entries)) {
            const own = isRecord(value) ? value[name] : undefined;
            out.push({ path: [key, name], written: own !== undefined });
            if (!isRecord(entry)) continue;
            const seed = DEFAULTS[key]?.[name] !== undefined;
            for (const field of new Set([...(seed ? SCHEMA_FIELDS[key] : []), ...Object.keys(entry)])) {
                out.push({ path: [key, name, field], written: isRecord(own) && own[field] !== undefined });
            }
            // Deeper (healthCheck.port, scaling.targetGroup, ...): what the stack wrote.
            if (isRecord(own)) out.push(...writtenBelow(own, [key, name]).filter((p) => p.length > 3).map((path) => ({ path, written: true })));
        }
    }
    return out;
}

/** Every path the stack wrote below `at`, objects and their fields at any depth (list items aside). */
function writtenBelow(o: Record<string, unknown>, at: string[]): string[][] {
    return Object.entries(o).flatMap(([k, v]) => [[...at, k], ...(isRecord(v) ? writtenBelow(v, [...at, k]) : [])]);
}

/** The edit at `path`, making the objects on the way (an entry the stack left to the defaults). */
function edit(path: string[], apply: (o: Record<string, unknown>, k: string) => void): (v: EditableValues) => void {
    return (v) => {
        let o: Record<string, unknown> = v;
        for (const k of path.slice(0, -1)) {
            if (!isRecord(o[k])) o[k] = {};
            o = o[k] as Record<string, unknown>;
        }
        apply(o, path[path.length - 1]);
    };
}

describe("config that is wrong anywhere gets errors in the program's words", () => {
    const swept = new Set<string>();
    for (const stack of stackNames(ROOT)) {
        it(`${stack}: every field left out or of the wrong type`, () => {
            const bad: string[] = [];
            let cases = 0;
            const sc = loadStackConfig(ROOT, stack);
            const values = valuesFromRawConfig(PROJECT, sc.config) as EditableValues;
            for (const { path, written } of fieldPaths(values).filter((p) => !swept.has(p.path.join(".")))) {
                swept.add(path.join("."));
                // Below an entry's fields (healthCheck.port, ...), leaving out and a word are enough.
                for (const w of WRONG.filter((x) => (written || x.what !== "left out") && (path.length <= 3 || x.what === "left out" || x.what === "a word"))) {
                    cases++;
                    let problems: string[];
                    try {
                        const changed = structuredClone(values);
                        edit(path, w.apply)(changed);
                        problems = configProblems(changed, stack, sc.config["aws:region"]);
                    } catch (e) {
                        bad.push(`${path.join(".")} ${w.what}: crashed: ${(e as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
                        continue;
                    }
                    for (const line of problems) {
                        if (!/^[a-z0-9-]+:[^:\s]+: \S/.test(line) || /\bundefined\b|\bNaN\b|\[object Object\]/.test(line)) bad.push(`${path.join(".")} ${w.what}: ${line}`);
                    }
                }
            }
            expect(bad, `${cases} cases`).to.deep.equal([]);
        });
    }

    it("swept every field of the repository's stacks", () => {
        expect(swept.size).to.be.greaterThan(150);
        for (const p of ["targetGroups.TG-ALB.port", "targetGroups.TG-NLB.proxyProtocolV2", "albListeners.https.sslPolicy", "albListeners.http.rules", "nlbListeners.tcp.alpnPolicy", "fleet", "certificate"]) expect(swept, p).to.include(p);
    });
});
