// The pack's policy list. Tests import this (constructing a PolicyPack starts a gRPC server).
import { Policies } from "@pulumi/policy";

import { autoscalingPolicies } from "./autoscaling";
import { bucketPolicies } from "./buckets";
import { certificatePolicies } from "./certificates";
import { computePolicies } from "./compute";
import { edgePolicies } from "./edge";
import { eipPolicies } from "./eips";
import { loadBalancingPolicies } from "./loadbalancing";
import { networkPolicies } from "./network";
import { tagPolicies } from "./tags";
import { vpcPolicies } from "./vpc";

export const policies: Policies = [
    ...networkPolicies,
    ...computePolicies,
    ...autoscalingPolicies,
    ...eipPolicies,
    ...tagPolicies,
    ...loadBalancingPolicies,
    ...bucketPolicies,
    ...certificatePolicies,
    ...edgePolicies,
    ...vpcPolicies,
];
