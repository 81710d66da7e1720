// AliasRecords: friendly names for the load balancers in a Route53 hosted zone. Alias records (not
// CNAMEs) work at the zone apex, cost nothing per query, and follow the load balancer's
// addresses as they change.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { aliasRecordsProblems } from "./config/awsLimits";

/** A load balancer as an alias target: its dnsName and canonical hosted zone (LoadBalancer.zoneId). */
export interface AliasTarget {
    dnsName: pulumi.Input<string>;
    zoneId: pulumi.Input<string>;
}

export interface AliasRecordSpec {
    /** The record's name, a lower-case FQDN inside the hosted zone (the apex is allowed), e.g. www.example.com. */
    name: string;
    target: AliasTarget;
    /** The target serves IPv6 too (ipAddressType dualstack): add an AAAA record beside the A record. */
    dualStack: boolean;
}

export interface AliasRecordsArgs {
    /** The hosted zone the records go into. */
    zoneId: pulumi.Input<string>;
    records: AliasRecordSpec[];
}

export class AliasRecords extends pulumi.ComponentResource {
    /** The records' names, by record name, once Route53 has them. */
    readonly fqdns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: AliasRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        const problems = aliasRecordsProblems(args);
        if (problems.length > 0) throw new Error(`AliasRecords ${name}: ${problems.join("; ")}`);
        super("elb-web-tier:dns:AliasRecords", name, {}, opts);
        this.fqdns = {};
        for (const spec of args.records) {
            const types = spec.dualStack ? ["A", "AAAA"] : ["A"];
            const records = types.map((type) => new aws.route53.Record(`${name}-${spec.name}-${type}`, {
                zoneId: args.zoneId,
                name: spec.name,
                type,
                // evaluateTargetHealth: Route53 answers only while the load balancer has healthy targets.
                aliases: [{ name: spec.target.dnsName, zoneId: spec.target.zoneId, evaluateTargetHealth: true }],
            }, { parent: this }));
            this.fqdns[spec.name] = records[0].fqdn;
        }
        this.registerOutputs({ fqdns: this.fqdns });
    }
}
