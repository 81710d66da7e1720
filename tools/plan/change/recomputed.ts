// Outputs the provider recomputes when a resource is updated in place, which other resources read:
// an input computed from one of them changes although the resource it comes from is only updated.
//
// A launch template: resourceLaunchTemplateUpdate (internal/service/ec2/ec2_launch_template.go)
// creates a new template version when any of its `updateKeys` changes, and the CustomizeDiff marks
// `latest_version` computed (unknown in a preview). An Auto Scaling group that pins
// `latestVersion` then updates to the new version, and its instance refresh rolls every instance.
// Tags, the name and the default-version settings are not in `updateKeys`: they make no version.

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
    /** Why, for the change's entry. */
    why: string;
    source: string;
}

interface Rule {
    /** The changed top-level inputs that recompute the outputs. */
    inputs: string[];
    outputs: string[];
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
};

const topLevel = (p: string) => p.split(/[.[]/)[0];

/** What an update with these changed input paths recomputes, if anything. */
export function recomputedOnUpdate(type: string, changedInputs: string[]): Recomputed | undefined {
    const rule = RULES[type];
    if (!rule || !changedInputs.some((p) => rule.inputs.includes(topLevel(p)))) return undefined;
    return { outputs: rule.outputs, why: rule.why, source: rule.source };
}
