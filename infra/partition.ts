// The ARN partition of a region: ARNs and service principals differ in China and GovCloud.
export function arnPartition(region: string): "aws" | "aws-cn" | "aws-us-gov" {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}
