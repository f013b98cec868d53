import t from 'tap';
import { advanceUuidV7State, createUuidV7Generator, isUuidV7, newUuidV7, uuidV7TimeMs } from '../../src/shared/uuidv7.ts';

/** Deterministic bytes: n copies of one value. */
function fixedBytes(fill = 0x55): (n: number) => Uint8Array {
  return (n) => new Uint8Array(n).fill(fill);
}

t.test('layout: timestamp, version 7, variant 10 (RFC 9562 section 5.7)', async (t) => {
  const gen = createUuidV7Generator({ nowMs: () => 0x017f22e279b0, randomBytes: fixedBytes() });
  const id = gen();
  t.match(id, /^017f22e2-79b0-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.ok(isUuidV7(id));
  t.equal(uuidV7TimeMs(id), 0x017f22e279b0);
});

t.test('the RFC 9562 appendix A.6 example is a UUIDv7 of 2022-02-22T19:22:22Z', async (t) => {
  const example = '017f22e2-79b0-7cc3-98c4-dc0c0c07398f';
  t.ok(isUuidV7(example));
  t.equal(new Date(uuidV7TimeMs(example)).toISOString(), '2022-02-22T19:22:22.000Z');
});

t.test('same inputs give the same ids (injected time and randomness)', async (t) => {
  const make = () => createUuidV7Generator({ nowMs: () => 1_700_000_000_000, randomBytes: fixedBytes(0x3c) });
  const a = make();
  const b = make();
  t.same([a(), a(), a()], [b(), b(), b()]);
});

t.test('monotonic within a millisecond, across a stalled or backwards clock', async (t) => {
  const times = [1000, 1000, 1000, 999, 500, 1001, 1001];
  let i = 0;
  const gen = createUuidV7Generator({ nowMs: () => times[i++]!, randomBytes: fixedBytes(0xff) });
  const ids = times.map(() => gen());
  for (let k = 1; k < ids.length; k++) t.ok(ids[k - 1]! < ids[k]!, `${ids[k - 1]} < ${ids[k]}`);
  t.ok(ids.every(isUuidV7));
  t.equal(uuidV7TimeMs(ids[4]!), 1000, 'a clock stepping back keeps the last timestamp');
  t.equal(uuidV7TimeMs(ids[5]!), 1001);
});

t.test('an exhausted counter borrows the next millisecond', async (t) => {
  const random = new Uint8Array(16);
  t.same(advanceUuidV7State({ msecs: 5000, counter: 0xffff_ffff }, 5000, random), { msecs: 5001, counter: 0 });
  t.same(advanceUuidV7State({ msecs: 5000, counter: 7 }, 4000, random), { msecs: 5000, counter: 8 });
  t.same(advanceUuidV7State({ msecs: 5000, counter: 7 }, 5001, Uint8Array.from({ length: 16 }, () => 0xff)), {
    msecs: 5001,
    counter: 0x7fff_ffff,
  }, 'a new millisecond reseeds with the top bit clear');
  const gen = createUuidV7Generator({ nowMs: () => 5000, randomBytes: fixedBytes(0xff) });
  t.ok(gen() < gen());
});

t.test('many ids from the real clock are unique and sorted', async (t) => {
  const ids = Array.from({ length: 10_000 }, () => newUuidV7());
  t.equal(new Set(ids).size, ids.length);
  t.same([...ids].sort(), ids);
  t.ok(ids.every(isUuidV7));
});

t.test('isUuidV7 refuses other versions, variants, spellings and types', async (t) => {
  const ok = '0190b6a2-3c4d-7e5f-8a1b-2c3d4e5f6a7b';
  t.ok(isUuidV7(ok));
  t.notOk(isUuidV7(ok.toUpperCase()), 'upper case: one id, one spelling');
  t.notOk(isUuidV7('0190b6a2-3c4d-4e5f-8a1b-2c3d4e5f6a7b'), 'version 4');
  t.notOk(isUuidV7('0190b6a2-3c4d-7e5f-ca1b-2c3d4e5f6a7b'), 'variant 110');
  t.notOk(isUuidV7('0190b6a23c4d7e5f8a1b2c3d4e5f6a7b'), 'no hyphens');
  t.notOk(isUuidV7(`{${ok}}`), 'braces');
  t.notOk(isUuidV7(` ${ok}`), 'leading space');
  t.notOk(isUuidV7(''), 'empty');
  t.notOk(isUuidV7(42), 'not a string');
  t.notOk(isUuidV7(undefined), 'undefined');
});

t.test('bad sources are programmer errors with a message', async (t) => {
  t.throws(() => createUuidV7Generator({ nowMs: () => -1, randomBytes: fixedBytes() })(), /nowMs/);
  t.throws(() => createUuidV7Generator({ nowMs: () => 1.5, randomBytes: fixedBytes() })(), /nowMs/);
  t.throws(() => createUuidV7Generator({ nowMs: () => 2 ** 48, randomBytes: fixedBytes() })(), /nowMs/);
  t.throws(() => createUuidV7Generator({ nowMs: () => 1, randomBytes: () => new Uint8Array(4) })(), /randomBytes/);
  t.throws(() => uuidV7TimeMs('nope'), /UUIDv7/);
});
