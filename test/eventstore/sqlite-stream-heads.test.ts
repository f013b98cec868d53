import t from 'tap';
import fc from 'fast-check';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import type { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { event, newStream } from './contract.ts';
import { freshSqliteStore, insertSystemEvent } from './sqlite-fixture.ts';

/*
 * knownLastRevision vouches "this stream has no event after revision X" without a read.
 * A wrong answer would let the command runner decide on a stale state, so the property
 * that matters is soundness: whenever it answers, no stored event lies beyond it, whoever
 * appended (this store, or another connection standing for another process).
 */

async function lastStored(store: SqliteEventStore, stream: string): Promise<bigint> {
  const events = await store.readStream(stream, { direction: 'backwards', limit: 1 });
  return events[0]?.revision ?? -1n;
}

t.test('its own appends and reads to the end are known; a stream never seen is not', async (t) => {
  const { store } = await freshSqliteStore(t);
  const [a, b, c] = [newStream(), newStream(), newStream()];
  t.equal(store.knownLastRevision(a), undefined, 'nothing known before any append or read');
  await store.append(a, [event(), event()], 'no_stream');
  t.equal(store.knownLastRevision(a), 1n, 'after its append: the revision it wrote');
  t.same(await store.readStream(b), []);
  t.equal(store.knownLastRevision(b), -1n, 'an empty read from the start: no event at all');
  await store.append(c, [event(), event(), event()], 'no_stream');
  t.same(await store.readStream(c, { fromRevision: 3n }), []);
  t.equal(store.knownLastRevision(c), 2n, 'an empty read from revision 3: nothing after 2');
  await store.readStream(c, { limit: 2 });
  t.equal(store.knownLastRevision(c), 2n, 'a read cut short by its limit says nothing new');
});

t.test('a refused append teaches the actual revision; a replayed batch does not lower the bound', async (t) => {
  const { store } = await freshSqliteStore(t);
  const stream = newStream();
  const first = [event(), event()];
  await store.append(stream, first, 'no_stream');
  await store.append(stream, [event()], 1n);
  await t.rejects(store.append(stream, [event()], 0n), { name: 'WrongExpectedRevisionError' });
  t.equal(store.knownLastRevision(stream), 2n);
  const replayed = await store.append(stream, first, 'no_stream');
  t.equal(replayed.revision, 1n, 'the retry gets its original answer');
  t.equal(store.knownLastRevision(stream), 2n, 'but the stream still ends at 2');
});

t.test("another connection's append is never vouched over, before or after this store's next commit", async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const other = await openSqliteStore({ file, writer: 'inline' });
  t.teardown(() => other.close());
  const [hot, cold] = [newStream(), newStream()];
  await store.append(hot, [event()], 'no_stream');
  await store.append(cold, [event()], 'no_stream');
  await other.append(hot, [event()], 0n);
  t.equal(store.knownLastRevision(hot), undefined, 'the stream the other wrote: unknown');
  t.equal(store.knownLastRevision(cold), 0n, 'a stream it did not touch: still known');
  await store.append(newStream(), [event()], 'no_stream');
  t.equal(store.knownLastRevision(hot), undefined, 'after a commit of ours that came after theirs');
  t.equal(store.knownLastRevision(cold), undefined, 'everything noted before the foreign append is forgotten');
  await store.readStream(hot, { fromRevision: 1n });
  t.equal(store.knownLastRevision(hot), 1n, 'a read learns it again');
});

t.test('events written into the file by other means (system events) only cost knowledge', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const stream = newStream();
  await store.append(stream, [event()], 'no_stream');
  insertSystemEvent(file, 'stream');
  t.equal(store.knownLastRevision(stream), 0n, 'another stream was written: this one is still known');
  await store.append(stream, [event()], 0n);
  t.equal(store.knownLastRevision(stream), 1n, 'its own append after the foreign one is known');
});

t.test('property: whatever two writers do, a known revision is never below the stored end', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const other = await openSqliteStore({ file, writer: 'inline' });
  t.teardown(() => other.close());
  const op = fc.record({ who: fc.constantFrom('ours', 'other', 'read'), stream: fc.nat({ max: 3 }), events: fc.integer({ min: 1, max: 2 }) });
  let known = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      let unsound = 0;
      const streams = Array.from({ length: 4 }, () => newStream());
      for (const o of ops) {
        const s = streams[o.stream]!;
        if (o.who === 'read') await store.readStream(s);
        else await (o.who === 'ours' ? store : other).append(s, Array.from({ length: o.events }, () => event()), 'any');
        for (const x of streams) {
          const bound = store.knownLastRevision(x);
          if (bound === undefined) continue;
          known += 1;
          if ((await lastStored(store, x)) > bound) unsound += 1;
        }
      }
      return unsound === 0;
    }),
    { numRuns: 40 },
  );
  t.pass('no bound below an event stored');
  t.ok(known > 0, 'and it did vouch for some streams');
});

t.test('the log is looked at once per turn of the event loop; the next turn, or a report of our writer, looks again', async (t) => {
  const { StreamHeads } = await import('../../src/eventstore/sqlite/stream-heads.ts');
  let version = 1;
  let looks = 0;
  let foreign: string[] = [];
  const endOfTurn: (() => void)[] = [];
  const heads = new StreamHeads(
    {
      dataVersion: () => (looks++, version),
      logHead: () => 10,
      streamsAfter: () => foreign,
    },
    (then) => void endOfTurn.push(then),
  );
  heads.noteReadToEnd('fund-1', 0, 3);
  t.equal(heads.lastRevision('fund-1'), 3);
  t.equal(heads.lastRevision('fund-1'), 3);
  t.equal(looks, 1, 'one look for two questions in one turn');
  // Another process appends to fund-1: within the turn the earlier look stands (as if asked a moment earlier) …
  version = 2;
  foreign = ['fund-1'];
  t.equal(heads.lastRevision('fund-1'), 3);
  // … and the next turn sees it.
  for (const then of endOfTurn.splice(0)) then();
  t.equal(heads.lastRevision('fund-1'), undefined, 'the next turn looks again and finds the foreign append');
  t.equal(looks, 2);
  heads.noteGroup([{ stream: 'fund-2', expected: 'any', events: [] }], { outcomes: [{ ok: true, revision: 0, position: 11 }], foreign: false, head: 11 });
  foreign = [];
  version = 3;
  t.equal(heads.lastRevision('fund-2'), 0, "our writer's report ends the turn's look at once");
  t.equal(looks, 3);
});
