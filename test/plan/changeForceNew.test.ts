// The force-new table covers every resource type the program can declare: every `new aws.*(` and
// `new tls.*(` in the program's source (every feature, whether or not a stack turns it on) and every
// type the repository's stacks register. A type missing from the table would be reviewed as
// "updated in place" whatever changed. Each entry names its provider source, and each force-new
// path starts with an input the resource really takes (its Args interface in the SDK's typings).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { FORCE_NEW, forceNewEntry } from "../../tools/plan/change/forceNew";
import { canonicalType } from "../../tools/plan/resources";
import { repoPlan, ROOT } from "./fixtures";

const SOURCE_DIRS = ["infra", "examples"];
const STACKS = ["dev", "payments-dev", "prod", "payments-prod"].filter((s) => fs.existsSync(path.join(ROOT, `Pulumi.${s}.yaml`)));

function sourceFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(full);
        return /\.ts$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

type Sdk = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SDKS: Record<string, Sdk> = { aws: require("@pulumi/aws") as Sdk, tls: require("@pulumi/tls") as Sdk };

/** The type token of `new aws.<module>.<Class>` / `new tls.<Class>`, from the SDK class itself. */
function tokenOf(sdk: string, parts: string[]): string {
    let v: unknown = SDKS[sdk];
    for (const p of parts) v = (v as Record<string, unknown> | undefined)?.[p];
    const token = (v as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    if (typeof token !== "string") throw new Error(`new ${sdk}.${parts.join(".")}: not a resource class of @pulumi/${sdk}`);
    return token;
}

/** Every resource type constructed anywhere in the program's source. */
function declaredInSource(): Map<string, string> {
    const found = new Map<string, string>();
    for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
        const text = fs.readFileSync(file, "utf8");
        for (const m of text.matchAll(/new (aws|tls)\.((?:[a-z0-9]+\.)?[A-Z][A-Za-z0-9]*)\s*\(/g)) {
            found.set(canonicalType(tokenOf(m[1], m[2].split("."))), path.relative(ROOT, file));
        }
    }
    return found;
}

/** The input names of a type, from its Args interface in the SDK's typings. */
function argNames(token: string): string[] {
    const [pkg, rest] = token.split(":");
    const [mod, file] = rest.split("/");
    const cls = token.split(":")[2];
    const dts = path.join(ROOT, "node_modules", "@pulumi", pkg, ...(mod === "index" ? [] : [mod]), `${file}.d.ts`);
    const text = fs.readFileSync(dts, "utf8");
    const start = text.indexOf(`export interface ${cls}Args {`);
    if (start < 0) return [];
    const body = text.slice(start, text.indexOf("\n}", start));
    return [...body.matchAll(/^ {4}(?:readonly )?([A-Za-z0-9_]+)\??:/gm)].map((m) => m[1]);
}

describe("plan --against: the force-new table covers every type the program can declare", function () {
    const types = new Map<string, string>();
    before(async () => {
        for (const [t, where] of declaredInSource()) types.set(t, where);
        for (const stack of STACKS) {
            for (const r of (await repoPlan(stack)).resources.filter((x) => x.custom)) {
                if (!types.has(canonicalType(r.type))) types.set(canonicalType(r.type), `stack ${stack}`);
            }
        }
    });

    it("finds the program's resource types in its source and its stacks (the walk itself works)", () => {
        for (const t of ["aws:lb/loadBalancer:LoadBalancer", "aws:ec2/flowLog:FlowLog", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "tls:index/privateKey:PrivateKey"]) {
            expect([...types.keys()], t).to.include(t);
        }
    });

    it("every declared type has an entry naming its provider source", () => {
        const missing = [...types].filter(([t]) => !forceNewEntry(t)).map(([t, where]) => `${t} (${where})`);
        expect(missing, "types missing from tools/plan/change/forceNew.ts").to.deep.equal([]);
        for (const t of types.keys()) expect(forceNewEntry(t)?.source, t).to.match(/\.go\b/);
    });

    it("every force-new path and auto-named input is an input of its type", () => {
        for (const [t, entry] of Object.entries(FORCE_NEW)) {
            const args = argNames(t);
            expect(args.length, `${t}: Args interface not found`).to.be.greaterThan(0);
            for (const p of [...entry.forceNew, ...(entry.autoName ? [entry.autoName] : [])]) {
                expect(args, `${t}: ${p}`).to.include(p.split(/[.[]/)[0]);
            }
        }
    });
});
