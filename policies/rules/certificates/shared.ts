// ACM certificates: DNS validation for issued ones, strong keys, transparency logging, and
// imported certificates that are about to expire.
import { ResourceValidationArgs } from "@pulumi/policy";
import { asString, isNonBlank, Props, TYPES } from "../util";
import { X509Certificate } from "crypto";

export function isCertificate(args: ResourceValidationArgs): boolean {
    return args.type === TYPES.certificate;
}

/** Imported certificates carry their body; requested ones a domain name (private CA ones a CA ARN). */
export function isImported(props: Props): boolean {
    return isNonBlank(props.certificateBody);
}

/** The imported certificate, or undefined when the body is not a PEM this runtime can parse. */
export function parsedBody(props: Props): X509Certificate | undefined {
    try {
        return new X509Certificate(asString(props.certificateBody) ?? "");
    } catch {
        return undefined;
    }
}
