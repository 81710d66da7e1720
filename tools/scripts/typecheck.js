// `npm run typecheck`, npm test's first step: tsc over the whole project (tsconfig.json, through
// tools/scripts/tsconfig.typecheck.json, which adds build info in node_modules/.cache/tsc).
//
// In build mode (--build) tsc skips the check when no file of the project changed since the last
// run, errors included (they are kept in the build info and reported again): 0.8 s, where
// --incremental still parses and binds all 800,000 lines of @pulumi/aws's types (10 s) before it
// finds nothing to check. Build mode does not look at the dependencies' types, so the build info
// is discarded first when an install is newer than it (npm writes node_modules/.package-lock.json
// on every install).
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..", "..");
const BUILD_INFO = path.join(ROOT, "node_modules", ".cache", "tsc", "typecheck.tsbuildinfo");
const INSTALL = path.join(ROOT, "node_modules", ".package-lock.json");

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : undefined);

/** Removes `buildInfo` when an install is newer (or its record is missing); returns whether it did. */
function dropStaleBuildInfo(buildInfo, install) {
    const built = mtime(buildInfo);
    if (built === undefined || (mtime(install) ?? Infinity) <= built) return false;
    fs.rmSync(buildInfo);
    return true;
}

if (require.main === module) {
    dropStaleBuildInfo(BUILD_INFO, INSTALL);
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const r = spawnSync(process.execPath, [tsc, "--build", path.join(__dirname, "tsconfig.typecheck.json")], { cwd: ROOT, stdio: "inherit" });
    process.exit(r.status ?? 1);
}

module.exports = { dropStaleBuildInfo };
