// What a --format of `npm run plan` is: a module of ./render/ that exports `format` (one of these)
// is one (./formats.ts finds them).
import type { PlanResult } from "./run";

export interface OutputFormat {
    name: string;
    /** One line for the usage text. */
    description: string;
    /** The format used without --format (exactly one has it). */
    default?: true;
    render(plan: PlanResult): string;
}
