// WebFleet: the web servers as a launch template + Auto Scaling group, registered in the web
// target groups, replaced by rolling instance refreshes and sized by a target-tracking policy.
//
// Why a refresh rolls on every AMI or user-data change: the group pins the launch template's
// latestVersion, a changed template makes a new version, and a launchTemplate change always starts
// an instance refresh (pulumi-aws Group.instanceRefresh.triggers: "A refresh will always be
// triggered by a change in any of launchConfiguration, launchTemplate, or mixedInstancesPolicy";
// with version "$Latest" it would not start). So no extra triggers are needed.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { named } from "./common";
import { instanceProfile } from "./instanceRole";
import type { WorkloadConfig } from "./config";

/** Scale on the ALB's requests per target (AWS: predefined metric ALBRequestCountPerTarget). */
export interface RequestCountScaling {
    metric: "ALBRequestCountPerTarget";
    /** Requests per target per minute to hold (> 0). */
    targetValue: number;
    /** ARN of the Application Load Balancer in front of the fleet. */
    albArn: pulumi.Input<string>;
    /**
     * ARN of the ALB target group the metric counts: the same value (string or Output, e.g. tg.arn)
     * as one of the fleet's targetGroupArns. AWS: "You can't specify a resource label unless the
     * target group is attached to the Auto Scaling group."
     */
    targetGroupArn: pulumi.Input<string>;
}

/** Scale on the group's average CPU (AWS: predefined metric ASGAverageCPUUtilization). */
export interface CpuScaling {
    metric: "ASGAverageCPUUtilization";
    /** Average CPU percentage to hold (1-100). */
    targetValue: number;
}

export type FleetScaling = RequestCountScaling | CpuScaling;

export interface InstanceRefreshArgs {
    /** Percentage of desired capacity that must stay healthy during a refresh (0-100; AWS default 90). */
    minHealthyPercentage: number;
    /**
     * Percentage of desired capacity that may be in service or pending during a refresh (100-200).
     * Above 100, new instances launch before old ones terminate. AWS: at most 100 more than
     * minHealthyPercentage. Default 100.
     */
    maxHealthyPercentage?: number;
    /** Seconds after a new instance is InService before the refresh moves on (>= 0). */
    instanceWarmup: number;
    /** Leave instances that already run the desired template version alone. */
    skipMatching: boolean;
    // No autoRollback: it cannot roll back here. The provider moves the group to the new launch
    // template version before it starts the refresh, so a "rollback" returns to the new version
    // (terraform-provider-aws#34189). A failed refresh stops at minHealthyPercentage instead, and
    // the previous version is restored by deploying it again.
}

export interface WebFleetArgs {
    /** AMI ID to launch. */
    ami: pulumi.Input<string>;
    /** EC2 instance type, e.g. t3.micro. */
    instanceType: string;
    /** User data as plain text (a shell script or cloud-config); base64-encoded here as launch
     * templates require. None for a golden AMI that starts its application itself. */
    userData?: string;
    /** Subnets the group launches into (one per AZ; private subnets in production). */
    subnetIds: pulumi.Input<string>[];
    /** Security groups of the instances' network interface. */
    securityGroupIds: pulumi.Input<string>[];
    /** Give each instance a public IPv4 address (needs public subnets; off for private instances). */
    associatePublicIp: boolean;
    /** 1-minute CloudWatch detailed monitoring. */
    detailedMonitoring: boolean;
    /**
     * The AMI's root device name; the encrypted gp3 mapping must name it, or EC2 adds a second
     * volume and leaves the root as the snapshot has it. Amazon Linux 2023: /dev/xvda (default).
     */
    rootDeviceName?: string;
    /** Root volume size in GiB; default: the AMI snapshot's size. */
    rootVolumeSize?: number;
    /** Target groups the group registers its instances in (ARNs). */
    targetGroupArns: pulumi.Input<string>[];
    /** Group size bounds and the initial desired capacity: 0 <= minSize <= desiredCapacity <= maxSize. */
    minSize: number;
    maxSize: number;
    desiredCapacity: number;
    /** Seconds after launch before failed ELB health checks count (>= 0); cover the boot and httpd install. */
    healthCheckGracePeriod: number;
    instanceRefresh: InstanceRefreshArgs;
    /** Target-tracking scaling policy; none keeps desiredCapacity fixed. */
    scaling?: FleetScaling;
    /**
     * Give the instances a role with AWS's AmazonSSMManagedInstanceCore policy, so the SSM agent
     * registers and Session Manager replaces SSH. Without it no session can be opened.
     */
    sessionManager: boolean;
    /** The workload's permissions for the instance role (with sessionManager): parameters and
     * secrets it reads, extra managed policies, inline statements. */
    workload?: WorkloadConfig;
    /** The stack's region, for the ARNs of the workload's parameters and secrets. */
    region?: string;
    /**
     * Make `pulumi up` wait, on creation, until minSize instances are healthy in every target
     * group. Only with opts.dependsOn on the listeners: a target group no listener uses reports
     * its targets "unused", never healthy, and the wait fails after 10 minutes.
     */
    waitForHealthyTargets?: boolean;
    /** Name tag of the instances and volumes (default: the component's name). */
    instanceName?: string;
    tags: Record<string, string>;
}

