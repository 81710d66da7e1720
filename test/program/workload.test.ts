// The workload section: each mode declared under mocks (instances and fleet), the instance role's
// permissions, what the workload serves for others, the floating-AMI warning, and every way a
// workload config can be wrong, each failing before any resource is declared.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { plan, planError, T } from "../support/program";
import { PLACEHOLDER_ACCOUNT } from "../../tools/engine/mocks";
import {
    bootEgressWarning, floatingAmiWarning, listenerHealthChecks, parameterArns, PROJECT_DIR, renderTemplate, roleStatements, secretArn, servedEndpoints, TemplateValues,
    WorkloadConfig,
} from "../../infra/config/workload";
import { validateConfig } from "../../infra/config";
import { repoPlan } from "../plan/fixtures";

const key = (k: string) => `elb-web-tier:${k}`;
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const PROFILE = "aws:iam/instanceProfile:InstanceProfile";
const FLEET = { mode: "autoscaling", minSize: 2, maxSize: 4, desiredCapacity: 2 };
const SERVES_80 = [{ port: 80, protocol: "HTTP", healthPath: "/" }];
const INSTANCE = "EC2_Web-ap-northeast-2a-1";

/** User data files the tests write inside the project (paths are relative to it), removed after. */
let scratch: string;
const file = (name: string, text: string): string => {
    fs.writeFileSync(path.join(scratch, name), text);
    return path.relative(PROJECT_DIR, path.join(scratch, name));
};

