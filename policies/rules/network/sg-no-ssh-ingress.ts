import { ResourceValidationPolicy } from "@pulumi/policy";
import { CIDR_SCHEMA_PATTERN } from "../../facts/cidr";
import { checkEach } from "../util";
import { RuleDefinition } from "../meta";
import { forEachSource, ingressRulesOf, opensAdminPort, SECURITY_GROUP_ID_PATTERN, SshConfig, sshMessage, sshSourceProblem } from "./shared";

export const noSshIngress: ResourceValidationPolicy = {
    name: "sg-no-ssh-ingress",
    description: "Security groups must not allow SSH (port 22) from any source except the bastions named in the policy " +
        "config: a web tier is administered through SSM Session Manager, and every SSH path (from the internet, the VPC, " +
        "a peer group or a prefix list) is a way around the load balancer and its audit trail.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedBastionCidrs: {
                type: "array",
                items: { type: "string", pattern: CIDR_SCHEMA_PATTERN },
                uniqueItems: true,
                default: [],
                description: "CIDRs (IPv4 or IPv6) of bastion hosts or a VPN that may reach port 22; a rule's CIDR must lie " +
                    "inside one of them. Internet-wide blocks (0.0.0.0/0, ::/0, public /8 or wider) never count.",
            },
            allowedBastionSecurityGroupIds: {
                type: "array",
                items: { type: "string", pattern: SECURITY_GROUP_ID_PATTERN },
                uniqueItems: true,
                default: [],
                description: "IDs of bastion security groups that may reach port 22 (securityGroups, sourceSecurityGroupId, " +
                    "referencedSecurityGroupId).",
            },
        },
    },
    validateResource: (args, report) => {
        const config = args.getConfig<SshConfig>();
        checkEach(ingressRulesOf(args.type, args.props), rule => {
            if (!opensAdminPort(rule, 22)) {
                return;
            }
            const problems: string[] = [];
            try {
                forEachSource(rule, source => {
                    const problem = sshSourceProblem(source, config);
                    if (problem) {
                        problems.push(`${source.prop} ${source.value} (${problem})`);
                    }
                });
            } finally {
                // Also when a source was unknown: the known forbidden ones are still reported.
                if (problems.length > 0) {
                    report(sshMessage(rule, problems));
                }
            }
        });
    },
};

export const rule: RuleDefinition = {
    policy: noSshIngress,
    severity: "critical",
    resources: "security groups (inline ingress), `aws.ec2.SecurityGroupRule`, `aws.vpc.SecurityGroupIngressRule`",
    equivalents: {
        securityHub: ["EC2.13", "EC2.19", "EC2.53", "EC2.54"],
        checkov: ["CKV_AWS_24"],
        cdkNag: ["EC2RestrictedSSH"],
        others: ["trivy AVD-AWS-0107", "CIS AWS 5.2/5.3"],
    },
    securityHubNote: "EC2.13: 0.0.0.0/0 and ::/0 to port 22, EC2.19: high-risk ports; stricter: any source",
    rationale: "Stricter than every catalog on purpose: the seed's design says \"no SSH ingress\", from any source, unless the source is a bastion the policy config names.",
};
