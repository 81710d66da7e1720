// EC2 instances, launch templates and Auto Scaling groups.
//
// pulumi-aws quirks these rules absorb:
// - launch-template booleans are strings ("true"/"false"): blockDeviceMappings[].ebs.encrypted,
//   networkInterfaces[].associatePublicIpAddress;
// - launch-template userData is base64; instance userData is plain text and userDataBase64 is
//   base64 (either may be gzip-compressed, which cloud-init accepts).
import { asString, Props, TYPES } from "../util";

export const EC2_TYPES = [TYPES.instance, TYPES.launchTemplate] as const;

export function lower(value: unknown): string | undefined {
    return asString(value)?.trim().toLowerCase();
}

export function healthCheckTypeOf(props: Props): string {
    // AWS defaults an Auto Scaling group's health check type to EC2.
    return asString(props.healthCheckType)?.trim().toUpperCase() || "EC2";
}

export const ASG_FIX = `Set healthCheckType: "ELB" (and a healthCheckGracePeriod that covers boot time) so instances that fail the ` +
    `target group's health check are replaced, not just taken out of rotation.`;
