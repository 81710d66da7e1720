// Which hazards block a stack's change in CI: the ones its stack file lists under
// `changeReview:failOn` (a list of hazard codes; [] blocks none), else, for a production stack
// (the stack name's last dash-separated part is "prod", the environment rule of
// tools/engine/stackPolicy.ts), PROD_BLOCKING, else none. The key lives in its own namespace: the program
// never reads it, and the Pulumi CLI passes it through.
import * as path from "path";
import { HazardCode, hazardCodes, PROD_BLOCKING } from "./hazards";
import { isRecord } from "../../engine/data";
import { readStackDocument, StackConfigError } from "../../engine/project";

export const FAIL_ON_KEY = "changeReview:failOn";

export interface Blocking {
    codes: HazardCode[];
    /** Where the list comes from, for the output. */
    reason: string;
}

/** The blocking hazards of a stack of the project in `projectDir`. */
export function blockingHazards(projectDir: string, stack: string, stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`)): Blocking {
    const doc = readStackDocument(stackFile);
    const value = doc && isRecord(doc.config) ? doc.config[FAIL_ON_KEY] : undefined;
    if (value !== undefined) {
        const known = hazardCodes() as string[];
        const where = `${path.basename(stackFile)}: ${FAIL_ON_KEY}`;
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
            throw new StackConfigError([`${where} must be a list of hazard codes (${known.join(", ")}); got ${JSON.stringify(value)}`]);
        }
        const unknown = (value as string[]).filter((v) => !known.includes(v));
        if (unknown.length > 0) throw new StackConfigError([`${where}: ${unknown.map((u) => JSON.stringify(u)).join(", ")} ${unknown.length > 1 ? "are not hazard codes" : "is not a hazard code"}; the codes are ${known.join(", ")}`]);
        return { codes: value as HazardCode[], reason: `listed by ${FAIL_ON_KEY} in ${path.basename(stackFile)}` };
    }
    const environment = stack.split("-").pop();
    if (environment === "prod") return { codes: [...PROD_BLOCKING], reason: "the default for production stacks" };
    return { codes: [], reason: "none listed; only production stacks block by default" };
}
