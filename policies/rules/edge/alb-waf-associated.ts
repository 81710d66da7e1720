import { StackValidationPolicy } from "@pulumi/policy";
import { Candidates, checkEach, isApplicationLb, isInternetFacing, LOAD_BALANCER_TYPES, referenced, resourcesOfType, TYPES } from "../util";
import { RuleDefinition } from "../meta";

export const albWafAssociated: StackValidationPolicy = {
    name: "alb-waf-associated",
    description: "Internet-facing Application Load Balancers should be associated with an AWS WAF web ACL " +
        "(aws.wafv2.WebAclAssociation): the ALB forwards every request it can parse, so without WAF, common exploits and " +
        "bot floods reach the web servers unfiltered. Mandatory in prod.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const albs = resourcesOfType(args.resources, LOAD_BALANCER_TYPES);
        const protectedAlbs = referenced(args, TYPES.webAclAssociation, "resourceArn", new Candidates(albs));
        checkEach(albs, lb => {
            if (isApplicationLb(lb.props) && isInternetFacing(lb.props) && !protectedAlbs.has(lb.urn)) {
                reportViolation("no aws.wafv2.WebAclAssociation names this internet-facing ALB: associate a REGIONAL web ACL " +
                    "(resourceArn: <alb>.arn, webAclArn: <webAcl>.arn), e.g. with the AWS managed rule groups.", lb.urn);
            }
        });
    },
};

export const rule: RuleDefinition = {
    policy: albWafAssociated,
    severity: "medium",
    resources: "stack: internet-facing ALBs → `aws.wafv2.WebAclAssociation` (prod.json: mandatory, dev.json: disabled)",
    equivalents: {
        securityHub: ["ELB.16"],
        checkov: ["CKV2_AWS_28"],
        cdkNag: ["ALBWAFEnabled"],
    },
};
