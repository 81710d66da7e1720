// EC2_Web: the seed's web servers. User data installs httpd and writes the greeting page.
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Subnet } from "./network";
import { teamUserData, templateValues, WebTierConfig } from "./config";
import { named } from "./common";
import { instanceProfile, InstanceRoleArgs } from "./instanceRole";
import { v1Options } from "./aliases";

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

/** A golden AMI from workload.image: the ID, or the SSM parameter's value now (it floats). */
export async function resolveImage(image: string): Promise<string> {
    if (image.startsWith("ami-")) return image;
    return (await aws.ssm.getParameter({ name: image })).value;
}

/**
 * The workload's user data: the greeting's script, the team's file rendered from its template,
 * or none for a golden AMI. loadConfig has checked the file; a problem here is a bug.
 */
export function workloadUserData(c: WebTierConfig, greeting: Omit<UserDataArgs, "greeting">): string | undefined {
    const w = c.workload;
    if (w.mode === "greeting") return renderUserData({ greeting: w.greeting, ...greeting });
    if (w.mode === "ami") return undefined;
    const r = teamUserData(w, templateValues(c, c.traffic, c));
    if (!r.ok) throw new Error(`workload.userData ${w.userData}: ${r.problems.join("; ")}`);
    return r.userData.text;
}

export interface UserDataArgs {
    /** Shown on the page, followed by the host name. Escaped here; pass it as the user typed it. */
    greeting: string;
    /** Every port httpd must listen on: the target and health-check ports of the instance target
     * groups. httpd listens on 80 out of the box. Duplicates are fine. */
    ports: number[];
    /** The ports that receive a proxy protocol v2 header (a subset of `ports`): httpd then requires
     * the header on every connection to them, health checks included. */
    proxyProtocolPorts: number[];
    /** Also write /healthz (a page that says ok), for target groups that check that path. */
    healthPage?: boolean;
}

/** The page text as a browser shows it is the greeting itself: escape what HTML would interpret. */
export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** Safe inside bash double quotes: only \ " $ and ` are special there. */
const escapeBashDoubleQuoted = (s: string) => s.replace(/[\\"$`]/g, (c) => `\\${c}`);

const TEMPLATE_FILE = path.join(__dirname, "user-data.sh");
const PLACEHOLDERS = { httpdPorts: "__HTTPD_PORTS__", greeting: "__GREETING__", healthPage: "__HEALTH_PAGE__" } as const;
let template: string | undefined;

/** The template without its "# " comment lines, read once per process and checked to hold each
 * placeholder exactly once. */
function userDataTemplate(): string {
    if (template !== undefined) return template;
    const text = fs.readFileSync(TEMPLATE_FILE, "utf8").split("\n").filter((l) => !l.startsWith("# ")).join("\n");
    for (const p of Object.values(PLACEHOLDERS)) {
        if (text.split(p).length !== 2) throw new Error(`${TEMPLATE_FILE}: ${p} must appear exactly once`);
    }
    template = text;
    return text;
}

function checkPorts(args: UserDataArgs): void {
    const bad = [...args.ports, ...args.proxyProtocolPorts].filter((p) => !Number.isInteger(p) || p < 1 || p > 65535);
    if (bad.length > 0) throw new Error(`user data: ports must be integers 1-65535, got ${bad.join(", ")}`);
    const stray = args.proxyProtocolPorts.filter((p) => !args.ports.includes(p));
    if (stray.length > 0) throw new Error(`user data: proxy protocol ports ${stray.join(", ")} are not in ports ${args.ports.join(", ")}`);
}

/** httpd config lines for the ports. Sorted and de-duplicated, so the same set of ports always
 * renders the same user data (a change of user data replaces the instances). */
function httpdPortLines(args: UserDataArgs): string[] {
    const sorted = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b);
    // Amazon Linux's httpd.conf has `Listen 80`; a second Listen for the same port fails to start.
    const listen = sorted(args.ports).filter((p) => p !== 80).map((p) => `Listen ${p}`);
    // mod_remoteip is loaded by default on Amazon Linux; RemoteIPProxyProtocol (httpd >= 2.4.31,
    // server config or virtual host context) makes every connection to that address:port start
    // with a proxy protocol header.
    const proxyProtocol = sorted(args.proxyProtocolPorts).flatMap((p) => [`<VirtualHost *:${p}>`, "    RemoteIPProxyProtocol On", "</VirtualHost>"]);
    const lines = [...listen, ...proxyProtocol];
    if (lines.length === 0) return [];
    return ["cat > /etc/httpd/conf.d/elb-web-tier.conf <<'CONF'", ...lines, "CONF"];
}

/** The seed's user data from infra/user-data.sh, line for line, with the httpd config for the
 * ports and the greeting escaped for bash and HTML. */
export function renderUserData(args: UserDataArgs): string {
    checkPorts(args);
    const portLines = httpdPortLines(args);
    // The script is already in /var/www/html; httpd answers /healthz with this file.
    const healthLines = args.healthPage ? ["echo ok > healthz"] : [];
    const lines = userDataTemplate().split("\n").flatMap((l) => (l === PLACEHOLDERS.httpdPorts ? portLines : l === PLACEHOLDERS.healthPage ? healthLines : [l]));
    const greeting = escapeBashDoubleQuoted(escapeHtml(args.greeting));
    // A function replacement: a greeting with "$&" or "$1" must not be read as a pattern.
    return lines.join("\n").replace(PLACEHOLDERS.greeting, () => greeting);
}

export interface WebServersArgs {
    count: number;
    instanceType: string;
    ami: string;
    subnets: Subnet[];
    securityGroupId: pulumi.Input<string>;
    associatePublicIp: boolean;
    detailedMonitoring: boolean;
    /** None: a golden AMI that starts its application itself. */
    userData?: string;
    /** An instance role (Session Manager and the workload's permissions); none by default, as the seed's. */
    role?: Omit<InstanceRoleArgs, "tags">;
    tags: Record<string, string>;
}

/** Where an instance goes: its AZ's subnet, and a key stable while that AZ stays. */
export interface Placement {
    /** <az>-<n>: the n-th instance in that AZ. */
    key: string;
    subnet: Subnet;
    /** The instance's number under v1's round-robin naming (EC2_Web-<n>), for its alias. */
    v1Number: number;
}

/**
 * Spreads `count` instances over the AZs (in AZ order, the first AZs take the remainder) and keys
 * each by its AZ, so adding or removing an AZ moves only that AZ's instances. The n-th instance
 * in AZ j is the one v1's round-robin numbered (n-1) * azCount + j + 1.
 */
export function placeInstances(count: number, subnets: Subnet[]): Placement[] {
    return Array.from({ length: count }, (_, i) => {
        const j = i % subnets.length;
        const n = Math.floor(i / subnets.length) + 1;
        return { key: `${subnets[j].availabilityZone}-${n}`, subnet: subnets[j], v1Number: i + 1 };
    }).sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }));
}