const ARN_RESOURCE = /^arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:(.+)$/;

/**
 * The ALBRequestCountPerTarget resource label: "the final portion of the load balancer ARN and
 * the final portion of the target group ARN, separated by a forward slash", i.e.
 * app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id> (AWS Auto Scaling API,
 * PredefinedMetricSpecification.ResourceLabel).
 */
export function requestCountResourceLabel(albArn: string, targetGroupArn: string): string {
    const lb = ARN_RESOURCE.exec(albArn)?.[1].replace(/^loadbalancer\//, "");
    const tg = ARN_RESOURCE.exec(targetGroupArn)?.[1];
    if (!lb || !/^app\/[^/]+\/[^/]+$/.test(lb)) {
        throw new Error(`ALBRequestCountPerTarget needs an Application Load Balancer ARN (…:loadbalancer/app/<name>/<id>); got ${albArn}`);
    }
    if (!tg || !/^targetgroup\/[^/]+\/[^/]+$/.test(tg)) {
        throw new Error(`ALBRequestCountPerTarget needs a target group ARN (…:targetgroup/<name>/<id>); got ${targetGroupArn}`);
    }
    return `${lb}/${tg}`;
}

/** AWS's rules for the group's numbers, as sentences naming the field. */
export function fleetArgsProblems(args: WebFleetArgs): string[] {
    const problems: string[] = [];
    const { minSize, maxSize, desiredCapacity } = args;
    if (!(Number.isInteger(minSize) && minSize >= 0 && minSize <= desiredCapacity && desiredCapacity <= maxSize && Number.isInteger(maxSize) && Number.isInteger(desiredCapacity))) {
        problems.push(`minSize, desiredCapacity and maxSize must be whole numbers with 0 <= minSize <= desiredCapacity <= maxSize; got ${minSize}, ${desiredCapacity}, ${maxSize}`);
    }
    // "User data is limited to 16 KB, in raw form, before it is base64-encoded" (EC2 user guide).
    const userDataBytes = Buffer.byteLength(args.userData ?? "", "utf8");
    if (userDataBytes > 16 * 1024) problems.push(`userData is ${userDataBytes} bytes; EC2 takes at most 16384 before base64 encoding`);
    if (!(args.healthCheckGracePeriod >= 0)) problems.push(`healthCheckGracePeriod must be >= 0 seconds; got ${args.healthCheckGracePeriod}`);
    const { minHealthyPercentage: min, maxHealthyPercentage: max = 100, instanceWarmup } = args.instanceRefresh;
    if (!(min >= 0 && min <= 100)) problems.push(`instanceRefresh.minHealthyPercentage must be 0-100; got ${min}`);
    if (!(max >= 100 && max <= 200)) problems.push(`instanceRefresh.maxHealthyPercentage must be 100-200; got ${max}`);
    // "the difference between them cannot be greater than 100" (AWS, InstanceMaintenancePolicy).
    if (max - min > 100) problems.push(`instanceRefresh.maxHealthyPercentage ${max} is more than 100 above minHealthyPercentage ${min}; AWS allows a range of at most 100`);
    if (!(instanceWarmup >= 0)) problems.push(`instanceRefresh.instanceWarmup must be >= 0 seconds; got ${instanceWarmup}`);
    if (args.scaling?.metric === "ASGAverageCPUUtilization" && !(args.scaling.targetValue > 0 && args.scaling.targetValue <= 100)) {
        problems.push(`scaling.targetValue is a CPU percentage (1-100); got ${args.scaling.targetValue}`);
    }
    if (args.scaling?.metric === "ALBRequestCountPerTarget") {
        if (!(args.scaling.targetValue > 0)) problems.push(`scaling.targetValue is requests per target per minute (> 0); got ${args.scaling.targetValue}`);
        // Compared by identity: an Output can't be read here, and the caller passes the same tg.arn twice.
        if (!args.targetGroupArns.includes(args.scaling.targetGroupArn)) problems.push("scaling.targetGroupArn must be one of targetGroupArns (the same value)");
    }
    return problems;
}

/** Launch-template booleans are strings in pulumi-aws. */
const flag = (b: boolean) => (b ? "true" : "false");

function launchTemplateArgs(name: string, args: WebFleetArgs, instanceProfileArn?: pulumi.Input<string>): aws.ec2.LaunchTemplateArgs {
    const nameTag = named(args.tags, args.instanceName ?? name);
    return {
        iamInstanceProfile: instanceProfileArn ? { arn: instanceProfileArn } : undefined,
        imageId: args.ami,
        instanceType: args.instanceType,
        userData: args.userData === undefined ? undefined : Buffer.from(args.userData, "utf8").toString("base64"),
        // IMDSv2 only; hop limit 1 keeps the credentials away from containers on the host.
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        monitoring: { enabled: args.detailedMonitoring },
        // No keyName: no SSH key pair; Session Manager is the way in.
        blockDeviceMappings: [{
            deviceName: args.rootDeviceName ?? "/dev/xvda",
            ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", volumeSize: args.rootVolumeSize },
        }],
        // The security groups go on the interface: EC2 rejects them at both levels in one launch.
        networkInterfaces: [{
            deviceIndex: 0,
            associatePublicIpAddress: flag(args.associatePublicIp),
            securityGroups: args.securityGroupIds,
            deleteOnTermination: "true",
        }],
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: nameTag })),
        // New versions become the default too, so the console shows what the group runs.
        updateDefaultVersion: true,
        tags: named(args.tags, `${args.instanceName ?? name} launch template`),
    };
}

