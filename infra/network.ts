// Network discovery: the VPC and one public subnet per Availability Zone.
//
// This runs (awaited) before any resource is declared, so a missing default VPC, a subnet in the
// wrong VPC or two subnets in one AZ fail the run with a message instead of failing halfway
// through `pulumi up`.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, WebTierConfig } from "./config";
import { cidrContains } from "./config/values";
import { NLB_LCU_PER_AZ } from "./config/traffic";

export interface Subnet {
    id: pulumi.Input<string>;
    availabilityZone: string;
    /** "" when the subnet has none. */
    ipv6CidrBlock: pulumi.Input<string>;
}

/** A network that exists: the default VPC or vpc.id's. */
export interface FoundNetwork {
    kind: "found";
    vpcId: string;
    vpcCidr: string;
    /** One subnet per Availability Zone, in AZ order: the load balancers'. */
    subnets: Subnet[];
    /** The instances' subnets (vpc.instanceSubnetIds, else the load balancers'), in AZ order. */
    instanceSubnets: Subnet[];
    /** Public IPs of existing Elastic IPs given in nlb.eipAllocationIds (same order), or []. */
    existingEipPublicIps: string[];
}

/** A network the stack creates (vpc.create): what must be known before the first resource. */
export interface PlannedNetwork {
    kind: "create";
    vpcCidr: string;
    availabilityZones: string[];
    accountId: string;
    existingEipPublicIps: string[];
}

export type Network = FoundNetwork | PlannedNetwork;

const toSubnet = (s: aws.ec2.GetSubnetResult): Subnet => ({ id: s.id, availabilityZone: s.availabilityZone, ipv6CidrBlock: s.ipv6CidrBlock ?? "" });

async function defaultVpc(cfg: WebTierConfig): Promise<aws.ec2.GetVpcResult> {
    try {
        return await aws.ec2.getVpc({ default: true });
    } catch (e) {
        throw new ConfigError([`${cfg.project}:vpc.id: is empty, so the default VPC is used, but ${cfg.region} has none (${(e as Error).message.split("\n")[0]}); set vpc.id and vpc.subnetIds, or create a default VPC with 'aws ec2 create-default-vpc'`]);
    }
}

/** The region's standard AZs (Local and Wavelength Zones excluded: ALBs there have other rules). */
async function regionAzs(): Promise<string[]> {
    const azs = await aws.getAvailabilityZones({
        state: "available",
        filters: [{ name: "zone-type", values: ["availability-zone"] }],
    });
    return [...azs.names].sort();
}

async function defaultNetwork(cfg: WebTierConfig): Promise<Omit<FoundNetwork, "existingEipPublicIps" | "kind">> {
    const vpc = await defaultVpc(cfg);
    const azs = cfg.vpc.availabilityZones.length > 0 ? [...cfg.vpc.availabilityZones].sort() : await regionAzs();
    // The default VPC has exactly one default subnet per AZ (a public one).
    const found = await Promise.all(azs.map(async (az) => {
        try {
            return toSubnet(await aws.ec2.getSubnet({ vpcId: vpc.id, availabilityZone: az, defaultForAz: true }));
        } catch {
            return az;
        }
    }));
    const missing = found.filter((f): f is string => typeof f === "string");
    if (missing.length > 0) {
        throw new ConfigError([`${cfg.project}:vpc.availabilityZones: the default VPC ${vpc.id} has no default subnet in ${missing.join(", ")}; list the AZs that have one, or create it with 'aws ec2 create-default-subnet --availability-zone <az>'; got ${JSON.stringify(azs)}`]);
    }
    return { vpcId: vpc.id, vpcCidr: vpc.cidrBlock, subnets: found as Subnet[], instanceSubnets: found as Subnet[] };
}

/** Looks each ID up; IDs the account doesn't have become one ConfigError naming the key. */
async function lookUp<T>(cfg: WebTierConfig, key: string, ids: string[], find: (id: string) => Promise<T>): Promise<T[]> {
    const problems: string[] = [];
    const found = await Promise.all(ids.map(async (id) => {
        try {
            return await find(id);
        } catch (e) {
            problems.push(`${cfg.project}:${key}: ${id} was not found in ${cfg.region} (${(e as Error).message.split("\n")[0]}); check the ID and the stack's aws:region`);
            return undefined;
        }
    }));
    if (problems.length > 0) throw new ConfigError(problems);
    return found as T[];
}

