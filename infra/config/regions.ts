// Availability Zones per region: the AZ names AWS gives accounts in each public region (EC2
// DescribeAvailabilityZones, standard zones; Local and Wavelength Zones are opt-in and not used by
// this program). Shared by the config validation (an AZ the region does not have fails before any
// resource) and the offline mocks (getAvailabilityZones answers this list).
//
// AZ names map to physical zones per account, and in us-west-1 and ap-northeast-1 accounts created
// before a zone was retired still see its letter (`legacy`): validation accepts those letters, the
// mocks answer the names new accounts see. Regions not listed (isolated partitions) are not
// checked.

export interface RegionAzs {
    /** The zone letters every account sees, in order. */
    letters: string[];
    /** Letters older accounts may see instead of one of these. */
    legacy?: string[];
}

export const REGION_AZ_LETTERS: Record<string, RegionAzs> = {
    "af-south-1": { letters: ["a", "b", "c"] },
    "ap-east-1": { letters: ["a", "b", "c"] },
    "ap-east-2": { letters: ["a", "b", "c"] },
    "ap-northeast-1": { letters: ["a", "c", "d"], legacy: ["b"] },
    "ap-northeast-2": { letters: ["a", "b", "c", "d"] },
    "ap-northeast-3": { letters: ["a", "b", "c"] },
    "ap-south-1": { letters: ["a", "b", "c"] },
    "ap-south-2": { letters: ["a", "b", "c"] },
    "ap-southeast-1": { letters: ["a", "b", "c"] },
    "ap-southeast-2": { letters: ["a", "b", "c"] },
    "ap-southeast-3": { letters: ["a", "b", "c"] },
    "ap-southeast-4": { letters: ["a", "b", "c"] },
    "ap-southeast-5": { letters: ["a", "b", "c"] },
    "ap-southeast-6": { letters: ["a", "b", "c"] },
    "ap-southeast-7": { letters: ["a", "b", "c"] },
    "ca-central-1": { letters: ["a", "b", "d"] },
    "ca-west-1": { letters: ["a", "b", "c"] },
    "cn-north-1": { letters: ["a", "b", "d"] },
    "cn-northwest-1": { letters: ["a", "b", "c"] },
    "eu-central-1": { letters: ["a", "b", "c"] },
    "eu-central-2": { letters: ["a", "b", "c"] },
    "eu-north-1": { letters: ["a", "b", "c"] },
    "eu-south-1": { letters: ["a", "b", "c"] },
    "eu-south-2": { letters: ["a", "b", "c"] },
    "eu-west-1": { letters: ["a", "b", "c"] },
    "eu-west-2": { letters: ["a", "b", "c"] },
    "eu-west-3": { letters: ["a", "b", "c"] },
    "il-central-1": { letters: ["a", "b", "c"] },
    "me-central-1": { letters: ["a", "b", "c"] },
    "me-south-1": { letters: ["a", "b", "c"] },
    "mx-central-1": { letters: ["a", "b", "c"] },
    "sa-east-1": { letters: ["a", "b", "c"] },
    "us-east-1": { letters: ["a", "b", "c", "d", "e", "f"] },
    "us-east-2": { letters: ["a", "b", "c"] },
    "us-gov-east-1": { letters: ["a", "b", "c"] },
    "us-gov-west-1": { letters: ["a", "b", "c"] },
    "us-west-1": { letters: ["a", "c"], legacy: ["b"] },
    "us-west-2": { letters: ["a", "b", "c", "d"] },
};

/** The AZ names of a region as a new account sees them; undefined for a region not in the table. */
export function regionAzNames(region: string): string[] | undefined {
    return REGION_AZ_LETTERS[region]?.letters.map((l) => `${region}${l}`);
}

/** Whether `az` can be an AZ of `region` (true for a region the table does not know). */
export function isRegionAz(region: string, az: string): boolean {
    const r = REGION_AZ_LETTERS[region];
    if (!r) return az.startsWith(region) && /^[a-z]$/.test(az.slice(region.length));
    return az.startsWith(region) && [...r.letters, ...(r.legacy ?? [])].includes(az.slice(region.length));
}
