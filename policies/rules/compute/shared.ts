// EC2 instances and launch templates.
//
// pulumi-aws quirks these rules absorb:
// - launch-template booleans are strings ("true"/"false"): blockDeviceMappings[].ebs.encrypted,
//   networkInterfaces[].associatePublicIpAddress;
// - launch-template userData is base64; instance userData is plain text and userDataBase64 is
//   base64 (either may be gzip-compressed, which cloud-init accepts).
import { asString, TYPES } from "../util";

export const EC2_TYPES = [TYPES.instance, TYPES.launchTemplate] as const;

export function lower(value: unknown): string | undefined {
    return asString(value)?.trim().toLowerCase();
}