async function existingNetwork(cfg: WebTierConfig): Promise<Omit<FoundNetwork, "existingEipPublicIps" | "kind">> {
    const [vpc] = await lookUp(cfg, "vpc.id", [cfg.vpc.id], (id) => aws.ec2.getVpc({ id }));
    const subnets = await lookUp(cfg, "vpc.subnetIds", cfg.vpc.subnetIds, (id) => aws.ec2.getSubnet({ id }));
    const problems: string[] = [];
    for (const s of subnets) {
        if (s.vpcId !== vpc.id) problems.push(`${cfg.project}:vpc.subnetIds: ${s.id} is in ${s.vpcId}, not in vpc.id ${vpc.id}`);
    }
    // "You can specify only one subnet per Availability Zone" (ELB CreateLoadBalancer).
    const byAz = new Map<string, string[]>();
    for (const s of subnets) byAz.set(s.availabilityZone, [...(byAz.get(s.availabilityZone) ?? []), s.id]);
    for (const [az, ids] of byAz) {
        if (ids.length > 1) problems.push(`${cfg.project}:vpc.subnetIds: ${ids.join(" and ")} are both in ${az}; a load balancer takes one subnet per Availability Zone`);
    }
    const instanceSubnets = await lookUp(cfg, "vpc.instanceSubnetIds", cfg.vpc.instanceSubnetIds, (id) => aws.ec2.getSubnet({ id }));
    for (const s of instanceSubnets) {
        if (s.vpcId !== vpc.id) problems.push(`${cfg.project}:vpc.instanceSubnetIds: ${s.id} is in ${s.vpcId}, not in vpc.id ${vpc.id}`);
    }
    // Instances outside the load balancers' AZs would get no traffic unless cross-zone is on; keep them together.
    const lbAzs = new Set(subnets.map((s) => s.availabilityZone));
    for (const s of instanceSubnets) {
        if (!lbAzs.has(s.availabilityZone)) problems.push(`${cfg.project}:vpc.instanceSubnetIds: ${s.id} is in ${s.availabilityZone}, where the load balancers have no subnet (${[...lbAzs].sort().join(", ")}); pick instance subnets in those AZs`);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    const byAzName = (a: Subnet, b: Subnet) => a.availabilityZone.localeCompare(b.availabilityZone);
    const ordered = subnets.map(toSubnet).sort(byAzName);
    return { vpcId: vpc.id, vpcCidr: vpc.cidrBlock, subnets: ordered, instanceSubnets: instanceSubnets.length > 0 ? instanceSubnets.map(toSubnet).sort(byAzName) : ordered };
}

async function existingEips(cfg: WebTierConfig): Promise<string[]> {
    const eips = await lookUp(cfg, "nlb.eipAllocationIds", cfg.nlb.eipAllocationIds, (id) => aws.ec2.getElasticIp({ id }));
    return eips.map((e) => e.publicIp);
}

/** Rules that depend on what the network turned out to be. */
type NetSubnet = { id?: pulumi.Input<string>; availabilityZone: string; ipv6CidrBlock: pulumi.Input<string> };
function checkAgainstNetwork(cfg: WebTierConfig, net: { vpcCidr: string; subnets: NetSubnet[]; instanceSubnets?: NetSubnet[] }): string[] {
    const problems: string[] = [];
    const azCount = net.subnets.length;
    const azs = net.subnets.map((s) => s.availabilityZone).join(", ");
    if (azCount < 2) problems.push(`${cfg.project}:vpc.availabilityZones: the network has ${azCount} AZ (${azs}); an ALB needs subnets in at least two`);
    // Dualstack load balancers need an IPv6 CIDR in each of their subnets (an internal one: the instances' subnets).
    for (const [key, type, scheme] of [["alb.ipAddressType", cfg.alb.ipAddressType, cfg.alb.scheme], ["nlb.ipAddressType", cfg.nlb.ipAddressType, cfg.nlb.scheme]] as const) {
        if (type === "ipv4") continue;
        const lbSubnets = scheme === "internal" && net.instanceSubnets ? net.instanceSubnets : net.subnets;
        const v4only = lbSubnets.filter((s) => !s.ipv6CidrBlock).map((s) => s.id ?? s.availabilityZone);
        if (v4only.length > 0) {
            problems.push(cfg.vpc.create
                ? `${cfg.project}:${key}: is ${type}, but the created VPC has no IPv6; set vpc.ipv6 true or use ipv4; got "${type}"`
                : `${cfg.project}:${key}: is ${type}, but subnets ${v4only.join(", ")} have no IPv6 CIDR block; use ipv4 or add IPv6 to the subnets`);
        }
    }
    // An internal load balancer uses the instances' subnets: one per AZ, in at least two AZs (CreateLoadBalancer).
    const internal = [["alb.scheme", cfg.alb.scheme], ["nlb.scheme", cfg.nlb.scheme]].filter(([, v]) => v === "internal").map(([k]) => k);
    if (internal.length > 0 && net.instanceSubnets && net.instanceSubnets !== net.subnets) {
        const azsOf = net.instanceSubnets.map((s) => s.availabilityZone);
        const twice = [...new Set(azsOf.filter((az, i) => azsOf.indexOf(az) !== i))];
        if (twice.length > 0) problems.push(`${cfg.project}:vpc.instanceSubnetIds: has more than one subnet in ${twice.join(", ")}, but ${internal.join(" and ")} internal places the load balancer in these subnets, one per Availability Zone; list one per AZ`);
        if (new Set(azsOf).size < 2) problems.push(`${cfg.project}:vpc.instanceSubnetIds: spans ${new Set(azsOf).size} AZ, but ${internal.join(" and ")} internal places the load balancer in these subnets (an ALB needs two AZs); list subnets in at least two`);
    }
    // An NLB's LCU reservation is spread evenly over its AZs, 2,750 to 45,000 each (NLB_LCU_PER_AZ).
    const perAz = cfg.nlb.minimumCapacityUnits / azCount;
    if (cfg.nlb.minimumCapacityUnits > 0 && (perAz < NLB_LCU_PER_AZ.min || perAz > NLB_LCU_PER_AZ.max)) {
        problems.push(`${cfg.project}:nlb.minimumCapacityUnits: is ${perAz.toFixed(0)} LCUs per AZ over the NLB's ${azCount} AZs (${azs}); AWS reserves ${NLB_LCU_PER_AZ.min} to ${NLB_LCU_PER_AZ.max} per AZ, so use ${NLB_LCU_PER_AZ.min * azCount} to ${NLB_LCU_PER_AZ.max * azCount}; got ${cfg.nlb.minimumCapacityUnits}`);
    }
    if (cfg.nlb.eipAllocationIds.length > 0 && cfg.nlb.eipAllocationIds.length !== azCount) {
        problems.push(`${cfg.project}:nlb.eipAllocationIds: lists ${cfg.nlb.eipAllocationIds.length} allocations, but the NLB spans ${azCount} AZs (${azs}); give exactly one per AZ, or none to allocate new ones`);
    }
    // With cross-zone off, an NLB node only sends to targets in its own AZ: a static IP in an
    // AZ without instances would accept connections and have nowhere to send them.
    const fleet = cfg.fleet.mode === "autoscaling";
    const least = cfg.fleet.mode === "autoscaling" ? cfg.fleet.minSize : cfg.fleet.instanceCount;
    if (!cfg.nlb.crossZone && least < azCount) {
        problems.push(`${cfg.project}:nlb.crossZone: is false, but ${fleet ? `fleet.minSize ${least}` : `fleet.instanceCount ${least}`} leaves some of the ${azCount} AZs (${azs}) without an instance; turn cross-zone on or run at least ${azCount} instances`);
    }
    // "If the target type is ip and the IP address is outside the VPC for the target group, you
    // must specify all" (RegisterTargets, AvailabilityZone).
    for (const tg of cfg.traffic.targetGroups.filter((g) => g.targetType === "ip")) {
        tg.targets.forEach((t, i) => {
            if (!t.ip.includes(":") && t.availabilityZone !== "all" && !cidrContains(net.vpcCidr, t.ip)) {
                problems.push(`${cfg.project}:targetGroups.${tg.name}.targets[${i}].ip: is outside the VPC (${net.vpcCidr}); register it with availabilityZone: all (peered or on-premises addresses); got "${t.ip}"`);
            }
        });
    }
    return problems;
}

/** vpc.create: the AZs (vpc.availabilityZones, else the region's first azCount) and the account. */
async function plannedNetwork(cfg: WebTierConfig): Promise<Omit<PlannedNetwork, "existingEipPublicIps">> {
    const regional = await regionAzs();
    const azs = cfg.vpc.availabilityZones.length > 0 ? [...cfg.vpc.availabilityZones].sort() : regional.slice(0, cfg.vpc.azCount);
    const problems: string[] = [];
    if (azs.length < cfg.vpc.azCount) problems.push(`${cfg.project}:vpc.azCount: the region has ${regional.length} standard AZs (${regional.join(", ")}); use at most that many; got ${cfg.vpc.azCount}`);
    const missing = azs.filter((az) => !regional.includes(az));
    if (missing.length > 0) problems.push(`${cfg.project}:vpc.availabilityZones: ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} not an available standard AZ of ${cfg.region}; got ${JSON.stringify(cfg.vpc.availabilityZones)}`);
    if (problems.length > 0) throw new ConfigError(problems);
    const { accountId } = await aws.getCallerIdentity({});
    return { kind: "create", vpcCidr: cfg.vpc.cidr, availabilityZones: azs, accountId };
}

export async function discoverNetwork(cfg: WebTierConfig): Promise<Network> {
    if (cfg.vpc.create) {
        const planned = await plannedNetwork(cfg);
        const ipv6 = cfg.vpc.ipv6 ? "planned" : "";
        const problems = checkAgainstNetwork(cfg, { vpcCidr: planned.vpcCidr, subnets: planned.availabilityZones.map((availabilityZone) => ({ availabilityZone, ipv6CidrBlock: ipv6 })) });
        if (problems.length > 0) throw new ConfigError(problems);
        return { ...planned, existingEipPublicIps: await existingEips(cfg) };
    }
    const net = cfg.vpc.id ? await existingNetwork(cfg) : await defaultNetwork(cfg);
    const problems = checkAgainstNetwork(cfg, net);
    if (problems.length > 0) throw new ConfigError(problems);
    return { kind: "found", ...net, existingEipPublicIps: await existingEips(cfg) };
}