before(() => {
    scratch = fs.mkdtempSync(path.join(PROJECT_DIR, ".workload-test-"));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const TEMPLATE = [
    "#!/bin/bash",
    "echo region={{webtier.region}} stack={{ webtier.stack }} project={{webtier.project}} team={{webtier.team}}",
    "echo ports={{webtier.ports}} alb={{webtier.port.TG-ALB}} nlb={{webtier.port.TG-NLB}}",
    "echo parameters={{webtier.parameters}} secrets={{webtier.secrets}} jinja={{ v1.region }}",
    "",
].join("\n");

describe("workload modes under mocks", () => {
    it("greeting (default): the seed's user data, no instance role, and /healthz only when a group checks it", async () => {
        const p = await plan({});
        const userData = String(p.get(T.instance, INSTANCE).inputs.userData);
        // Byte for byte v1's (no instance replaced) is test/program/traffic.test.ts's v1 comparison.
        expect(userData).to.contain("yum install httpd -y").and.not.contain("healthz");
        expect(p.ofType(ROLE)).to.have.length(0);
        expect(p.get(T.instance, INSTANCE).inputs.iamInstanceProfile).to.equal(undefined);
        const withHealth = await plan({ targetGroups: { "TG-ALB": { healthCheck: { path: "/healthz" } } } });
        expect(String(withHealth.get(T.instance, INSTANCE).inputs.userData)).to.match(/> index.html\necho ok > healthz\n$/);
        expect(withHealth.outputs.workload).to.deep.equal({ mode: "greeting", checks: [] });
    });

    it("greeting: a health check path's query is httpd's to ignore (/healthz?deep=1 is its /healthz page, /?probe=1 its /)", async () => {
        const p = await plan({ targetGroups: { "TG-ALB": { healthCheck: { path: "/healthz?deep=1" } }, "TG-NLB": { healthCheck: { protocol: "HTTP", path: "/?probe=1" } } } });
        expect(String(p.get(T.instance, INSTANCE).inputs.userData)).to.match(/> index.html\necho ok > healthz\n$/);
        expect(p.get(T.tg, "TG-ALB").inputs.healthCheck).to.include({ path: "/healthz?deep=1" });
        expect(p.get(T.tg, "TG-NLB").inputs.healthCheck).to.include({ path: "/?probe=1" });
    });

    it("userData, instances mode: the team's file with the template filled in, on Amazon Linux, replaced on change", async () => {
        const userData = file("app.sh", TEMPLATE);
        const p = await plan({ workload: { mode: "userData", userData, serves: [...SERVES_80, { port: 9000, protocol: "TCP" }], parameters: ["/pay/dev/"], secrets: ["pay/db"] } }, { stack: "payments-dev" });
        const i = p.get(T.instance, INSTANCE).inputs;
        expect(i.userData).to.equal([
            "#!/bin/bash",
            "echo region=ap-northeast-2 stack=payments-dev project=elb-web-tier team=platform",
            "echo ports=80 9000 alb=80 nlb=80",
            "echo parameters=/pay/dev/ secrets=pay/db jinja={{ v1.region }}",
            "",
        ].join("\n"));
        expect(i.userDataReplaceOnChange).to.equal(true);
        expect(i.ami).to.equal("ami-placeholder-al2023-x86_64");
        // The workload names parameters and secrets: the instances get a role that may read them.
        expect(p.ofType(PROFILE).map((r) => r.name)).to.deep.equal(["EC2_Web-instance"]);
        expect(p.ofType(ROLE_POLICY)).to.have.length(1);
    });

    it("userData, fleet mode: the launch template carries the rendered file base64-encoded", async () => {
        const userData = file("fleet.sh", "#cloud-config\nwrite_files:\n  - path: /etc/app/region\n    content: {{webtier.region}}\n");
        const p = await plan({ fleet: FLEET, workload: { mode: "userData", userData, serves: SERVES_80 } });
        const lt = p.get(LT, "EC2_Web-lt").inputs;
        expect(Buffer.from(String(lt.userData), "base64").toString("utf8")).to.equal("#cloud-config\nwrite_files:\n  - path: /etc/app/region\n    content: ap-northeast-2\n");
    });

    it("ami with an ID: that image, no user data of ours, in both modes", async () => {
        const workload = { mode: "ami", image: "ami-0123456789abcdef0", serves: SERVES_80 };
        const instances = await plan({ workload });
        expect(instances.get(T.instance, INSTANCE).inputs).to.include({ ami: "ami-0123456789abcdef0" });
        expect(instances.get(T.instance, INSTANCE).inputs.userData).to.equal(undefined);
        const fleet = await plan({ fleet: FLEET, workload });
        expect(fleet.get(LT, "EC2_Web-lt").inputs).to.include({ imageId: "ami-0123456789abcdef0" });
        expect(fleet.get(LT, "EC2_Web-lt").inputs.userData).to.equal(undefined);
    });

    it("ami from an SSM parameter: resolved at deploy (in preview too), no user data", async () => {
        for (const preview of [false, true]) {
            const p = await plan({ workload: { mode: "ami", image: "/golden/web/ami", serves: SERVES_80 } }, { preview });
            expect(p.get(T.instance, INSTANCE).inputs.ami, `preview ${preview}`).to.match(/^ami-/);
            expect(p.get(T.instance, INSTANCE).inputs.userData).to.equal(undefined);
        }
    });

    it("the fleet's role takes the extra managed policies and the inline policy, under the same names as before", async () => {
        const p = await plan({
            fleet: FLEET,
            workload: {
                mode: "ami", image: "ami-0123456789abcdef0", serves: SERVES_80, parameters: ["/pay/prod/api/"], secrets: ["pay/prod/db"],
                managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
                policyStatements: [{ Sid: "Queue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "arn:aws:sqs:ap-northeast-2:111122223333:payments" }],
            },
        });
        expect(p.ofType(ROLE).map((r) => r.name)).to.deep.equal(["EC2_Web-instance"]);
        expect(p.ofType(ATTACHMENT).map((r) => r.name).sort()).to.deep.equal(["EC2_Web-policy-CloudWatchAgentServerPolicy", "EC2_Web-ssm-core"]);
        const policy = JSON.parse(String(p.get(ROLE_POLICY, "EC2_Web-workload").inputs.policy));
        expect(policy.Statement).to.deep.equal([
            { Sid: "ReadWorkloadParameters", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
                Resource: [`arn:aws:ssm:ap-northeast-2:${PLACEHOLDER_ACCOUNT}:parameter/pay/prod/api`, `arn:aws:ssm:ap-northeast-2:${PLACEHOLDER_ACCOUNT}:parameter/pay/prod/api/*`] },
            { Sid: "ReadWorkloadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: [`arn:aws:secretsmanager:ap-northeast-2:${PLACEHOLDER_ACCOUNT}:secret:pay/prod/db-??????`] },
            { Sid: "Queue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "arn:aws:sqs:ap-northeast-2:111122223333:payments" },
        ]);
    });

    it("an HTTP port checked on a management port needs no health path of its own (AWS checks the group's healthCheck.port)", async () => {
        const p = await plan(team({ serves: [{ port: 8080, protocol: "HTTP" }, { port: 8081, protocol: "HTTP", healthPath: "/actuator/health" }] }, {
            targetGroups: {
                "TG-ALB": { port: 8080, healthCheck: { port: "8081", path: "/actuator/health" } },
                "TG-NLB": { port: 8080, healthCheck: { protocol: "HTTP", port: "8081", path: "/actuator/health" } },
            },
        }));
        for (const name of ["TG-ALB", "TG-NLB"]) expect(p.get(T.tg, name).inputs.healthCheck, name).to.include({ port: "8081", path: "/actuator/health", protocol: "HTTP" });
        // The load balancers reach the management port as well as the traffic port.
        expect(p.ofType(T.ingress).map((r) => r.name)).to.include.members(["web_instances_sg-from-lb-8080", "web_instances_sg-from-lb-8081"]);
        // verify asks nothing through a listener whose port has no health path.
        expect(p.outputs.workload).to.deep.equal({ mode: "ami", checks: [] });
    });

    it("outputs, per listener forwarding to the instances, the health endpoint verify asks", async () => {
        const p = await plan({ workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: [{ port: 80, protocol: "HTTP", healthPath: "/", instanceHeader: "X-Instance-Id" }] } });
        expect(p.outputs.workload).to.deep.equal({
            mode: "ami",
            checks: [
                { loadBalancer: "alb", listener: "https", port: 443, scheme: "https", targetGroup: "TG-ALB", path: "/", expectedStatus: 200, instanceHeader: "X-Instance-Id" },
                { loadBalancer: "nlb", listener: "tcp", port: 80, scheme: "http", targetGroup: "TG-NLB", path: "/", expectedStatus: 200, instanceHeader: "X-Instance-Id" },
            ],
        });
        // No greeting page is served: the output says none rather than the seed's text.
        expect(p.outputs.greeting).to.equal(null);
    });
});

describe("the instance role's statements", () => {
    const facts = { partition: "aws-cn", region: "cn-north-1", accountId: "111122223333" };
    it("read a parameter by its name, a path and everything below it, nothing else", () => {
        expect(parameterArns("/a/b", facts)).to.deep.equal(["arn:aws-cn:ssm:cn-north-1:111122223333:parameter/a/b"]);
        expect(parameterArns("/a/b/", facts)).to.deep.equal(["arn:aws-cn:ssm:cn-north-1:111122223333:parameter/a/b", "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/a/b/*"]);
    });

    it("read a secret by name (with AWS's six random characters) or by its ARN as given", () => {
        expect(secretArn("team/db", facts)).to.equal("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:team/db-??????");
        const arn = "arn:aws:secretsmanager:ap-northeast-2:111122223333:secret:team/db-AbCdEf";
        expect(secretArn(arn, facts)).to.equal(arn);
    });

    it("are none for a workload that names nothing, and the stack's own statements come last, as written", () => {
        expect(roleStatements({ mode: "greeting", greeting: "hi" }, facts)).to.deep.equal([]);
        const own = { Effect: "Deny" as const, NotAction: "s3:*", NotResource: ["arn:aws:s3:::x"] };
        expect(roleStatements({ mode: "greeting", greeting: "hi", parameters: ["/x"], policyStatements: [own] }, facts).map((s) => s.Sid ?? s.Effect)).to.deep.equal(["ReadWorkloadParameters", "Deny"]);
    });
});

describe("what a workload serves (servedEndpoints, for verify and the twin)", () => {
    const config = (values: Record<string, unknown>) => validateConfig(values, { project: "elb-web-tier", stack: "dev" });

    it("greeting: per instance group, httpd's page or /healthz with 200; TCP checks have no path", () => {
        expect(servedEndpoints(config({ targetGroups: { "TG-ALB": { healthCheck: { path: "/healthz" } } } }))).to.deep.equal([
            { targetGroup: "TG-ALB", port: 80, protocol: "HTTP", trafficPort: 80, path: "/healthz", expectedStatus: 200 },
            { targetGroup: "TG-NLB", port: 80, protocol: "TCP", trafficPort: 80 },
        ]);
    });

    it("a team workload: the serves entry of each group's health-check port", () => {
        const c = config({
            workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: [{ port: 80, protocol: "HTTP", healthPath: "/" }, { port: 8080, protocol: "HTTP", healthPath: "/ready", healthStatus: 204, instanceHeader: "X-Host" }] },
            targetGroups: { "TG-ALB": { healthCheck: { port: "8080", path: "/ready", matcher: "200-299" } } },
        });
        expect(servedEndpoints(c)).to.deep.equal([
            { targetGroup: "TG-ALB", port: 8080, protocol: "HTTP", trafficPort: 80, path: "/ready", expectedStatus: 204, instanceHeader: "X-Host" },
            { targetGroup: "TG-NLB", port: 80, protocol: "TCP", trafficPort: 80 },
        ]);
        // Verify asks through the listener: the traffic port's endpoint.
        expect(listenerHealthChecks(c).map((x) => [x.listener, x.path, x.expectedStatus])).to.deep.equal([["https", "/", 200], ["tcp", "/", 200]]);
    });
});

describe("the user data template", () => {
    const values: TemplateValues = { project: "p", stack: "s", region: "r", team: "t", groupPorts: { api: 8080 }, ports: [8080], parameters: [], secrets: [] };
    it("fills every known name, leaves other {{...}} to cloud-init, and names unknown ones with their line", () => {
        expect(renderTemplate("a {{webtier.port.api}} {{ other }}", values)).to.deep.equal({ ok: true, text: "a 8080 {{ other }}" });
        const bad = renderTemplate("#!/bin/sh\necho {{webtier.port.web}} {{webtier.regoin}}", values);
        expect(bad.ok).to.equal(false);
        expect(!bad.ok && bad.problems).to.deep.equal([
            "line 2: {{webtier.port.web}} is not a known value; known: webtier.project, webtier.stack, webtier.region, webtier.team, webtier.ports, webtier.parameters, webtier.secrets, webtier.port.api",
            "line 2: {{webtier.regoin}} is not a known value; known: webtier.project, webtier.stack, webtier.region, webtier.team, webtier.ports, webtier.parameters, webtier.secrets, webtier.port.api",
        ]);
    });
});

describe("instances without a way to the package repositories", () => {
    const greeting = { mode: "greeting" } as WorkloadConfig;
    const team = { mode: "userData", userData: "app.sh", serves: [] } as unknown as WorkloadConfig;
    const noVpc = { create: false, id: "" };
    it("warns in the default VPC when the instances get no public IP", () => {
        expect(bootEgressWarning({ workload: greeting, fleet: { associatePublicIp: false }, vpc: noVpc }))
            .to.match(/^warning: the instances get no public IP in the default VPC, .*the greeting's boot-time yum install httpd fails and every target stays unhealthy\. Set fleet.associatePublicIp true/);
        expect(bootEgressWarning({ workload: team, fleet: { associatePublicIp: false }, vpc: noVpc })).to.contain("interface endpoints for the AWS APIs it calls");
    });
    it("states the assumption in a VPC of the team's own, and says nothing where the way out is known or not needed", () => {
        expect(bootEgressWarning({ workload: greeting, fleet: { associatePublicIp: false }, vpc: { create: false, id: "vpc-0123456789abcdef0" } }))
            .to.match(/^assumed, not known offline: the instances' subnets in vpc-0123456789abcdef0 \(no public IPs\) have a NAT gateway or an S3 gateway endpoint/);
        expect(bootEgressWarning({ workload: greeting, fleet: { associatePublicIp: true }, vpc: noVpc })).to.equal(undefined);
        expect(bootEgressWarning({ workload: greeting, fleet: { associatePublicIp: false }, vpc: { create: true, id: "" } })).to.equal(undefined);
        expect(bootEgressWarning({ workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: [] } as WorkloadConfig, fleet: { associatePublicIp: false }, vpc: noVpc })).to.equal(undefined);
    });
    it("reaches the plan of a stack that runs so (payments-prod: its own VPC, private instances)", async () => {
        expect((await repoPlan("payments-prod")).notes.filter((n) => n.includes("have a NAT gateway"))).to.have.length(1);
        expect((await repoPlan("dev")).notes.filter((n) => n.includes("NAT gateway"))).to.deep.equal([]);
    });
});

describe("a floating AMI in a production stack", () => {
    const w = (x: Partial<WorkloadConfig> = {}) => ({ mode: "greeting", ...x }) as WorkloadConfig;
    it("warns with what it costs in instances mode and in fleet mode", () => {
        expect(floatingAmiWarning({ workload: w(), fleet: { mode: "instances", amiId: "" } }, "prod")).to.match(/^warning: the AMI floats in production stack prod: fleet.amiId is empty, .*replaces every instance at once/);
        expect(floatingAmiWarning({ workload: w(), fleet: { mode: "autoscaling", amiId: "" } }, "payments-prod")).to.match(/rolls an instance refresh through the whole fleet/);
        expect(floatingAmiWarning({ workload: { mode: "ami", image: "/golden/ami", serves: [] }, fleet: { mode: "autoscaling", amiId: "" } }, "org/elb-web-tier/prod"))
            .to.contain("workload.image is the SSM parameter /golden/ami, read at every pulumi up");
    });

    it("is quiet for a pinned AMI and for stacks that are not production", () => {
        expect(floatingAmiWarning({ workload: w(), fleet: { mode: "instances", amiId: "ami-0123456789abcdef0" } }, "prod")).to.equal(undefined);
        expect(floatingAmiWarning({ workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: [] }, fleet: { mode: "instances", amiId: "" } }, "prod")).to.equal(undefined);
        expect(floatingAmiWarning({ workload: w(), fleet: { mode: "instances", amiId: "" } }, "dev")).to.equal(undefined);
        expect(floatingAmiWarning({ workload: w(), fleet: { mode: "instances", amiId: "" } }, "prod-like")).to.equal(undefined);
    });

    it("is read from the stack's config as the plan has it", async () => {
        // prod leaves fleet.amiId empty (autoscaling); payments-prod pins it.
        expect((await repoPlan("prod")).notes.filter((n) => n.includes("the AMI floats"))).to.have.length(1);
        expect((await repoPlan("payments-prod")).notes.filter((n) => n.includes("the AMI floats"))).to.deep.equal([]);
    });
});

interface Case {
    what: string;
    config: () => Record<string, unknown>;
    expect: string[];
}

const team = (w: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: SERVES_80, ...w }, ...extra });
const statement = (s: Record<string, unknown>) => team({ policyStatements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...s }] });

