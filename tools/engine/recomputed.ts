// Outputs the provider recomputes when a resource is updated in place, which other resources read:
// an input computed from one of them changes although the resource it comes from is only updated.
//
// A launch template: resourceLaunchTemplateUpdate (internal/service/ec2/ec2_launch_template.go)
// creates a new template version when any of its `updateKeys` changes, and the CustomizeDiff marks
// `latest_version` computed (unknown in a preview). An Auto Scaling group that pins
// `latestVersion` then updates to the new version, and its instance refresh rolls every instance.
// Tags, the name and the default-version settings are not in `updateKeys`: they make no version.
// A VPC: turning assign_generated_ipv6_cidr_block on or off recomputes ipv6_cidr_block, which the
// subnets' and rules' IPv6 blocks are computed from.

/** The template's inputs (pulumi names) whose change makes a new version (updateKeys). */
export const LAUNCH_TEMPLATE_VERSION_INPUTS = [
    "blockDeviceMappings", "capacityReservationSpecification", "cpuOptions", "creditSpecification", "description",
    "disableApiStop", "disableApiTermination", "ebsOptimized", "elasticGpuSpecifications", "elasticInferenceAccelerator",
    "enclaveOptions", "hibernationOptions", "iamInstanceProfile", "imageId", "instanceInitiatedShutdownBehavior",
    "instanceMarketOptions", "instanceRequirements", "instanceType", "kernelId", "keyName", "licenseSpecifications",
    "metadataOptions", "monitoring", "networkInterfaces", "placement", "privateDnsNameOptions", "ramDiskId",
    "securityGroupNames", "tagSpecifications", "userData", "vpcSecurityGroupIds",
];

export interface Recomputed {
    /** The outputs that change. */
    outputs: string[];
    /**
     * Which inputs of other resources can carry them (by name), when the resource has outputs
     * that never change too (a VPC's id): property dependencies name the resource, not the output.
     */
    readers?: RegExp;
    /** Why, for the change's entry. */
    why: string;
    source: string;
}

interface Rule {
    /** The changed top-level inputs that recompute the outputs. */
    inputs: string[];
    outputs: string[];
    readers?: RegExp;
    why: string;
    source: string;
}

const RULES: Record<string, Rule> = {
    "aws:ec2/launchTemplate:LaunchTemplate": {
        inputs: LAUNCH_TEMPLATE_VERSION_INPUTS,
        outputs: ["latestVersion", "defaultVersion"],
        why: "a new template version (latestVersion)",
        source: "internal/service/ec2/ec2_launch_template.go (resourceLaunchTemplateUpdate updateKeys; CustomizeDiff ComputedIf latest_version)",
    },
    "aws:ec2/vpc:Vpc": {
        // Turning the Amazon-provided IPv6 block on or off associates or drops it in place.
        inputs: ["assignGeneratedIpv6CidrBlock"],
        outputs: ["ipv6CidrBlock", "ipv6AssociationId"],
        readers: /ipv6/i,
        why: "a new IPv6 block (ipv6CidrBlock)",
        source: "internal/service/ec2/vpc_.go (resourceVPCCustomizeDiff SetNewComputed ipv6_cidr_block)",
    },
};

const topLevel = (p: string) => p.split(/[.[]/)[0];

/** What an update with these changed input paths recomputes, if anything. */
export function recomputedOnUpdate(type: string, changedInputs: string[]): Recomputed | undefined {
    const rule = RULES[type];
    if (!rule || !changedInputs.some((p) => rule.inputs.includes(topLevel(p)))) return undefined;
    return { outputs: rule.outputs, readers: rule.readers, why: rule.why, source: rule.source };
}
