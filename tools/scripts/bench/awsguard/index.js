// @pulumi/awsguard with every policy at its default level: the reference `npm run bench` measures
// the web-tier pack against, served by the same @pulumi/policy analyzer server.
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AwsGuard } = require("@pulumi/awsguard");
new AwsGuard();