const cases: Case[] = [
    // The union
    { what: "an unknown mode", config: () => ({ workload: { mode: "docker" } }), expect: [`${key("workload.mode")}: must be greeting, userData or ami; got "docker"`] },
    { what: "a mode in the wrong case", config: () => ({ workload: { mode: "UserData" } }), expect: [`${key("workload.mode")}: must be greeting, userData or ami (did you mean userData?); got "UserData"`] },
    { what: "a workload that is not a map", config: () => ({ workload: "httpd" }), expect: [`${key("workload")}: must be a map with mode greeting, userData or ami; got "httpd"`] },
    { what: "serves on the greeting (httpd's endpoints are known)", config: () => ({ workload: { mode: "greeting", serves: SERVES_80 } }), expect: [`${key("workload.serves")}: is not a known field`] },
    { what: "a team workload without serves", config: () => ({ workload: { mode: "ami", image: "ami-0123456789abcdef0" } }), expect: [`${key("workload.serves")}:`] },
    { what: "a malformed golden AMI", config: () => team({ image: "golden" }), expect: [`${key("workload.image")}: must be an AMI ID (ami-0123456789abcdef0) or an SSM parameter path`] },
    { what: "amiId beside a golden AMI", config: () => ({ ...team({}), fleet: { amiId: "ami-0123456789abcdef0" } }), expect: [`${key("fleet.amiId")}: can't be combined with workload.mode ami`] },
    // serves
    { what: "an HTTP port without a health path", config: () => team({ serves: [{ port: 80, protocol: "HTTP" }] }), expect: [`${key("workload.serves[0].healthPath")}: is required for an HTTP port`] },
    { what: "an HTTP management port without a health path that a group health-checks", config: () => team({ serves: [{ port: 80, protocol: "HTTP", healthPath: "/" }, { port: 8081, protocol: "HTTP" }] }, { targetGroups: { "TG-ALB": { healthCheck: { port: "8081" } } } }),
        expect: [`${key("workload.serves[1].healthPath")}: is required for an HTTP port that a target group health-checks over HTTP (targetGroups.TG-ALB checks / on port 8081)`] },
    { what: "a serves entry of its own wrong, not its port as unserved", config: () => team({ serves: [{ port: 80, protocol: "http", healthPath: "/" }] }),
        expect: [`${key("workload.serves[0].protocol")}: must be one of HTTP, HTTPS, TCP, UDP, TCP_UDP (did you mean HTTP?); got "http"`] },
    { what: "a health path on a TCP port", config: () => team({ serves: [...SERVES_80, { port: 81, protocol: "TCP", healthPath: "/" }] }), expect: [`${key("workload.serves[1].healthPath")}: applies to HTTP and HTTPS ports only (this one is TCP)`] },
    { what: "a port listed twice", config: () => team({ serves: [...SERVES_80, ...SERVES_80] }), expect: [`${key("workload.serves[1].port")}: is listed more than once`] },
    { what: "proxy protocol on UDP", config: () => team({ serves: [...SERVES_80, { port: 53, protocol: "UDP", proxyProtocol: true }] }), expect: [`${key("workload.serves[1].proxyProtocol")}: applies to TCP-based ports only`] },
    // Target groups against what is served
    { what: "a group on a port the workload does not serve", config: () => team({}, { targetGroups: { api: { protocol: "HTTP", port: 8080 } }, albListeners: { https: { rules: { api: { priority: 1, conditions: [{ pathPattern: ["/api/*"] }], action: { type: "forward", targetGroup: "api" } } } } } }),
        expect: [`${key("targetGroups.api.port")}: is not a port the workload serves (workload.serves lists 80)`] },
    { what: "a health check on a port the workload does not serve", config: () => team({}, { targetGroups: { "TG-ALB": { healthCheck: { port: "8081" } } } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.port")}: health checks go to port 8081, which workload.serves does not list`] },
    { what: "a health check on a path the workload does not serve", config: () => team({}, { targetGroups: { "TG-ALB": { healthCheck: { path: "/healthz" } } } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.path")}: is not the health endpoint port 80 serves: workload.serves gives /; got "/healthz"`] },
    { what: "an HTTPS health check on an HTTP port", config: () => team({}, { targetGroups: { "TG-ALB": { healthCheck: { protocol: "HTTPS" } } } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.protocol")}: is HTTPS, but port 80 serves HTTP`] },
    { what: "a matcher that refuses the healthy status", config: () => team({ serves: [{ port: 80, protocol: "HTTP", healthPath: "/", healthStatus: 204 }] }), expect: [`${key("targetGroups.TG-ALB.healthCheck.matcher")}:`] },
    { what: "an HTTPS group on an HTTP port", config: () => team({}, { targetGroups: { "TG-ALB": { protocol: "HTTPS", port: 80 } } }), expect: [`${key("targetGroups.TG-ALB.protocol")}: is HTTPS, but port 80 serves HTTP (workload.serves); allowed here: HTTPS`] },
    { what: "a TCP health check on a UDP-only port", config: () => team({ serves: [...SERVES_80, { port: 53, protocol: "UDP" }] }, { targetGroups: { dns: { protocol: "UDP", port: 53 } }, nlbListeners: { dns: { port: 53, protocol: "UDP", defaultAction: { type: "forward", targetGroup: "dns" } } } }),
        expect: [`${key("targetGroups.dns.healthCheck.protocol")}: is TCP, but port 53 serves UDP only`] },
    { what: "proxy protocol sent to a process that does not expect it", config: () => team({}, { targetGroups: { "TG-NLB": { proxyProtocolV2: true } } }), expect: [`${key("targetGroups.TG-NLB.proxyProtocolV2")}: is true, but workload.serves says port 80 does not expect a proxy protocol header`] },
    { what: "a process that expects proxy protocol from a group that does not send it", config: () => team({ serves: [{ port: 80, protocol: "HTTP", healthPath: "/", proxyProtocol: true }] }),
        expect: [`${key("targetGroups.TG-ALB.proxyProtocolV2")}: is false, but workload.serves says port 80 expects a proxy protocol header`, `${key("targetGroups.TG-NLB.proxyProtocolV2")}: is false`] },
    // The greeting
    { what: "a greeting health check on a page httpd does not have", config: () => ({ targetGroups: { "TG-ALB": { healthCheck: { path: "/status" } } } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.path")}: is not served by the greeting workload: httpd answers / and /healthz`] },
    { what: "a greeting health check on a page httpd does not have, with a query", config: () => ({ targetGroups: { "TG-ALB": { healthCheck: { path: "/status?full=1" } } } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.path")}: is not served by the greeting workload`] },
    { what: "a greeting health check over HTTPS", config: () => ({ targetGroups: { "TG-ALB": { healthCheck: { protocol: "HTTPS" } } } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.protocol")}: asks for HTTPS, but the greeting workload's httpd serves plain HTTP`] },
    { what: "a greeting group httpd can't answer (TLS to the instances)", config: () => ({ targetGroups: { "TG-NLB": { protocol: "TLS" } } }), expect: [`${key("targetGroups.TG-NLB.protocol")}: is TLS, but the greeting workload's httpd serves plain HTTP over TCP`] },
    { what: "a greeting matcher without 200", config: () => ({ targetGroups: { "TG-ALB": { healthCheck: { matcher: "301" } } } }), expect: [`${key("targetGroups.TG-ALB.healthCheck.matcher")}: must accept 200`] },
    // The user data file
    { what: "a user data file that does not exist", config: () => ({ workload: { mode: "userData", userData: "examples/none.sh", serves: SERVES_80 } }), expect: [`${key("workload.userData")}: examples/none.sh can't be read (ENOENT)`] },
    { what: "a user data path outside the project", config: () => ({ workload: { mode: "userData", userData: "../secrets.sh", serves: SERVES_80 } }), expect: [`${key("workload.userData")}: must be a path relative to the project directory`] },
    { what: "an absolute user data path", config: () => ({ workload: { mode: "userData", userData: "/etc/passwd", serves: SERVES_80 } }), expect: [`${key("workload.userData")}: must be a path relative to the project directory`] },
    { what: "user data cloud-init would not run", config: () => ({ workload: { mode: "userData", userData: file("plain.txt", "yum install -y nginx\n"), serves: SERVES_80 } }), expect: ["starts with \"yum install -y nginx\"; cloud-init runs a file that starts with #! (a script) or #cloud-config"] },
    { what: "user data with Windows line endings", config: () => ({ workload: { mode: "userData", userData: file("crlf.sh", "#!/bin/bash\r\necho hi\r\n"), serves: SERVES_80 } }), expect: ["has Windows line endings"] },
    { what: "an unknown template value", config: () => ({ workload: { mode: "userData", userData: file("typo.sh", "#!/bin/bash\necho {{webtier.regoin}}\n"), serves: SERVES_80 } }), expect: ["line 2: {{webtier.regoin}} is not a known value; known: webtier.project"] },
    { what: "user data over 16 KB", config: () => ({ workload: { mode: "userData", userData: file("big.sh", `#!/bin/bash\n${"# padding\n".repeat(1700)}`), serves: SERVES_80 } }), expect: ["renders to 17012 bytes; EC2 takes at most 16384 bytes of user data before base64"] },
    // Permissions
    { what: "a malformed parameter name", config: () => team({ parameters: ["payments/api"] }), expect: [`${key("workload.parameters[0]")}: must be an SSM parameter name starting with /`] },
    { what: "a parameter 16 levels deep", config: () => team({ parameters: [`/${"a/".repeat(15)}b`] }), expect: [`${key("workload.parameters[0]")}: must be at most 15 levels deep`] },
    { what: "a secret with a wildcard", config: () => team({ secrets: ["payments/*"] }), expect: [`${key("workload.secrets[0]")}: must be a Secrets Manager secret name`] },
    { what: "a malformed managed policy ARN", config: () => team({ managedPolicyArns: ["AdministratorAccess"] }), expect: [`${key("workload.managedPolicyArns[0]")}: must be a managed policy ARN`] },
    { what: "more managed policies than a role takes", config: () => team({ managedPolicyArns: Array.from({ length: 10 }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`) }), expect: [`${key("workload.managedPolicyArns")}: lists 10; AWS attaches at most 10 managed policies to a role by default, and Session Manager's is one`] },
    { what: "a managed policy twice", config: () => team({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"] }), expect: [`${key("workload.managedPolicyArns[1]")}: is listed more than once`] },
    { what: "a statement with a Principal", config: () => statement({ Principal: { AWS: "*" } }), expect: [`${key("workload.policyStatements[0].Principal")}: is not allowed in a role's own (identity-based) policy`] },
    { what: "a statement without Action or NotAction", config: () => team({ policyStatements: [{ Effect: "Allow", Resource: "arn:aws:s3:::b/*" }] }), expect: [`${key("workload.policyStatements[0].Action")}: give exactly one of Action and NotAction`] },
    { what: "a statement with both Resource and NotResource", config: () => statement({ NotResource: "arn:aws:s3:::c" }), expect: [`${key("workload.policyStatements[0].Resource")}: give exactly one of Resource and NotResource`] },
    { what: "an action that is not service:action", config: () => statement({ Action: ["GetObject"] }), expect: [`${key("workload.policyStatements[0].Action[0]")}: must be an IAM action such as s3:GetObject`] },
    { what: "an Effect IAM does not have", config: () => statement({ Effect: "Permit" }), expect: [`${key("workload.policyStatements[0].Effect")}: must be one of Allow, Deny`] },
    { what: "a resource that is not an ARN", config: () => statement({ Resource: "my-bucket" }), expect: [`${key("workload.policyStatements[0].Resource")}:`] },
    { what: "a misspelled statement field", config: () => statement({ Actions: "s3:GetObject" }), expect: [`${key("workload.policyStatements[0].Actions")}: is not a known field`] },
    { what: "every action on every resource", config: () => statement({ Action: "*", Resource: "*" }), expect: [`${key("workload.policyStatements[0]")}: allows every action on every resource (Security Hub IAM.1)`] },
    { what: "iam:PassRole on every role", config: () => statement({ Action: ["iam:PassRole"], Resource: ["*"] }), expect: [`${key("workload.policyStatements[0]")}: allows iam:PassRole on every role`] },
    { what: "an inline policy over AWS's 10,240 characters", config: () => team({ parameters: Array.from({ length: 120 }, (_, i) => `/payments/production/api/setting-number-${i}`) }), expect: [`${key("workload.policyStatements")}: make an inline policy of`, "AWS allows 10240 per role"] },
];

describe("invalid workload config fails before any resource, naming the key", () => {
    for (const c of cases) {
        it(c.what, async () => {
            const { message, registered } = await planError(c.config());
            for (const e of c.expect) expect(message).to.contain(e);
            expect(registered, "resources declared before the error").to.equal(0);
        });
    }

    it("says nothing of a list an entry failed in (\"workload.serves lists ...\" would contradict the file)", async () => {
        const { message } = await planError(team({ serves: [{ port: 80, protocol: "http", healthPath: "/" }] }));
        expect(message.split("\n").filter((l) => l.startsWith("  - "))).to.deep.equal([`  - ${key("workload.serves[0].protocol")}: must be one of HTTP, HTTPS, TCP, UDP, TCP_UDP (did you mean HTTP?); got "http"`]);
    });

    it("reports every problem of a workload in one run", async () => {
        const { message } = await planError({
            workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: SERVES_80, secrets: ["payments/*"], policyStatements: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
            targetGroups: { "TG-ALB": { healthCheck: { path: "/healthz" } } },
        });
        expect(message).to.contain("workload.secrets[0]");
        // Schema problems stop the cross-field checks (as for every key): fix them and the rest shows.
        const { message: second } = await planError({
            workload: { mode: "ami", image: "ami-0123456789abcdef0", serves: SERVES_80, policyStatements: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
            targetGroups: { "TG-ALB": { healthCheck: { path: "/healthz" } } },
        });
        expect(second).to.contain("targetGroups.TG-ALB.healthCheck.path").and.contain("workload.policyStatements[0]: allows every action");
    });
});
