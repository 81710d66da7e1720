// Plain-data helpers shared by the offline engine and the commands.

/** A plain object (a YAML or JSON map): not null, not an array. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
