// WebTier: the whole web tier of the seed exercise from the parsed config and the network it was
// given: EC2_Web instances (or an Auto Scaling fleet) behind an ALB (HTTPS, listener rules) and an
// NLB (static IPs), with web_access_sg and the target groups, listeners and rules a stack adds, and
// the production posture it turns on (created VPC, DNS certificate, log bucket, WAF, aliases,
// protection). Data flows one way: config -> network -> security -> workload and target groups ->
// load balancers -> outputs.
//
// It registers no resource of its own and parents nothing: every component keeps the URN it had
// before WebTier existed (its parent is the stack), so deployed stacks update in place with no
// alias. Parenting them here would put WebTier's type into every URN below it, and each component
// would then need an alias to its root URN on top of the v1 aliases it carries, for every stack,
// for as long as such a stack may exist. `opts` reach every component through pulumi.mergeOptions
// (a provider, protect, transforms), beside what WebTier gives one itself (dependsOn).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogsChoice, forwardedGroups, greetingHealthPage, listenerHealthChecks, needsRole, TargetGroupSpec, WebTierConfig, workloadApiServices } from "./config";
import { Network, Subnet } from "./network";
import { WebSecurity } from "./security";
import { trafficFlows } from "./flows";
import { WebServers, workloadUserData } from "./web";
import { WebFleet } from "./fleet";
import { WebTargetGroup } from "./targets";
import { Certificate, CertificateArgs } from "./certificate";
import { ALB_LOG_PREFIXES, ApplicationLoadBalancer } from "./alb";
import { NetworkLoadBalancer } from "./nlb";
import { frontDoorOutput } from "./frontDoorOutput";
import { WebVpc } from "./vpc";
import { LogBucket } from "./logs";
import { WebAcl } from "./waf";
import { AliasRecords } from "./dns";
import { ClientTrustStore, mutualAuthentication, pinnedObjects } from "./trustStore";
import { listenerTrustStoreName } from "./config/awsLimits";
import { Protection } from "./protection";

/** The prefix a load balancer logs under in the stack's bucket. */
const stackPrefix = (a: AccessLogsChoice, lb: string) => (a.mode === "stackBucket" ? a.prefix : lb);

type Guard = keyof WebTierConfig["protect"];
const guard = (c: WebTierConfig, what: Guard): Protection => ({ protect: c.protect[what], retainOnDelete: c.retainOnDelete[what] });

/** The subnets the load balancers and the instances use: found, or a VPC created here. */
function subnetsOf(c: WebTierConfig, net: Network, logs: LogBucket | undefined, opts: pulumi.ComponentResourceOptions | undefined) {
    if (net.kind === "found") return { vpcId: net.vpcId as pulumi.Input<string>, lb: net.subnets, instances: net.instanceSubnets };
    const vpc = new WebVpc("web", {
        cidrBlock: net.vpcCidr,
        availabilityZones: net.availabilityZones,
        region: c.region,
        accountId: net.accountId,
        natMode: c.vpc.natGateways,
        natEipProtection: guard(c, "elasticIps"),
        ssmEndpoints: c.vpc.ssmEndpoints,
        // Without NAT, the workload's SSM and Secrets Manager reads need their interface endpoints.
        extraInterfaceEndpoints: c.vpc.natGateways === "none" ? workloadApiServices(c.workload) : [],
        flowLogs: logs ? { destination: "s3", bucketArn: pulumi.interpolate`${logs.arn}/flow`, bucketPolicy: logs.policy } : { destination: "cloudwatch", retentionDays: c.vpc.flowLogRetentionDays },
        ipv6: c.vpc.ipv6,
        tags: c.tags,
    }, opts);
    const asSubnets = (list: typeof vpc.publicSubnets): Subnet[] => list.map((s) => ({ id: s.id, availabilityZone: s.availabilityZone, ipv6CidrBlock: s.ipv6CidrBlock ?? "" }));
    return { vpcId: vpc.vpcId, lb: asSubnets(vpc.publicSubnets), instances: asSubnets(vpc.privateSubnets) };
}