export class WebFleet extends pulumi.ComponentResource {
    readonly launchTemplate: aws.ec2.LaunchTemplate;
    readonly group: aws.autoscaling.Group;
    readonly scalingPolicy?: aws.autoscaling.Policy;

    constructor(name: string, args: WebFleetArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything registers, so bad args fail the run with nothing half-declared.
        const problems = fleetArgsProblems(args);
        if (problems.length > 0) throw new Error(`WebFleet ${name}: ${problems.join("; ")}`);
        super("elb-web-tier:compute:WebFleet", name, {}, opts);
        const parent = { parent: this };

        if (args.workload && !(args.sessionManager && args.region)) throw new Error(`WebFleet ${name}: workload permissions need the instance role (sessionManager: true) and the region (for their ARNs)`);
        const profile = args.sessionManager ? instanceProfile(name, this, { workload: args.workload, region: args.region ?? "", tags: args.tags }) : undefined;
        this.launchTemplate = new aws.ec2.LaunchTemplate(`${name}-lt`, launchTemplateArgs(name, args, profile?.arn), parent);

        const tags = named(args.tags, args.instanceName ?? name);
        this.group = new aws.autoscaling.Group(`${name}-asg`, {
            vpcZoneIdentifiers: args.subnetIds,
            launchTemplate: { id: this.launchTemplate.id, version: this.launchTemplate.latestVersion.apply(String) },
            minSize: args.minSize,
            maxSize: args.maxSize,
            desiredCapacity: args.desiredCapacity,
            targetGroupArns: args.targetGroupArns,
            // ELB: an instance failing the target group's health check is replaced, not only unrouted.
            healthCheckType: "ELB",
            healthCheckGracePeriod: args.healthCheckGracePeriod,
            // AWS recommends the group's default warm-up "in all cases": scaling policies and
            // refreshes then both leave a new instance's first minutes out of their metrics.
            defaultInstanceWarmup: args.instanceRefresh.instanceWarmup,
            minElbCapacity: args.waitForHealthyTargets ? args.minSize : undefined,
            // The same healthy range for every replacement, not only refreshes: with a maximum
            // above 100, an unhealthy instance's replacement launches before it is terminated
            // (AWS: instance maintenance policy; both percentages must be set).
            instanceMaintenancePolicy: args.instanceRefresh.maxHealthyPercentage === undefined ? undefined : {
                minHealthyPercentage: args.instanceRefresh.minHealthyPercentage,
                maxHealthyPercentage: args.instanceRefresh.maxHealthyPercentage,
            },
            instanceRefresh: {
                strategy: "Rolling",
                preferences: {
                    minHealthyPercentage: args.instanceRefresh.minHealthyPercentage,
                    maxHealthyPercentage: args.instanceRefresh.maxHealthyPercentage,
                    instanceWarmup: String(args.instanceRefresh.instanceWarmup),
                    skipMatching: args.instanceRefresh.skipMatching,
                },
            },
            tags: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
        }, {
            parent: this,
            // With a scaling policy, AWS owns the desired capacity after creation: setting it on
            // every `pulumi up` would undo a scale-out in the middle of a traffic peak. So
            // desiredCapacity is the initial size, and a later change to it is ignored (raise
            // minSize to force more). Without a policy, desiredCapacity stays managed here.
            ignoreChanges: args.scaling ? ["desiredCapacity"] : [],
        });

        if (args.scaling) this.scalingPolicy = this.targetTracking(name, args.scaling);
        this.registerOutputs({ groupName: this.group.name, launchTemplateId: this.launchTemplate.id });
    }

    private targetTracking(name: string, scaling: FleetScaling): aws.autoscaling.Policy {
        const resourceLabel = scaling.metric === "ALBRequestCountPerTarget"
            ? pulumi.all([scaling.albArn, scaling.targetGroupArn]).apply(([alb, tg]) => requestCountResourceLabel(alb, tg))
            : undefined;
        return new aws.autoscaling.Policy(`${name}-scaling`, {
            autoscalingGroupName: this.group.name,
            policyType: "TargetTrackingScaling",
            targetTrackingConfiguration: {
                predefinedMetricSpecification: { predefinedMetricType: scaling.metric, resourceLabel },
                targetValue: scaling.targetValue,
            },
        }, { parent: this });
    }
}
