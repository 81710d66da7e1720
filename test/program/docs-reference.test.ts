// The README's config reference says what a value can be and what it means: CloudWatch's
// retention values (not integer bounds), each action type's meaning, the fixed-response status
// code, and --secret exactly where a secret goes.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { LOG_RETENTION_DAYS } from "../../infra/config/awsLimits";

const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
const row = (field: string) => readme.split("\n").find((l) => l.startsWith(`| \`${field}\` |`)) ?? "";

describe("README config reference", () => {
    it("lists CloudWatch Logs' retention values for retention fields, and never the safe-integer bounds", () => {
        expect(readme).to.not.contain("9007199254740991");
        for (const field of ["vpc.flowLogRetentionDays", "waf.logRetentionDays"]) {
            const cells = row(field).split(" | ");
            expect(cells[1].split(" \\| ").map(Number), field).to.deep.equal(LOG_RETENTION_DAYS.filter((d) => d > 0));
        }
    });

    it("gives every action type with its meaning", () => {
        for (const at of ["albListeners.<name>.defaultAction.type", "albListeners.<name>.rules.<name>.action.type"]) {
            const r = row(at);
            expect(r, at).to.contain("`forward` or `redirect` or `fixed-response`");
            for (const meaning of ["forward: send requests", "redirect: answer with an HTTP redirect", "fixed-response: the load balancer answers itself"]) expect(r, at).to.contain(meaning);
        }
    });

    it("documents the fixed-response status code beside the redirect's", () => {
        expect(row("albListeners.<name>.rules.<name>.action.statusCode")).to.contain("fixed-response (required): the HTTP status code to answer with, 2XX, 4XX or 5XX");
        expect(row("albListeners.<name>.rules.<name>.action.statusCode")).to.contain("redirect: HTTP_301 (default) or HTTP_302");
    });

    it("uses --secret for the private key everywhere, and for nothing that is public", () => {
        const sets = readme.split("\n").filter((l) => l.includes("pulumi config set"));
        for (const l of sets.filter((x) => x.includes("privateKey"))) expect(l).to.contain("--secret");
        for (const l of sets.filter((x) => x.includes("certificateBody") || x.includes("certificateChain"))) expect(l).to.not.contain("--secret");
        expect(row("certificate.privateKey")).to.contain("--secret");
        expect(row("certificate.certificateBody")).to.not.contain("set it with --secret");
    });
});