function certificateArgs(c: WebTierConfig): CertificateArgs {
    const protection = guard(c, "certificates");
    const cert = c.certificate;
    switch (cert.mode) {
        case "dns":
            return { mode: "dns", domainName: cert.domainName, subjectAlternativeNames: cert.subjectAlternativeNames, zoneId: cert.hostedZoneId, keyAlgorithm: cert.keyAlgorithm, protection, tags: c.tags };
        case "import":
            return { mode: "import", certificateBody: cert.certificateBody, privateKey: cert.privateKey, certificateChain: cert.certificateChain, protection, tags: c.tags };
        case "existing":
            return { mode: "existing", arn: cert.arn };
        case "selfSigned":
            break;
    }
    // The NLB's own DNS name reaches the stack's certificate through a TLS listener without one of
    // its own, or through a TCP listener passing TLS to the ALB (an alb target group).
    const albGroups = new Set(c.traffic.targetGroups.filter((g) => g.targetType === "alb").map((g) => g.name));
    const coverNlb = c.traffic.nlbListeners.some((l) => (l.protocol === "TLS" && !l.certificateArn) || forwardedGroups(l.defaultAction).some((g) => albGroups.has(g)));
    return { mode: "selfSigned", region: c.region, organization: c.project, coverNlb, tags: c.tags };
}


export interface WebTierArgs {
    /** The validated stack config (infra/config loadConfig). */
    config: WebTierConfig;
    /** The network looked up (or planned) for it (infra/network discoverNetwork). */
    network: Network;
    /** The AMI the instances launch: fleet.amiId, the newest Amazon Linux 2023 or the workload's golden AMI, resolved. */
    ami: string;
}

export type WebTierOutputs = ReturnType<WebTier["declare"]>;

export class WebTier {
    /** The stack outputs (README "What it builds"). */
    readonly outputs: WebTierOutputs;

    constructor(args: WebTierArgs, private readonly opts?: pulumi.ComponentResourceOptions) {
        this.outputs = this.declare(args);
    }

    /** A component's options: WebTier's, merged with the component's own. */
    private options(own?: pulumi.ComponentResourceOptions): pulumi.ComponentResourceOptions | undefined {
        return this.opts ? pulumi.mergeOptions(this.opts, own ?? {}) : own;
    }

