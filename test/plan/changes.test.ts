// The change review (--against): pairs of configs made from the repository's stacks, planned in-process, each classified as
// AWS would apply it (create, update, replace, delete, same), with its hazards; the rules behind
// it on hand-made plans; and the CLI with a saved plan file.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { ResourceChange } from "../../tools/plan/change/classify";
import { ChangeReview, reviewChanges } from "../../tools/plan/change/review";
import { snapshotFromJson, snapshotOf } from "../../tools/plan/change/snapshot";
import { PlanResult, runPlan } from "../../tools/plan/run";
import { planJson } from "../../tools/plan/render/json";
import { renderMarkdown } from "../../tools/plan/render/markdown";
import { renderText } from "../../tools/plan/render/text";
import { CHANGE_PAIRS, Overrides } from "./changePairs";
import { summaryMarkdown } from "../../tools/plan/change/summary";
import { PROD_BLOCKING } from "../../tools/plan/change/hazards";
import { devPlan, repoPlan, ROOT, runCli, TempProjects } from "./fixtures";

const temp = new TempProjects();
// A root hook: after the whole run, since the describes below share the directories.
after(() => temp.removeAll());

type Edit = ((config: Record<string, unknown>) => void) | undefined;

/** A repository stack file with `overrides` on top (then `edit`), as its own project directory with the stack's policy config. */
function stackWith(stack: string, overrides: Overrides, edit?: Edit): string {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const config = structuredClone({ ...doc.config, ...overrides });
    edit?.(config);
    const dir = temp.create({ [stack]: YAML.stringify({ config }) });
    fs.cpSync(path.join(ROOT, "policies", "config"), path.join(dir, "policies", "config"), { recursive: true });
    return dir;
}
const devStackWith = (overrides: Overrides) => stackWith("dev", overrides);

const isEmpty = (o: Overrides, edit?: Edit) => Object.keys(o).length === 0 && !edit;
const plans = new Map<string, Promise<PlanResult>>();
/** The plan of a stack with overrides, once per file; the repository's own plan (shared by the plan tests) for none. */
function planWith(o: Overrides, preview = false, stack = "dev", edit?: Edit): Promise<PlanResult> {
    if (isEmpty(o, edit)) return repoPlan(stack, preview);
    const key = JSON.stringify([stack, o, preview, edit?.toString()]);
    if (!plans.has(key)) plans.set(key, runPlan({ projectDir: stackWith(stack, o, edit), stack, preview }));
    return plans.get(key) as Promise<PlanResult>;
}

/** Changes by logical name; a component shares its name with its main resource (NLB), and the resource wins. */
const byName = (review: ChangeReview) => new Map(review.changes.filter((c) => !c.type.startsWith("elb-web-tier:")).map((c) => [c.name, c]));
const hazardCodes = (c: ResourceChange | undefined) => (c?.hazards ?? []).map((h) => h.code).sort();

