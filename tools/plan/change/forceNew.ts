// Which input changes replace a resource: the provider's force-new properties per type.
//
// pulumi-aws bridges terraform-provider-aws: a Terraform attribute with `ForceNew: true` (SDKv2
// schemas) or a `RequiresReplace()` plan modifier (framework schemas) becomes a replacement in
// `pulumi preview`. Paths are Pulumi input names; "a.b" is a nested field (a MaxItems-1 block is an
// object in Pulumi), and an entry covers everything under it. Sources are files of
// hashicorp/terraform-provider-aws unless another repository is named. CustomizeDiff rules that
// force a replacement beyond the schema are in ./customizeDiff.ts.
//
// Every type the program can declare has an entry (test/plan/changeForceNew.test.ts walks every
// `new aws.*`/`new tls.*` in infra/ and every type the repository's stacks register): a type
// missing here would be taken as updated in place whatever changes. Read in the source: the
// ELBv2 files (load_balancer.go, target_group.go, target_group_attachment.go, listener_rule.go,
// trust_store_revocation.go), ec2_eip.go, vpc_security_group.go, vpc_default_security_group.go,
// vpc_flow_log.go, vpc_route_table_association.go, vpc_.go, vpc_subnet.go, vpc_nat_gateway.go,
// vpc_route.go, vpc_endpoint.go, ec2_launch_template.go, ec2_instance.go's CustomizeDiff,
// autoscaling/group.go, route53/record.go, logs/group.go, the IAM files (role.go, role_policy.go,
// role_policy_attachment.go, instance_profile.go), wafv2/web_acl_logging_configuration.go and
// acm/certificate.go. Check a type's file before adding an entry.
import { isUnder } from "./diff";
import { canonicalType } from "../resources";

export interface ForceNewEntry {
    /** Where the rule is written. */
    source: string;
    /** Input paths whose change replaces the resource. */
    forceNew: string[];
    /**
     * The input Pulumi auto-names (pulumi-aws resources.go). Set explicitly, a replacement must
     * delete first, or the new resource would take a name the old one still has
     * (pulumi-terraform-bridge pkg/tfbridge/schema.go, nameRequiresDeleteBeforeReplace).
     */
    autoName?: string;
}

const ELBV2 = "internal/service/elbv2";
const EC2 = "internal/service/ec2";

/** S3 bucket sub-resources (v7 names): the bucket (and, where the resource has one, its expected owner) picks the bucket they configure. */
const bucketPart = (file: string, owner = true): ForceNewEntry => ({ source: `internal/service/s3/${file}`, forceNew: owner ? ["bucket", "expectedBucketOwner"] : ["bucket"] });