    private declare({ config, network, ami }: WebTierArgs) {
        const { tags, traffic } = config;
        const flows = trafficFlows(traffic);
        const f = config.fleet;

        const logs = config.logBucket.create
            ? new LogBucket("logs", {
                region: config.region,
                accountId: network.kind === "create" ? network.accountId : aws.getCallerIdentityOutput({}).accountId,
                prefixes: { alb: stackPrefix(config.accessLogs.alb, "alb"), nlb: stackPrefix(config.accessLogs.nlb, "nlb"), ...(config.logBucket.albConnectionLogs ? { albConnection: ALB_LOG_PREFIXES.connections } : {}), ...(config.alb.healthCheckLogs ? { albHealthCheck: ALB_LOG_PREFIXES.healthChecks } : {}), ...(config.vpc.create ? { vpcFlowLogs: "flow" } : {}) },
                expirationDays: config.logBucket.expirationDays,
                protection: guard(config, "logBucket"),
                tags,
            }, this.options())
            : undefined;
        const subnets = subnetsOf(config, network, logs, this.options());
        const tgAlb = traffic.targetGroups.find((g) => g.name === "TG-ALB");

        const security = new WebSecurity("web", {
            vpcId: subnets.vpcId,
            ingressCidrs: config.ingressCidrs,
            ingressIpv6Cidrs: config.ingressIpv6Cidrs,
            ingressPrefixListIds: config.ingressPrefixListIds,
            listenerFlows: flows.listenerFlows,
            instanceFlows: flows.instanceFlows,
            ipTargetFlows: flows.ipTargetFlows,
            albTargetPorts: flows.albTargetPorts,
            directInstancePorts: config.allowDirectInstanceHttp && tgAlb && tgAlb.targetType !== "lambda" ? [tgAlb.port] : [],
            tags,
        }, this.options());
        const userData = workloadUserData(config, { ports: flows.httpdPorts, proxyProtocolPorts: flows.proxyProtocolPorts, healthPage: greetingHealthPage(traffic) });

        const web = f.mode !== "instances" ? undefined : new WebServers("EC2_Web", {
            count: f.instanceCount,
            instanceType: f.instanceType,
            ami,
            subnets: subnets.instances,
            securityGroupId: security.instances.id,
            associatePublicIp: f.associatePublicIp,
            detailedMonitoring: f.detailedMonitoring,
            userData,
            role: needsRole(config.workload) ? { workload: config.workload, region: config.region } : undefined,
            tags,
        }, this.options());
        const instances = web ? web.instances.map((i, n) => ({ key: `EC2_Web-${web.placements[n].key}`, v1Key: `EC2_Web-${web.placements[n].v1Number}`, id: i.id })) : [];

        const group = (spec: TargetGroupSpec, alb?: ConstructorParameters<typeof WebTargetGroup>[1]["alb"]) =>
            new WebTargetGroup(spec.name, { spec, vpcId: subnets.vpcId, instances, alb, tags }, this.options());
        const groups = new Map(traffic.targetGroups.filter((g) => g.targetType !== "alb").map((g) => [g.name, group(g)]));
        const arns = () => Object.fromEntries([...groups].map(([n, g]) => [n, g.targetGroup.arn]));

        const needsCertificate = [...traffic.albListeners, ...traffic.nlbListeners].some((l) => (l.protocol === "HTTPS" || l.protocol === "TLS") && !l.certificateArn);
        const certArgs = certificateArgs(config);
        const certificate = needsCertificate ? new Certificate("alb", certArgs, this.options()) : undefined;

        const mtls = Object.fromEntries(traffic.albListeners.filter((l) => l.mutualAuthentication).map((l) => {
            const m = l.mutualAuthentication!;
            if (m.mode === "passthrough") return [l.key, mutualAuthentication({ mode: "passthrough" })];
            const store = new ClientTrustStore(listenerTrustStoreName("ALB", l.key), { caBundle: pinnedObjects({ caBundle: m.caBundle! }).caBundle, revocations: pinnedObjects(m.revocationLists ?? {}), tags }, this.options());
            return [l.key, mutualAuthentication({ mode: "verify", trustStoreArn: store.arn, ignoreClientCertificateExpiry: m.ignoreClientCertificateExpiry })];
        }));

        const logBucket = logs ? { name: logs.bucketName, policy: logs.policy } : undefined;
        // An internal load balancer lives in the private (instance) subnets.
        const lbSubnets = (scheme: string) => (scheme === "internal" ? subnets.instances : subnets.lb);
        const alb = new ApplicationLoadBalancer("ALB", {
            settings: config.alb,
            subnetIds: lbSubnets(config.alb.scheme).map((s) => s.id),
            securityGroupId: security.webAccess.id,
            accessLogs: config.accessLogs.alb,
            logBucket,
            connectionLogs: config.logBucket.albConnectionLogs,
            // The ALB sends X-Amzn-Tls-Version / -Cipher-Suite only with this attribute on: renaming them asks for them.
            tlsHeaders: traffic.albListeners.some((l) => l.mtlsHeaderNames?.tlsVersion || l.mtlsHeaderNames?.tlsCipherSuite),
            listeners: traffic.albListeners,
            targetGroupArns: arns(),
            defaultCertificateArn: certificate?.arn,
            mutualAuthentication: mtls,
            protection: guard(config, "loadBalancers"),
            tags,
        }, this.options());

        const waf = config.waf.enabled
            ? new WebAcl("ALB", config.waf.webAclArn
                ? { mode: "existing", albArn: alb.loadBalancer.arn, webAclArn: config.waf.webAclArn }
                : { mode: "create", albArn: alb.loadBalancer.arn, rateLimitPer5Minutes: config.waf.rateLimit, logRetentionDays: config.waf.logRetentionDays, tags }, this.options())
            : undefined;

        const fleet = f.mode !== "autoscaling" ? undefined : new WebFleet("EC2_Web", {
            ami,
            instanceType: f.instanceType,
            userData,
            subnetIds: subnets.instances.map((s) => s.id),
            securityGroupIds: [security.instances.id],
            associatePublicIp: f.associatePublicIp,
            detailedMonitoring: f.detailedMonitoring,
            targetGroupArns: traffic.targetGroups.filter((g) => g.targetType === "instance").map((g) => groups.get(g.name)!.targetGroup.arn),
            minSize: f.minSize,
            maxSize: f.maxSize,
            desiredCapacity: f.desiredCapacity,
            healthCheckGracePeriod: f.healthCheckGracePeriod,
            instanceRefresh: f.instanceRefresh,
            scaling: f.scaling.metric === "none" ? undefined
                : f.scaling.metric === "cpu" ? { metric: "ASGAverageCPUUtilization", targetValue: f.scaling.targetValue }
                : { metric: "ALBRequestCountPerTarget", targetValue: f.scaling.targetValue, albArn: alb.loadBalancer.arn, targetGroupArn: groups.get(f.scaling.targetGroup)!.targetGroup.arn },
            sessionManager: true,
            workload: config.workload,
            region: config.region,
            instanceName: "EC2_Web",
            tags,
        }, this.options({ dependsOn: Object.values(alb.listeners) }));

        // alb target groups register the ALB, which must already listen on the group's port.
        for (const spec of traffic.targetGroups.filter((g) => g.targetType === "alb")) {
            const listener = alb.listeners[traffic.albListeners.find((l) => l.port === spec.port)!.key];
            groups.set(spec.name, group(spec, { arn: alb.loadBalancer.arn, listener }));
        }

        const nlb = new NetworkLoadBalancer("NLB", {
            settings: config.nlb,
            subnets: lbSubnets(config.nlb.scheme),
            securityGroupId: security.webAccess.id,
            accessLogs: config.accessLogs.nlb,
            logBucket,
            existingEipPublicIps: network.existingEipPublicIps,
            listeners: traffic.nlbListeners,
            targetGroupArns: arns(),
            defaultCertificateArn: certificate?.arn,
            protection: guard(config, "loadBalancers"),
            eipProtection: guard(config, "elasticIps"),
            tags,
        }, this.options());

        const d = config.dnsRecords;
        const records = d.hostedZoneId && (d.albName || d.nlbName) ? new AliasRecords("dns", {
            zoneId: d.hostedZoneId,
            records: [
                ...(d.albName ? [{ name: d.albName, target: { dnsName: alb.loadBalancer.dnsName, zoneId: alb.loadBalancer.zoneId }, dualStack: config.alb.ipAddressType !== "ipv4" }] : []),
                ...(d.nlbName ? [{ name: d.nlbName, target: { dnsName: nlb.loadBalancer.dnsName, zoneId: nlb.loadBalancer.zoneId }, dualStack: config.nlb.ipAddressType === "dualstack" }] : []),
            ],
        }, this.options()) : undefined;

        const https443 = traffic.albListeners.some((l) => l.protocol === "HTTPS" && l.port === 443);
        const http80 = traffic.albListeners.some((l) => l.protocol === "HTTP" && l.port === 80);
        const nlbTcp80 = traffic.nlbListeners.some((l) => l.protocol === "TCP" && l.port === 80);
        return {
            albDnsName: alb.loadBalancer.dnsName,
            albUrl: https443 || http80 ? alb.loadBalancer.dnsName.apply((dns) => `${https443 ? "https" : "http"}://${dns}/`) : null,
            nlbDnsName: nlb.loadBalancer.dnsName,
            nlbUrl: nlbTcp80 ? nlb.loadBalancer.dnsName.apply((dns) => `http://${dns}/`) : null,
            nlbStaticIps: nlb.staticIps,
            // To adopt them as existing allocations (nlb.eipAllocationIds) without releasing them: see README, "Safe updates".
            nlbEipAllocationIds: nlb.eips.length > 0 ? nlb.eips.map((e) => e.allocationId) : config.nlb.eipAllocationIds,
            certificateArn: certificate?.arn ?? null,
            // npm run verify: a self-signed certificate can't be trusted, only checked for TLS versions.
            albCertificateSelfSigned: certificate !== undefined && certArgs.mode === "selfSigned",
            instanceIds: web ? web.instances.map((i) => i.id) : [],
            autoScalingGroupName: fleet?.group.name ?? null,
            expectedInstances: f.mode === "autoscaling" ? f.desiredCapacity : f.instanceCount,
            // verify and the twin read it. A team workload has no greeting page (verify checks its
            // health endpoints instead): null, not a page nothing serves.
            greeting: config.workload.mode === "greeting" ? config.workload.greeting : null,
            // npm run verify: the greeting's pages, or per listener the team workload's health endpoint.
            workload: { mode: config.workload.mode, checks: listenerHealthChecks(config) },
            targetGroupArns: pulumi.output(arns()),
            logBucket: logs?.bucketName ?? null,
            webAclArn: waf?.webAclArn ?? null,
            dnsNames: records ? records.fqdns : null,
            availabilityZones: subnets.lb.map((s) => s.availabilityZone),
            // npm run verify: the ALB's response headers and authenticated routes (infra/frontDoorOutput.ts).
            frontDoor: frontDoorOutput(traffic.albListeners, config.alb.scheme === "internal"),
        };
    }
}
