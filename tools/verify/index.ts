// Entry point of `npm run verify` (see cli.ts and README.md, "Verify a deployment").
import { main } from "./cli";

main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // npm runs scripts from the package root; INIT_CWD is where the user typed the command, so a
    // relative --outputs or --ca path means what it meant there.
    cwd: process.env.INIT_CWD ?? process.cwd(),
}).then((code) => {
    process.stdout.write("", () => process.exit(code));
}, (e: unknown) => {
    process.stderr.write(`error: verify failed unexpectedly: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(3);
});
