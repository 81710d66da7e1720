// Rules across resources that only the stack shows: listener rules on HTTP listeners, and `alb`
// target groups against the listeners of the ALB they forward to.
import { asRecord, asString } from "../util";

/** A redirect to HTTPS, as ELB.1 asks of every HTTP request. */
export function redirectsToHttps(action: unknown): boolean {
    const a = asRecord(action);
    return a?.type === "redirect" && asString(asRecord(a.redirect)?.protocol)?.toUpperCase() === "HTTPS";
}
