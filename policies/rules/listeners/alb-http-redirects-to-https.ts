import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asRecord, asString, listenerProtocol, upper } from "../util";
import { RuleDefinition } from "../meta";
import { isListener } from "./shared";

function redirectsToHttps(action: unknown): boolean {
    const record = asRecord(action);
    if (record === undefined || asString(record.type) !== "redirect") {
        return false;
    }
    // A redirect without protocol keeps "#{protocol}", i.e. stays on HTTP.
    return upper(asRecord(record.redirect)?.protocol) === "HTTPS";
}

export const albHttpRedirectsToHttps: ResourceValidationPolicy = {
    name: "alb-http-redirects-to-https",
    description:
        "HTTP listeners (HTTP is ALB-only) must answer with a redirect to HTTPS as their default action, so " +
        "that no request or response travels in clear text; forwarding or fixed responses on HTTP are refused.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (!isListener(args) || listenerProtocol(args.props) !== "HTTP") {
            return;
        }
        const actions = asArray(args.props.defaultActions);
        if (!actions.some(redirectsToHttps)) {
            reportViolation(
                "HTTP listener does not redirect to HTTPS: make defaultActions " +
                "[{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }].",
            );
        }
    },
};

export const rule: RuleDefinition = {
    policy: albHttpRedirectsToHttps,
    severity: "high",
    resources: "listeners",
    equivalents: {
        securityHub: ["ELB.1"],
        checkov: ["CKV2_AWS_20", "CKV_AWS_2"],
        cdkNag: ["ALBHttpToHttpsRedirection"],
        others: ["awsguard alb-http-to-https-redirection", "trivy AVD-AWS-0054"],
    },
};
