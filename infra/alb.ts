// ALB: internet-facing, one subnet in every chosen AZ, web_access_sg. HTTPS:443 on an ACM
// certificate forwards to TG-ALB; HTTP:80 redirects to HTTPS (301) when HTTPS is on.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ListenerRuleConfig, WebTierConfig } from "./config";
import { accessLogs, named } from "./common";

export interface AlbArgs {
    config: WebTierConfig;
    subnetIds: string[];
    securityGroupId: pulumi.Input<string>;
    targetGroupArn: pulumi.Input<string>;
    /** Required when config.albHttps. */
    certificateArn?: pulumi.Input<string>;
}

type Action = aws.types.input.lb.ListenerDefaultAction;

function ruleConditions(rule: ListenerRuleConfig): aws.types.input.lb.ListenerRuleCondition[] {
    return [
        ...(rule.pathPatterns ? [{ pathPattern: { values: rule.pathPatterns } }] : []),
        ...(rule.hostHeaders ? [{ hostHeader: { values: rule.hostHeaders } }] : []),
        ...(rule.httpRequestMethods ? [{ httpRequestMethod: { values: rule.httpRequestMethods } }] : []),
        ...(rule.sourceIps ? [{ sourceIp: { values: rule.sourceIps } }] : []),
    ];
}

function ruleAction(rule: ListenerRuleConfig, targetGroupArn: pulumi.Input<string>): Action {
    const a = rule.action;
    switch (a.type) {
        case "forward":
            return { type: "forward", targetGroupArn };
        case "fixed-response":
            return { type: "fixed-response", fixedResponse: { statusCode: a.statusCode, contentType: a.contentType, messageBody: a.messageBody } };
        case "redirect":
            return { type: "redirect", redirect: { statusCode: a.statusCode, protocol: a.protocol, host: a.host, port: a.port, path: a.path, query: a.query } };
    }
}

export class ApplicationLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly httpListener: aws.lb.Listener;
    readonly httpsListener?: aws.lb.Listener;
    readonly rules: aws.lb.ListenerRule[];

    constructor(name: string, args: AlbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("elb-web-tier:alb:ApplicationLoadBalancer", name, {}, opts);
        const c = args.config;
        const parent = { parent: this };
        const forward: Action = { type: "forward", targetGroupArn: args.targetGroupArn };

        this.loadBalancer = new aws.lb.LoadBalancer("ALB", {
            loadBalancerType: "application",
            internal: false,
            ipAddressType: c.albIpAddressType,
            subnets: args.subnetIds,
            securityGroups: [args.securityGroupId],
            dropInvalidHeaderFields: c.albDropInvalidHeaderFields,
            desyncMitigationMode: c.albDesyncMitigationMode,
            idleTimeout: c.albIdleTimeout,
            enableDeletionProtection: c.albDeletionProtection,
            accessLogs: accessLogs(c.albAccessLogsBucket, c.albAccessLogsPrefix),
            tags: named(c.tags, "ALB"),
        }, parent);

        if (c.albHttps) {
            this.httpsListener = new aws.lb.Listener("ALB-https", {
                loadBalancerArn: this.loadBalancer.arn,
                port: 443,
                protocol: "HTTPS",
                // Without sslPolicy, AWS applies ELBSecurityPolicy-2016-08 (TLS 1.0) to API-made listeners.
                sslPolicy: c.albSslPolicy,
                certificateArn: args.certificateArn,
                defaultActions: [forward],
                tags: named(c.tags, "ALB HTTPS:443"),
            }, parent);
        }

        const redirect = c.albHttps && c.albHttpRedirect;
        this.httpListener = new aws.lb.Listener("ALB-http", {
            loadBalancerArn: this.loadBalancer.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [redirect
                ? { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }
                : forward],
            tags: named(c.tags, "ALB HTTP:80"),
        }, parent);

        const rulesListener = this.httpsListener ?? this.httpListener;
        this.rules = c.albListenerRules.map((rule) =>
            new aws.lb.ListenerRule(`ALB-rule-${rule.priority}`, {
                listenerArn: rulesListener.arn,
                priority: rule.priority,
                conditions: ruleConditions(rule),
                actions: [ruleAction(rule, args.targetGroupArn)],
                tags: named(c.tags, `ALB rule ${rule.priority}`),
            }, parent));

        this.registerOutputs({ dnsName: this.loadBalancer.dnsName });
    }
}
