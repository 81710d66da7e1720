// The change review's rules one at a time, on small hand-made plans: matching through aliases,
// the NLB's CustomizeDiff, explicit physical names, replaceOnChanges, ignoreChanges, protect and
// retainOnDelete.
import { expect } from "chai";
import { ResourceChange } from "../../tools/plan/change/classify";
import { reviewChanges } from "../../tools/plan/change/review";
import { PlanSnapshot, SnapshotOptions, SnapshotResource } from "../../tools/plan/change/snapshot";
import { UNKNOWN } from "../../tools/engine/mockRun";

const STACK = "dev";
const urn = (type: string, name: string) => `urn:pulumi:${STACK}::demo::${type}::${name}`;
const T = {
    lb: "aws:lb/loadBalancer:LoadBalancer",
    tg: "aws:lb/targetGroup:TargetGroup",
    eip: "aws:ec2/eip:Eip",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    instance: "aws:ec2/instance:Instance",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
};

function resource(type: string, name: string, inputs: Record<string, unknown>, options: Partial<SnapshotOptions> = {}, propertyDependencies: Record<string, string[]> = {}): SnapshotResource {
    return {
        urn: urn(type, name), type, name, custom: true, inputs, propertyDependencies,
        options: { protect: false, deleteBeforeReplace: false, retainOnDelete: false, ignoreChanges: [], replaceOnChanges: [], aliases: [], ...options },
    };
}

const snapshot = (resources: SnapshotResource[]): PlanSnapshot => ({ project: "p", stack: STACK, preview: false, unknownValue: UNKNOWN, resources, gaps: [] });

function review(olds: SnapshotResource[], news: SnapshotResource[]): Map<string, ResourceChange> {
    return new Map(reviewChanges(snapshot(olds), snapshot(news), "base").changes.map((c) => [`${c.action} ${c.name}`, c]));
}

const nlb = (mappings: Record<string, unknown>[], securityGroups: string[] = ["sg-1"]) =>
    resource(T.lb, "NLB", { loadBalancerType: "network", subnetMappings: mappings, securityGroups });

