// The web servers' instance role: Session Manager's managed policy, the workload's extra managed
// policies, and one inline policy with reads of the workload's SSM parameters and Secrets Manager
// secrets (by ARN, nothing wider) and the workload's own statements. Declared under the component
// that launches the instances (WebServers or WebFleet), so its URNs follow that component.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IamStatement, roleStatements, WorkloadConfig } from "./config";
import { named } from "./common";

export interface InstanceRoleArgs {
    /** The workload's permissions; undefined: Session Manager only. */
    workload?: WorkloadConfig;
    region: string;
    tags: Record<string, string>;
}

/** The inline policy document, or undefined when the workload asks for nothing inline. */
export function inlinePolicy(workload: WorkloadConfig | undefined, facts: { partition: string; region: string; accountId: string }): string | undefined {
    const statements: IamStatement[] = workload ? roleStatements(workload, facts) : [];
    return statements.length > 0 ? JSON.stringify({ Version: "2012-10-17", Statement: statements }) : undefined;
}

/** A stable logical name for an attached managed policy: its name, not its place in the list. */
const policyKey = (arn: string) => arn.split("/").pop()!.replace(/[^A-Za-z0-9-]/g, "-");

export function instanceProfile(name: string, parent: pulumi.Resource, args: InstanceRoleArgs): aws.iam.InstanceProfile {
    const opts = { parent };
    const role = new aws.iam.Role(`${name}-instance`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags: named(args.tags, `${name} instances`),
    }, opts);
    const partition = aws.getPartitionOutput({}, opts).partition;
    new aws.iam.RolePolicyAttachment(`${name}-ssm-core`, {
        role: role.name,
        policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
    }, opts);
    for (const arn of args.workload?.managedPolicyArns ?? []) {
        new aws.iam.RolePolicyAttachment(`${name}-policy-${policyKey(arn)}`, { role: role.name, policyArn: arn }, opts);
    }
    const accountId = aws.getCallerIdentityOutput({}, opts).accountId;
    const document = pulumi.all([partition, accountId]).apply(([p, a]) => inlinePolicy(args.workload, { partition: p, region: args.region, accountId: a }));
    if (inlinePolicy(args.workload, { partition: "aws", region: args.region, accountId: "000000000000" }) !== undefined) {
        new aws.iam.RolePolicy(`${name}-workload`, { role: role.name, policy: document.apply((d) => d!) }, opts);
    }
    return new aws.iam.InstanceProfile(`${name}-instance`, { role: role.name, tags: named(args.tags, `${name} instances`) }, opts);
}
