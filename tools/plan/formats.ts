// The output formats of `npm run plan`: one list gives the --format names, their usage text and
// their renderers, so adding a format is one entry here.
import { PlanResult } from "./run";
import { renderJson } from "./render/json";
import { renderMarkdown } from "./render/markdown";
import { renderMermaid } from "./render/mermaid";
import { renderText } from "./render/text";

export interface OutputFormat {
    name: string;
    /** One line for the usage text. */
    description: string;
    render(plan: PlanResult): string;
}

/** The first entry is the default. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = [
    { name: "text", description: "resource tree with key settings, outputs, policy findings", render: renderText },
    { name: "json", description: "everything, for tools (documented in README.md)", render: renderJson },
    { name: "markdown", description: "for a pull-request comment", render: renderMarkdown },
    { name: "mermaid", description: "the traffic-path diagram", render: renderMermaid },
];

export const DEFAULT_FORMAT = OUTPUT_FORMATS[0].name;

export function findFormat(name: string): OutputFormat | undefined {
    return OUTPUT_FORMATS.find((f) => f.name === name);
}

/** A format parseArgs has accepted. */
export function getFormat(name: string): OutputFormat {
    const format = findFormat(name);
    if (!format) throw new Error(`no output format ${JSON.stringify(name)}`);
    return format;
}

export function formatNames(): string[] {
    return OUTPUT_FORMATS.map((f) => f.name);
}
