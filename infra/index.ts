// The web tier of the seed exercise: EC2_Web instances behind an ALB (HTTPS, listener rules)
// and an NLB (static IPs), with web_access_sg and the TG-ALB / TG-NLB target groups.
//
// Order matters: config is validated and the network is looked up (awaited) before the first
// resource is declared, so bad input fails the run before anything is created.
import { loadConfig } from "./config";
import { discoverNetwork } from "./network";
import { WebSecurity } from "./security";
import { resolveAmi, renderUserData, WebServers } from "./web";
import { instancePorts, TargetGroups } from "./targets";
import { Certificate } from "./certificate";
import { ApplicationLoadBalancer } from "./alb";
import { NetworkLoadBalancer } from "./nlb";

export = async () => {
    const config = loadConfig();
    const network = await discoverNetwork(config);
    const ami = await resolveAmi(config.amiId, config.instanceType);
    const { tags } = config;

    const security = new WebSecurity("web", {
        vpcId: network.vpcId,
        ingressCidrs: config.ingressCidrs,
        ingressIpv6Cidrs: config.ingressIpv6Cidrs,
        instancePorts: instancePorts(config),
        directInstancePorts: config.allowDirectInstanceHttp ? [config.tgAlbPort] : [],
        tags,
    });

    const web = new WebServers("web", {
        count: config.instanceCount,
        instanceType: config.instanceType,
        ami,
        subnets: network.subnets,
        securityGroupId: security.instances.id,
        associatePublicIp: config.associatePublicIp,
        detailedMonitoring: config.detailedMonitoring,
        userData: renderUserData({
            greeting: config.greeting,
            ports: instancePorts(config),
            proxyProtocolPorts: config.tgNlbProxyProtocolV2 ? [config.tgNlbPort] : [],
        }),
        tags,
    });

    const targets = new TargetGroups("web", {
        config,
        vpcId: network.vpcId,
        instanceIds: web.instances.map((i) => i.id),
    });

    const certificate = config.albHttps
        ? new Certificate("alb", { existingArn: config.albCertificateArn, region: config.region, organization: config.project, tags })
        : undefined;

    const alb = new ApplicationLoadBalancer("web", {
        config,
        subnetIds: network.subnets.map((s) => s.id),
        securityGroupId: security.webAccess.id,
        targetGroupArn: targets.alb.arn,
        certificateArn: certificate?.arn,
    });

    const nlb = new NetworkLoadBalancer("web", {
        config,
        subnets: network.subnets,
        securityGroupId: security.webAccess.id,
        targetGroupArn: targets.nlb.arn,
        existingEipPublicIps: network.existingEipPublicIps,
    });

    const albScheme = config.albHttps ? "https" : "http";
    return {
        albDnsName: alb.loadBalancer.dnsName,
        albUrl: alb.loadBalancer.dnsName.apply((dns) => `${albScheme}://${dns}/`),
        nlbDnsName: nlb.loadBalancer.dnsName,
        nlbUrl: nlb.loadBalancer.dnsName.apply((dns) => `http://${dns}/`),
        nlbStaticIps: nlb.staticIps,
        certificateArn: certificate?.arn ?? null,
        instanceIds: web.instances.map((i) => i.id),
        targetGroupArns: { alb: targets.alb.arn, nlb: targets.nlb.arn },
        availabilityZones: network.subnets.map((s) => s.availabilityZone),
    };
};
