// Load balancers: every field of the alb and nlb sections reaches aws.lb.LoadBalancerArgs (through
// infra/alb.ts ALB_FIELDS / infra/nlb.ts NLB_FIELDS, or under its own name), walked from stack
// config through loading to the arguments the components give the provider; and a new attribute
// named like the provider's argument needs nothing but its schema line.
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validateConfig, WebTierConfig } from "../../infra/config";
import { ALB_DEFAULTS, albInput, AlbSettings, NLB_DEFAULTS, nlbInput, NlbSettings } from "../../infra/config/loadBalancers";
import { bool, oneOf } from "../../infra/config/values";
import { ALB_FIELDS, albArgs, albSettingsArgs } from "../../infra/alb";
import { NLB_FIELDS, nlbArgs, nlbSettingsArgs } from "../../infra/nlb";
import { FieldTable, StackLogBucket } from "../../infra/common";

// A field named unlike any provider argument has no way through without its table line: tsc (npm
// run typecheck) fails on these lines if the tables ever stop saying so.
// @ts-expect-error wafFailOpen is no aws.lb.LoadBalancerArgs name: it needs an ALB_FIELDS line
const albNeedsLine: FieldTable<AlbSettings & { wafFailOpen: boolean }, aws.lb.LoadBalancerArgs> = ALB_FIELDS;
// @ts-expect-error the same for the NLB
const nlbNeedsLine: FieldTable<NlbSettings & { privateLinkInboundRules: string }, aws.lb.LoadBalancerArgs> = NLB_FIELDS;
// ...while the tables as they are type-check.
const albTable: FieldTable<AlbSettings, aws.lb.LoadBalancerArgs> = ALB_FIELDS;
const nlbTable: FieldTable<NlbSettings, aws.lb.LoadBalancerArgs> = NLB_FIELDS;
void albNeedsLine; void nlbNeedsLine; void albTable; void nlbTable;

type Values = Record<string, unknown>;
/**
 * For each section field: the stack config that sets it and what the provider must get (chai
 * nested paths). `owned`: the component's, as ALB_FIELDS / NLB_FIELDS say; `args` then what the
 * component's wiring gives the provider, if anything.
 */
type Case = { config: Values; args?: Record<string, unknown>; owned?: string };

const ALARM = "arn:aws:cloudwatch:ap-northeast-2:111122223333:alarm:web-5xx";
const BUCKET = "stack-logs-bucket";
const SUBNETS = [{ id: "subnet-a", availabilityZone: "ap-northeast-2a", ipv6CidrBlock: "" }, { id: "subnet-b", availabilityZone: "ap-northeast-2b", ipv6CidrBlock: "" }];
const autoshift = (lb: "alb" | "nlb"): Values => ({ [lb]: { zonalShift: true, zonalAutoshift: { enabled: true, outcomeAlarms: [ALARM] } } });

const ALB: Record<keyof AlbSettings, Case> = {
    scheme: { config: { alb: { scheme: "internal" } }, args: { internal: true } },
    ipAddressType: { config: { alb: { ipAddressType: "dualstack" } }, args: { ipAddressType: "dualstack" } },
    idleTimeout: { config: { alb: { idleTimeout: 120 } }, args: { idleTimeout: 120 } },
    clientKeepAlive: { config: { alb: { clientKeepAlive: 7200 } }, args: { clientKeepAlive: 7200 } },
    minimumCapacityUnits: { config: { alb: { minimumCapacityUnits: 100 } }, args: { "minimumLoadBalancerCapacity.capacityUnits": 100 } },
    ipamPoolId: { config: { alb: { ipamPoolId: "ipam-pool-0123456789abcdef0" } }, args: { "ipamPools.ipv4IpamPoolId": "ipam-pool-0123456789abcdef0" } },
    zonalShift: { config: { alb: { zonalShift: true } }, args: { enableZonalShift: true } },
    zonalAutoshift: { config: autoshift("alb"), owned: "component: an aws.arczonalshift.ZonalAutoshiftConfiguration <name>-autoshift when enabled" },
    healthCheckLogs: {
        config: { alb: { healthCheckLogs: true }, logBucket: { create: true } },
        owned: "component: written to the stack's log bucket under alb-health-checks",
        args: { "healthCheckLogs.bucket": BUCKET, "healthCheckLogs.prefix": "alb-health-checks", "healthCheckLogs.enabled": true },
    },
    dropInvalidHeaderFields: { config: { alb: { dropInvalidHeaderFields: false } }, args: { dropInvalidHeaderFields: false } },
    desyncMitigationMode: { config: { alb: { desyncMitigationMode: "strictest" } }, args: { desyncMitigationMode: "strictest" } },
    deletionProtection: { config: { alb: { deletionProtection: true } }, args: { enableDeletionProtection: true } },
    accessLogs: {
        config: { alb: { accessLogs: { bucket: "team-logs", prefix: "web" } } },
        owned: "component: to the bucket config chose (accessLogs.alb: the stack's, yours, or none)",
        args: { "accessLogs.bucket": "team-logs", "accessLogs.prefix": "web", "accessLogs.enabled": true },
    },
    extraSecurityGroupIds: {
        config: { alb: { extraSecurityGroupIds: ["sg-0123456789abcdef0"] } },
        owned: "component: in securityGroups, after web_access_sg",
        args: { securityGroups: ["sg-web", "sg-0123456789abcdef0"] },
    },
    // Provider-named: a schema line each, nothing else.
    enableHttp2: { config: { alb: { enableHttp2: false } }, args: { enableHttp2: false } },
    preserveHostHeader: { config: { alb: { preserveHostHeader: true } }, args: { preserveHostHeader: true } },
    xffHeaderProcessingMode: { config: { alb: { xffHeaderProcessingMode: "preserve" } }, args: { xffHeaderProcessingMode: "preserve" } },
    enableXffClientPort: { config: { alb: { enableXffClientPort: true } }, args: { enableXffClientPort: true } },
};

