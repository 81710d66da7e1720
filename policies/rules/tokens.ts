// The one table of Pulumi type tokens (pulumi-aws 7), shared by the pack's rules, the offline
// plan (tools/plan/resources.ts re-exports it) and the tests. Keys name the aws.lb.* spelling;
// the aws.alb.* twins, distinct tokens for the same AWS resources, carry an `alb` prefix.
// In pulumi-aws 7, aws.s3.Bucket has the former BucketV2 shape and the *V2 tokens are
// deprecated aliases of the unsuffixed ones: rules match both spellings.
export const TYPES = {
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    albListenerRule: "aws:alb/listenerRule:ListenerRule",
    listenerCertificate: "aws:lb/listenerCertificate:ListenerCertificate",
    albListenerCertificate: "aws:alb/listenerCertificate:ListenerCertificate",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    albTargetGroup: "aws:alb/targetGroup:TargetGroup",
    attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    albAttachment: "aws:alb/targetGroupAttachment:TargetGroupAttachment",
    trustStore: "aws:lb/trustStore:TrustStore",

    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    vpcIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    vpcEgressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    instance: "aws:ec2/instance:Instance",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    launchConfiguration: "aws:ec2/launchConfiguration:LaunchConfiguration",
    autoscalingGroup: "aws:autoscaling/group:Group",
    autoscalingAttachment: "aws:autoscaling/attachment:Attachment",
    eip: "aws:ec2/eip:Eip",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    flowLog: "aws:ec2/flowLog:FlowLog",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    natGateway: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    networkInterface: "aws:ec2/networkInterface:NetworkInterface",
    keyPair: "aws:ec2/keyPair:KeyPair",

    certificate: "aws:acm/certificate:Certificate",
    certificateValidation: "aws:acm/certificateValidation:CertificateValidation",

    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketOwnershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    bucketEncryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    bucketEncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketLifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    bucketLifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",

    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    route53Record: "aws:route53/record:Record",
    lambdaPermission: "aws:lambda/permission:Permission",
    lambdaFunction: "aws:lambda/function:Function",

    iamRole: "aws:iam/role:Role",
    instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    kmsKey: "aws:kms/key:Key",
} as const;

export type TypeToken = (typeof TYPES)[keyof typeof TYPES];

/** `aws.lb.*` and `aws.alb.*` are distinct tokens for the same AWS resources: match both. */
export const LOAD_BALANCER_TYPES = [TYPES.loadBalancer, TYPES.albLoadBalancer] as const;
export const LISTENER_TYPES = [TYPES.listener, TYPES.albListener] as const;
export const LISTENER_RULE_TYPES = [TYPES.listenerRule, TYPES.albListenerRule] as const;
export const LISTENER_CERTIFICATE_TYPES = [TYPES.listenerCertificate, TYPES.albListenerCertificate] as const;
export const TARGET_GROUP_TYPES = [TYPES.targetGroup, TYPES.albTargetGroup] as const;
export const TARGET_GROUP_ATTACHMENT_TYPES = [TYPES.attachment, TYPES.albAttachment] as const;

/** Resources whose `ingress` list holds inline rules. */
export const SECURITY_GROUP_TYPES = [TYPES.securityGroup, TYPES.defaultSecurityGroup] as const;

export const BUCKET_TYPES = [TYPES.bucket, TYPES.bucketV2] as const;
export const BUCKET_ENCRYPTION_TYPES = [TYPES.bucketEncryption, TYPES.bucketEncryptionV2] as const;
export const BUCKET_LIFECYCLE_TYPES = [TYPES.bucketLifecycle, TYPES.bucketLifecycleV2] as const;
