// Required tags on every taggable resource of the web tier.
import { BUCKET_TYPES, LISTENER_RULE_TYPES, LISTENER_TYPES, LOAD_BALANCER_TYPES, TARGET_GROUP_TYPES, TYPES } from "../util";

/**
 * The resource types this policy checks: every type the web tier creates that accepts a `tags`
 * map, plus the Auto Scaling group (tags as a list). Deliberately absent because AWS gives them
 * no tags: target group attachments, listener certificates, aws.ec2.SecurityGroupRule,
 * autoscaling attachments, routes and route-table associations, EIP associations, ACM
 * certificate validations. Add a type here when the program starts creating it.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    ...LOAD_BALANCER_TYPES,
    ...LISTENER_TYPES,
    ...LISTENER_RULE_TYPES,
    ...TARGET_GROUP_TYPES,
    TYPES.trustStore,
    TYPES.instance,
    TYPES.launchTemplate,
    TYPES.securityGroup,
    TYPES.vpcIngressRule,
    TYPES.vpcEgressRule,
    TYPES.eip,
    TYPES.certificate,
    TYPES.vpc,
    TYPES.subnet,
    TYPES.internetGateway,
    TYPES.natGateway,
    TYPES.routeTable,
    TYPES.networkInterface,
    TYPES.keyPair,
    TYPES.iamRole,
    TYPES.instanceProfile,
    ...BUCKET_TYPES,
    TYPES.webAcl,
    TYPES.lambdaFunction,
    TYPES.logGroup,
    TYPES.kmsKey,
    TYPES.autoscalingGroup,
];
