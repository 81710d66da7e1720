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

/**
 * The canonical hosted zone of load balancers by Region (an alias record to a load balancer must
 * name it): AWS "Elastic Load Balancing endpoints and quotas"; terraform-provider-aws
 * elbv2/hosted_zone_id_data_source.go has the same tables. ALBs and NLBs differ.
 */
export const ALB_HOSTED_ZONE_IDS: Readonly<Record<string, string>> = {
    "af-south-1": "Z268VQBMOI5EKX",
    "ap-east-1": "Z3DQVH9N71FHZ0",
    "ap-northeast-1": "Z14GRHDCWA56QT",
    "ap-northeast-2": "ZWKZPGTI48KDX",
    "ap-northeast-3": "Z5LXEXXYW11ES",
    "ap-south-1": "ZP97RAFLXTNZK",
    "ap-south-2": "Z0173938T07WNTVAEPZN",
    "ap-southeast-1": "Z1LMS91P8CMLE5",
    "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-southeast-3": "Z08888821HLRG5A9ZRTER",
    "ap-southeast-4": "Z09517862IB2WZLPXG76F",
    "ca-central-1": "ZQSVJUPU6J1EY",
    "ca-west-1": "Z06473681N0SF6OS049SD",
    "cn-north-1": "Z1GDH35T77C1KE",
    "cn-northwest-1": "ZM7IZAIOVVDZF",
    "eu-central-1": "Z215JYRZR1TBD5",
    "eu-central-2": "Z06391101F2ZOEP8P5EB3",
    "eu-north-1": "Z23TAZ6LKFMNIO",
    "eu-south-1": "Z3ULH7SSC9OV64",
    "eu-south-2": "Z0956581394HF5D5LXGAP",
    "eu-west-1": "Z32O12XQLNTSW2",
    "eu-west-2": "ZHURV8PSTC4K8",
    "eu-west-3": "Z3Q77PNBQS71R4",
    "il-central-1": "Z09170902867EHPV2DABU",
    "me-central-1": "Z08230872XQRWHG2XF6I",
    "me-south-1": "ZS929ML54UICD",
    "sa-east-1": "Z2P70J7HTTTPLU",
    "us-east-1": "Z35SXDOTRQ7X7K",
    "us-east-2": "Z3AADJGX6KTTL2",
    "us-gov-east-1": "Z166TLBEWOO7G0",
    "us-gov-west-1": "Z33AYJ8TM3BH4J",
    "us-west-1": "Z368ELLRRE2KJ0",
    "us-west-2": "Z1H1FL5HABSF5",
};

export const NLB_HOSTED_ZONE_IDS: Readonly<Record<string, string>> = {
    "af-south-1": "Z203XCE67M25HM",
    "ap-east-1": "Z12Y7K3UBGUAD1",
    "ap-northeast-1": "Z31USIVHYNEOWT",
    "ap-northeast-2": "ZIBE1TIR4HY56",
    "ap-northeast-3": "Z1GWIQ4HH19I5X",
    "ap-south-1": "ZVDDRBQ08TROA",
    "ap-south-2": "Z0711778386UTO08407HT",
    "ap-southeast-1": "ZKVM4W9LS7TM",
    "ap-southeast-2": "ZCT6FZBF4DROD",
    "ap-southeast-3": "Z01971771FYVNCOVWJU1G",
    "ap-southeast-4": "Z01156963G8MIIL7X90IV",
    "ca-central-1": "Z2EPGBW3API2WT",
    "ca-west-1": "Z02754302KBB00W2LKWZ9",
    "cn-north-1": "Z3QFB96KMJ7ED6",
    "cn-northwest-1": "ZQEIKTCZ8352D",
    "eu-central-1": "Z3F0SRJ5LGBH90",
    "eu-central-2": "Z02239872DOALSIDCX66S",
    "eu-north-1": "Z1UDT6IFJ4EJM",
    "eu-south-1": "Z23146JA1KNAFP",
    "eu-south-2": "Z1011216NVTVYADP1SSV",
    "eu-west-1": "Z2IFOLAFXWLO4F",
    "eu-west-2": "ZD4D7Y8KGAS4G",
    "eu-west-3": "Z1CMS0P5QUZ6D5",
    "il-central-1": "Z0313266YDI6ZRHTGQY4",
    "me-central-1": "Z00282643NTTLPANJJG2P",
    "me-south-1": "Z3QSRYVP46NYYV",
    "sa-east-1": "ZTK26PT1VY4CU",
    "us-east-1": "Z26RNL4JYFTOTI",
    "us-east-2": "ZLMOA37VPKANP",
    "us-gov-east-1": "Z1ZSMQQ6Q24QQ8",
    "us-gov-west-1": "ZMG1MZ2THAWF1",
    "us-west-1": "Z24FKFUX50B4VW",
    "us-west-2": "Z18D5FSROUN65G",
};

/** The canonical hosted zone of a load balancer of this type ("application" or "network") in a Region. */
export function canonicalHostedZone(kind: string, region: string): string | undefined {
    return (kind === "network" ? NLB_HOSTED_ZONE_IDS : kind === "application" ? ALB_HOSTED_ZONE_IDS : {})[region];
}

/**
 * The type and Region an ELB DNS name tells: "<name>-<id>.<region>.elb.amazonaws.com" (ALB),
 * "<name>-<id>.elb.<region>.amazonaws.com" (NLB), ".com.cn" in China.
 */
export function elbDnsNameFacts(dnsName: string): { kind: "application" | "network"; region: string } | undefined {
    const name = dnsName.trim().toLowerCase().replace(/\.$/, "").replace(/^dualstack\./, "");
    const alb = /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com(?:\.cn)?$/.exec(name);
    if (alb) return { kind: "application", region: alb[1] };
    const nlb = /\.elb\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?$/.exec(name);
    return nlb ? { kind: "network", region: nlb[1] } : undefined;
}