export class WebServers extends pulumi.ComponentResource {
    readonly instances: aws.ec2.Instance[];
    /** Per instance: its placement key (EC2_Web-<az>-<n> is its name) and v1's name, for aliases. */
    readonly placements: Placement[];

    constructor(name: string, args: WebServersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:compute:WebServers", name, {}, pulumi.mergeOptions(v1Options("webServers"), opts));
        this.placements = placeInstances(args.count, args.subnets);
        // "User data is limited to 16 KB, in raw form, before it is base64-encoded" (EC2 user guide).
        const size = Buffer.byteLength(args.userData ?? "", "utf8");
        if (size > 16 * 1024) throw new Error(`WebServers ${name}: userData is ${size} bytes; EC2 takes at most 16384 before base64 encoding`);
        const profile = args.role ? instanceProfile(name, this, { ...args.role, tags: args.tags }) : undefined;
        this.instances = this.placements.map((p) =>
            new aws.ec2.Instance(`${name}-${p.key}`, {
                ami: args.ami,
                instanceType: args.instanceType,
                // Spread across AZs, so the loss of one AZ leaves the others serving.
                subnetId: p.subnet.id,
                vpcSecurityGroupIds: [args.securityGroupId],
                associatePublicIpAddress: args.associatePublicIp,
                monitoring: args.detailedMonitoring,
                iamInstanceProfile: profile?.name,
                userData: args.userData,
                // User data runs only at first boot: a new greeting or workload needs a new instance.
                userDataReplaceOnChange: true,
                metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { encrypted: true, volumeType: "gp3", deleteOnTermination: true, tags: named(args.tags, name) },
                tags: named(args.tags, name),
            }, pulumi.mergeOptions({ parent: this }, v1Options("instance", { component: name, v1Number: p.v1Number }))));
        this.registerOutputs({ instanceIds: this.instances.map((i) => i.id) });
    }
}
