// The load-balancing rules of the pack: load balancers, listeners (and their rules and extra
// certificates) and target groups, each covering both the aws.lb.* and aws.alb.* type tokens.
import { Policies } from "@pulumi/policy";

import { listenerPolicies } from "./listeners";
import { loadBalancerPolicies } from "./loadbalancers";
import { routingPolicies } from "./routing";
import { targetGroupPolicies } from "./targetgroups";

export const loadBalancingPolicies: Policies = [
    ...loadBalancerPolicies,
    ...listenerPolicies,
    ...targetGroupPolicies,
    ...routingPolicies,
];
