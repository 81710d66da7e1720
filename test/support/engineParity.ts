// Differential check: tools/engine/policyRunner.ts against the real @pulumi/policy analyzer server.
//
//   npm run test:engine
//
// Starts policies/ the way the Pulumi CLI does (run-policy-pack, which compiles the pack with
// ts-node and serves it over gRPC), plays the CLI's part (Configure with the reconciled config,
// ConfigureStack, then Remediate + Analyze per resource and AnalyzeStack at the end), runs the
// same scenarios through runPolicies, and prints SAME/DIFF per scenario (exit 1 on any DIFF).
// Not part of `npx mocha`: starting the pack takes ~15 s. Run it after changing the runner or
// upgrading @pulumi/policy.
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { analyzerOptions, analyzerResource, call, startPack as startPackAs, toWire, UNKNOWN_SENTINEL } from "../../tools/engine/analyzer";
import { policies } from "../../policies/rules";
import {
    makeUrn,
    PlannedResource,
    PolicyPackConfig,
    policyConfigFromFile,
    PolicyRunResult,
    resolvePolicyConfig,
    runPolicies,
    UNKNOWN,
} from "../../tools/engine/policyRunner";
import { wellFormedStack } from "../policies/loadbalancingFixtures";

const ROOT = path.join(__dirname, "..", "..");
/** A secret on the wire (runtime.specialSigKey: runtime.specialSecretSig). */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
const LEVEL_NUMBER = { advisory: pb.EnforcementLevel.ADVISORY, mandatory: pb.EnforcementLevel.MANDATORY, disabled: pb.EnforcementLevel.DISABLED, remediate: pb.EnforcementLevel.REMEDIATE };
const LEVEL_NAME = new Map(Object.entries(LEVEL_NUMBER).map(([k, v]) => [v, k]));

type Json = Record<string, unknown>;


function canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(canonical);
    if (typeof v === "object" && v !== null) {
        return Object.fromEntries(Object.keys(v).sort().map(k => [k, canonical((v as Json)[k])]));
    }
    return v === UNKNOWN ? UNKNOWN_SENTINEL : v;
}



/** The engine's view of a run, in PolicyRunResult's shape. */
async function viaEngine(client: AnalyzerClient, resources: PlannedResource[], config: PolicyPackConfig, stackTags: Record<string, string>): Promise<PolicyRunResult> {
    const configure = new pb.ConfigureAnalyzerRequest();
    for (const [name, c] of resolvePolicyConfig(policies, config)) {
        const pc = new pb.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_NUMBER[c.enforcementLevel]);
        pc.setProperties(Struct.fromJavaScript(c.properties as never));
        configure.getPolicyconfigMap().set(name, pc);
    }
    await call(cb => client.configure(configure, cb));
    const stack = new pb.AnalyzerStackConfigureRequest();
    for (const [k, v] of Object.entries(stackTags)) stack.getTagsMap().set(k, v);
    await call(cb => client.configureStack(stack, cb));

    const result: PolicyRunResult = { violations: [], notApplicable: [], remediations: [] };
    const level = (d: pb.AnalyzeDiagnostic) => LEVEL_NAME.get(d.getEnforcementlevel()) as "advisory" | "mandatory";
    const finalProps: Json[] = [];
    for (const r of resources) {
        let props = toWire(r.props) as Json;
        const request = () => {
            const req = new pb.AnalyzeRequest();
            req.setType(r.type); req.setUrn(r.urn); req.setName(r.name); req.setOptions(analyzerOptions(r));
            req.setProperties(Struct.fromJavaScript(props as never));
            return req;
        };
        const remediated = await call<pb.RemediateResponse>(cb => client.remediate(request(), cb));
        for (const x of remediated.getRemediationsList()) {
            if (x.getDiagnostic()) {
                result.violations.push({ policy: x.getPolicyname(), enforcementLevel: "advisory", urn: r.urn, message: x.getDiagnostic() });
            } else {
                props = x.getProperties()!.toJavaScript() as Json;
                result.remediations.push({ policy: x.getPolicyname(), urn: r.urn, props });
            }
        }
        const analyzed = await call<pb.AnalyzeResponse>(cb => client.analyze(request(), cb));
        for (const d of analyzed.getDiagnosticsList()) {
            result.violations.push({ policy: d.getPolicyname(), enforcementLevel: level(d), urn: r.urn, message: d.getMessage() });
        }
        for (const na of [...remediated.getNotApplicableList(), ...analyzed.getNotApplicableList()]) {
            result.notApplicable.push({ policy: na.getPolicyName(), urn: r.urn, reason: na.getReason() });
        }
        finalProps.push(props);
    }
    const stackRequest = new pb.AnalyzeStackRequest();
    resources.forEach((r, i) => stackRequest.addResources(analyzerResource(r, finalProps[i])));
    const analyzedStack = await call<pb.AnalyzeResponse>(cb => client.analyzeStack(stackRequest, cb));
    for (const d of analyzedStack.getDiagnosticsList()) {
        result.violations.push({ policy: d.getPolicyname(), enforcementLevel: level(d), urn: d.getUrn() || undefined, message: d.getMessage() });
    }
    for (const na of analyzedStack.getNotApplicableList()) {
        result.notApplicable.push({ policy: na.getPolicyName(), reason: na.getReason() });
    }
    return result;
}

function res(type: string, name: string, props: Json, extra: Partial<PlannedResource> = {}): PlannedResource {
    return { urn: makeUrn(type, name), type, name, props, ...extra };
}

