// Small helpers shared by the components.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessLogsChoice } from "./config";

/** The stack's tags plus the seed's name as the Name tag. */
export function named(tags: Record<string, string>, name: string): Record<string, string> {
    return { ...tags, Name: name };
}

/** Resource-name-safe form of an address or ARN part ("::" separates URN parts). */
export function nameKey(s: string): string {
    if (s === "0.0.0.0/0") return "anywhere-ipv4";
    if (s === "::/0") return "anywhere-ipv6";
    return s.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** The log bucket this stack creates: its name, and the policy ELB checks before it logs there. */
export interface StackLogBucket {
    name: pulumi.Input<string>;
    policy: pulumi.Resource;
}

/**
 * A load balancer's access logs as config decided them (infra/config accessLogsChoice): the
 * stack's bucket under the section's prefix, your bucket, or none.
 */
export function accessLogsArgs(choice: AccessLogsChoice, stackBucket: StackLogBucket | undefined): aws.types.input.lb.LoadBalancerAccessLogs | undefined {
    switch (choice.mode) {
        case "stackBucket":
            return stackBucket ? { bucket: stackBucket.name, prefix: choice.prefix, enabled: true } : undefined;
        case "existing":
            return { bucket: choice.bucket, prefix: choice.prefix || undefined, enabled: true };
        case "none":
            return undefined;
    }
}

// ---- Spec fields -> provider arguments ---------------------------------------------------------

/** A spec field that is no provider argument: what the component does with it instead. */
export type Owned = `component: ${string}`;
/** Every field of a spec, of any member when the spec is a union (keyof a union gives only the shared ones). */
type SpecKeys<Spec> = Spec extends unknown ? keyof Spec : never;
/** The members of a spec that have field K. */
type Having<Spec, K extends PropertyKey> = Spec extends unknown ? (K extends keyof Spec ? Spec : never) : never;
/** How a spec field becomes provider arguments, given its (set) value and the whole spec (a member that has the field). */
export type ToArgs<Spec, Args, K extends SpecKeys<Spec>> = (value: NonNullable<Having<Spec, K>[K]>, spec: Having<Spec, K>) => Partial<Args>;
/**
 * Every spec field whose name is not a provider argument needs an entry (the compiler says so); a
 * field named like a provider argument passes through as is unless it has one.
 */
export type FieldTable<Spec, Args> =
    & { [K in SpecKeys<Spec> as K extends keyof Args ? never : K]-?: ToArgs<Spec, Args, K> | Owned }
    & { [K in SpecKeys<Spec> & keyof Args]?: ToArgs<Spec, Args, K> | Owned };

/** The spec fields a table leaves to pass through under their own (provider) names. */
export type AsIs<Spec, Args, Table> = Exclude<SpecKeys<Spec> & keyof Args, keyof Table>;
/** `Spec` when each of its as-is fields has the provider argument's type, else never (a compile error at the call). */
export type AsIsChecked<Spec, Args, Table> = Spec extends { [K in AsIs<Spec, Args, Table>]?: Args[K] } ? Spec : never;

/**
 * The provider arguments from a spec's set fields: through the table's entry, or under the
 * field's own name. The compiler checks that the as-is fields have the provider's types (call it
 * with the three type arguments: fieldArgs<Spec, Args, typeof TABLE>).
 */
export function fieldArgs<Spec extends object, Args, Table extends FieldTable<Spec, Args>>(spec: AsIsChecked<Spec, Args, Table>, table: Table): Partial<Args> {
    const entries = table as Partial<Record<string, ((value: never, spec: Spec) => Partial<Args>) | Owned>>;
    return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined).flatMap(([k, v]) => {
        const to = entries[k];
        if (typeof to === "string") return [];
        return Object.entries(to ? to(v as never, spec) : { [k]: v });
    })) as Partial<Args>;
}
