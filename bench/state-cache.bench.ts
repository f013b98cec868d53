/**
 * The command runner's state cache (src/app/state-cache.ts) at its bound, in the pattern of
 * the command mix: every command folds a stream never seen before (an application) and
 * takes and puts back a hot one (a fund). Beside it, in the same run:
 *   - a delete-and-set LRU on one Map, evicting from the Map's front (the cache's former
 *     design, and the usual one);
 *   - a bare Map set of a new key (the floor: what any cache must at least do).
 *
 *   npm run bench -- state-cache        (BENCH_QUICK=1: a tenth of the commands)
 */
import { StateCache, type CachedState } from '../src/app/state-cache.ts';

const BOUND = 50_000;
const COMMANDS = process.env.BENCH_QUICK === '1' ? 20_000 : 100_000;

/** The baseline: one Map in recency order; a hit moves its entry to the end, the front is evicted. */
class MapLru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  take(key: string): V | undefined {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    return hit;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

interface Cache {
  get(key: string): unknown;
  take(key: string): unknown;
  set(key: string, value: CachedState<unknown>): void;
}

/** µs per command of the mix's pattern on `cache`, already filled to its bound. */
function mixPattern(cache: Cache, round: number): number {
  const state = (n: number) => ({ revision: BigInt(n), state: { n } });
  for (let i = 0; i < BOUND; i++) cache.set(`fill-${round}-${i}`, state(i));
  const t0 = performance.now();
  for (let i = 0; i < COMMANDS; i++) {
    const fresh = `application\u0000application-r${round}-${i}`;
    if (cache.get(fresh) === undefined) cache.set(fresh, state(i));
    const hot = `fund\u0000fund-${i % 8}`;
    cache.set(hot, (cache.take(hot) as CachedState<unknown> | undefined) ?? state(0));
  }
  return ((performance.now() - t0) * 1000) / COMMANDS;
}

function bareMap(round: number): number {
  const map = new Map<string, unknown>();
  const t0 = performance.now();
  for (let i = 0; i < COMMANDS; i++) {
    map.set(`application\u0000application-r${round}-${i}`, i);
    if (map.size >= BOUND) map.clear();
  }
  return ((performance.now() - t0) * 1000) / COMMANDS;
}

const best = { cache: Infinity, lru: Infinity, bare: Infinity };
// Alternated, three rounds each, the best kept: the first round of each is mostly JIT warm-up.
for (let round = 0; round < 3; round++) {
  best.cache = Math.min(best.cache, mixPattern(new StateCache(BOUND), round));
  best.lru = Math.min(best.lru, mixPattern(new MapLru(BOUND), round));
  best.bare = Math.min(best.bare, bareMap(round));
}
process.stdout.write(
  `state cache at its ${BOUND} bound, ${COMMANDS} commands (a new stream each, a hot stream taken and put back), best of 3:\n` +
    `  StateCache (two generations)      ${best.cache.toFixed(2)} µs/command   ${(best.cache / best.bare).toFixed(1)}x a bare Map set\n` +
    `  delete-and-set LRU on one Map     ${best.lru.toFixed(2)} µs/command   ${(best.lru / best.bare).toFixed(1)}x a bare Map set\n` +
    `  bare Map set of a new key         ${best.bare.toFixed(2)} µs/command\n` +
    `  StateCache / LRU: ${(best.cache / best.lru).toFixed(2)}\n`,
);
