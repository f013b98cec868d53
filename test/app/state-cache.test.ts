import t from 'tap';
import fc from 'fast-check';
import { StateCache, type CachedState } from '../../src/app/state-cache.ts';

type Op = { kind: 'get' | 'set' | 'take' | 'delete'; key: string };
const op = fc.record({ kind: fc.constantFrom('get', 'set', 'set', 'take', 'delete') as fc.Arbitrary<Op['kind']>, key: fc.integer({ min: 0, max: 24 }).map((n) => `s-${n}`) });

/** A true LRU of `capacity`: the most recently set or hit keys, with their values. */
class ModelLru {
  readonly entries = new Map<string, CachedState<number>>();
  constructor(private readonly capacity: number) {}
  touch(key: string, value: CachedState<number>): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

t.test('against a true LRU of half the bound: never over the bound, never loses what the LRU keeps, never answers a stale value', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 12 }), fc.array(op, { maxLength: 300 }), (maxEntries, ops) => {
      const cache = new StateCache(maxEntries);
      const model = new ModelLru(Math.floor(maxEntries / 2));
      // The last value set per key, until it is taken or deleted: any hit must answer it.
      const current = new Map<string, CachedState<number>>();
      let n = 0;
      for (const { kind, key } of ops) {
        if (kind === 'set') {
          const value = { revision: BigInt(n), state: n++ };
          cache.set(key, value);
          model.touch(key, value);
          current.set(key, value);
        } else if (kind === 'get') {
          const hit = cache.get<number>(key);
          if (hit !== undefined) {
            if (hit !== current.get(key)) return false;
            model.touch(key, hit);
          } else if (model.entries.has(key)) return false;
        } else {
          const taken = kind === 'take' ? cache.take<number>(key) : (cache.delete(key), undefined);
          if (kind === 'take' && taken !== undefined && taken !== current.get(key)) return false;
          if (kind === 'take' && taken === undefined && model.entries.has(key)) return false;
          model.entries.delete(key);
          current.delete(key);
          if (cache.get(key) !== undefined) return false;
        }
        if (cache.size > maxEntries) return false;
        for (const [k, v] of model.entries) if (cache.get(k) !== v) return false;
      }
      return true;
    }),
    { numRuns: 400 },
  );
  t.pass('400 random runs held');
});

t.test('a store of a key already held replaces its value in place; a taken key is gone until set again', async (t) => {
  const cache = new StateCache(4);
  const a1 = { revision: 0n, state: 'a1' };
  const a2 = { revision: 1n, state: 'a2' };
  cache.set('a', a1);
  cache.set('a', a2);
  t.equal(cache.size, 1);
  t.equal(cache.get('a'), a2);
  t.equal(cache.take('a'), a2);
  t.equal(cache.get('a'), undefined);
  t.equal(cache.take('a'), undefined);
});

t.test('holds at most maxEntries however many streams pass through it', async (t) => {
  const cache = new StateCache(1_000);
  for (let i = 0; i < 10_000; i++) cache.set(`s-${i}`, { revision: 0n, state: i });
  t.ok(cache.size <= 1_000, `size ${cache.size}`);
  t.ok(cache.size >= 500, `the last half-bound stays: size ${cache.size}`);
  for (let i = 9_500; i < 10_000; i++) if (cache.get(`s-${i}`)?.state !== i) t.fail(`s-${i} lost`);
  t.throws(() => new StateCache(1), RangeError);
  t.throws(() => new StateCache(2.5), RangeError);
});
