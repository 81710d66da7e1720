// The pack as the engine serves it: ONE policy, `web-tier-rules`, that runs every rule of the
// pack on the resource (or the stack) it is handed.
//
// Why: @pulumi/policy's analyzer server deserializes a resource's properties again for every
// resource policy it runs (server.js makeAnalyzeRpcFun) and every resource of the stack again
// for every stack policy (makeAnalyzeStackRpcFun), before the policy looks at anything. With ~50
// rules registered one by one, `pulumi preview --policy-pack` on a 50,000-resource stack spent
// most of its time and memory building the same objects over and over. Served as one policy,
// each resource is deserialized once per Analyze and the stack once per AnalyzeStack; every rule
// still runs exactly as written, and its findings still carry its own name, description and
// enforcement level.
//
// The price: the engine only knows the one policy, so a rule's level and knobs are set under it:
//
//     { "web-tier-rules": { "rules": { "lb-access-logs": "advisory",
//                                      "required-tags": { "enforcementLevel": "mandatory", "requiredTags": ["Team"] } } } }
//
// A rule's entry takes the same shape a policy's entry takes in a --policy-pack-config file; the
// CLI validates it against the rule's own schema (nested under `rules`), unknown rule names are
// refused. `web-tier-rules`' own level (advisory by default) is the floor of every finding:
// "mandatory" (or `"all": "mandatory"`) makes every finding mandatory, "disabled" switches the
// pack off, and "remediate" lets the rules configured "remediate" rewrite their resources (the
// server calls a policy's remediation only at that level; findings are then mandatory, as the
// server reports a remediating policy's). `"all": "advisory"` does not lower a mandatory rule:
// lower it under `rules`.
import {
    EnforcementLevel,
    Policies,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { isUnknownValueError } from "./util";

export const DISPATCH_POLICY = "web-tier-rules";
const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];
/** PolicyPack's default when neither the policy nor the pack names a level. */
const PACK_DEFAULT_LEVEL: EnforcementLevel = "advisory";

type Rule = Policies[number];
type RuleEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
interface DispatchConfig { rules?: Record<string, RuleEntry> }

/** A rule's level and knobs under `web-tier-rules.rules`, its schema defaults filled in. */
interface Effective { level: EnforcementLevel; knobs: Record<string, unknown>; getConfig: () => Record<string, unknown> }

function defaultsOf(rule: Rule): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [knob, schema] of Object.entries(rule.configSchema?.properties ?? {})) {
        if (schema.default !== undefined) out[knob] = structuredClone(schema.default);
    }
    return out;
}

function effective(rule: Rule, config: DispatchConfig): Effective {
    const entry = config.rules?.[rule.name];
    const knobs = defaultsOf(rule);
    let level = rule.enforcementLevel ?? PACK_DEFAULT_LEVEL;
    if (typeof entry === "string") {
        level = entry;
    } else if (entry && typeof entry === "object") {
        const { enforcementLevel, ...given } = entry;
        if (enforcementLevel) level = enforcementLevel;
        Object.assign(knobs, given);
    }
    return { level, knobs, getConfig: () => knobs };
}

/** The schema of one rule's entry: a level, or an object with a level and the rule's own knobs. */
function entrySchema(rule: Rule): Record<string, unknown> {
    const knobs = rule.configSchema?.properties ?? {};
    return {
        oneOf: [
            { type: "string", enum: LEVELS },
            {
                type: "object",
                properties: { enforcementLevel: { type: "string", enum: LEVELS }, ...knobs },
                ...(rule.configSchema?.required?.length ? { required: rule.configSchema.required } : {}),
            },
        ],
    };
}

/** The one policy's schema: `rules`, an object keyed by rule name (no other names allowed). */
function dispatchSchema(rules: Policies): PolicyConfigSchema {
    return {
        properties: {
            rules: {
                type: "object",
                description: "Each rule's enforcement level, or an object with its enforcementLevel and its own settings, keyed by rule name.",
                properties: Object.fromEntries(rules.map(r => [r.name, entrySchema(r)])),
                additionalProperties: false,
            },
        },
    };
}

/**
 * The object form of a report: server.js (makeReportViolationFun) takes a diagnostic's name,
 * message, urn, level and severity from it as given; the typings show only the string form.
 */
interface Diagnostic {
    name?: string; message?: string; description?: string; urn?: string;
    enforcementLevel?: EnforcementLevel; severity?: string;
}
type Report = (message?: string | Diagnostic, urn?: string) => void;

/**
 * A rule's reportViolation: what server.js's makeReportViolationFun would have recorded for the
 * rule served on its own (its name, its description then the detail), handed on in the object
 * form the server passes through. A mandatory rule's finding says so; an advisory rule's finding
 * names no level, so it takes `web-tier-rules`' own level: advisory unless the config raises it
 * (`"all": "mandatory"` or `"web-tier-rules": "mandatory"` make every finding mandatory).
 */
