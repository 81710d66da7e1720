// The ARN partition of a region (ARNs and service principals differ in China and GovCloud): one
// definition, shared with the policy pack.
export { arnPartition } from "../policies/facts/elb";
