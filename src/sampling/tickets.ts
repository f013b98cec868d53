/**
 * Per-candidate tickets (docs/sampling.md §5): SHA-256 over a tag, the seed and the
 * candidate's identity. A ticket depends on nothing else, so adding subjects to a roster
 * or raising a count never changes the tickets already drawn.
 */
import { compareUtf8, concatBytes, lp, toHex, writeUtf8 } from './bytes.ts';
import { comparePpsKeys, ppsKey } from './pps-key.ts';
import { sha256, Sha256WithPrefix } from './sha256.ts';

/**
 * Tags separate the uses of the seed. The ticket and shuffle tags are 28 bytes long so that
 * lp(tag) ‖ seed is exactly one 64-byte SHA-256 block (hashed once per draw).
 */
export const TICKET_TAG = 'taizhang-sampling-v1/tickets';
export const DECK_TAG = 'taizhang-sampling-v1/shuffle';
export const FLOOR_TAG = 'taizhang-sampling-v1/floor';

/**
 * Hashes lp(tag) ‖ seed ‖ lp(scope) ‖ lp(id). Always the built-in SHA-256: for messages
 * this short it is as fast as a native call, and it can reuse the constant first block.
 */
export class TicketHasher {
  private readonly prefix: Uint8Array;
  private readonly midstate: Sha256WithPrefix | undefined;
  private buffer = new Uint8Array(1024);

  constructor(tag: string, seed: Uint8Array) {
    this.prefix = concatBytes([lp(tag), seed]);
    this.midstate = this.prefix.length % 64 === 0 ? new Sha256WithPrefix(this.prefix) : undefined;
  }

  /** Writes the ticket of (scope, id) to out[outAt..outAt+32). */
  ticketInto(scope: string, id: string, out: Uint8Array, outAt: number): void {
    const room = this.prefix.length + 8 + 3 * (scope.length + id.length);
    if (room > this.buffer.length) this.buffer = new Uint8Array(room * 2);
    if (this.midstate) {
      // The buffer holds the suffix only: the prefix block is in the midstate.
      const length = this.field(scope, 0);
      this.midstate.digestInto(this.buffer, length + this.field(id, length), out, outAt);
      return;
    }
    this.buffer.set(this.prefix);
    let at = this.prefix.length;
    at += this.field(scope, at);
    at += this.field(id, at);
    out.set(sha256(this.buffer.subarray(0, at)), outAt);
  }

  ticket(scope: string, id: string): Uint8Array {
    const out = new Uint8Array(32);
    this.ticketInto(scope, id, out, 0);
    return out;
  }

  /** lp(utf8(s)) at `at`; returns bytes written. */
  private field(s: string, at: number): number {
    const buf = this.buffer;
    const n = writeUtf8(s, buf, at + 4);
    buf[at] = n >>> 24; buf[at + 1] = n >>> 16; buf[at + 2] = n >>> 8; buf[at + 3] = n;
    return n + 4;
  }
}

/**
 * The ordering keys of a list of candidates (one stratum, or one floor group): plain
 * tickets for the simple draw, ascending as 256-bit unsigned integers; ES keys E/w for PPS,
 * ascending as exact rationals. Ties, which need a SHA-256 collision or equal E/w, break
 * on ascending id (UTF-8 byte order).
 */
export interface KeyColumn {
  compare(x: number, y: number): number;
  /** How the key is published: the ticket in hex, or for PPS "E/w" in decimal. */
  format(x: number): string;
}

export function ticketColumn(hasher: TicketHasher, scope: string, ids: readonly string[]): KeyColumn {
  const n = ids.length;
  const tickets = new Uint8Array(n * 32);
  const head = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    hasher.ticketInto(scope, ids[x]!, tickets, x * 32);
    const o = x * 32;
    // The first 6 bytes as an exact integer: settles nearly every comparison at once.
    head[x] = tickets[o]! * 2 ** 40 + tickets[o + 1]! * 2 ** 32 + ((tickets[o + 2]! << 24) >>> 0) + (tickets[o + 3]! << 16) + (tickets[o + 4]! << 8) + tickets[o + 5]!;
  }
  return {
    compare(x, y) {
      if (head[x] !== head[y]) return head[x]! - head[y]!;
      for (let i = 6; i < 32; i++) {
        const d = tickets[x * 32 + i]! - tickets[y * 32 + i]!;
        if (d !== 0) return d;
      }
      return compareUtf8(ids[x]!, ids[y]!);
    },
    format: (x) => toHex(tickets.subarray(x * 32, x * 32 + 32)),
  };
}

export function ppsColumn(hasher: TicketHasher, scope: string, ids: readonly string[], weightsFen: readonly number[]): KeyColumn {
  const ticket = new Uint8Array(32);
  const keys = ids.map((id, x) => {
    hasher.ticketInto(scope, id, ticket, 0);
    return ppsKey(ticket, weightsFen[x]!);
  });
  return {
    compare: (x, y) => comparePpsKeys(keys[x]!, keys[y]!) || compareUtf8(ids[x]!, ids[y]!),
    format: (x) => `${keys[x]!.e.toString(10)}/${keys[x]!.w.toString(10)}`,
  };
}

/** Positions 0..n−1 in ascending key order. */
export function sortedPositions(column: KeyColumn, n: number): number[] {
  return Array.from({ length: n }, (_, x) => x).sort((x, y) => column.compare(x, y));
}
