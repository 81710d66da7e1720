// What a rule file exports: the policy itself and what is known about it, as data. The pack
// serves the policy (through ./dispatch.ts); the metadata feeds the README's rule table
// (`npm run docs`) and the tests. Nothing here reaches a finding: a finding carries the policy's
// name, description and level, exactly as before the metadata existed.
import { Policies } from "@pulumi/policy";

export type Policy = Policies[number];

/**
 * How bad a finding is if it reaches AWS. Documentation only: the served findings carry no
 * severity (adding one would change every finding the engine reports).
 */
export type Severity = "low" | "medium" | "high" | "critical";

/** The same check in other catalogs, by their own IDs. */
export interface Equivalents {
    /** AWS Security Hub control IDs ("ELB.4", "EC2.13"). */
    securityHub?: string[];
    /** Checkov check IDs ("CKV_AWS_131"). */
    checkov?: string[];
    /** cdk-nag rule names ("ALBHttpDropInvalidHeaderEnabled"). */
    cdkNag?: string[];
    /** Other catalogs, named with their tool: "trivy AVD-AWS-0107", "CIS AWS 5.2/5.3", "awsguard ...". */
    others?: string[];
}

export interface RuleDefinition {
    /** The policy as the engine would run it; its name is the file's name. */
    policy: Policy;
    severity: Severity;
    /** What the rule inspects, in words ("listeners (HTTPS/TLS)", "stack: buckets -> ..."). */
    resources: string;
    /** Its knobs in words, when the schema's defaults alone would not say it (else generated). */
    knobs?: string;
    equivalents: Equivalents;
    /** A qualifier for the Security Hub controls ("stricter: any source", "EC2.8 for instances, ..."). */
    securityHubNote?: string;
    /** Why the rule is set as it is beyond its description: strictness, levels per environment, AWS rules it follows. */
    rationale?: string;
}

/** A rule as the pack loads it: its definition, and the folder (area) and file it came from. */
export interface LoadedRule extends RuleDefinition {
    area: string;
    file: string;
}
