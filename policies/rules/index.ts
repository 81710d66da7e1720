// The pack's rules, and the policy list the pack serves. Tests import these (constructing a
// PolicyPack starts a gRPC server).
//
// Every folder under rules/ is an area, and every module in it that exports `rule` (a
// RuleDefinition, ./meta.ts) is one rule, named like its file (`network/sg-no-ssh-ingress.ts`
// holds `sg-no-ssh-ingress`). Other modules of an area (`shared.ts`) are its helpers. The order is
// stable and documented: areas by folder name, rules by file name, in code-point order; it is the
// order the rules run in, and so the order of a resource's findings.
//
// The pack imports its rules statically, through ./all.ts, which `npm run docs` generates from
// the folders (a test fails when it falls behind them). Not a directory scan at load: the CLI
// serves a TypeScript pack through ts-node with type checking, and ts-node builds a new program
// and type checker for every module that was not part of the program already (one imported
// statically is). Required one by one, the ~60 rule files cost ~0.25 s each: a cold
// `pulumi preview --policy-pack` started in ~26 s instead of ~10 s.
import { Policies } from "@pulumi/policy";

import { RULE_MODULES } from "./all";
import { dispatch } from "./dispatch";
import { LoadedRule } from "./meta";
import { loaded } from "./scan";

export { loadRules } from "./scan";

/** Every rule of the pack with its metadata (area, severity, equivalents...), in the order they run. */
export const ruleDefinitions: readonly LoadedRule[] = RULE_MODULES.map(m => loaded(m.area, m.file, m.rule));

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
