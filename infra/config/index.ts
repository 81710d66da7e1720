// The one typed, validated view of stack config. Nothing else in infra/ reads config, and nothing
// here imports a component: the components import from config.
//   values.ts   value schemas (CIDRs, ports, tags, names), each with a message that says what is allowed
//   traffic.ts  target groups, listeners, rules and actions as a stack writes them
//   loadBalancers.ts  the alb and nlb sections (the load balancers' own attributes), where access logs go
//   keys.ts     the key table (Pulumi.yaml and the README's config reference are generated from it)
//   resolve.ts  defaults merged and filled in: the specs the components take (target groups: a tagged union by target type)
//   rules.ts    cross-field rules AWS enforces only at `pulumi up`, checked before any resource
//   production.ts  fleet (instances | autoscaling), vpc, certificate (existing | dns | import | selfSigned), log bucket, WAF, protection
//   workload.ts what the instances run and serve (greeting, user data, golden AMI), its permissions
//   paths.ts    what only traffic shows: ALPN, certificate names, alb-group health checks, pinned mTLS objects
//   frontdoor.ts  the 2024-2026 front-door features' cross-field limits
//   regions.ts  the AZs of each region
//   awsLimits.ts  names and values AWS accepts for what the components create (ACM names, alias
//               records, trust stores, log retention): the components import them from here
//   fixes.ts    the config key that fixes each policy finding
//   load.ts     reading stack config and turning every problem into one actionable line
export { ConfigError, describeValue, formatPath, keyReference, loadConfig, validateConfig, valuesFromRawConfig, WebTierConfig } from "./load";
export { DEFAULT_REGION, KEYS, KeyMeta, PROJECT, PulumiConfigType, REPLACED_KEYS, SEED_GREETING } from "./keys";
export { DEFAULT_TLS_POLICY, TLS_POLICIES } from "./traffic";
export { AccessLogsChoice, AlbSettings, NlbSettings, nlbAccessLogsWarning } from "./loadBalancers";
export { CertificateChoice, FleetChoice } from "./production";
export * from "./resolve";
export {
    bootEgressWarning, DEFAULT_WORKLOAD, floatingAmiWarning, greetingHealthPage, imageSource, ImageSource, IamStatement, isProductionStack, ListenerHealthCheck, listenerHealthChecks, needsRole, roleStatements, ServedEndpoint, workloadApiServices,
    servedEndpoints, ServedPort, teamUserData, templateValues, WorkloadConfig,
} from "./workload";