const NLB: Record<keyof NlbSettings, Case> = {
    scheme: { config: { nlb: { scheme: "internal" } }, args: { internal: true, subnetMappings: [{ subnetId: "subnet-a" }, { subnetId: "subnet-b" }] } },
    ipAddressType: { config: { nlb: { ipAddressType: "dualstack" } }, args: { ipAddressType: "dualstack" } },
    ipv6SourceNatPrefix: { config: { nlb: { ipAddressType: "dualstack", ipv6SourceNatPrefix: true } }, args: { enablePrefixForIpv6SourceNat: "on" } },
    minimumCapacityUnits: { config: { nlb: { minimumCapacityUnits: 2750 } }, args: { "minimumLoadBalancerCapacity.capacityUnits": 2750 } },
    dnsClientRoutingPolicy: { config: { nlb: { dnsClientRoutingPolicy: "availability_zone_affinity" } }, args: { dnsRecordClientRoutingPolicy: "availability_zone_affinity" } },
    // With cross-zone on, zonal shift needs every TCP group without unhealthy connection termination.
    zonalShift: { config: { nlb: { zonalShift: true, crossZone: false } }, args: { enableZonalShift: true } },
    zonalAutoshift: { config: autoshift("nlb"), owned: "component: an aws.arczonalshift.ZonalAutoshiftConfiguration <name>-autoshift when enabled" },
    crossZone: { config: { nlb: { crossZone: false } }, args: { enableCrossZoneLoadBalancing: false } },
    eipAllocationIds: {
        config: { nlb: { eipAllocationIds: ["eipalloc-0123456789abcdef0", "eipalloc-0123456789abcdef1"] } },
        owned: "component: the subnet mappings' allocations (else it allocates one Elastic IP per AZ)",
        args: { subnetMappings: [{ subnetId: "subnet-a", allocationId: "eipalloc-0123456789abcdef0" }, { subnetId: "subnet-b", allocationId: "eipalloc-0123456789abcdef1" }] },
    },
    deletionProtection: { config: { nlb: { deletionProtection: true } }, args: { enableDeletionProtection: true } },
    accessLogs: {
        config: { nlb: { accessLogs: { bucket: "team-logs", prefix: "edge" } } },
        owned: "component: to the bucket config chose (accessLogs.nlb: the stack's, yours, or none)",
        args: { "accessLogs.bucket": "team-logs", "accessLogs.prefix": "edge", "accessLogs.enabled": true },
    },
    extraSecurityGroupIds: {
        config: { nlb: { extraSecurityGroupIds: ["sg-0123456789abcdef0", "sg-0fedcba9876543210"] } },
        owned: "component: in securityGroups, after web_access_sg",
        args: { securityGroups: ["sg-web", "sg-0123456789abcdef0", "sg-0fedcba9876543210"] },
    },
};

const load = (values: Values): WebTierConfig => validateConfig(values, { project: "elb-web-tier", stack: "test" });
const stackBucket = (c: WebTierConfig): StackLogBucket | undefined => (c.logBucket.create ? { name: BUCKET, policy: {} as pulumi.Resource } : undefined);
const common = { securityGroupId: "sg-web", listeners: [], targetGroupArns: {}, tags: { Team: "t" } };