/** The LB fixtures' well-formed stack plus resources that trip the network/compute/tag rules. */
function corpus(preview: boolean): PlannedResource[] {
    const u = (v: unknown) => (preview ? UNKNOWN : v);
    const group = res("aws:autoscaling/group:Group", "asg", { targetGroupArns: [u("arn:tg")], healthCheckType: "EC2", tags: [{ key: "Project", value: "x", propagateAtLaunch: true }] });
    return [
        ...wellFormedStack(0, preview ? UNKNOWN : undefined),
        res("aws:ec2/securityGroup:SecurityGroup", "sg", { description: u("x"), ingress: [
            { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [u("0.0.0.0/0")] },
            { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
        ] }),
        res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "in", { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0", securityGroupId: u("sg") }),
        res("aws:ec2/instance:Instance", "web", { ami: u("ami"), subnetId: u("s"), associatePublicIpAddress: true, userData: "PASSWORD=hunter22", metadataOptions: { httpTokens: "optional" }, tags: { Project: u("p") } }),
        // Secrets: policies read the plain value; a remediation that rewrites a secret keeps it secret.
        res("aws:ec2/instance:Instance", "web-secret", { ami: "ami", subnetId: "s", userData: secret("PASSWORD=hunter22"), metadataOptions: secret({ httpTokens: "optional" }),
            tags: { Project: secret(u("p")), Team: "web" }, rootBlockDevice: { encrypted: secret(false) } }),
        res("aws:ec2/launchTemplate:LaunchTemplate", "lt", { imageId: u("ami"), blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: u("false") } }] }),
        group,
        // Resource options reach policies (eip-protected reads opts.protect).
        res("aws:ec2/eip:Eip", "eip-protected", { domain: "vpc" }, { opts: { protect: true, ignoreChanges: ["tags"], deleteBeforeReplace: true } }),
        res("aws:ec2/eip:Eip", "eip-bare", { domain: "vpc" }),
        res("aws:autoscaling/attachment:Attachment", "attach", { autoscalingGroupName: u("asg-1"), lbTargetGroupArn: u("arn:tg") }, { dependencies: [group.urn], propertyDependencies: { autoscalingGroupName: [group.urn] } }),
    ];
}

const SCENARIOS: { label: string; config: PolicyPackConfig; preview: boolean }[] = [
    { label: "defaults, update", config: {}, preview: false },
    { label: "defaults, preview", config: {}, preview: true },
    { label: "prod.json, preview", config: policyConfigFromFile(path.join(ROOT, "policies/config/prod.json")), preview: true },
    // The pack serves one policy (policies/rules/dispatch.ts): rule levels and knobs go under its `rules`;
    // its own level is the floor, and "remediate" there lets the rules set to remediate rewrite.
    { label: "all mandatory, remediations on, tags disabled", preview: false, config: {
        "web-tier-rules": { enforcementLevel: "remediate", rules: {
            "ec2-imdsv2-required": "remediate", "asg-elb-health-check": "remediate", "alb-drop-invalid-header-fields": "remediate",
            "lb-listener-tls-policy": "remediate", "required-tags": "disabled", "sg-descriptions": "remediate",
        } },
    } },
    { label: "remediations and knobs, preview", preview: true, config: {
        "web-tier-rules": { enforcementLevel: "remediate", rules: {
            "ec2-imdsv2-required": "remediate", "asg-elb-health-check": "remediate", "sg-internet-ingress-web-ports-only": { allowedPorts: [8080] },
        } },
    } },
    { label: "prod rules, all mandatory", preview: false, config: {
        "web-tier-rules": { enforcementLevel: "mandatory", rules: { "lb-entry-points-protected": { enforcementLevel: "mandatory", statedExceptions: ["NLB-tcp"] } } },
    } },
];

function normalized(r: PolicyRunResult): string[] {
    return [
        ...r.violations.map(v => `violation ${v.policy} ${v.enforcementLevel} ${v.urn ?? ""} ${v.message}`),
        ...r.notApplicable.map(n => `n/a ${n.policy} ${n.reason}`),
        ...r.remediations.map(x => `remediation ${x.policy} ${x.urn} ${JSON.stringify(canonical(x.props))}`),
    ].sort();
}

/** Starts a pack as the CLI does (tools/engine/analyzer.ts), its stderr passed through. */
export const startPack = (packDir: string) => startPackAs(packDir, { echoStderr: true });

async function main(): Promise<number> {
    const { child, port } = await startPack(path.join(ROOT, "policies"));
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    let diffs = 0;
    try {
        for (const { label, config, preview } of SCENARIOS) {
            const resources = corpus(preview);
            const engine = normalized(await viaEngine(client, resources, config, { team: "web" }));
            const runner = normalized(await runPolicies(policies, resources, { config, preview, stackTags: { team: "web" }, packName: "elb-web-tier", packVersion: "0.1.0" }));
            const onlyEngine = engine.filter(x => !runner.includes(x));
            const onlyRunner = runner.filter(x => !engine.includes(x));
            const same = onlyEngine.length === 0 && onlyRunner.length === 0 && engine.length === runner.length;
            console.log(`${same ? "SAME" : "DIFF"} ${label}: ${engine.length} results`);
            if (!same) {
                diffs++;
                onlyEngine.forEach(x => console.log(`  engine only: ${x.slice(0, 300)}`));
                onlyRunner.forEach(x => console.log(`  runner only: ${x.slice(0, 300)}`));
            }
        }
    } finally {
        client.close();
        child.kill();
    }
    return diffs === 0 ? 0 : 1;
}

if (require.main === module) {
    main().then(code => process.exit(code), err => { console.error(err); process.exit(2); });
}
