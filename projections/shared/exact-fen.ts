/**
 * Money the read models answer must be exact. SQLite keeps integers (and their sums) in 64
 * bits, but an answer is JSON, whose numbers carry whole numbers exactly only up to
 * 2^53 − 1: a sum beyond that is refused with a typed error (the query routes answer it
 * as a 4xx problem) rather than rounded, or sent to the response schema that would fail
 * with a 500. One fund's buckets stay far below (src/domain/fund/total-limit.ts); sums over
 * many funds, and cumulative figures such as bounced or released money, are not bounded
 * by the domain.
 */
export class SumOutOfRangeError extends Error {
  constructor(readonly what: string) {
    super(`${what} exceeds ${Number.MAX_SAFE_INTEGER} fen, the largest amount an answer carries exactly; ask for fewer records`);
    this.name = 'SumOutOfRangeError';
  }
}

/** A value read from SQLite (or derived from such values) as an exact number of fen. */
export function exactFen(value: number | bigint, what: string): number {
  const n = typeof value === 'bigint' ? (value >= BigInt(-Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : NaN) : value;
  // An integer SQLite holds beyond 2^53 − 1 arrives as a number that is no longer a safe integer.
  if (!Number.isSafeInteger(n)) throw new SumOutOfRangeError(what);
  return n;
}

/** available = allocated + recovered + adjusted − committed − paid, worked out exactly before it is checked. */
export function exactAvailableFen(parts: { allocated: number; recovered: number; adjusted: number; committed: number; paid: number }, what: string): number {
  const big = (n: number) => BigInt(exactFen(n, what));
  return exactFen(big(parts.allocated) + big(parts.recovered) + big(parts.adjusted) - big(parts.committed) - big(parts.paid), what);
}

/**
 * Runs a summing query; SQLite's sum() throws "integer overflow" beyond 64 bits, which is
 * the same refusal, not a failure of the server.
 */
export function summing<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && /integer overflow/i.test(error.message)) throw new SumOutOfRangeError(what);
    throw error;
  }
}
