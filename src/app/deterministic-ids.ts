import { createHmac, randomFillSync } from 'node:crypto';

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

const SEED_BYTES = 16;
/**
 * Seeds are drawn from a pool of random bytes refilled 4 KiB at a time: one
 * randomBytes(16) per request was a call into C++ (and a buffer) per POST. Each byte of
 * the pool is handed out once.
 */
const seedPool = Buffer.alloc(4096);
let seedPoolUsed = seedPool.length;

export function newRequestSeed(nowMs: number): RequestSeed {
  if (seedPoolUsed + SEED_BYTES > seedPool.length) {
    randomFillSync(seedPool);
    seedPoolUsed = 0;
  }
  const secretHex = seedPool.toString('hex', seedPoolUsed, seedPoolUsed + SEED_BYTES);
  seedPoolUsed += SEED_BYTES;
  return { timeMs: nowMs, secretHex };
}

const HEX = '0123456789abcdef';

/** UUIDv7 text: 48 bits of `timeMs`, then version 7, then the first 10 bytes of `rand` (their top bits overwritten by version and variant). */
export function uuidV7FromBytes(timeMs: number, rand: Uint8Array): string {
  if (rand.length < 10) throw new RangeError('need at least 10 random bytes');
  return uuidV7FromHex(timePrefixOf(timeMs), Buffer.from(rand.buffer, rand.byteOffset, 10).toString('hex'));
}

/** The id's first 15 characters, `tttttttt-tttt-7`: the same for every id of one seed. */
function timePrefixOf(timeMs: number): string {
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs >= 2 ** 48) throw new RangeError(`timeMs out of range: ${timeMs}`);
  const time = timeMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7`;
}

/** The rest of the id after `timePrefix`, from the first 20 lowercase hex digits of the random bytes. */
function uuidV7FromHex(timePrefix: string, r: string): string {
  const variant = HEX[0x8 | (parseInt(r[4]!, 16) & 0x3)]!;
  return `${timePrefix}${r.slice(1, 4)}-${variant}${r.slice(5, 8)}-${r.slice(8, 20)}`;
}

export class DeterministicIds {
  private readonly steps = new Map<string, number>();
  /** The HMAC key, decoded once per request rather than once per id. */
  private key: Buffer | undefined;
  /** The ids' common start (the seed's time), worked out once per request. */
  private timePrefix: string | undefined;
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
    this.key ??= Buffer.from(this.seed.secretHex, 'hex');
    this.timePrefix ??= timePrefixOf(this.seed.timeMs);
    // The digest as hex text at once: no digest Buffer, no view of it, no second encoding
    // (measured: a third less CPU per id than uuidV7FromBytes on the digest; the same id).
    return uuidV7FromHex(this.timePrefix, createHmac('sha256', this.key).update(`${stream}\n${step}\n${index}`).digest('hex'));
  }
}