function reporterFor(rule: Rule, level: "advisory" | "mandatory", engineReport: ReportViolation): ReportViolation {
    const report = engineReport as unknown as Report;
    const levelOf = (given?: EnforcementLevel) => (given === "mandatory" || level === "mandatory" ? { enforcementLevel: "mandatory" as const } : {});
    const reporter: Report = (message, urn) => {
        if (typeof message === "object" && message !== null) {
            const { enforcementLevel, ...rest } = message;
            report({
                ...rest,
                name: message.name || rule.name,
                description: message.description || rule.description,
                message: message.message || message.description || rule.description,
                severity: message.severity || rule.severity,
                ...levelOf(enforcementLevel),
            });
            return;
        }
        report({
            name: rule.name,
            description: rule.description,
            message: message ? `${rule.description}\n${message}` : rule.description,
            urn,
            severity: rule.severity,
            ...levelOf(),
        });
    };
    return reporter as ReportViolation;
}

/**
 * `args` as the rule sees it: the same object underneath (read through the prototype, nothing
 * copied: this runs for every rule on every resource) with the rule's own getConfig.
 */
function argsFor<T extends object>(args: T, getConfig: () => Record<string, unknown>): T {
    const view = Object.create(args) as T & { getConfig: unknown };
    view.getConfig = getConfig;
    return view;
}

/**
 * A resource policy's args as a rule sees them: every field of the server's args, read through
 * getters that note the read (`touched`), except `type`; getConfig is the running rule's own.
 */
class RuleView {
    touched = false;
    constructor(private readonly args: ResourceValidationArgs, readonly ruleConfig: () => Record<string, unknown>) {}
    get type(): string { return this.args.type; }
    private note<T>(value: T): T { this.touched = true; return value; }
    get props() { return this.note(this.args.props); }
    get urn() { return this.note(this.args.urn); }
    get name() { return this.note(this.args.name); }
    get opts() { return this.note(this.args.opts); }
    get provider() { return this.note(this.args.provider); }
    get stackTags() { return this.note(this.args.stackTags); }
    get notApplicable() { return this.note(this.args.notApplicable); }
    get getConfig() { return this.note(this.ruleConfig) as ResourceValidationArgs["getConfig"]; }
    isType(resourceClass: unknown): boolean { this.touched = true; return this.args.isType(resourceClass as never); }
    asType(resourceClass: unknown): unknown { this.touched = true; return this.args.asType(resourceClass as never); }
}

/** True for the error @pulumi/policy's `args.notApplicable()` throws. */
function isNotApplicable(err: unknown): boolean {
    return err instanceof Error && err.constructor.name === "NotApplicableError";
}

/**
 * Runs one rule's validation as server.js runs a policy: an unknown value in preview becomes the
 * engine's advisory note for that rule, `notApplicable` ends the rule quietly, anything else is a
 * bug and aborts with the rule's name.
 */
async function runRule(rule: Rule, engineReport: ReportViolation, run: () => unknown): Promise<void> {
    try {
        const result = run();
        // Most rules are synchronous: awaiting only a promise saves a microtask per rule and resource.
        if (result instanceof Promise) await result;
    } catch (err) {
        if (isUnknownValueError(err)) {
            (engineReport as unknown as Report)({
                name: rule.name,
                description: rule.description,
                message: `can't run policy '${rule.name}' from policy pack 'elb-web-tier' during preview: ${(err as Error).message}`,
                enforcementLevel: "advisory",
            });
        } else if (!isNotApplicable(err)) {
            const detail = err instanceof Error ? err.message : String(err);
            throw new Error(`rule '${rule.name}': ${detail}`, { cause: err });
        }
    }
}

/** `__pulumiType` from validateResourceOfType: such a validation only sees resources of that type. */
function typeOf(validation: unknown): string | undefined {
    return (validation as { __pulumiType?: string } | undefined)?.__pulumiType;
}

/** The runnable level: "remediate" is reported as "mandatory" (server.js does the same). */
function reportLevel(level: EnforcementLevel): "advisory" | "mandatory" | undefined {
    if (level === "disabled") return undefined;
    return level === "advisory" ? "advisory" : "mandatory";
}

