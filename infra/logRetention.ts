// CloudWatch Logs retention: only these day counts are accepted (PutRetentionPolicy; 0 = never expire).
export const LOG_RETENTION_DAYS: readonly number[] = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** A sentence naming `field` when `days` is not a retention CloudWatch Logs accepts. */
export function retentionProblem(field: string, days: number): string | undefined {
    return LOG_RETENTION_DAYS.includes(days) ? undefined : `${field} must be one of CloudWatch Logs' retention values (${LOG_RETENTION_DAYS.join(", ")}; 0 keeps logs forever); got ${days}`;
}