describe("plan --against: the rules behind each classification", () => {
    it("a renamed resource is a delete and a create; with an alias naming its old URN it is the same resource", () => {
        const old = resource(T.tg, "TG-OLD", { port: 80, protocol: "HTTP" });
        const renamed = resource(T.tg, "TG-NEW", { port: 80, protocol: "HTTP" });
        expect([...review([old], [renamed]).keys()]).to.deep.equal(["create TG-NEW", "delete TG-OLD"]);
        // The delete says it may be a rename, naming the created resource of its type.
        expect(review([old], [renamed]).get("delete TG-OLD")?.notes.join(" ")).to.contain("if TG-NEW (created) is this resource renamed, give it an alias");
        const aliased = resource(T.tg, "TG-NEW", { port: 80, protocol: "HTTP" }, { aliases: [old.urn] });
        const changes = review([old], [aliased]);
        expect([...changes.keys()]).to.deep.equal(["same TG-NEW"]);
        expect(changes.get("same TG-NEW")?.previousUrn).to.equal(old.urn);
    });

    it("an NLB adds subnet mappings in place, but a changed or removed mapping replaces it", () => {
        const a = { subnetId: "subnet-a", allocationId: "eipalloc-a" };
        const b = { subnetId: "subnet-b", allocationId: "eipalloc-b" };
        expect([...review([nlb([a])], [nlb([a, b])]).keys()]).to.deep.equal(["update NLB"]);
        expect([...review([nlb([a, b])], [nlb([a])]).keys()]).to.deep.equal(["replace NLB"]);
        const moved = review([nlb([a, b])], [nlb([a, { subnetId: "subnet-b", allocationId: "eipalloc-c" }])]).get("replace NLB");
        expect(moved?.replaceReasons[0]).to.include({ property: "subnetMappings", unknown: false });
        // An allocation ID given as such (an existing Elastic IP) that the NLB stops using.
        expect(moved?.hazards.map((h) => h.code)).to.include("static-ip-released");
        expect(moved?.hazards.map((h) => h.code)).to.include("load-balancer-replaced");
    });

    it("an NLB's unknown mappings are may-replace only where the rule can fire once they are known", () => {
        const a = { subnetId: "subnet-a", allocationId: "eipalloc-a" };
        const b = { subnetId: "subnet-b", allocationId: "eipalloc-b" };
        // An added mapping with an unknown allocation: the existing ones are kept, so the rule can't fire.
        expect([...review([nlb([a])], [nlb([a, { subnetId: "subnet-b", allocationId: UNKNOWN }])]).keys()]).to.deep.equal(["update NLB"]);
        // An existing mapping's allocation becomes unknown: it may change, and a changed one replaces.
        const maybe = review([nlb([a, b])], [nlb([a, { subnetId: "subnet-b", allocationId: UNKNOWN }])]).get("replace NLB");
        expect(maybe?.replaceReasons[0]).to.include({ property: "subnetMappings", unknown: true });
        // Fewer mappings: replaced once known, whatever the values.
        expect(review([nlb([a, b])], [nlb([{ subnetId: UNKNOWN, allocationId: UNKNOWN }])]).get("replace NLB")?.replaceReasons[0]).to.include({ unknown: false });
        // A subnet the mappings come from is replaced: its offline placeholder ID is the same, its real one is not.
        const subnet = (cidrBlock: string) => resource("aws:ec2/subnet:Subnet", "S", { cidrBlock, vpcId: "vpc-1" });
        const fromSubnet = resource(T.lb, "NLB", { loadBalancerType: "network", subnetMappings: [a], securityGroups: ["sg-1"] }, {}, { subnetMappings: [subnet("10.0.0.0/24").urn] });
        const moved = review([subnet("10.0.0.0/24"), fromSubnet], [subnet("10.0.1.0/24"), fromSubnet]).get("replace NLB");
        expect(moved?.replaceReasons[0]).to.include({ property: "subnetMappings", unknown: true });
        expect(moved?.replaceReasons[0].why).to.contain("computed from S, which is replaced");
        // Subnets (no mappings): a longer list is in place even when an old subnet is gone (the provider counts them).
        const bySubnets = (subnets: string[]) => resource(T.lb, "NLB", { loadBalancerType: "network", subnets, securityGroups: ["sg-1"] });
        expect([...review([bySubnets(["s-a", "s-b"])], [bySubnets(["s-a", "s-c", "s-d"])]).keys()]).to.deep.equal(["update NLB"]);
        expect([...review([bySubnets(["s-a", "s-b"])], [bySubnets(["s-a", "s-c"])]).keys()]).to.deep.equal(["replace NLB"]);
    });

    it("an NLB that gains security groups where it had none, or loses them all, is replaced; changing them is an update", () => {
        const a = { subnetId: "subnet-a" };
        expect([...review([nlb([a], [])], [nlb([a], ["sg-1"])]).keys()]).to.deep.equal(["replace NLB"]);
        expect([...review([nlb([a], ["sg-1"])], [nlb([a], [])]).keys()]).to.deep.equal(["replace NLB"]);
        expect([...review([nlb([a], ["sg-1"])], [nlb([a], ["sg-2"])]).keys()]).to.deep.equal(["update NLB"]);
    });

    it("an ALB changes its subnets in place", () => {
        const alb = (subnets: string[]) => resource(T.lb, "ALB", { loadBalancerType: "application", subnets });
        expect([...review([alb(["a", "b", "c"])], [alb(["a", "b"])]).keys()]).to.deep.equal(["update ALB"]);
    });

    it("a target group is replaced on its force-new properties, and deletes first when its name is set explicitly", () => {
        const tg = (inputs: Record<string, unknown>) => resource(T.tg, "TG", { port: 80, protocol: "HTTP", vpcId: "vpc-1", ...inputs });
        for (const [property, value] of [["protocol", "HTTPS"], ["targetType", "ip"], ["vpcId", "vpc-2"], ["protocolVersion", "HTTP2"], ["ipAddressType", "ipv6"]] as const) {
            const change = review([tg({})], [tg({ [property]: value })]).get("replace TG");
            expect(change?.replaceReasons.map((r) => r.property), property).to.deep.equal([property]);
            expect(change?.deletesFirst).to.equal(false);
        }
        expect([...review([tg({})], [tg({ healthCheck: { path: "/health" } })]).keys()]).to.deep.equal(["update TG"]);
        // The aws:alb token family is the same resource.
        const alb = (port: number) => resource("aws:alb/targetGroup:TargetGroup", "TG", { port });
        expect([...review([alb(80)], [alb(81)]).keys()]).to.deep.equal(["replace TG"]);
        const named = review([tg({ name: "web" })], [tg({ name: "web", port: 8080 })]).get("replace TG");
        expect(named?.deletesFirst).to.equal(true);
        expect(named?.notes.join(" ")).to.contain("its name is set explicitly");
    });

    it("the program's replaceOnChanges replaces, ignoreChanges hides a change, deleteBeforeReplace deletes first", () => {
        const sg = (description: string, tags: Record<string, string>, options: Partial<SnapshotOptions>) => resource(T.sg, "SG", { description, tags }, options);
        const byOption = review([sg("d", { a: "1" }, {})], [sg("d", { a: "2" }, { replaceOnChanges: ["tags"], deleteBeforeReplace: true })]).get("replace SG");
        expect(byOption?.replaceReasons[0]).to.include({ property: "tags.a", source: "replaceOnChanges resource option" });
        expect(byOption?.deletesFirst).to.equal(true);
        expect([...review([sg("d", { a: "1" }, {})], [sg("d", { a: "2" }, { ignoreChanges: ["tags"] })]).keys()]).to.deep.equal(["same SG"]);
    });

    it("a protected resource that would be deleted or replaced fails the update; a retained Elastic IP is not released", () => {
        const eip = (options: Partial<SnapshotOptions>, domain = "vpc") => resource(T.eip, "IP", { domain }, options);
        expect(review([eip({ protect: true })], []).get("delete IP")?.hazards.map((h) => h.code)).to.deep.equal(["static-ip-released", "protected-resource"]);
        expect(review([eip({ protect: true })], [eip({ protect: true }, "standard")]).get("replace IP")?.hazards.map((h) => h.code)).to.include("protected-resource");
        // step_generator.go: unprotecting and replacing in one update is allowed; protecting a replacement of an unprotected one too.
        expect(review([eip({ protect: true })], [eip({ protect: false }, "standard")]).get("replace IP")?.hazards.map((h) => h.code)).to.deep.equal(["static-ip-released"]);
        expect(review([eip({ protect: false })], [eip({ protect: true }, "standard")]).get("replace IP")?.hazards.map((h) => h.code)).to.deep.equal(["static-ip-released"]);
        expect(review([eip({ retainOnDelete: true })], []).get("delete IP")?.hazards).to.deep.equal([]);
    });

    it("an unknown new value may change: on a force-new property the resource may be replaced", () => {
        const inst = (subnetId: unknown) => resource(T.instance, "EC2", { ami: "ami-1", subnetId });
        const change = review([inst("subnet-a")], [inst(UNKNOWN)]).get("replace EC2");
        expect(change?.replaceReasons[0]).to.include({ property: "subnetId", unknown: true });
        expect(change?.unknownInputs).to.deep.equal(["subnetId"]);
        // Unknown on both sides: the engine would read it from the state.
        expect([...review([inst(UNKNOWN)], [inst(UNKNOWN)]).keys()]).to.deep.equal(["same EC2"]);
        // Unknown now, computed from a subnet the update keeps: the engine knows it from the state.
        const subnet = resource("aws:ec2/subnet:Subnet", "S", { cidrBlock: "10.0.0.0/24" });
        const fromSubnet = (subnetId: unknown) => resource(T.instance, "EC2", { ami: "ami-1", subnetId }, {}, { subnetId: [subnet.urn] });
        expect([...review([subnet, fromSubnet("subnet-1")], [subnet, fromSubnet(UNKNOWN)]).keys()]).to.deep.equal(["same S", "same EC2"]);
    });

    it("an instance changes its type in place, unless the new type shares no architecture with the old", () => {
        const inst = (instanceType: string) => resource(T.instance, "EC2", { ami: "ami-1", instanceType });
        expect([...review([inst("t3.micro")], [inst("t3.large")]).keys()]).to.deep.equal(["update EC2"]);
        expect(review([inst("t3.micro")], [inst("t4g.micro")]).get("replace EC2")?.replaceReasons[0]).to.include({ property: "instanceType" });
    });

    it("a launch template change reaches an Auto Scaling group only with an instance refresh; a replaced group takes all its instances", () => {
        const lt = (userData: string) => resource("aws:ec2/launchTemplate:LaunchTemplate", "LT", { userData });
        const asg = (inputs: Record<string, unknown>) => resource("aws:autoscaling/group:Group", "ASG", { maxSize: 2, minSize: 2, ...inputs }, {}, { launchTemplate: [lt("a").urn] });
        const without = review([lt("a"), asg({})], [lt("b"), asg({})]);
        expect(without.get("update LT")?.hazards.map((h) => h.code)).to.deep.equal(["launch-template-without-refresh"]);
        const refreshed = review([lt("a"), asg({ instanceRefresh: { strategy: "Rolling" } })], [lt("b"), asg({ instanceRefresh: { strategy: "Rolling" } })]);
        expect(refreshed.get("update LT")?.hazards).to.deep.equal([]);
        const renamed = review([lt("a"), asg({ name: "web-1" })], [lt("a"), asg({ name: "web-2" })]).get("replace ASG");
        expect(renamed?.hazards.map((h) => h.code)).to.deep.equal(["all-instances-replaced"]);
        expect(renamed?.deletesFirst).to.equal(true);
    });

    it("a launch template's tags make no new version: its group is left alone; new user data moves it", () => {
        const lt = (userData: string, tags: Record<string, string>) => resource("aws:ec2/launchTemplate:LaunchTemplate", "LT", { userData, tags });
        const asg = resource("aws:autoscaling/group:Group", "ASG", { maxSize: 2, minSize: 2, launchTemplate: { id: "lt-1", version: "1" }, instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 50 } } }, {}, { launchTemplate: [lt("a", {}).urn] });
        const tagged = review([lt("a", { A: "1" }), asg], [lt("a", { A: "2" }), asg]);
        expect([...tagged.keys()]).to.deep.equal(["update LT", "same ASG"]);
        const rolled = review([lt("a", {}), asg], [lt("b", {}), asg]).get("update ASG");
        expect(rolled?.hazards.map((h) => h.code)).to.deep.equal(["fleet-rolls"]);
        // AWS's default maximum (100): old instances go first.
        expect(rolled?.hazards[0].message).to.match(/keeping at least 50% of the desired capacity healthy; old instances terminate before their replacements are in service/);
    });

    it("a rule taking the priority of a rule deleted in the same update conflicts; a free priority does not", () => {
        const listener = resource("aws:lb/listener:Listener", "L", { port: 443 });
        const rule = (name: string, priority: number) => resource(T.listenerRule, name, { priority, listenerArn: "arn:l" }, {}, { listenerArn: [listener.urn] });
        const taken = review([listener, rule("A", 1), rule("B", 2)], [listener, rule("A", 2)]).get("update A");
        expect(taken?.hazards.map((h) => h.code)).to.deep.equal(["listener-rule-priority-conflict"]);
        expect(taken?.hazards[0].message).to.contain("which B holds until it is deleted");
        expect(review([listener, rule("A", 1), rule("B", 2)], [listener, rule("A", 3), rule("B", 2)]).get("update A")?.hazards).to.deep.equal([]);
    });

    it("a VPC: tenancy replaces it except dedicated -> default; an IPv6 block turned on reaches only IPv6 inputs (preview)", () => {
        const vpc = (inputs: Record<string, unknown>) => resource("aws:ec2/vpc:Vpc", "V", { cidrBlock: "10.0.0.0/16", ...inputs });
        expect([...review([vpc({ instanceTenancy: "dedicated" })], [vpc({ instanceTenancy: "default" })]).keys()]).to.deep.equal(["update V"]);
        expect([...review([vpc({ instanceTenancy: "default" })], [vpc({ instanceTenancy: "dedicated" })]).keys()]).to.deep.equal(["replace V"]);
        const subnet = resource("aws:ec2/subnet:Subnet", "S", { vpcId: UNKNOWN, cidrBlock: "10.0.0.0/24", ipv6CidrBlock: UNKNOWN }, {}, { vpcId: [vpc({}).urn], ipv6CidrBlock: [vpc({}).urn] });
        const changes = review([vpc({ assignGeneratedIpv6CidrBlock: false }), subnet], [vpc({ assignGeneratedIpv6CidrBlock: true }), subnet]);
        // The subnet's vpcId (force-new) is the same VPC; its IPv6 block is new.
        expect(changes.get("update S")?.changedInputs).to.deep.equal(["ipv6CidrBlock"]);
    });

    it("replacing every instance is a hazard; replacing one of two is not", () => {
        const inst = (name: string, ami: string) => resource(T.instance, name, { ami });
        const all = review([inst("A", "1"), inst("B", "1")], [inst("A", "2"), inst("B", "2")]);
        expect(all.get("replace A")?.hazards.map((h) => h.code)).to.deep.equal(["all-instances-replaced"]);
        // Once for the set, naming both.
        expect(all.get("replace B")?.hazards).to.deep.equal([]);
        expect(all.get("replace A")?.hazards[0].message).to.contain("(A, B)");
        // Renamed without aliases: every old instance is deleted, new ones created; the same hazard.
        const renamed = review([inst("A", "1"), inst("B", "1")], [inst("C", "1"), inst("D", "1")]);
        expect(renamed.get("delete A")?.hazards.map((h) => h.code)).to.deep.equal(["all-instances-replaced"]);
        expect(renamed.get("delete A")?.hazards[0].message).to.contain("(A, B) are deleted");
        const one = review([inst("A", "1"), inst("B", "1")], [inst("A", "2"), inst("B", "1")]);
        expect(one.get("replace A")?.hazards).to.deep.equal([]);
    });
});
