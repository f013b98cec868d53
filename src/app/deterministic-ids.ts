import { createHmac, randomBytes } from 'node:crypto';

/**
 * Event ids derived from a per-request seed: the same request, replayed after a crash
 * under the same Idempotency-Key, produces the very same event ids, so the store's
 * idempotent append (and the "already applied" check in the command runner) make the
 * replay write nothing new. Ids are valid UUIDv7: the time is the seed's, the 74
 * "random" bits come from HMAC-SHA-256(seed, stream ‖ step ‖ index).
 */
export interface RequestSeed {
  /** Milliseconds since the epoch when the request was first received. */
  timeMs: number;
  /** 16+ secret random bytes, hex. */
  secretHex: string;
}

export function newRequestSeed(nowMs: number): RequestSeed {
  return { timeMs: nowMs, secretHex: randomBytes(16).toString('hex') };
}

export function uuidV7FromBytes(timeMs: number, rand: Uint8Array): string {
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs >= 2 ** 48) throw new RangeError(`timeMs out of range: ${timeMs}`);
  if (rand.length < 10) throw new RangeError('need at least 10 random bytes');
  const b = new Uint8Array(16);
  let t = timeMs;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b.set(rand.subarray(0, 10), 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const hex = Buffer.from(b).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class DeterministicIds {
  private readonly steps = new Map<string, number>();
  constructor(private readonly seed: RequestSeed) {}

  /**
   * `count` ids for the next step on `stream`. Retrying a step after a concurrency
   * conflict asks again with `retry: true` and gets the same ids, so whichever attempt
   * won, a replay recognises its events.
   */
  forStep(stream: string, count: number, retry = false): string[] {
    const prior = this.steps.get(stream) ?? 0;
    const step = retry ? Math.max(prior - 1, 0) : prior;
    if (!retry) this.steps.set(stream, prior + 1);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(this.idAt(stream, step, i));
    return ids;
  }

  /**
   * The first id the next `forStep(stream, n, retry)` will return, without taking the
   * step: what a replay looks for in the stream before deciding. (Taking a step for the
   * look-up would shift the ids the replay then writes, so a replay of that replay could
   * no longer recognise them.)
   */
  peekFirst(stream: string, retry = false): string {
    const prior = this.steps.get(stream) ?? 0;
    return this.idAt(stream, retry ? Math.max(prior - 1, 0) : prior, 0);
  }

  private idAt(stream: string, step: number, index: number): string {
    const mac = createHmac('sha256', Buffer.from(this.seed.secretHex, 'hex')).update(`${stream}\n${step}\n${index}`).digest();
    return uuidV7FromBytes(this.seed.timeMs, mac);
  }
}
