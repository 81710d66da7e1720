// Entry point of `npm run plan` (see cli.ts and README.md, "Offline plan").
//
// Pulumi records a stack trace for every resource and promise; with source maps on (tsx or
// --enable-source-maps turn them on) formatting each one maps every frame through @pulumi/aws's
// source maps and triples the run time. So: off before anything is loaded, hence the require
// below instead of an import.
process.setSourceMapsEnabled(false);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require("./cli") as typeof import("./cli");

main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // npm runs scripts from the package root; INIT_CWD is where the user typed the command, so
    // relative --cwd and --policy-config paths mean what they meant there.
    cwd: process.env.INIT_CWD ?? process.cwd(),
}).then((code) => {
    // Exit explicitly: the Pulumi runtime can leave handles open that keep the process alive.
    // Flush stdout first so a piped plan is never cut short.
    process.stdout.write("", () => process.exit(code));
});
