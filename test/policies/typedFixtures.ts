// Typed builders for the resources the new rules inspect: props are the provider's *Args with
// Input unwrapped (see Inputs in policyHarness.ts), so a misspelled property does not compile.
import type * as aws from "@pulumi/aws";
import { TYPES } from "../../policies/rules/tokens";
import { typed } from "../support/policyHarness";

export const fixtures = {
    loadBalancer: typed<aws.lb.LoadBalancerArgs>(TYPES.loadBalancer),
    listener: typed<aws.lb.ListenerArgs>(TYPES.listener),
    albListener: typed<aws.alb.ListenerArgs>(TYPES.albListener),
    listenerRule: typed<aws.lb.ListenerRuleArgs>(TYPES.listenerRule),
    targetGroup: typed<aws.lb.TargetGroupArgs>(TYPES.targetGroup),
    albTargetGroup: typed<aws.alb.TargetGroupArgs>(TYPES.albTargetGroup),
    targetGroupAttachment: typed<aws.lb.TargetGroupAttachmentArgs>(TYPES.attachment),
    lambdaPermission: typed<aws.lambda.PermissionArgs>(TYPES.lambdaPermission),
    eip: typed<aws.ec2.EipArgs>(TYPES.eip),
    autoscalingGroup: typed<aws.autoscaling.GroupArgs>(TYPES.autoscalingGroup),
    launchTemplate: typed<aws.ec2.LaunchTemplateArgs>(TYPES.launchTemplate),
    launchConfiguration: typed<aws.ec2.LaunchConfigurationArgs>(TYPES.launchConfiguration),
    bucket: typed<aws.s3.BucketArgs>(TYPES.bucket),
    bucketPublicAccessBlock: typed<aws.s3.BucketPublicAccessBlockArgs>(TYPES.bucketPublicAccessBlock),
    bucketOwnershipControls: typed<aws.s3.BucketOwnershipControlsArgs>(TYPES.bucketOwnershipControls),
    bucketEncryption: typed<aws.s3.BucketServerSideEncryptionConfigurationArgs>(TYPES.bucketEncryption),
    bucketPolicy: typed<aws.s3.BucketPolicyArgs>(TYPES.bucketPolicy),
    bucketLifecycle: typed<aws.s3.BucketLifecycleConfigurationArgs>(TYPES.bucketLifecycle),
    webAcl: typed<aws.wafv2.WebAclArgs>(TYPES.webAcl),
    webAclAssociation: typed<aws.wafv2.WebAclAssociationArgs>(TYPES.webAclAssociation),
    webAclLogging: typed<aws.wafv2.WebAclLoggingConfigurationArgs>(TYPES.webAclLogging),
    certificate: typed<aws.acm.CertificateArgs>(TYPES.certificate),
    certificateValidation: typed<aws.acm.CertificateValidationArgs>(TYPES.certificateValidation),
    route53Record: typed<aws.route53.RecordArgs>(TYPES.route53Record),
    vpc: typed<aws.ec2.VpcArgs>(TYPES.vpc),
    subnet: typed<aws.ec2.SubnetArgs>(TYPES.subnet),
    flowLog: typed<aws.ec2.FlowLogArgs>(TYPES.flowLog),
    defaultSecurityGroup: typed<aws.ec2.DefaultSecurityGroupArgs>(TYPES.defaultSecurityGroup),
    instance: typed<aws.ec2.InstanceArgs>(TYPES.instance),
    iamRole: typed<aws.iam.RoleArgs>(TYPES.iamRole),
    iamRolePolicy: typed<aws.iam.RolePolicyArgs>("aws:iam/rolePolicy:RolePolicy"),
    iamPolicy: typed<aws.iam.PolicyArgs>("aws:iam/policy:Policy"),
    iamRolePolicyAttachment: typed<aws.iam.RolePolicyAttachmentArgs>("aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
};
