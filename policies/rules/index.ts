// The pack's rules, and the policy list the pack serves. Tests import these (constructing a
// PolicyPack starts a gRPC server).
import { Policies } from "@pulumi/policy";

import { dispatch } from "./dispatch";
import { autoscalingPolicies } from "./autoscaling";
import { bucketPolicies } from "./buckets";
import { certificatePolicies } from "./certificates";
import { computePolicies } from "./compute";
import { edgePolicies } from "./edge";
import { eipPolicies } from "./eips";
import { entryPolicies } from "./entry";
import { iamPolicies } from "./iam";
import { relationPolicies } from "./relations";
import { loadBalancingPolicies } from "./loadbalancing";
import { networkPolicies } from "./network";
import { tagPolicies } from "./tags";
import { vpcPolicies } from "./vpc";

/** Every rule of the pack, one per concern, in the order they run. */
export const rules: Policies = [
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
    ...entryPolicies,
    ...iamPolicies,
    ...relationPolicies,
];

/**
 * What the pack serves (policies/index.ts) and what the offline plan runs: one policy that runs
 * every rule (./dispatch.ts says why); levels and knobs are set per rule under its `rules`.
 */
export const policies: Policies = [dispatch(rules)];
