// AWS facts about Elastic Load Balancing log delivery, shared by the program and the pack (the
// pack ships policies/ alone, so this module imports nothing outside it).
//
// "Enable access logs for your Application Load Balancer", Step 2: in the Regions AWS lists with
// an Elastic Load Balancing account ID, the bucket policy grants s3:PutObject to that account's
// root; in every other Region (those available from August 2022), to the service principal
// logdelivery.elasticloadbalancing.amazonaws.com. NLB access logs: delivery.logs.amazonaws.com.

/**
 * Elastic Load Balancing account IDs by Region, as AWS lists them for ALB access logs (the
 * Regions available before August 2022, plus China and GovCloud; AWS CDK's region-info
 * ELBV2_ACCOUNTS has the same entries). A Region not here uses the log-delivery service principal.
 */
export const ELB_ACCOUNT_IDS: Readonly<Record<string, string>> = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580",
    "ap-south-1": "718504428378",
    "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-gov-west-1": "048591011584",
    "us-gov-east-1": "190560391635",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
};

export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";
export const LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";

/** The ARN partition of a Region: ARNs and service principals differ in China and GovCloud. */
export function arnPartition(region: string): "aws" | "aws-cn" | "aws-us-gov" {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** Who writes ALB access and connection logs in a Region: its ELB account's root, or the service principal. */
export function albLogPrincipal(region: string): { AWS: string } | { Service: string } {
    const account = ELB_ACCOUNT_IDS[region];
    return account ? { AWS: `arn:${arnPartition(region)}:iam::${account}:root` } : { Service: ELB_LOG_DELIVERY_SERVICE };
}

/** The Region whose ELB account this is, if it is one (the table is one account per Region). */
export function regionOfElbAccount(account: string): string | undefined {
    return Object.entries(ELB_ACCOUNT_IDS).find(([, id]) => id === account)?.[0];
}
