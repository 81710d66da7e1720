import { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { RuleDefinition } from "../meta";
import { asNumber, asRecord, Candidates, elements, LISTENER_RULE_TYPES, LISTENER_TYPES, Maybe, Props, resolveRefs, resourcesOfType, showValue, tryRead, UNRESOLVED } from "../util";

// AWS "Condition types for listener rules": at most one each of host-header, http-request-method,
// path-pattern and source-ip per rule (http-header and query-string may repeat); up to three match
// evaluations per condition, five per rule; up to five wildcards per rule.
// AWS "Listener rules": priorities 1-50000, unique per listener.
// AWS Action API: "Each rule must include exactly one of forward, redirect, or fixed-response, and
// it must be the last action to be performed."
const SINGLE_USE_CONDITIONS = ["hostHeader", "httpRequestMethod", "pathPattern", "sourceIp"] as const;

const TERMINAL_ACTIONS = ["forward", "redirect", "fixed-response"];

const MIN_PRIORITY = 1;

const MAX_PRIORITY = 50000;

interface RuleLimitsConfig {
    maxMatchEvaluationsPerRule?: number;
    maxMatchEvaluationsPerCondition?: number;
    maxWildcardsPerRule?: number;
}

interface RuleLimits {
    perRule: number;
    perCondition: number;
    wildcards: number;
}

/** One condition block, as counted by AWS. Unknown parts count as one evaluation, zero wildcards. */
interface ConditionSummary {
    kind: string;
    evaluations: number;
    wildcards: number;
}

function countWildcards(values: Maybe<unknown>[]): number {
    return values.reduce<number>((n, v) => n + (typeof v === "string" ? (v.match(/[*?]/g) ?? []).length : 0), 0);
}

/** Values of a `{ values, regexValues }` block; regexes are not wildcard matches. */
function patternBlock(kind: string, block: Props): ConditionSummary {
    const values = elements(tryRead(() => block.values));
    const regexValues = elements(tryRead(() => block.regexValues));
    return { kind, evaluations: values.length + regexValues.length, wildcards: countWildcards(values) };
}

function summarizeCondition(condition: Props): ConditionSummary | undefined {
    for (const kind of ["hostHeader", "httpHeader", "pathPattern", "httpRequestMethod", "sourceIp"]) {
        const block = asRecord(tryRead(() => condition[kind]));
        if (block !== undefined) {
            const summary = patternBlock(kind, block);
            // Methods and CIDRs take no wildcards.
            return kind === "httpRequestMethod" || kind === "sourceIp" ? { ...summary, wildcards: 0 } : summary;
        }
    }
    const queryStrings = elements(tryRead(() => condition.queryStrings));
    if (queryStrings.length > 0) {
        const parts = queryStrings.flatMap(q => {
            const pair = asRecord(q);
            return pair ? [tryRead(() => pair.key), tryRead(() => pair.value)] : [];
        });
        return { kind: "queryString", evaluations: queryStrings.length, wildcards: countWildcards(parts) };
    }
    return undefined;
}

function conditionProblems(conditions: Maybe<unknown>[], limits: RuleLimits): string[] {
    const summaries = conditions
        .map(c => asRecord(c))
        .filter((c): c is Props => c !== undefined)
        .map(summarizeCondition)
        .filter((s): s is ConditionSummary => s !== undefined);
    const problems: string[] = [];
    for (const kind of SINGLE_USE_CONDITIONS) {
        const count = summaries.filter(s => s.kind === kind).length;
        if (count > 1) {
            problems.push(`conditions use ${kind} ${count} times; AWS allows it once per rule: merge their values into one condition`);
        }
    }
    summaries.forEach((s, i) => {
        if (s.evaluations > limits.perCondition) {
            problems.push(`conditions[${i}] (${s.kind}) has ${s.evaluations} match values; AWS allows ${limits.perCondition} per condition: split it or use fewer values`);
        }
    });
    const total = summaries.reduce((n, s) => n + s.evaluations, 0);
    if (total > limits.perRule) {
        problems.push(`conditions have ${total} match evaluations in total; AWS allows ${limits.perRule} per rule: split the rule into several rules`);
    }
    const wildcards = summaries.reduce((n, s) => n + s.wildcards, 0);
    if (wildcards > limits.wildcards) {
        problems.push(`conditions use ${wildcards} wildcard characters (* or ?); AWS allows ${limits.wildcards} per rule: use fewer or split the rule`);
    }
    return problems;
}

interface ActionSummary {
    type: string;
    order: number;
}

/** Actions with their effective order (explicit `order`, else list position); undefined if unknowable. */
function summarizeActions(actions: Maybe<unknown>[]): ActionSummary[] | undefined {
    const summaries: ActionSummary[] = [];
    for (const [i, action] of actions.entries()) {
        const record = asRecord(action);
        const type = record ? tryRead(() => record.type) : undefined;
        const order = record ? tryRead(() => record.order) : undefined;
        if (typeof type !== "string" || order === UNRESOLVED) {
            return undefined;
        }
        summaries.push({ type, order: asNumber(order) ?? i + 1 });
    }
    return summaries;
}

function actionProblems(actions: Maybe<unknown>): string[] {
    const summaries = actions === UNRESOLVED ? undefined : summarizeActions(elements(actions));
    if (summaries === undefined) {
        return [];
    }
    const problems: string[] = [];
    const types = summaries.map(a => a.type);
    const repeated = [...new Set(types.filter((t, i) => types.indexOf(t) !== i))];
    repeated.forEach(t => problems.push(`actions contain more than one '${t}' action; AWS allows one of each type: keep one`));
    const terminal = summaries.filter(a => TERMINAL_ACTIONS.includes(a.type));
    if (terminal.length !== 1) {
        problems.push(`actions contain ${terminal.length} of forward/redirect/fixed-response; AWS requires exactly one: keep a single final action`);
    } else if (summaries.some(a => a !== terminal[0] && a.order >= terminal[0].order)) {
        problems.push(`the '${terminal[0].type}' action must run last: give it the highest order (authenticate actions go first)`);
    }
    return problems;
}

function priorityProblem(priority: unknown): string | undefined {
    if (priority === undefined || priority === UNRESOLVED) {
        return undefined; // absent: the provider picks the next free priority
    }
    const value = asNumber(priority);
    if (value === undefined || !Number.isInteger(value) || value < MIN_PRIORITY || value > MAX_PRIORITY) {
        return `priority ${showValue(priority)} is invalid; AWS accepts whole numbers ${MIN_PRIORITY}-${MAX_PRIORITY}: pick one in that range`;
    }
    return undefined;
}

/** Rules on the same listener share a key: the listener's URN, else the literal listener ARN. */
function listenerKey(rule: PolicyResource, listeners: Candidates): string | undefined {
    const arn = tryRead(() => rule.props.listenerArn);
    const refs = resolveRefs(rule, "listenerArn", [arn], listeners);
    if (refs.targets.length === 1) {
        return refs.targets[0].urn;
    }
    return refs.targets.length === 0 && typeof arn === "string" ? `arn:${arn}` : undefined;
}

function checkRuleLimits(args: StackValidationArgs, reportViolation: ReportViolation): void {
    const config = args.getConfig<RuleLimitsConfig>();
    const limits: RuleLimits = {
        perRule: config.maxMatchEvaluationsPerRule ?? 5,
        perCondition: config.maxMatchEvaluationsPerCondition ?? 3,
        wildcards: config.maxWildcardsPerRule ?? 5,
    };
    const listeners = new Candidates(resourcesOfType(args.resources, LISTENER_TYPES));
    const firstByPriority = new Map<string, PolicyResource>();
    for (const rule of resourcesOfType(args.resources, LISTENER_RULE_TYPES)) {
        const priority: Maybe<unknown> = tryRead(() => rule.props.priority);
        const problems = [
            priorityProblem(priority),
            ...conditionProblems(elements(tryRead(() => rule.props.conditions)), limits),
            ...actionProblems(tryRead(() => rule.props.actions)),
        ].filter((p): p is string => p !== undefined);
        const key = listenerKey(rule, listeners);
        const value = asNumber(priority);
        if (key !== undefined && value !== undefined) {
            const first = firstByPriority.get(`${key}#${value}`);
            if (first) {
                problems.push(`priority ${value} is already used by listener rule '${first.name}' on the same listener; AWS requires unique priorities per listener: pick another`);
            } else {
                firstByPriority.set(`${key}#${value}`, rule);
            }
        }
        problems.forEach(p => reportViolation(`Listener rule ${p}.`, rule.urn));
    }
}

export const lbListenerRuleLimits: StackValidationPolicy = {
    name: "lb-listener-rule-limits",
    description:
        "Listener rules must fit AWS's rule limits, which AWS only enforces at `pulumi up`, minutes in: " +
        "priorities 1-50000 and unique per listener; at most one host-header, http-request-method, " +
        "path-pattern and source-ip condition per rule; match-evaluation and wildcard quotas; exactly one " +
        "final forward/redirect/fixed-response action and one action of each type.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            maxMatchEvaluationsPerRule: { type: "integer", minimum: 1, default: 5, description: "AWS: match evaluations per rule." },
            maxMatchEvaluationsPerCondition: { type: "integer", minimum: 1, default: 3, description: "AWS: match evaluations per condition." },
            maxWildcardsPerRule: { type: "integer", minimum: 0, default: 5, description: "AWS: wildcards per rule." },
        },
    },
    validateStack: (args, reportViolation) => checkRuleLimits(args, reportViolation),
};

export const rule: RuleDefinition = {
    policy: lbListenerRuleLimits,
    severity: "low",
    resources: "stack: listener rules",
    equivalents: {},
};
