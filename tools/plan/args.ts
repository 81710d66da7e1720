// Command-line arguments of `npm run plan`.
import * as fs from "fs";
import * as path from "path";
import { parseOptions, UsageError } from "../engine/entry";
import { DEFAULT_FORMAT, findFormat, formatNames, OUTPUT_FORMATS } from "./formats";
import { HAZARD_CODES, hazardCodes, HazardCode, PROD_BLOCKING } from "./change/hazards";

export interface PlanArgs {
    stack: string;
    /** One of OUTPUT_FORMATS' names. */
    format: string;
    /** Run as `pulumi preview` does: computed values are unknown. */
    preview: boolean;
    /** --policy-config FILE, resolved against the working directory. */
    policyConfig?: string;
    /** The directory holding Pulumi.yaml. */
    projectDir: string;
    /** Write the mermaid diagram into the project's README.md instead of printing a plan. */
    writeReadme: boolean;
    /** --against: a plan JSON file (resolved later, against cwd) or a git ref. */
    against?: string;
    /** --fail-on: hazard codes that make the run exit 1. */
    failOn: HazardCode[];
    /** --all: plan every stack file of the project, in one process (stack is then ""); with --against, each is reviewed and fails on its blocking hazards. */
    all: boolean;
    help: boolean;
}

export { UsageError };

const formatLines = OUTPUT_FORMATS.map((f, i) => `                                ${f.name}${i === 0 ? " (default)" : ""}: ${f.description}`).join("\n");

// The codes, one per line; README.md says what each means.
const hazardLines = Object.keys(HAZARD_CODES).map((code) => `                                ${code}`).join("\n");

const PROD = PROD_BLOCKING.join(",\n                                ");

export const USAGE = `Usage: npm run plan -- --stack <name> [options]

Runs the program with the stack's config (Pulumi.yaml + Pulumi.<name>.yaml) under mocks, shows what
would be created and checks it against the policy pack. No cloud credentials, backend or Pulumi CLI.

Options:
  -s, --stack <name>          stack to plan (reads Pulumi.<name>.yaml)
      --all                   plan every Pulumi.<stack>.yaml of the project in one process, each
                              under its own policy config; exit with the worst stack's code. With
                              --against, review each stack against the base and exit 1 on the
                              hazards it blocks on (changeReview:failOn in its stack file; a
                              production stack by default:
                                ${PROD})
  -f, --format <format>       output format, one of:
${formatLines}
      --preview               run as a preview: computed values (IDs, ARNs, IPs) are unknown
      --policy-config <file>  policy pack config (default: the stack's, by the rule in tools/engine/stackPolicy.ts)
  -C, --cwd <dir>             project directory (default: the nearest directory with Pulumi.yaml)
      --write-readme          write the stack's diagram into README.md (between the diagram markers)
      --against <base>        review the changes from a base: a plan file (--format json) or a git ref
      --fail-on <codes>       with --against: exit 1 when one of these hazards occurs (comma-separated):
${hazardLines}
  -h, --help                  show this help

Exit codes: 0 no mandatory policy violation, 1 a mandatory violation or a --fail-on hazard, 2 invalid
config, usage or base, 3 the program or a policy failed unexpectedly.`;

/** The nearest directory at or above `from` with a Pulumi.yaml, as the Pulumi CLI looks for it. */
export function findProjectDir(from: string): string {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
        if (path.dirname(dir) === dir) throw new UsageError(`no Pulumi.yaml in ${from} or any directory above it`);
    }
}

function parseFailOn(value: string | undefined): HazardCode[] {
    if (value === undefined) return [];
    const codes = value.split(",").map((c) => c.trim()).filter(Boolean);
    const known = hazardCodes() as string[];
    const unknown = codes.filter((c) => !known.includes(c));
    if (unknown.length > 0 || codes.length === 0) throw new UsageError(`--fail-on takes hazard codes (${known.join(", ")}); got ${JSON.stringify(value)}`);
    return codes as HazardCode[];
}

export function parseArgs(argv: string[], cwd: string): PlanArgs {
    const v = parseOptions(argv, {
        stack: { type: "string", short: "s" },
        format: { type: "string", short: "f" },
        preview: { type: "boolean" },
        "policy-config": { type: "string" },
        cwd: { type: "string", short: "C" },
        "write-readme": { type: "boolean" },
        against: { type: "string" },
        "fail-on": { type: "string" },
        all: { type: "boolean" },
        help: { type: "boolean", short: "h" },
    });
    if (v.help) return { stack: "", format: DEFAULT_FORMAT, preview: false, projectDir: cwd, writeReadme: false, failOn: [], all: false, help: true };
    const all = v.all ?? false;
    if (all && (v.stack || v["write-readme"] || v["policy-config"] !== undefined)) {
        throw new UsageError("--all plans every stack with its own policy config: it takes no --stack, --write-readme or --policy-config");
    }
    if (all) v.stack = "";
    else if (!v.stack) throw new UsageError("--stack <name> (or --all) is required");
    // Pulumi stack names: letters, digits, -, _ and . (the file name is built from it).
    if (!all && !/^[A-Za-z0-9_.-]+$/.test(v.stack)) throw new UsageError(`--stack ${JSON.stringify(v.stack)} is not a valid stack name (letters, digits, - _ .)`);
    const format = v.format ?? DEFAULT_FORMAT;
    if (!findFormat(format)) throw new UsageError(`--format must be one of ${formatNames().join(", ")}; got ${JSON.stringify(format)}`);
    const failOn = parseFailOn(v["fail-on"]);
    if (failOn.length > 0 && v.against === undefined) throw new UsageError("--fail-on needs --against <base>: hazards come from comparing two plans");
    if (v.against !== undefined && v["write-readme"]) throw new UsageError("--against and --write-readme don't combine: the README diagram is of one plan");
    return {
        stack: v.stack,
        format,
        preview: v.preview ?? false,
        policyConfig: v["policy-config"] !== undefined ? path.resolve(cwd, v["policy-config"]) : undefined,
        projectDir: v.cwd !== undefined ? path.resolve(cwd, v.cwd) : findProjectDir(cwd),
        writeReadme: v["write-readme"] ?? false,
        ...(v.against !== undefined ? { against: v.against } : {}),
        failOn,
        all,
        help: false,
    };
}
