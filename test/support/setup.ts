// Mocha setup. Pulumi records a stack trace (`new Error().stack`) for every resource and promise
// it creates; with source maps enabled (--enable-source-maps, NODE_OPTIONS, tsx) formatting each
// one maps every frame through @pulumi/aws's source maps, which triples the cost of a mock run.
// Test stack traces still name the right files; line numbers are those of the transpiled code.
process.setSourceMapsEnabled(false);
