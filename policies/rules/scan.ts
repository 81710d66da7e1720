// The rule files found by a directory scan: what ./all.ts is generated from and checked against
// (./index.ts says why the pack itself imports them statically), and the checks every rule
// module passes (a rule definition, named like its file).
import * as fs from "fs";
import * as path from "path";
import { LoadedRule, RuleDefinition } from "./meta";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The modules of a folder, by file: its .ts files, or .js once compiled. */
function modulesIn(dir: string): string[] {
    const files = fs.readdirSync(dir).filter(f => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.endsWith(".js"));
    const stem = (f: string) => f.slice(0, -3);
    const ts = new Set(files.filter(f => f.endsWith(".ts")).map(stem));
    return files.filter(f => f.endsWith(".ts") || !ts.has(stem(f))).sort((a, b) => byCodePoint(stem(a), stem(b)));
}

function isRuleDefinition(value: unknown): value is RuleDefinition {
    const policy = (value as { policy?: { name?: unknown } } | undefined)?.policy;
    return typeof policy?.name === "string";
}

/** One module's `rule` export checked: a rule definition, named like its file. */
export function loaded(area: string, file: string, exported: unknown): LoadedRule {
    const name = file.replace(/\.(ts|js)$/, "");
    if (!isRuleDefinition(exported)) throw new Error(`rules/${area}/${name}: \`rule\` is not a RuleDefinition (no policy name)`);
    if (exported.policy.name !== name) {
        throw new Error(`rules/${area}/${name}: the file holds rule '${exported.policy.name}'; name the file ${exported.policy.name}.ts`);
    }
    return { ...exported, area, file: `rules/${area}/${file}` };
}

/**
 * Every rule under `root` by a directory scan, in the documented order; a misnamed or malformed
 * rule file fails the load. What ./all.ts is generated from (and checked against).
 */
export function loadRules(root: string = __dirname): LoadedRule[] {
    const areas = fs.readdirSync(root, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort(byCodePoint);
    const out: LoadedRule[] = [];
    for (const area of areas) {
        for (const file of modulesIn(path.join(root, area))) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = (require(path.join(root, area, file)) as { rule?: unknown }).rule;
            if (exported !== undefined) out.push(loaded(area, file, exported));
        }
    }
    return out;
}

