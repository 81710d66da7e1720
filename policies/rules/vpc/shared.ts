// Rules for a VPC the stack creates (the program's vpc.create): flow logs, a closed default
// security group, and no automatic public IPs. Stacks that use an existing or the default VPC
// declare no aws.ec2.Vpc, so these rules have nothing to check there.
import { StackValidationArgs } from "@pulumi/policy";
import { Candidates, referenced, resourcesOfType, TYPES } from "../util";

/** The created VPCs some `fromType` resource names in `prop` (its vpcId). */
export const vpcsNamedBy = (args: StackValidationArgs, fromType: string, prop: string, accept?: (props: Record<string, unknown>) => boolean) =>
    referenced(args, fromType, prop, new Candidates(resourcesOfType(args.resources, [TYPES.vpc]), ["id"]), accept);
