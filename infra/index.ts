// The web tier of the seed exercise: EC2_Web instances behind an ALB (HTTPS, listener rules)
// and an NLB (static IPs), with web_access_sg and the TG-ALB / TG-NLB target groups, plus the
// target groups, listeners and rules a stack adds.
//
// Order matters: config is validated and the network is looked up (awaited) before the first
// resource is declared, so bad input fails the run before anything is created.
import * as pulumi from "@pulumi/pulumi";
import { loadConfig, TargetGroupSpec } from "./config";
import { discoverNetwork } from "./network";
import { WebSecurity } from "./security";
import { trafficFlows } from "./flows";
import { resolveAmi, renderUserData, WebServers } from "./web";
import { WebTargetGroup } from "./targets";
import { Certificate } from "./certificate";
import { ApplicationLoadBalancer } from "./alb";
import { NetworkLoadBalancer } from "./nlb";
import { accessLogs } from "./common";

export = async () => {
    const config = loadConfig();
    const network = await discoverNetwork(config);
    const ami = await resolveAmi(config.amiId, config.instanceType);
    const { tags, traffic } = config;
    const flows = trafficFlows(traffic);
    const tgAlb = traffic.targetGroups.find((g) => g.name === "TG-ALB");

    const security = new WebSecurity("web", {
        vpcId: network.vpcId,
        ingressCidrs: config.ingressCidrs,
        ingressIpv6Cidrs: config.ingressIpv6Cidrs,
        listenerFlows: flows.listenerFlows,
        instanceFlows: flows.instanceFlows,
        ipTargetFlows: flows.ipTargetFlows,
        albTargetPorts: flows.albTargetPorts,
        directInstancePorts: config.allowDirectInstanceHttp && tgAlb?.port ? [tgAlb.port] : [],
        tags,
    });

    const web = new WebServers("EC2_Web", {
        count: config.instanceCount,
        instanceType: config.instanceType,
        ami,
        subnets: network.subnets,
        securityGroupId: security.instances.id,
        associatePublicIp: config.associatePublicIp,
        detailedMonitoring: config.detailedMonitoring,
        userData: renderUserData({ greeting: config.greeting, ports: flows.httpdPorts, proxyProtocolPorts: flows.proxyProtocolPorts }),
        tags,
    });
    const instances = web.instances.map((i, n) => ({ key: `EC2_Web-${web.placements[n].key}`, v1Key: `EC2_Web-${web.placements[n].v1Number}`, id: i.id }));

    const group = (spec: TargetGroupSpec, alb?: ConstructorParameters<typeof WebTargetGroup>[1]["alb"]) =>
        new WebTargetGroup(spec.name, { spec, vpcId: network.vpcId, instances, alb, tags });
    const groups = new Map(traffic.targetGroups.filter((g) => g.targetType !== "alb").map((g) => [g.name, group(g)]));
    const arns = () => Object.fromEntries([...groups].map(([n, g]) => [n, g.targetGroup.arn]));

    const needsCertificate = [...traffic.albListeners, ...traffic.nlbListeners].some((l) => (l.protocol === "HTTPS" || l.protocol === "TLS") && !l.certificateArn);
    const certificate = needsCertificate
        ? new Certificate("alb", { existingArn: config.certificateArn, region: config.region, organization: config.project, tags })
        : undefined;

    const alb = new ApplicationLoadBalancer("ALB", {
        subnetIds: network.subnets.map((s) => s.id),
        securityGroupId: security.webAccess.id,
        ipAddressType: config.albIpAddressType,
        dropInvalidHeaderFields: config.albDropInvalidHeaderFields,
        desyncMitigationMode: config.albDesyncMitigationMode,
        idleTimeout: config.albIdleTimeout,
        deletionProtection: config.albDeletionProtection,
        accessLogs: accessLogs(config.albAccessLogsBucket, config.albAccessLogsPrefix),
        listeners: traffic.albListeners,
        targetGroupArns: arns(),
        defaultCertificateArn: certificate?.arn,
        tags,
    });

    // alb target groups register the ALB, which must already listen on the group's port.
    for (const spec of traffic.targetGroups.filter((g) => g.targetType === "alb")) {
        const listener = alb.listeners[traffic.albListeners.find((l) => l.port === spec.port)!.key];
        groups.set(spec.name, group(spec, { arn: alb.loadBalancer.arn, listener }));
    }

    const nlb = new NetworkLoadBalancer("NLB", {
        subnets: network.subnets,
        securityGroupId: security.webAccess.id,
        crossZone: config.nlbCrossZone,
        deletionProtection: config.nlbDeletionProtection,
        accessLogs: accessLogs(config.nlbAccessLogsBucket, config.nlbAccessLogsPrefix),
        eipAllocationIds: config.nlbEipAllocationIds,
        existingEipPublicIps: network.existingEipPublicIps,
        listeners: traffic.nlbListeners,
        targetGroupArns: arns(),
        defaultCertificateArn: certificate?.arn,
        tags,
    });

    const https443 = traffic.albListeners.some((l) => l.protocol === "HTTPS" && l.port === 443);
    const http80 = traffic.albListeners.some((l) => l.protocol === "HTTP" && l.port === 80);
    const nlbTcp80 = traffic.nlbListeners.some((l) => l.protocol === "TCP" && l.port === 80);
    return {
        albDnsName: alb.loadBalancer.dnsName,
        albUrl: https443 || http80 ? alb.loadBalancer.dnsName.apply((dns) => `${https443 ? "https" : "http"}://${dns}/`) : null,
        nlbDnsName: nlb.loadBalancer.dnsName,
        nlbUrl: nlbTcp80 ? nlb.loadBalancer.dnsName.apply((dns) => `http://${dns}/`) : null,
        nlbStaticIps: nlb.staticIps,
        certificateArn: certificate?.arn ?? null,
        instanceIds: web.instances.map((i) => i.id),
        greeting: config.greeting,
        targetGroupArns: pulumi.output(arns()),
        availabilityZones: network.subnets.map((s) => s.availabilityZone),
    };
};