export const FORCE_NEW: Record<string, ForceNewEntry> = {
    "aws:lb/loadBalancer:LoadBalancer": {
        source: `${ELBV2}/load_balancer.go`,
        forceNew: ["name", "namePrefix", "internal", "loadBalancerType", "customerOwnedIpv4Pool"],
        autoName: "name",
    },
    "aws:lb/listener:Listener": {
        source: `${ELBV2}/listener.go`,
        forceNew: ["loadBalancerArn"],
    },
    "aws:lb/listenerRule:ListenerRule": {
        source: `${ELBV2}/listener_rule.go`,
        forceNew: ["listenerArn"],
    },
    "aws:lb/targetGroup:TargetGroup": {
        source: `${ELBV2}/target_group.go`,
        forceNew: ["name", "namePrefix", "port", "protocol", "protocolVersion", "targetType", "ipAddressType", "vpcId"],
        autoName: "name",
    },
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": {
        // No Update function: every argument is ForceNew.
        source: `${ELBV2}/target_group_attachment.go`,
        forceNew: ["targetGroupArn", "targetId", "port", "availabilityZone"],
    },
    "aws:lb/listenerCertificate:ListenerCertificate": {
        source: `${ELBV2}/listener_certificate.go`,
        forceNew: ["listenerArn", "certificateArn"],
    },
    "aws:lb/trustStore:TrustStore": {
        source: `${ELBV2}/trust_store.go`,
        forceNew: ["name", "namePrefix"],
        autoName: "name",
    },
    "aws:ec2/instance:Instance": {
        // userData replaces only with userDataReplaceOnChange (customizeDiff.ts).
        source: `${EC2}/ec2_instance.go`,
        forceNew: [
            "ami", "availabilityZone", "subnetId", "privateIp", "associatePublicIpAddress", "keyName", "tenancy",
            "hostId", "placementGroup", "placementPartitionNumber", "ipv6AddressCount", "ipv6Addresses", "networkInterfaces",
            "ebsBlockDevices", "ephemeralBlockDevices", "launchTemplate", "cpuOptions", "hibernation", "enclaveOptions.enabled",
            "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId", "securityGroups",
        ],
    },
    "aws:ec2/eip:Eip": {
        source: `${EC2}/ec2_eip.go`,
        forceNew: ["address", "domain", "ipamPoolId", "networkBorderGroup", "publicIpv4Pool"],
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        source: `${EC2}/vpc_security_group.go`,
        forceNew: ["name", "namePrefix", "description", "vpcId"],
        autoName: "name",
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        // Framework resource: only security_group_id has RequiresReplace; the rest is modified in place.
        source: `${EC2}/vpc_security_group_ingress_rule.go`,
        forceNew: ["securityGroupId"],
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        source: `${EC2}/vpc_security_group_egress_rule.go (shares securityGroupRule in vpc_security_group_ingress_rule.go)`,
        forceNew: ["securityGroupId"],
    },
    "aws:ec2/launchTemplate:LaunchTemplate": {
        // Every other change writes a new template version; the instances pick it up only on
        // their next launch (see the hazards: an instance refresh).
        source: `${EC2}/ec2_launch_template.go`,
        forceNew: ["name", "namePrefix"],
        autoName: "name",
    },
    "aws:ec2/vpc:Vpc": {
        // instance_tenancy: CustomizeDiff (customizeDiff.ts); ipv6 settings change in place.
        source: `${EC2}/vpc_.go`,
        forceNew: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"],
    },
    "aws:ec2/subnet:Subnet": {
        // ipv6CidrBlock: CustomizeDiff (customizeDiff.ts).
        source: `${EC2}/vpc_subnet.go`,
        forceNew: [
            "vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "outpostArn", "ipv6Native", "ipv4IpamPoolId",
            "ipv4NetmaskLength", "ipv6IpamPoolId", "ipv6NetmaskLength",
        ],
    },
    "aws:ec2/internetGateway:InternetGateway": {
        // vpc_id is updated in place (detach, attach).
        source: `${EC2}/vpc_internet_gateway.go`,
        forceNew: [],
    },
    "aws:ec2/natGateway:NatGateway": {
        source: `${EC2}/vpc_nat_gateway.go`,
        forceNew: ["allocationId", "subnetId", "connectivityType", "privateIp", "availabilityMode", "vpcId"],
    },
    "aws:ec2/routeTable:RouteTable": {
        source: `${EC2}/vpc_route_table.go`,
        forceNew: ["vpcId"],
    },
    "aws:ec2/route:Route": {
        // The target (gatewayId, natGatewayId, ...) is replaced in place (ReplaceRoute).
        source: `${EC2}/vpc_route.go`,
        forceNew: ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"],
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        // privateDnsEnabled on a non-Interface endpoint: CustomizeDiff (customizeDiff.ts).
        source: `${EC2}/vpc_endpoint.go`,
        forceNew: [
            "vpcId", "serviceName", "vpcEndpointType", "serviceRegion", "resourceConfigurationArn", "serviceNetworkArn",
            "dnsOptions.privateDnsPreference", "dnsOptions.privateDnsSpecifiedDomains",
        ],
    },
    "aws:acm/certificate:Certificate": {
        // An imported certificate's body, chain and key are re-imported in place.
        source: "internal/service/acm/certificate.go",
        forceNew: ["domainName", "subjectAlternativeNames", "validationMethod", "validationOptions", "keyAlgorithm", "certificateAuthorityArn"],
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        source: "internal/service/acm/certificate_validation.go",
        forceNew: ["certificateArn", "validationRecordFqdns"],
    },
    "aws:autoscaling/group:Group": {
        // A new launch template version updates the group and starts its instance refresh (hazards.ts).
        source: "internal/service/autoscaling/group.go",
        forceNew: ["name", "namePrefix", "initialLifecycleHooks"],
        autoName: "name",
    },
    "aws:autoscaling/policy:Policy": {
        source: "internal/service/autoscaling/policy.go",
        forceNew: ["name", "autoscalingGroupName"],
    },
    "aws:autoscaling/attachment:Attachment": {
        source: "internal/service/autoscaling/attachment.go",
        forceNew: ["autoscalingGroupName", "elb", "lbTargetGroupArn"],
    },
    "aws:s3/bucket:Bucket": {
        source: "internal/service/s3/bucket.go",
        forceNew: ["bucket", "bucketPrefix", "objectLockEnabled", "bucketNamespace"],
        autoName: "bucket",
    },
    "aws:s3/bucketPolicy:BucketPolicy": bucketPart("bucket_policy.go", false),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketPart("bucket_public_access_block.go", false),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketPart("bucket_ownership_controls.go", false),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketPart("bucket_server_side_encryption_configuration.go"),
    "aws:s3/bucketVersioning:BucketVersioning": bucketPart("bucket_versioning.go"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketPart("bucket_lifecycle_configuration.go"),
    "aws:s3/bucketLogging:BucketLogging": bucketPart("bucket_logging.go"),
    "aws:s3/bucketAcl:BucketAcl": bucketPart("bucket_acl.go"),
    "aws:wafv2/webAcl:WebAcl": {
        source: "internal/service/wafv2/web_acl.go",
        forceNew: ["name", "namePrefix", "scope"],
        autoName: "name",
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        source: "internal/service/wafv2/web_acl_association.go",
        forceNew: ["resourceArn", "webAclArn"],
    },
    "aws:route53/record:Record": {
        // A new type or set identifier is applied in place (resourceRecordUpdate deletes and
        // creates the record set in one transactional change batch).
        source: "internal/service/route53/record.go",
        forceNew: ["zoneId", "name"],
    },
    "aws:lambda/permission:Permission": {
        // No Update function: every argument is ForceNew.
        source: "internal/service/lambda/permission.go",
        forceNew: ["action", "eventSourceToken", "function", "functionUrlAuthType", "principal", "principalOrgId", "qualifier", "sourceAccount", "sourceArn", "statementId", "statementIdPrefix"],
    },
    "aws:lb/trustStoreRevocation:TrustStoreRevocation": {
        // No Update function: every argument is ForceNew.
        source: `${ELBV2}/trust_store_revocation.go`,
        forceNew: ["trustStoreArn", "revocationsS3Bucket", "revocationsS3Key", "revocationsS3ObjectVersion"],
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        // Adopts the VPC's default group (never created or deleted); only vpc_id is ForceNew.
        source: `${EC2}/vpc_default_security_group.go`,
        forceNew: ["vpcId"],
    },
    "aws:ec2/flowLog:FlowLog": {
        // The Update function changes tags only: every other argument is ForceNew.
        source: `${EC2}/vpc_flow_log.go`,
        forceNew: [
            "deliverCrossAccountRole", "destinationOptions", "eniId", "iamRoleArn", "logDestination", "logDestinationType",
            "logFormat", "maxAggregationInterval", "subnetId", "trafficType", "transitGatewayAttachmentId",
            "transitGatewayId", "vpcId",
        ],
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        // route_table_id is replaced in place (ReplaceRouteTableAssociation).
        source: `${EC2}/vpc_route_table_association.go`,
        forceNew: ["subnetId", "gatewayId"],
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        // retention_in_days and kms_key_id are updated in place.
        source: "internal/service/logs/group.go",
        forceNew: ["name", "namePrefix", "logGroupClass"],
        autoName: "name",
    },
    "aws:iam/role:Role": {
        source: "internal/service/iam/role.go",
        forceNew: ["name", "namePrefix", "path"],
        autoName: "name",
    },
    "aws:iam/rolePolicy:RolePolicy": {
        // The policy document is put again in place.
        source: "internal/service/iam/role_policy.go",
        forceNew: ["name", "namePrefix", "role"],
        autoName: "name",
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        // No Update function: both arguments are ForceNew.
        source: "internal/service/iam/role_policy_attachment.go",
        forceNew: ["role", "policyArn"],
    },
    "aws:iam/instanceProfile:InstanceProfile": {
        // The role is removed and added in place.
        source: "internal/service/iam/instance_profile.go",
        forceNew: ["name", "namePrefix", "path"],
        autoName: "name",
    },
    "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration": {
        // A framework resource: only resource_arn has RequiresReplace; the practice-run settings
        // (alarms, windows, dates) and the status are updated in place (Update).
        source: "internal/service/arczonalshift/zonal_autoshift_configuration.go",
        forceNew: ["resourceArn"],
    },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
        // logging_filter and redacted_fields are put again in place.
        source: "internal/service/wafv2/web_acl_logging_configuration.go",
        forceNew: ["resourceArn", "logDestinationConfigs"],
    },
    "tls:index/privateKey:PrivateKey": {
        // Every argument has RequiresReplace.
        source: "hashicorp/terraform-provider-tls internal/provider/resource_private_key.go",
        forceNew: ["algorithm", "rsaBits", "ecdsaCurve"],
    },
    "tls:index/selfSignedCert:SelfSignedCert": {
        // Every argument has RequiresReplace (ready_for_renewal is computed at plan time).
        source: "hashicorp/terraform-provider-tls internal/provider/resource_self_signed_cert.go",
        forceNew: [
            "privateKeyPem", "subject", "validityPeriodHours", "earlyRenewalHours", "allowedUses", "dnsNames",
            "ipAddresses", "uris", "isCaCertificate", "setSubjectKeyId", "setAuthorityKeyId",
        ],
    },
};

/** `aws:alb/*` tokens are the same resources as `aws:lb/*`. */
export function forceNewEntry(type: string): ForceNewEntry | undefined {
    return FORCE_NEW[canonicalType(type)];
}

/** Does a change at `path` touch a force-new path (equal, under it, or a whole block above it)? */
export function touches(path: string, forceNewPath: string): boolean {
    return isUnder(path, forceNewPath) || isUnder(forceNewPath, path);
}
