// The pack's policy list. Tests import this (constructing a PolicyPack starts a gRPC server).
import { Policies } from "@pulumi/policy";

import { computePolicies } from "./compute";
import { loadBalancingPolicies } from "./loadbalancing";
import { networkPolicies } from "./network";
import { tagPolicies } from "./tags";

export const policies: Policies = [
    ...networkPolicies,
    ...computePolicies,
    ...tagPolicies,
    ...loadBalancingPolicies,
];
