// Listener actions and rule conditions: the config's spelling -> the provider's.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ActionSpec, ConditionSpec } from "./config";

export type Action = aws.types.input.lb.ListenerDefaultAction;
export type TargetGroupArns = Record<string, pulumi.Input<string>>;

export function actionArgs(a: ActionSpec, arns: TargetGroupArns): Action {
    switch (a.type) {
        case "forward":
            if (a.targetGroup) return { type: "forward", targetGroupArn: arns[a.targetGroup] };
            return {
                type: "forward",
                forward: {
                    targetGroups: (a.targetGroups ?? []).map((w) => ({ arn: arns[w.targetGroup], weight: w.weight })),
                    ...(a.stickiness ? { stickiness: { enabled: true, duration: a.stickiness } } : {}),
                },
            };
        case "fixed-response":
            return { type: "fixed-response", fixedResponse: { statusCode: a.statusCode, contentType: a.contentType ?? "text/plain", messageBody: a.messageBody ?? "" } };
        case "redirect":
            return { type: "redirect", redirect: { statusCode: a.statusCode ?? "HTTP_301", protocol: a.protocol, host: a.host, port: a.port, path: a.path, query: a.query } };
    }
}

export function conditionArgs(c: ConditionSpec): aws.types.input.lb.ListenerRuleCondition {
    if (c.pathPattern) return { pathPattern: { values: c.pathPattern } };
    if (c.hostHeader) return { hostHeader: { values: c.hostHeader } };
    if (c.httpRequestMethod) return { httpRequestMethod: { values: c.httpRequestMethod } };
    if (c.sourceIp) return { sourceIp: { values: c.sourceIp } };
    if (c.httpHeader) return { httpHeader: { httpHeaderName: c.httpHeader.name, values: c.httpHeader.values } };
    return { queryStrings: (c.queryString ?? []).map((q) => ({ ...(q.key !== undefined ? { key: q.key } : {}), value: q.value })) };
}
