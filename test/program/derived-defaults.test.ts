// Defaults that follow the stack's choices: instances placed in private subnets (a created VPC's,
// or instanceSubnetIds) get no public IP unless the stack says so; in public subnets they get one.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { KEYS } from "../../infra/config";
import { plan, planError } from "../support/program";

const INSTANCE = "aws:ec2/instance:Instance";
const subnets = {
    "subnet-0aaa11111": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" },
    "subnet-0bbb22222": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2b" },
    "subnet-0ccc33333": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2a" },
    "subnet-0ddd44444": { vpcId: "vpc-0abc12345", availabilityZone: "ap-northeast-2b" },
};
const ownVpc = { vpc: { id: "vpc-0abc12345", subnetIds: ["subnet-0aaa11111", "subnet-0bbb22222"] } };

describe("defaults that follow the stack's choices", () => {
    it("vpc.create: true alone plans, its instances without public IPs", async () => {
        const p = await plan({ vpc: { create: true } });
        const instances = p.ofType(INSTANCE);
        expect(instances).to.have.length(2);
        for (const i of instances) expect(i.inputs.associatePublicIpAddress, i.name).to.equal(false);
    });

    it("vpc.create still refuses fleet.associatePublicIp: true when the stack sets it", async () => {
        const { message } = await planError({ vpc: { create: true }, fleet: { associatePublicIp: true } });
        expect(message).to.contain("elb-web-tier:fleet.associatePublicIp: must be false with vpc.create");
    });

    it("instances in vpc.instanceSubnetIds get no public IP unless told", async () => {
        const quiet = await plan({ vpc: { ...ownVpc.vpc, instanceSubnetIds: ["subnet-0ccc33333", "subnet-0ddd44444"] } }, { account: { subnets } });
        for (const i of quiet.ofType(INSTANCE)) expect(i.inputs.associatePublicIpAddress, i.name).to.equal(false);
        const told = await plan({ vpc: { ...ownVpc.vpc, instanceSubnetIds: ["subnet-0ccc33333", "subnet-0ddd44444"] }, fleet: { associatePublicIp: true } }, { account: { subnets } });
        for (const i of told.ofType(INSTANCE)) expect(i.inputs.associatePublicIpAddress, i.name).to.equal(true);
    });

    it("instances in public subnets keep the seed's public IPs by default (default VPC, subnetIds)", async () => {
        for (const i of (await plan()).ofType(INSTANCE)) expect(i.inputs.associatePublicIpAddress).to.equal(true);
        for (const i of (await plan(ownVpc, { account: { subnets } })).ofType(INSTANCE)) expect(i.inputs.associatePublicIpAddress).to.equal(true);
    });

    it("Pulumi.yaml declares no default for a field whose default follows other keys (the CLI would pass it as if set)", () => {
        const project = YAML.parse(fs.readFileSync(path.join(__dirname, "../../Pulumi.yaml"), "utf8")) as { config: Record<string, { value?: Record<string, unknown> }> };
        expect(project.config.fleet.value).to.have.property("instanceType");
        expect(project.config.fleet.value).to.not.have.property("associatePublicIp");
        expect(KEYS.fleet.default).to.not.have.property("associatePublicIp");
    });
});
