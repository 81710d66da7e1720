// Retry a check with exponential backoff until it passes, fails for good, or the deadline passes.

/** One attempt: pass, fail for good (no point retrying), or not yet (a fresh deploy warming up). */
export type Attempt =
    | { status: "pass"; detail: string }
    | { status: "fail"; detail: string }
    | { status: "retry"; detail: string };

export interface Backoff {
    initialMs: number;
    maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 15000 };

export interface CheckResult {
    name: string;
    passed: boolean;
    detail: string;
    attempts: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function retryUntil(
    name: string,
    attempt: () => Promise<Attempt>,
    deadline: number,
    backoff: Backoff,
    progress: (line: string) => void,
): Promise<CheckResult> {
    let delay = backoff.initialMs;
    for (let n = 1; ; n++) {
        const a = await attempt();
        if (a.status !== "retry") return { name, passed: a.status === "pass", detail: a.detail, attempts: n };
        const left = deadline - Date.now();
        if (left <= 0) return { name, passed: false, detail: `gave up: ${a.detail}`, attempts: n };
        const wait = Math.min(delay, left);
        progress(`[${name}] attempt ${n}: ${a.detail}; retrying in ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait);
        delay = Math.min(delay * 2, backoff.maxMs);
    }
}
