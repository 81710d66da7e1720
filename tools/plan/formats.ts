// The output formats of `npm run plan`: every module of ./render/ that exports `format` (an
// OutputFormat, ./outputFormat.ts) is one, so adding a format is adding its file there. The
// usage text lists the default first, then the others by name.
import * as fs from "fs";
import * as path from "path";
import type { OutputFormat } from "./outputFormat";

export type { OutputFormat };

/** The formats the modules of `dir` export, the default first; exactly one must be the default, names unique. */
export function discoverFormats(dir: string): OutputFormat[] {
    const found: OutputFormat[] = [];
    const modules = fs.readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")).sort();
    for (const file of modules) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const format = (require(path.join(dir, file)) as { format?: OutputFormat }).format;
        if (format === undefined) continue;
        if (found.some((f) => f.name === format.name)) throw new Error(`${file}: a second output format named ${JSON.stringify(format.name)}`);
        found.push(format);
    }
    const defaults = found.filter((f) => f.default);
    if (defaults.length !== 1) throw new Error(`${dir}: ${defaults.length} output formats marked default (${defaults.map((f) => f.name).join(", ") || "none"}); exactly one must be`);
    return found.sort((a, b) => Number(Boolean(b.default)) - Number(Boolean(a.default)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The first entry is the default. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = discoverFormats(path.join(__dirname, "render"));

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
