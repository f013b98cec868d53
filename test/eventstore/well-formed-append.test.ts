import t from 'tap';
import fc from 'fast-check';
import { z } from 'zod';
import { InvalidAppendError } from '../../src/eventstore/errors.ts';
import type { EventStore, EventToAppend } from '../../src/eventstore/port.ts';
import { EventRegistry } from '../../src/eventstore/registry.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';
import { leafBytesOf } from '../../src/integrity-log/log-writer.ts';
import { newUuidV7 } from '../../src/shared/uuidv7.ts';
import { findIllFormed, isWellFormedText, stringifiedMayHoldIllFormed } from '../../src/shared/well-formed-json.ts';
import { freshSqliteStore } from './sqlite-fixture.ts';

/**
 * The event store refuses an event holding a string that is not well-formed Unicode,
 * whoever appends it (R2 item 1: such an event has no canonical form and stopped the Merkle
 * log for good), through the registry as well as on the bare store, and lets every
 * well-formed string through unchanged.
 */

const metadata = { actor: { id: 'p-1', role: 'finance' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-02T09:00:00+08:00' };
const noted = (data: unknown): EventToAppend => ({ id: newUuidV7(), type: 'Noted', schemaVersion: 1, data, metadata });
const registry = () => new EventRegistry().register('Noted', 1, z.object({ note: z.string(), tags: z.array(z.string()).optional() }));

// Strings made of any code unit: lone surrogates, pairs, the text `\ud800`, ASCII, CJK.
const anyUnit = fc.oneof(
  fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\ud840\udc00', '\\', 'u', 'd', '8', '0', '"', '台'),
  fc.string({ unit: 'binary', maxLength: 1 }),
);
const anyText = fc.string({ unit: anyUnit, maxLength: 10 });
// Well-formed strings only, astral characters (emoji, CJK Extension B) and the literal text backslash-u-d-8-0-0 often.
const wellFormed = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('😀', '👩🏽‍💻', '𠀀', '𩸽', '\\ud800', '\\', 'u', 'd', '8', '台', '"'), maxLength: 8 }),
);

t.test('the prefilter never misses: every ill-formed string, value or key, is found and only those', async (t) => {
  fc.assert(
    fc.property(anyText, anyText, fc.integer({ min: 0, max: 2 }), (text, key, where) => {
      const value = where === 0 ? { a: [1, { b: text }] } : where === 1 ? { [key]: 'x', c: text } : text;
      const illFormed = !isWellFormedText(text) || (where === 1 && !isWellFormedText(key));
      const found = findIllFormed(value);
      if ((found !== undefined) !== illFormed) return false;
      return !illFormed || stringifiedMayHoldIllFormed(JSON.stringify(value));
    }),
    { numRuns: 1000, seed: 1162 },
  );
  t.same(findIllFormed({ a: [1, { b: 'x\udc00' }] }), { path: ['a', 1, 'b'], inKey: false });
  t.same(findIllFormed({ ok: '😀', ['k\ud800']: 1 }), { path: ['k\ud800'], inKey: true });
  t.equal(stringifiedMayHoldIllFormed(JSON.stringify({ a: '😀 𠀀 台' })), false, 'a well-formed pair is not escaped: no walk');
  // Deep nesting does not overflow the stack.
  let deep: unknown = '\ud800';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  t.equal(findIllFormed(deep)?.path.length, 100_000);
});

for (const writer of ['thread', 'inline'] as const) {
  t.test(`SQLite store (${writer} writer), bare and through the registry: refused with InvalidAppendError naming the event and field`, async (t) => {
    const { store: raw } = await freshSqliteStore(t, { writer });
    const stores: [string, EventStore][] = [['bare', raw], ['registry', withRegistry(raw, registry())]];
    for (const [name, store] of stores) {
      const bad = noted({ note: 'ok', tags: ['a', 'b\ud800'] });
      const error = await store.append(`note-${name}`, [noted({ note: 'fine' }), bad], 'any').then(
        () => undefined,
        (e: unknown) => e,
      );
      t.ok(error instanceof InvalidAppendError, `${name}: InvalidAppendError`);
      t.equal((error as InvalidAppendError).field, 'events[1].data.tags[1]', `${name}: names the field`);
      t.match((error as Error).message, `Noted ${bad.id}: string is not well-formed Unicode`, `${name}: names the event`);
    }
    t.equal(await raw.headPosition(), 0n, 'nothing was appended');

    const registered = withRegistry(raw, registry());
    let n = 0;
    await fc.assert(
      fc.asyncProperty(wellFormed, fc.array(wellFormed, { maxLength: 3 }), async (note, tags) => {
        const stream = `note-${++n}`;
        await registered.append(stream, [noted({ note, tags })], 'no_stream');
        const [read] = await raw.readStream(stream);
        leafBytesOf(read!); // throws if the event had no canonical form
        return JSON.stringify(read!.data) === JSON.stringify({ note, tags });
      }),
      { numRuns: writer === 'inline' ? 100 : 40, seed: 8785 },
    );
  });
}
