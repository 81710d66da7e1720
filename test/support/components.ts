// Builds components directly under Pulumi mocks (no program, no config) and records what they
// register, so a component's tests assert its resources and inputs the way the engine sees them.
//
//   const { plan, outputs } = await buildUnderMocks(() => {
//       const fleet = new WebFleet("web", args);
//       return { groupName: fleet.group.name };
//   }, { preview: true });
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { MockAccount, WebTierMocks } from "../../tools/engine/mocks";
import { fastStackTraces, RecordedResource, recordRegistrations, resolveOutputs } from "../../tools/engine/mockRun";
import { PROJECT } from "../../infra/config";
import { Plan } from "./program";
import { isPreviewNote, policyConfigFromFile, runPolicies, Violation } from "../../tools/engine/policyRunner";
import { toPlannedResource } from "../../tools/plan/run";
import { policies } from "../../policies/rules";
import { PACK_NAME, PACK_VERSION } from "./policyHarness";

const PROD_POLICY_CONFIG = path.join(__dirname, "..", "..", "policies", "config", "prod.json");

export interface BuildOptions {
    region?: string;
    /** true: as `pulumi preview` (computed outputs unknown). */
    preview?: boolean;
    account?: Partial<MockAccount>;
}

export interface Built {
    plan: Plan;
    /** The values `build` returned, resolved (unknowns are UNKNOWN). */
    outputs: Record<string, unknown>;
}

export async function buildUnderMocks(build: () => Record<string, unknown>, options: BuildOptions = {}): Promise<Built> {
    const region = options.region ?? "ap-northeast-2";
    await pulumi.runtime.setMocks(new WebTierMocks({ region, ...options.account }), PROJECT, "test", options.preview ?? false);
    pulumi.runtime.setAllConfig({ "aws:region": region });
    const resources: RecordedResource[] = [];
    recordRegistrations(resources);
    const restore = fastStackTraces();
    try {
        const outputs = (await resolveOutputs(build())) as Record<string, unknown>;
        await pulumi.runtime.disconnect();
        return { plan: new Plan(resources, outputs), outputs };
    } finally {
        restore();
    }
}

/** Both modes, for tests that must hold in an update and in a preview. */
export const MODES = [
    { label: "an update", preview: false },
    { label: "a preview", preview: true },
] as const;

/** Fixed tags the component tests pass in and look for. */
export const TAGS = { Project: "elb-web-tier", Environment: "test", Team: "platform", ManagedBy: "pulumi" };

/** The pack's findings on a component's resources under policies/config/prod.json (preview notes excluded). */
export async function prodFindings(built: Built, preview: boolean): Promise<Violation[]> {
    const config = policyConfigFromFile(PROD_POLICY_CONFIG);
    const result = await runPolicies(policies, built.plan.resources.map(toPlannedResource), { config, preview, packName: PACK_NAME, packVersion: PACK_VERSION });
    return result.violations.filter((v) => !isPreviewNote(v));
}

/** Findings as lines, for assertion messages. */
export const describeFindings = (vs: Violation[]) => vs.map((v) => `${v.policy} (${v.enforcementLevel}) ${v.urn}: ${v.message}`).join("\n");
