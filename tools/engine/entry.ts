// Shared by the commands (npm run plan, npm run verify): their options parsing, and their entry
// with real streams, the directory the user typed the command in, and an explicit exit.
import { parseArgs, ParseArgsConfig } from "util";

/** Bad command-line usage: exit code 2, with the usage text. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** Strict options, no positionals; node's own parse errors become UsageErrors. */
export function parseOptions<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
    try {
        return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values;
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
}
export interface Io {
    stdout(text: string): void;
    stderr(text: string): void;
    cwd: string;
}

export function runCommand(name: string, main: (argv: string[], io: Io) => Promise<number>): void {
    main(process.argv.slice(2), {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
        // npm runs scripts from the package root; INIT_CWD is where the user typed the command, so
        // relative paths in the arguments mean what they meant there.
        cwd: process.env.INIT_CWD ?? process.cwd(),
    }).then((code) => {
        // Exit explicitly: the Pulumi runtime can leave handles open that keep the process alive.
        // Flush stdout first so piped output is never cut short.
        process.stdout.write("", () => process.exit(code));
    }, (e: unknown) => {
        process.stderr.write(`error: ${name} failed unexpectedly: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exit(3);
    });
}
