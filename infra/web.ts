// EC2_Web: the seed's web servers. User data installs httpd and writes the greeting page.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Subnet } from "./network";
import { named } from "./common";

/** Graviton instance families (a1, t4g, m7g, c6gn, ...) run arm64 AMIs; everything else x86_64. */
export function architectureOf(instanceType: string): "arm64" | "x86_64" {
    const family = instanceType.split(".")[0];
    return family === "a1" || /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** The current Amazon Linux 2023 AMI for the instance type, from AWS's public SSM parameter. */
export async function resolveAmi(amiId: string, instanceType: string): Promise<string> {
    if (amiId) return amiId;
    const name = `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architectureOf(instanceType)}`;
    return (await aws.ssm.getParameter({ name })).value;
}

export interface UserDataArgs {
    greeting: string;
    /** Every port httpd must listen on (target and health-check ports of the instance groups). */
    ports: number[];
    /** The ports that receive a proxy protocol v2 header (a subset of ports). */
    proxyProtocolPorts: number[];
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Safe inside bash double quotes: only \\ " $ and ` are special there. */
const escapeBashDoubleQuoted = (s: string) => s.replace(/[\\"$`]/g, (c) => `\\${c}`);

function httpdPortConfig(args: UserDataArgs): string[] {
    // httpd listens on 80 out of the box; add other ports, and read the proxy protocol v2 header
    // (mod_remoteip, loaded by default) on the ports whose target group sends it.
    const extraPorts = [...new Set(args.ports)].filter((p) => p !== 80).sort((a, b) => a - b);
    const pp = [...new Set(args.proxyProtocolPorts)].sort((a, b) => a - b);
    const lines = [
        ...extraPorts.map((p) => `Listen ${p}`),
        ...pp.flatMap((p) => [`<VirtualHost *:${p}>`, "    RemoteIPProxyProtocol On", "</VirtualHost>"]),
    ];
    if (lines.length === 0) return [];
    return ["cat > /etc/httpd/conf.d/elb-web-tier.conf <<'CONF'", ...lines, "CONF"];
}

/** The seed's user data, kept line for line, with the greeting escaped for bash and HTML. */
export function renderUserData(args: UserDataArgs): string {
    const greeting = escapeBashDoubleQuoted(escapeHtml(args.greeting));
    return [
        "#!/bin/bash",
        "set -euo pipefail",
        "yum update -y",
        "yum install httpd -y",
        ...httpdPortConfig(args),
        "systemctl enable httpd.service",
        "systemctl start httpd.service",
        "cd /var/www/html",
        `echo "${greeting} $(hostname -f)" > index.html`,
        "",
    ].join("\n");
}

export interface WebServersArgs {
    count: number;
    instanceType: string;
    ami: string;
    subnets: Subnet[];
    securityGroupId: pulumi.Input<string>;
    associatePublicIp: boolean;
    detailedMonitoring: boolean;
    userData: string;
    tags: Record<string, string>;
}

export class WebServers extends pulumi.ComponentResource {
    readonly instances: aws.ec2.Instance[];

    constructor(name: string, args: WebServersArgs, opts?: pulumi.ComponentResourceOptions) {
        // v1 named this component "web"; its children keep their URNs (a URN holds the parent's type only).
        super("elb-web-tier:compute:WebServers", name, {}, { aliases: [{ name: "web" }], ...opts });
        this.instances = Array.from({ length: args.count }, (_, i) =>
            new aws.ec2.Instance(`${name}-${i + 1}`, {
                ami: args.ami,
                instanceType: args.instanceType,
                // Round-robin across AZs, so the loss of one AZ leaves the others serving.
                subnetId: args.subnets[i % args.subnets.length].id,
                vpcSecurityGroupIds: [args.securityGroupId],
                associatePublicIpAddress: args.associatePublicIp,
                monitoring: args.detailedMonitoring,
                userData: args.userData,
                // User data runs only at first boot: a new greeting needs a new instance.
                userDataReplaceOnChange: true,
                metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { encrypted: true, volumeType: "gp3", deleteOnTermination: true, tags: named(args.tags, name) },
                tags: named(args.tags, name),
            }, { parent: this }));
        this.registerOutputs({ instanceIds: this.instances.map((i) => i.id) });
    }
}
