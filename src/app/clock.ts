/** The only source of "now" in the app layer; tests and the generator pass a fixed one. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that returns `startMs` and advances by `stepMs` on every read. */
export function fixedClock(startMs: number, stepMs = 0): Clock {
  let t = startMs;
  return {
    nowMs: () => {
      const now = t;
      t += stepMs;
      return now;
    },
  };
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** ISO 8601 in Asia/Shanghai with its offset (China keeps +08:00 all year, no DST). */
export function toShanghaiIso(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** The Asia/Shanghai business date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