/** The one policy the pack serves, running `rules` (the pack's rules, in order). */
export function dispatch(rules: Policies): ResourceValidationPolicy & StackValidationPolicy {
    const names = new Set<string>();
    for (const r of rules) {
        if (names.has(r.name)) throw new Error(`two rules are named '${r.name}'`);
        names.add(r.name);
    }
    const resourceRules = rules
        .filter((r): r is ResourceValidationPolicy => "validateResource" in r && r.validateResource !== undefined)
        .map(rule => ({
            rule,
            validations: ((Array.isArray(rule.validateResource) ? rule.validateResource : [rule.validateResource]) as ResourceValidation[])
                .map(validation => ({ validation, only: typeOf(validation) })),
        }));
    const remediatingRules = rules.filter((r): r is ResourceValidationPolicy => "remediateResource" in r && r.remediateResource !== undefined);
    const stackRules = rules.filter((r): r is StackValidationPolicy => "validateStack" in r && typeof r.validateStack === "function");

    // Each rule's level and knobs, worked out once per config: server.js's getConfig hands out a
    // shallow copy each call, so `rules` is the same object for the whole run.
    const cache = new WeakMap<object, Map<string, Effective>>();
    const NO_RULES = {};
    const effectiveAll = (config: DispatchConfig): Map<string, Effective> => {
        const key = config.rules ?? NO_RULES;
        let found = cache.get(key);
        if (!found) {
            found = new Map(rules.map(r => [r.name, effective(r, config)]));
            cache.set(key, found);
        }
        return found;
    };

    // Per resource, ~40 rules each look at the type and most return at once. The view of `args`
    // and the reporter are made once per resource and follow the rule being run (`current`);
    // rules run one after another (a rule's promise is awaited before the next starts), so what
    // a rule reads or reports, even after an await of its own, is its own.
    //
    // Rules are pure functions of their args. A rule that, for a resource of some type, read
    // nothing but `type`, reported nothing and threw nothing decided on the type alone: it is
    // skipped for every later resource of that type (`quietFor`). This is what keeps the served
    // pack's Analyze cost near one rule per resource instead of every rule per resource.
    const quietFor = new Map<string, Set<string>>();
    const validateResource = async (args: ResourceValidationArgs, report: ReportViolation): Promise<void> => {
        const all = effectiveAll(args.getConfig<DispatchConfig>());
        let current: { rule: Rule; as: "advisory" | "mandatory"; effective: Effective } | undefined;
        let reported = false;
        const view = new RuleView(args, () => current!.effective.getConfig());
        const reporter = ((message?: string | Diagnostic, urn?: string) => {
            reported = true;
            (reporterFor(current!.rule, current!.as, report) as unknown as Report)(message, urn);
        }) as ReportViolation;
        let quiet = quietFor.get(args.type);
        if (!quiet) quietFor.set(args.type, quiet = new Set());
        for (const { rule, validations } of resourceRules) {
            if (quiet.has(rule.name)) continue;
            const effective = all.get(rule.name)!;
            const as = reportLevel(effective.level);
            if (!as) continue;
            current = { rule, as, effective };
            view.touched = false;
            reported = false;
            let threw = false;
            for (const { validation, only } of validations) {
                if (only && only !== args.type) continue;
                try {
                    const result = validation(view as unknown as ResourceValidationArgs, reporter);
                    if (result instanceof Promise) {
                        await result;
                    }
                } catch (err) {
                    threw = true;
                    await runRule(rule, report, () => { throw err; });
                }
            }
            if (!view.touched && !reported && !threw) quiet.add(rule.name);
        }
    };

    const validateStack = async (args: StackValidationArgs, report: ReportViolation): Promise<void> => {
        const all = effectiveAll(args.getConfig<DispatchConfig>());
        for (const rule of stackRules) {
            const { level, getConfig } = all.get(rule.name)!;
            const as = reportLevel(level);
            if (!as) continue;
            const only = typeOf(rule.validateStack);
            if (only && !args.resources.some(r => r.type === only)) continue;
            await runRule(rule, report, () => rule.validateStack(argsFor(args, getConfig), reporterFor(rule, as, report)));
        }
    };

    const remediateResource = async (args: Parameters<NonNullable<ResourceValidationPolicy["remediateResource"]>>[0]) => {
        const config = args.getConfig<DispatchConfig>();
        let props: Record<string, unknown> | undefined;
        for (const rule of remediatingRules) {
            if (effective(rule, config).level !== "remediate") continue;
            const only = typeOf(rule.remediateResource);
            if (only && only !== args.type) continue;
            const view = argsFor(args, effective(rule, config).getConfig);
            if (props) Object.defineProperty(view, "props", { value: props, enumerable: true, writable: true });
            const result = await Promise.resolve(rule.remediateResource!(view));
            if (result) props = result as Record<string, unknown>;
        }
        return props;
    };

    return {
        name: DISPATCH_POLICY,
        description: "Runs every rule of the elb-web-tier pack; each finding carries its rule's name, description and level (set them under `rules`).",
        // The floor for advisory rules' findings (see reporterFor); mandatory rules say so themselves.
        enforcementLevel: "advisory",
        configSchema: dispatchSchema(rules),
        validateResource,
        remediateResource,
        validateStack,
    } as ResourceValidationPolicy & StackValidationPolicy;
}

/**
 * The per-rule entries of a --policy-pack-config document (`web-tier-rules.rules`), in the shape
 * a config for the rules served one by one would take: for running single rules in tests.
 */
export function rulesConfig(packConfig: Record<string, unknown>): Record<string, RuleEntry> {
    const entry = packConfig[DISPATCH_POLICY];
    const rules = typeof entry === "object" && entry !== null ? (entry as DispatchConfig).rules : undefined;
    return { ...(rules ?? {}) };
}
