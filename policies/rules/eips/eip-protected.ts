import { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "../util";
import { RuleDefinition } from "../meta";

// Releasing an Elastic IP gives the address back to AWS for good: a replaced or destroyed EIP
// comes back as a different address and every client allowlist breaks. The pack sees resource
// options (PolicyResource.opts); retainOnDelete never reaches policies, so protect is the signal.
export const eipProtected: ResourceValidationPolicy = {
    name: "eip-protected",
    description: "Elastic IPs should be created with the protect resource option: deleting or replacing one releases the " +
        "address to AWS for good, and clients that allowlisted the NLB's addresses lose access. Mandatory in prod.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.eip && args.opts.protect !== true) {
            reportViolation("the Elastic IP is not protected: create it with { protect: true } (pulumi.ResourceOptions) so " +
                "`pulumi destroy` or a replacement cannot release the address.");
        }
    },
};

export const rule: RuleDefinition = {
    policy: eipProtected,
    severity: "medium",
    resources: "Elastic IPs (resource option `protect`; prod.json: mandatory, dev.json: disabled)",
    equivalents: {},
};
