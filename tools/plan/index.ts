// Entry point of `npm run plan` (see cli.ts and README.md, "Offline plan").
//
// Pulumi records a stack trace for every resource and promise; with source maps on (tsx or
// --enable-source-maps turn them on) formatting each one maps every frame through @pulumi/aws's
// source maps and triples the run time. So: off before anything is loaded, hence the require
// below instead of an import.
process.setSourceMapsEnabled(false);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require("./cli") as typeof import("./cli");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runCommand } = require("../engine/entry") as typeof import("../engine/entry");

runCommand("plan", main);
