// Entry point of `npm run verify` (see cli.ts and README.md, "Verify a deployment").
import { main } from "./cli";
import { runCommand } from "../engine/entry";

runCommand("verify", main);
