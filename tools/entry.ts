// Shared entry for the commands (npm run plan, npm run verify): real streams, the directory the
// user typed the command in, and an explicit exit.
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
