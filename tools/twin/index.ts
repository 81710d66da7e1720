// Entry point of `npm run twin` (see cli.ts and README.md, "A local twin of the traffic path").
import { main } from "./cli";
import { runCommand } from "../engine/entry";

runCommand("twin", (argv, io) => main(argv, io));