/** What the ALB and NLB components give aws.lb.LoadBalancer for a stack's config. */
const albOf = (values: Values) => {
    const c = load(values);
    return albArgs("ALB", { ...common, settings: c.alb, subnetIds: SUBNETS.map((s) => s.id), accessLogs: c.accessLogs.alb, logBucket: stackBucket(c), connectionLogs: c.logBucket.albConnectionLogs });
};
const nlbOf = (values: Values) => {
    const c = load(values);
    return nlbArgs("NLB", { ...common, settings: c.nlb, subnets: SUBNETS, accessLogs: c.accessLogs.nlb, logBucket: stackBucket(c), existingEipPublicIps: [] }, ["eipalloc-new-a", "eipalloc-new-b"]);
};

const LBS = [
    { lb: "alb", schema: albInput, cases: ALB as Record<string, Case>, table: ALB_FIELDS as Record<string, unknown>, argsOf: albOf },
    { lb: "nlb", schema: nlbInput, cases: NLB as Record<string, Case>, table: NLB_FIELDS as Record<string, unknown>, argsOf: nlbOf },
] as const;

for (const { lb, schema, cases, table, argsOf } of LBS) {
    describe(`${lb} fields -> aws.lb.LoadBalancerArgs`, () => {
        it(`the table below covers every field of the ${lb} schema`, () => {
            expect(Object.keys(cases)).to.have.members(Object.keys(schema.shape));
        });

        for (const [field, c] of Object.entries(cases)) {
            if (c.owned) it(`${field} is the component's (${c.owned})`, () => expect(table).to.have.property(field, c.owned));
            if (!c.args) continue;
            it(`${field} sets ${Object.keys(c.args).join(", ")}`, () => {
                const args = argsOf(c.config);
                for (const [path, value] of Object.entries(c.args!)) expect(args).to.have.nested.property(path).that.deep.equals(value);
                // The field makes the difference: the same stack without it gives other arguments.
                const rest = { ...c.config, [lb]: Object.fromEntries(Object.entries(c.config[lb] as Values).filter(([k]) => k !== field)) };
                expect(args, "the same stack without the field").not.to.deep.equal(argsOf(rest));
            });
        }
    });
}

describe("load balancer attributes: a schema line is all a provider-named one needs", () => {
    it("an ALB attribute named like the provider's argument reaches it with no other line", () => {
        // The one line a newcomer adds to loadBalancers.ts albInput; alb.ts and webTier.ts stay as they are.
        const withNewLine = albInput.extend({ enableWafFailOpen: bool().optional().describe("Route requests to targets when WAF cannot be reached.") });
        const settings = withNewLine.parse({ ...ALB_DEFAULTS, enableWafFailOpen: true }) as AlbSettings;
        expect(albSettingsArgs(settings)).to.include({ enableWafFailOpen: true, idleTimeout: 60, internal: false });
        // Unset, AWS's default stays: stacks that don't set it plan as before.
        expect(albSettingsArgs(withNewLine.parse(ALB_DEFAULTS) as AlbSettings)).not.to.have.property("enableWafFailOpen");
    });

    it("an NLB attribute the same way", () => {
        const withNewLine = nlbInput.extend({ enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: oneOf(["on", "off"] as const).optional() });
        const settings = withNewLine.parse({ ...NLB_DEFAULTS, enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "off" }) as NlbSettings;
        expect(nlbSettingsArgs(settings)).to.include({ enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "off", enableCrossZoneLoadBalancing: true });
    });

    it("the components keep what they own: no fixed name, their subnets, security group and Name tag, access logs off by default", () => {
        for (const args of [albOf({}), nlbOf({})]) {
            expect(args).not.to.have.any.keys("name", "namePrefix");
            expect(args.securityGroups).to.deep.equal(["sg-web"]);
            expect(args.accessLogs).to.equal(undefined);
        }
        expect(albOf({})).to.include({ loadBalancerType: "application" }).and.to.have.deep.property("subnets", ["subnet-a", "subnet-b"]);
        expect(albOf({}).tags).to.deep.equal({ Team: "t", Name: "ALB" });
        // Internet-facing: the allocated Elastic IPs, one per subnet.
        expect(nlbOf({})).to.include({ loadBalancerType: "network" }).and.to.have.deep.property("subnetMappings", [{ subnetId: "subnet-a", allocationId: "eipalloc-new-a" }, { subnetId: "subnet-b", allocationId: "eipalloc-new-b" }]);
    });

    it("with logBucket.create the access and connection logs go to the stack's bucket, under the load balancer's name", () => {
        expect(albOf({ logBucket: { create: true } }).accessLogs).to.deep.equal({ bucket: BUCKET, prefix: "alb", enabled: true });
        expect(nlbOf({ logBucket: { create: true } }).accessLogs).to.deep.equal({ bucket: BUCKET, prefix: "nlb", enabled: true });
        expect(albOf({ logBucket: { create: true, albConnectionLogs: true } })).to.have.deep.property("connectionLogs", { bucket: BUCKET, prefix: "alb-connections", enabled: true });
    });
});
