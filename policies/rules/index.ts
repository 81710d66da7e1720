// The pack's rules, and the policy list the pack serves. Tests import these (constructing a
// PolicyPack starts a gRPC server).
//
// Rules are found, not listed: every folder under rules/ is an area, and every module in it that
// exports `rule` (a RuleDefinition, ./meta.ts) is one rule, named like its file
// (`network/sg-no-ssh-ingress.ts` holds `sg-no-ssh-ingress`). Other modules of an area
// (`shared.ts`) are its helpers. Adding a rule is adding its file (and its test); nothing here
// changes. The order is stable and documented: areas by folder name, rules by file name, in
// code-point order; it is the order the rules run in, and so the order of a resource's findings.
import * as fs from "fs";
import * as path from "path";
import { Policies } from "@pulumi/policy";

import { dispatch } from "./dispatch";
import { LoadedRule, RuleDefinition } from "./meta";

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The modules of a folder, by file: its .ts files (the CLI runs the pack through ts-node), or .js once compiled. */
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

/** Every rule under `root`, in the documented order; a misnamed or malformed rule file fails the load. */
export function loadRules(root: string = __dirname): LoadedRule[] {
    const areas = fs.readdirSync(root, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort(byCodePoint);
    const loaded: LoadedRule[] = [];
    for (const area of areas) {
        for (const file of modulesIn(path.join(root, area))) {
            const name = file.replace(/\.(ts|js)$/, "");
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported = (require(path.join(root, area, file)) as { rule?: unknown }).rule;
            if (exported === undefined) continue;
            if (!isRuleDefinition(exported)) throw new Error(`rules/${area}/${name}: \`rule\` is not a RuleDefinition (no policy name)`);
            if (exported.policy.name !== name) {
                throw new Error(`rules/${area}/${name}: the file holds rule '${exported.policy.name}'; name the file ${exported.policy.name}.ts`);
            }
            loaded.push({ ...exported, area, file: `rules/${area}/${file}` });
        }
    }
    return loaded;
}

/** Every rule of the pack with its metadata (area, severity, equivalents...), in the order they run. */
export const ruleDefinitions: readonly LoadedRule[] = loadRules();

/** Every rule of the pack as a policy, in the order they run. */
export const rules: Policies = ruleDefinitions.map(r => r.policy);

/** The rules of some areas (folders), in the order they run: for testing a family on its own. */
export function rulesIn(...areas: string[]): Policies {
    const unknown = areas.filter(a => !ruleDefinitions.some(r => r.area === a));
    if (unknown.length > 0) throw new Error(`no rules in ${unknown.join(", ")}`);
    return ruleDefinitions.filter(r => areas.includes(r.area)).map(r => r.policy);
}

/**
 * What the pack serves (policies/index.ts) and what the offline plan runs: one policy that runs
 * every rule (./dispatch.ts says why); levels and knobs are set per rule under its `rules`.
 */
export const policies: Policies = [dispatch(rules)];
