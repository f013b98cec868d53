import { randomBytes as cryptoRandomBytes, randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * UUIDv7 (RFC 9562 section 5.7): 48-bit Unix milliseconds, then version 7, then 74 bits
 * the generator fills. Event ids are UUIDv7 so that they sort by creation time and the
 * store's unique index on them grows at its right edge.
 *
 * The `uuid` package lays out the bytes; this module owns the monotonic state so that time
 * and randomness can be injected (deterministic tests, replays). The 32 bits after the
 * timestamp are a counter (RFC 9562 section 6.2, method 1 "fixed bit-length dedicated
 * counter", as `uuid` lays it out): seeded randomly with its top bit clear each new
 * millisecond and incremented within one, so ids from one generator strictly increase
 * even when the clock stalls or steps back.
 */
export interface UuidV7Sources {
  /** Unix time in milliseconds. */
  nowMs: () => number;
  /** n cryptographically random bytes. */
  randomBytes: (n: number) => Uint8Array;
}

const RANDOM_BYTES = 16;
const COUNTER_MAX = 0xffff_ffff;
const MSECS_MAX = 2 ** 48 - 1;

export function createUuidV7Generator(sources: UuidV7Sources): () => string {
  let state: UuidV7State = { msecs: -1, counter: 0 };
  return () => {
    const now = sources.nowMs();
    if (!Number.isInteger(now) || now < 0 || now > MSECS_MAX) {
      throw new RangeError(`nowMs returned ${now}: not a 48-bit millisecond count`);
    }
    const random = sources.randomBytes(RANDOM_BYTES);
    if (random.length < RANDOM_BYTES) throw new RangeError(`randomBytes returned ${random.length} bytes, need ${RANDOM_BYTES}`);
    state = advanceUuidV7State(state, now, random);
    return v7({ msecs: state.msecs, seq: state.counter, random });
  };
}

export interface UuidV7State {
  msecs: number;
  counter: number;
}

/** The (timestamp, counter) pair of the next id; strictly greater than `last`. */
export function advanceUuidV7State(last: UuidV7State, now: number, random: Uint8Array): UuidV7State {
  if (now > last.msecs) return { msecs: now, counter: seedCounter(random) };
  // The counter is spent for this millisecond: borrow the next one (RFC 9562 section 6.2).
  const next = last.counter === COUNTER_MAX ? { msecs: last.msecs + 1, counter: 0 } : { msecs: last.msecs, counter: last.counter + 1 };
  if (next.msecs > MSECS_MAX) throw new RangeError('UUIDv7 timestamp overflow');
  return next;
}

/** Random 31-bit start: the clear top bit leaves ≥ 2^31 increments within one millisecond. */
function seedCounter(random: Uint8Array): number {
  return (((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!) >>> 0;
}

/** Cryptographic random bytes drawn from a pool refilled 4 KiB at a time (one call per 256 ids, not one per id). */
function pooledRandomBytes(): (n: number) => Uint8Array {
  const pool = new Uint8Array(4096);
  let used = pool.length;
  return (n) => {
    if (n > pool.length) return cryptoRandomBytes(n);
    if (used + n > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    used += n;
    // A copy: the pool is overwritten at the next refill.
    return pool.slice(used - n, used);
  };
}

/** The process-wide generator for code outside src/domain (which gets its ids passed in). */
export const newUuidV7: () => string = createUuidV7Generator({
  nowMs: () => Date.now(),
  randomBytes: pooledRandomBytes(),
});

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * True for a UUIDv7 in the canonical lowercase text form (RFC 9562 section 4: version 7,
 * variant 10). Upper case is refused rather than folded: ids are idempotency keys compared
 * as strings, and one id must have one spelling.
 */
export function isUuidV7(s: unknown): s is string {
  return typeof s === 'string' && UUID_V7.test(s);
}

/** The 48-bit millisecond timestamp of a UUIDv7. */
export function uuidV7TimeMs(id: string): number {
  if (!isUuidV7(id)) throw new RangeError(`not a UUIDv7: ${id}`);
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