describe("plan --against: config pairs classified as AWS would apply them", function () {
    const reviews = new Map<string, ChangeReview>();
    before(async () => {
        for (const pair of CHANGE_PAIRS) {
            for (const preview of pair.preview ? [false, true] : [false]) {
                const stack = pair.stack ?? "dev";
                const base = await planWith(pair.base, preview, stack);
                // "No change" plans a second time from its own directory: the same code and config must give the same plan.
                const changed = isEmpty(pair.changed, pair.edit) ? await runPlan({ projectDir: stackWith(stack, {}), stack, preview }) : await planWith(pair.changed, preview, stack, pair.edit);
                reviews.set(`${pair.title}${preview ? " (preview)" : ""}`, reviewChanges(snapshotOf(base), snapshotOf(changed), "base"));
            }
        }
    });

    for (const pair of CHANGE_PAIRS) {
        for (const preview of pair.preview ? [false, true] : [false]) {
            const title = `${pair.title}${preview ? " (preview)" : ""}`;
            describe(`${title}${pair.stack ? ` [${pair.stack}]` : ""}`, () => {
                it(`classifies ${Object.keys(pair.expect).length > 0 ? Object.entries(pair.expect).map(([n, a]) => `${n} ${a}`).join(", ") : "nothing as changed"}${pair.othersMayBeGone ? "" : pair.othersMayChange ? "; nothing else replaced or deleted" : "; everything else the same"}`, () => {
                    const review = reviews.get(title) as ChangeReview;
                    const changes = byName(review);
                    for (const [name, action] of Object.entries(pair.expect)) expect(changes.get(name)?.action, `${name}: ${changes.get(name)?.changedInputs.join(", ")}`).to.equal(action);
                    if (pair.othersMayBeGone) return;
                    for (const c of review.changes.filter((x) => !(x.name in pair.expect))) {
                        expect(c.action, `${c.name}: ${c.changedInputs.join(", ")}`).to.be.oneOf(pair.othersMayChange ? ["same", "update", "create"] : ["same"]);
                    }
                });

                it(`finds exactly the hazards ${JSON.stringify(pair.hazards)}${pair.hazardsOf ? ` on ${pair.hazardsOf.join(", ")}` : ""}`, () => {
                    const review = reviews.get(title) as ChangeReview;
                    const checked = review.changes.filter((x) => !x.type.startsWith("elb-web-tier:") && (!pair.hazardsOf || pair.hazardsOf.includes(x.name)));
                    for (const c of checked) expect(hazardCodes(c), c.name).to.deep.equal([...(pair.hazards[c.name] ?? [])].sort());
                });

                if (pair.forcedBy || pair.deletesFirst) {
                    it("names what forces each replacement, and which delete first", () => {
                        const changes = byName(reviews.get(title) as ChangeReview);
                        for (const [name, property] of Object.entries(pair.forcedBy ?? {})) {
                            expect(changes.get(name)?.replaceReasons.map((r) => r.property), name).to.include(property);
                        }
                        for (const c of changes.values()) {
                            if (c.action === "replace") expect(c.deletesFirst, c.name).to.equal((pair.deletesFirst ?? []).includes(c.name));
                        }
                    });
                }
            });
        }
    }

    it("the fleet's roll names its healthy range: launch before terminate, keeping 100%", () => {
        for (const title of ["production: new user data rolls the fleet through its instance refresh", "production: new user data rolls the fleet through its instance refresh (preview)"]) {
            const asg = byName(reviews.get(title) as ChangeReview).get("EC2_Web-asg");
            // An update: the mocks' version follows the template's content; a preview: unknown, from the updated template.
            expect(asg?.changedInputs, title).to.deep.equal([title.endsWith("(preview)") ? "launchTemplate" : "launchTemplate.version"]);
            expect(asg?.hazards[0].message, title).to.match(/replaces every instance, keeping at least 100% of the desired capacity healthy; new instances launch before old ones terminate \(up to 200%/);
        }
        const preview = byName(reviews.get("production: new user data rolls the fleet through its instance refresh (preview)") as ChangeReview).get("EC2_Web-asg");
        expect(preview?.unknownInputs).to.deep.equal(["launchTemplate (computed from EC2_Web-lt, which is updated: a new template version (latestVersion))"]);
    });

    it("--all --against starts with every stack's hazards, the blocking ones first (the pull-request comment)", () => {
        const md = summaryMarkdown([
            { stack: "dev", review: reviews.get("the greeting changed") as ChangeReview, blocking: [] },
            { stack: "prod", review: reviews.get("production: an Availability Zone removed, Elastic IPs and load balancers protected") as ChangeReview, blocking: [...PROD_BLOCKING] },
        ]);
        expect(md).to.match(/^## Change review: hazards by stack\n\n\*\*:no_entry: \d+ blocking hazards?\*\* in `prod`\n/);
        const rows = md.split("\n").filter((l) => l.startsWith("| `"));
        const firstNonBlocking = rows.findIndex((l) => l.includes("| no |"));
        expect(rows.slice(0, firstNonBlocking).every((l) => l.includes(":no_entry: yes"))).to.equal(true);
        expect(rows.slice(firstNonBlocking).every((l) => l.includes("| no |"))).to.equal(true);
        expect(rows.find((l) => l.includes("`protected-resource` | `NLB`"))).to.contain(":no_entry: yes");
        expect(rows.find((l) => l.startsWith("| `dev` | `all-instances-replaced`"))).to.contain("| no |");
        expect(md).to.contain("- `dev` blocks on: nothing");
    });

    it("a deleted Elastic IP is no longer declared, not \"a rename without an alias\" (nothing of its type is created)", async () => {
        const review = reviews.get("an Availability Zone removed") as ChangeReview;
        expect(byName(review).get("NLB-eip-ap-northeast-2d")?.notes).to.deep.equal([]);
        const text = renderText({ ...(await planWith(CHANGE_PAIRS[0].changed)), review });
        expect(text).to.match(/ {2}- {2}delete NLB-eip-ap-northeast-2d \(Eip\): no longer declared\n/);
        expect(text).not.to.contain("rename");
    });

    it("a tag-only change updates every tagged resource in place", () => {
        const review = reviews.get("a tag-only change") as ChangeReview;
        const updated = review.changes.filter((c) => c.action === "update");
        expect(updated.length).to.be.greaterThan(20);
        for (const c of updated) expect(c.changedInputs.every((p) => /(^|\.)tags\.CostCenter$/.test(p)), `${c.name}: ${c.changedInputs}`).to.equal(true);
        expect(review.counts).to.include({ create: 0, replace: 0, delete: 0 });
    });

    it("JSON: one change per resource of either plan, with action, inputs, reasons, deletesFirst and hazards", async () => {
        const pair = CHANGE_PAIRS[0];
        const changed = { ...(await planWith(pair.changed)), review: reviews.get(pair.title) };
        const json = JSON.parse(JSON.stringify(planJson(changed)));
        const deleted = (changed.review as ChangeReview).changes.filter((c) => c.action === "delete").length;
        expect(json.changes).to.have.length(changed.resources.length + deleted);
        for (const c of json.changes) {
            expect(c).to.have.all.keys("urn", "type", "name", "action", "previousUrn", "changedInputs", "unknownInputs", "replaceReasons", "deletesFirst", "hazards", "notes");
        }
        const nlb = json.changes.find((c: { name: string; type: string }) => c.name === "NLB" && !c.type.startsWith("elb-web-tier:"));
        expect(nlb).to.include({ action: "replace", deletesFirst: true });
        expect(nlb.replaceReasons[0]).to.include({ property: "subnetMappings", unknown: false });
        expect(nlb.replaceReasons[0].source).to.match(/internal\/service\/elbv2\/load_balancer\.go/);
        expect(json.against).to.deep.include({ base: "base" });
        expect(json.against.counts).to.include({ delete: 1, replace: 2 });
    });

    it("markdown shows the hazards before anything else; text lists them under the counts", async () => {
        const changed = { ...(await planWith(CHANGE_PAIRS[0].changed)), review: reviews.get(CHANGE_PAIRS[0].title) };
        const md = renderMarkdown(changed);
        expect(md).to.match(/^### Change review: `elb-web-tier\/dev` against base\n\n\*\*3 hazards\*\* · 0 create, 1 update, 2 replace, 1 delete, \d+ same\n\n#### Hazards \(3\)\n\n- :warning: `load-balancer-replaced` `NLB`/);
        expect(md.indexOf("static-ip-released")).to.be.lessThan(md.indexOf("### Offline plan"));
        const text = renderText(changed);
        expect(text).to.match(/Changes against base: 0 create, 1 update, 2 replace, 1 delete, \d+ same\nHazards \(3\):\n {2}! load-balancer-replaced: NLB is replaced/);
        expect(text).to.contain("  -  delete NLB-eip-ap-northeast-2d (Eip)");
    });
});

describe("plan --against in a preview: unknown values count as may change", () => {
    let review: ChangeReview;
    before(async () => {
        const pair = CHANGE_PAIRS.find((p) => p.title === "a target group port changed");
        if (!pair) throw new Error("no target group pair");
        review = reviewChanges(snapshotOf(await planWith(pair.base, true)), snapshotOf(await planWith(pair.changed, true)), "base");
    });

    it("the replaced target group's ARN is unknown: its listener may change (an update) and its attachments are replaced", () => {
        const changes = byName(review);
        expect(changes.get("TG-ALB")?.action).to.equal("replace");
        const https = changes.get("ALB-https");
        expect(https?.action).to.equal("update");
        expect(https?.unknownInputs).to.deep.equal(["defaultActions (computed from TG-ALB, which is replaced)"]);
        expect(https?.notes).to.include("values unknown until apply count as may change");
        const attachment = changes.get("TG-ALB-EC2_Web-ap-northeast-2a-1");
        expect(attachment?.action).to.equal("replace");
        expect(attachment?.replaceReasons.find((r) => r.property === "targetGroupArn")?.unknown).to.equal(true);
        expect(hazardCodes(changes.get("TG-ALB"))).to.deep.equal(["target-group-replaced-in-use"]);
    });
});

describe("plan --against: the command", () => {
    const dir = temp.create({});
    let baseFile: string;
    before(async () => {
        baseFile = path.join(dir, "base.json");
        fs.writeFileSync(baseFile, JSON.stringify(planJson(await devPlan())));
    });

    it("--fail-on exits 1 and names the hazards that occurred; other hazards don't fail", async () => {
        const projectDir = devStackWith({ "elb-web-tier:vpc": { availabilityZones: ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"] } });
        const failing = await runCli(["--stack", "dev", "--cwd", projectDir, "--against", baseFile, "--fail-on", "static-ip-released,protected-resource", "--format", "json"]);
        expect(failing.code).to.equal(1);
        expect(failing.stderr).to.equal("error: 1 hazard listed in --fail-on: static-ip-released (NLB-eip-ap-northeast-2d)\n");
        const json = JSON.parse(failing.stdout);
        expect(json.against.base).to.equal(`plan file ${baseFile}`);
        // The other hazards of the change are reported, but not listed in --fail-on.
        expect(json.changes.flatMap((c: ResourceChange) => c.hazards.map((h) => h.code))).to.include.members(["load-balancer-replaced", "load-balancer-deleted-first"]);
    });

    it("rejects unknown hazard codes, --fail-on without --against, and a base that is neither a plan file nor a commit", async () => {
        const unknown = await runCli(["--stack", "dev", "--against", baseFile, "--fail-on", "downtime"]);
        expect(unknown.code).to.equal(2);
        expect(unknown.stderr).to.match(/^error: --fail-on takes hazard codes \(static-ip-released, /);
        const alone = await runCli(["--stack", "dev", "--fail-on", "static-ip-released"]);
        expect(alone.stderr).to.match(/^error: --fail-on needs --against <base>/);
        const bad = await runCli(["--stack", "dev", "--against", "no-such-ref-or-file"]);
        expect(bad.code).to.equal(2);
        expect(bad.stderr).to.equal("error: --against no-such-ref-or-file: neither a plan file nor a git commit\n");
    });

    it("an older plan JSON without resource options or property dependencies still compares, and says what it assumed", async () => {
        const old = JSON.parse(JSON.stringify(planJson(await devPlan())));
        for (const r of old.resources) {
            delete r.options;
            delete r.propertyDependencies;
        }
        const review = reviewChanges(snapshotFromJson(old), snapshotOf(await devPlan()), "old");
        expect(review.counts).to.include({ create: 0, update: 0, replace: 0, delete: 0 });
        expect(review.notes).to.include("the base plan records no resource options (an older plan format): protect and retainOnDelete of its resources are taken as off");
        expect(review.notes.join("\n")).to.contain("no property dependencies");
    });
});
