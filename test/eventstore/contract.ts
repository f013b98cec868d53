import type { Test } from 'tap';
import { EventIdConflictError, InvalidAppendError, InvalidReadError, WrongExpectedRevisionError } from '../../src/eventstore/errors.ts';
import type { EventMetadata, EventStore, EventToAppend, ExpectedRevision, RecordedEvent } from '../../src/eventstore/port.ts';
import { newUuidV7 } from '../../src/shared/uuidv7.ts';

/**
 * The one contract every EventStore adapter must pass. Adapter-neutral:
 * - it never assumes an empty store: each case uses fresh stream names and only looks at
 *   its own streams, and reads $all after the head position it saw first;
 * - positions are compared by order, never by value (only the embedded store promises
 *   density; its own test checks that);
 * - the store must run with the default limit of 1 MiB per event (data + metadata JSON).
 *
 * `injectSystemEvent`, when the adapter can, writes an event that user code cannot (a `$`
 * stream or type) so that the filtering of readAll/subscribeAll is seen, not assumed.
 */
export interface ContractStore {
  store: EventStore;
  cleanup(): Promise<void>;
  injectSystemEvent?(kind: 'stream' | 'type'): Promise<void>;
}

const MIB = 1024 * 1024;

export function eventStoreContract(t: Test, makeStore: () => Promise<ContractStore>): void {
  const withStore = (name: string, fn: (t: Test, s: ContractStore) => Promise<void>) =>
    t.test(name, async (t) => {
      const s = await makeStore();
      t.teardown(() => s.cleanup());
      await fn(t, s);
    });

  expectedRevisionCases(withStore);
  idempotencyCases(withStore);
  readCases(withStore);
  subscriptionCases(withStore);
  reservedNameCases(withStore);
  sizeAndUnicodeCases(withStore);
  badInputCases(withStore);
}

type WithStore = (name: string, fn: (t: Test, s: ContractStore) => Promise<void>) => void;

function expectedRevisionCases(withStore: WithStore): void {
  withStore('expected revision no_stream', async (t, { store }) => {
    const stream = newStream();
    const first = await store.append(stream, [event()], 'no_stream');
    t.equal(first.revision, 0n);
    t.equal(typeof first.position, 'bigint');
    await rejectsWrongRevision(t, store.append(stream, [event()], 'no_stream'), stream, 'no_stream', 0n);
    t.equal(await store.streamRevision(stream), 0n, 'the refused append wrote nothing');
  });

  withStore('expected revision stream_exists', async (t, { store }) => {
    const stream = newStream();
    await rejectsWrongRevision(t, store.append(stream, [event()], 'stream_exists'), stream, 'stream_exists', undefined);
    t.equal(await store.streamRevision(stream), undefined);
    await store.append(stream, [event()], 'any');
    t.equal((await store.append(stream, [event(), event()], 'stream_exists')).revision, 2n);
  });

  withStore('expected revision any', async (t, { store }) => {
    const stream = newStream();
    t.equal((await store.append(stream, [event()], 'any')).revision, 0n, 'creates the stream');
    t.equal((await store.append(stream, [event()], 'any')).revision, 1n, 'appends to it');
  });

  withStore('expected revision exact', async (t, { store }) => {
    const stream = newStream();
    await rejectsWrongRevision(t, store.append(stream, [event()], 0n), stream, 0n, undefined);
    await store.append(stream, [event()], 'no_stream');
    const second = await store.append(stream, [event(), event(), event()], 0n);
    t.equal(second.revision, 3n, 'the revision of the last event of the batch');
    await rejectsWrongRevision(t, store.append(stream, [event()], 0n), stream, 0n, 3n);
    await rejectsWrongRevision(t, store.append(stream, [event()], 4n), stream, 4n, 3n);
    t.equal((await store.append(stream, [event()], 3n)).revision, 4n);
    t.same(revisions(await store.readStream(stream)), [0n, 1n, 2n, 3n, 4n]);
  });

  withStore('a multi-event append is one run: consecutive revisions, increasing positions, last one returned', async (t, { store }) => {
    const stream = newStream();
    const batch = [event(), event(), event(), event()];
    const result = await store.append(stream, batch, 'no_stream');
    const read = await store.readStream(stream);
    t.same(read.map((e) => e.id), batch.map((e) => e.id));
    t.same(revisions(read), [0n, 1n, 2n, 3n]);
    assertIncreasing(t, read.map((e) => e.position));
    t.equal(result.position, read.at(-1)!.position);
    t.equal(result.revision, 3n);
  });

  withStore('recorded events carry the appended envelope', async (t, { store }) => {
    const stream = newStream();
    const appended = event({ type: 'FundOpened', schemaVersion: 2, data: { fundId: 'f-1', amountFen: 12_345_600, tags: ['a', 'b'], note: null } });
    const { position } = await store.append(stream, [appended], 'no_stream');
    const [recorded] = await store.readStream(stream);
    t.ok(recorded);
    t.same(
      { id: recorded!.id, type: recorded!.type, schemaVersion: recorded!.schemaVersion, data: recorded!.data, metadata: recorded!.metadata },
      appended,
    );
    t.equal(recorded!.stream, stream);
    t.equal(recorded!.revision, 0n);
    t.equal(recorded!.position, position);
    t.match(recorded!.recordedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    t.notOk(Number.isNaN(Date.parse(recorded!.recordedAt)));
  });
}

function idempotencyCases(withStore: WithStore): void {
  withStore('re-appending a stored batch returns the original result for every expected revision, writing nothing', async (t, { store }) => {
    const stream = newStream();
    const batch = [event(), event(), event()];
    const original = await store.append(stream, batch, 'no_stream');
    const head = await store.headPosition();
    const kinds: ExpectedRevision[] = ['no_stream', 'stream_exists', 'any', 2n, 0n, 7n];
    for (const expected of kinds) {
      t.same(await store.append(stream, copy(batch), expected), original, `expected ${String(expected)}`);
    }
    await store.append(stream, [event()], 'any');
    t.same(await store.append(stream, copy(batch), 'no_stream'), original, 'still the original after the stream moved on');
    const afterHead = await store.headPosition();
    t.same(revisions(await store.readStream(stream)), [0n, 1n, 2n, 3n], 'nothing was written twice');
    t.ok(afterHead > head, 'only the one new event moved the head');
    t.equal((await ownEvents(store, head, [stream])).length, 1);
  });

  withStore('the same content with its object keys in another order is the same event', async (t, { store }) => {
    const stream = newStream();
    const original = event({ data: { a: 1, b: { c: '二', d: [1, 2] } } });
    const result = await store.append(stream, [original], 'no_stream');
    const reordered = { ...original, data: { b: { d: [1, 2], c: '二' }, a: 1 }, metadata: reverseKeys(original.metadata) };
    t.same(await store.append(stream, [reordered], 'any'), result);
  });

  withStore('two callers appending the same batch at once: one copy, both told the same', async (t, { store }) => {
    const stream = newStream();
    const batch = [event(), event()];
    const [a, b] = await Promise.all([store.append(stream, batch, 'no_stream'), store.append(stream, copy(batch), 'no_stream')]);
    t.same(a, b);
    t.equal((await store.readStream(stream)).length, 2);
  });

  withStore('an id stored with other content is a conflict', async (t, { store }) => {
    const stream = newStream();
    const stored = event({ data: { amountFen: 100 } });
    await store.append(stream, [stored], 'no_stream');
    const variants: [string, EventToAppend][] = [
      ['data', { ...stored, data: { amountFen: 101 } }],
      ['type', { ...stored, type: 'SomethingElse' }],
      ['schemaVersion', { ...stored, schemaVersion: 2 }],
      ['metadata', { ...stored, metadata: { ...stored.metadata, requestId: 'another-request' } }],
    ];
    for (const [what, variant] of variants) {
      await rejectsConflict(t, store.append(stream, [variant], 'any'), stored.id, 'other_content', `different ${what}`);
    }
    t.same(revisions(await store.readStream(stream)), [0n], 'nothing written');
  });

  withStore('an id stored in another stream is a conflict', async (t, { store }) => {
    const first = newStream();
    const second = newStream();
    const stored = event();
    await store.append(first, [stored], 'no_stream');
    await rejectsConflict(t, store.append(second, [copy([stored])[0]!], 'any'), stored.id, 'other_stream');
    await rejectsConflict(t, store.append(second, [copy([stored])[0]!], 'no_stream'), stored.id, 'other_stream', 'whatever it expects');
    t.equal(await store.streamRevision(second), undefined);
  });

  withStore('a batch partly already stored is a conflict and writes nothing', async (t, { store }) => {
    const stream = newStream();
    const stored = [event(), event()];
    await store.append(stream, stored, 'no_stream');
    const head = await store.headPosition();
    const fresh = event();
    await rejectsConflict(t, store.append(stream, [...copy(stored), fresh], 'any'), stored[0]!.id, 'partial_batch', 'stored then new');
    await rejectsConflict(t, store.append(stream, [fresh, ...copy(stored)], 'any'), stored[0]!.id, 'partial_batch', 'new then stored');
    await rejectsConflict(t, store.append(stream, [fresh, ...copy(stored)], 1n), stored[0]!.id, 'partial_batch', 'with a matching expected revision');
    t.equal(await store.headPosition(), head);
    t.same(revisions(await store.readStream(stream)), [0n, 1n]);
  });
}

function readCases(withStore: WithStore): void {
  withStore('readStream forwards, backwards, from a revision, with a limit', async (t, { store }) => {
    const stream = newStream();
    await store.append(stream, Array.from({ length: 10 }, () => event()), 'no_stream');
    t.same(revisions(await store.readStream(stream)), range(0, 9), 'forwards by default');
    t.same(revisions(await store.readStream(stream, { fromRevision: 3n, limit: 4 })), [3n, 4n, 5n, 6n]);
    t.same(revisions(await store.readStream(stream, { direction: 'backwards' })), range(0, 9).reverse(), 'backwards from the end');
    t.same(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 5n, limit: 3 })), [5n, 4n, 3n]);
    t.same(revisions(await store.readStream(stream, { direction: 'backwards', limit: 1 })), [9n], 'the last event');
    t.same(revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 50n, limit: 2 })), [9n, 8n], 'from beyond the end');
    t.same(await store.readStream(stream, { fromRevision: 10n }), [], 'forwards from beyond the end');
    t.same(await store.readStream(stream, { limit: 0 }), [], 'limit 0');
    t.same(await store.readStream(newStream()), [], 'an unknown stream is empty');
    t.same(await store.readStream(newStream(), { direction: 'backwards' }), []);
    const paged: RecordedEvent[] = [];
    for (let from = 0n; ; ) {
      const page = await store.readStream(stream, { fromRevision: from, limit: 3 });
      paged.push(...page);
      if (page.length < 3) break;
      from = page.at(-1)!.revision + 1n;
    }
    t.same(revisions(paged), range(0, 9), 'paging forwards by three');
  });

  withStore('streamRevision and headPosition', async (t, { store }) => {
    const stream = newStream();
    t.equal(await store.streamRevision(stream), undefined);
    const before = await store.headPosition();
    t.equal(typeof before, 'bigint');
    const { position } = await store.append(stream, [event(), event()], 'no_stream');
    t.equal(await store.streamRevision(stream), 1n);
    const head = await store.headPosition();
    t.ok(head >= position && position > before, 'the head covers the last append');
  });

  withStore('global order is commit order, across streams', async (t, { store }) => {
    const head = await store.headPosition();
    const streams = [newStream(), newStream(), newStream()];
    const ids: string[] = [];
    const positions: bigint[] = [];
    for (let i = 0; i < 12; i++) {
      const e = event();
      ids.push(e.id);
      positions.push((await store.append(streams[i % 3]!, [e], 'any')).position);
    }
    assertIncreasing(t, positions);
    const all = await ownEvents(store, head, streams);
    t.same(all.map((e) => e.id), ids, 'readAll returns them in the order they were acknowledged');
    t.same(all.map((e) => e.position), positions);
  });

  withStore('readAll pages with an exclusive `after`', async (t, { store }) => {
    const head = await store.headPosition();
    const stream = newStream();
    await store.append(stream, Array.from({ length: 7 }, () => event()), 'no_stream');
    await store.append(stream, Array.from({ length: 4 }, () => event()), 'any');
    const everything = await ownEvents(store, head, [stream]);
    t.equal(everything.length, 11);
    const paged: RecordedEvent[] = [];
    let after = head;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await store.readAll({ after, limit: 3 });
      t.ok(page.length <= 3, 'never more than the limit');
      if (page.length === 0) break;
      t.ok(page[0]!.position > after, '`after` is exclusive');
      paged.push(...page);
      after = page.at(-1)!.position;
    }
    t.same(own(paged, [stream]).map((e) => e.id), everything.map((e) => e.id), 'pages join into the whole, in order');
    const third = everything[2]!;
    const fromThird = await store.readAll({ after: third.position, limit: 1 });
    t.equal(fromThird[0]?.id, everything[3]!.id, 'after the third comes the fourth');
    t.same(await store.readAll({ after: head, limit: 0 }), [], 'limit 0');
    const fromStart = await store.readAll({ limit: 1 });
    t.same(await store.readAll({ after: 0n, limit: 1 }), fromStart, 'after 0n is the start');
  });

  withStore('readAll with `types` returns only those types, paged by their own count', async (t, { store }) => {
    const head = await store.headPosition();
    const stream = newStream();
    // Type names of this case only: the store may hold other cases' events.
    const tag = newUuidV7().replace(/-/g, '').slice(-12);
    const [kept, alsoKept, other] = [`Kept${tag}`, `AlsoKept${tag}`, `Other${tag}`];
    const types = [kept, other, other, alsoKept, other, kept, other, other, alsoKept];
    await store.append(stream, types.map((type) => event({ type })), 'no_stream');
    const everything = await ownEvents(store, head, [stream]);
    const wanted = everything.filter((e) => e.type !== other);
    const paged: RecordedEvent[] = [];
    let after = head;
    for (let pages = 0; pages < 100; pages++) {
      const page = await store.readAll({ after, limit: 2, types: [kept, alsoKept] });
      t.ok(page.length <= 2, 'never more than the limit');
      paged.push(...page);
      if (page.length < 2) break;
      after = page.at(-1)!.position;
    }
    t.same(paged.map((e) => e.id), wanted.map((e) => e.id), 'the kept types, in order, nothing else');
    t.same(paged, wanted, 'the same events as an unfiltered read');
    t.same(await store.readAll({ after: head, types: [] }), [], 'an empty list matches nothing');
    t.same(await store.readAll({ after: head, types: [`Missing${tag}`] }), [], 'an unknown type matches nothing');
    t.same((await store.readAll({ after: head, types: [other] })).map((e) => e.type), [other, other, other, other, other]);
  });
}

function subscriptionCases(withStore: WithStore): void {
  withStore('subscribeAll catches up, then follows live appends made meanwhile: no gap, no duplicate', async (t, { store }) => {
    const head = await store.headPosition();
    const streams = Array.from({ length: 5 }, () => newStream());
    const CATCH_UP = 60;
    const LIVE = 120;
    for (let i = 0; i < CATCH_UP; i += 3) await store.append(streams[i % 5]!, [event(), event(), event()], 'any');
    const subscription = store.subscribeAll({ after: head });
    const seen: RecordedEvent[] = [];
    let writerDone = false;
    const writer = (async () => {
      // Concurrent writers on all streams, racing the subscriber through catch-up and beyond.
      await Promise.all(
        streams.map(async (s) => {
          for (let i = 0; i < LIVE / 5; i++) await store.append(s, [event()], 'any');
        }),
      );
      writerDone = true;
    })();
    const guard = setTimeout(() => void subscription.close(), 60_000);
    for await (const e of subscription) {
      seen.push(e);
      if (own(seen, streams).length === CATCH_UP + LIVE) break;
    }
    clearTimeout(guard);
    await writer;
    t.ok(writerDone);
    const mine = own(seen, streams);
    t.equal(mine.length, CATCH_UP + LIVE, 'every event arrived');
    assertIncreasing(t, seen.map((e) => e.position), 'positions strictly increase: no duplicate, no reordering');
    const read = await ownEvents(store, head, streams);
    t.same(mine.map((e) => e.id), read.map((e) => e.id), 'the same sequence as readAll: no gap');
    t.same(mine.map((e) => e.data), read.map((e) => e.data));
  });

  withStore('a subscription from a position starts strictly after it', async (t, { store }) => {
    const stream = newStream();
    await store.append(stream, [event(), event(), event()], 'no_stream');
    const [, second] = await store.readStream(stream);
    const subscription = store.subscribeAll({ after: second!.position });
    const got: RecordedEvent[] = [];
    await store.append(stream, [event()], 'any');
    for await (const e of subscription) {
      got.push(e);
      if (own(got, [stream]).length === 2) break;
    }
    t.same(revisions(own(got, [stream])), [2n, 3n]);
  });

  withStore('close() ends a waiting subscription; breaking out of the loop closes it', async (t, { store }) => {
    const subscription = store.subscribeAll({ after: await store.headPosition() });
    const ended = (async () => {
      let count = 0;
      for await (const _ of subscription) count++;
      return count;
    })();
    await new Promise((r) => setTimeout(r, 50));
    await subscription.close();
    t.equal(await ended, 0, 'the loop ended without events');

    const stream = newStream();
    await store.append(stream, [event(), event()], 'no_stream');
    const second = store.subscribeAll();
    for await (const _ of second) break;
    await second.close();
    t.pass('closing twice is harmless');
  });
}

function reservedNameCases(withStore: WithStore): void {
  withStore('$ streams and $ types are refused on append and never read from $all', async (t, s) => {
    const { store } = s;
    const head = await store.headPosition();
    await rejectsInvalid(t, store.append('$fund-1', [event()], 'any'), 'stream', /reserved/);
    await rejectsInvalid(t, store.append('$$fund-1', [event()], 'any'), 'stream', /reserved/);
    await rejectsInvalid(t, store.append(newStream(), [event({ type: '$Metadata' })], 'any'), 'events[0].type', /reserved/);
    const stream = newStream();
    await store.append(stream, [event()], 'no_stream');
    if (s.injectSystemEvent) {
      await s.injectSystemEvent('stream');
      await s.injectSystemEvent('type');
    } else {
      t.comment('this adapter cannot inject a system event: filtering is checked only on what is there');
    }
    await store.append(stream, [event()], 'any');
    const all = await store.readAll({ after: head });
    t.ok(all.length >= 2);
    t.notOk(all.some((e) => e.stream.startsWith('$') || e.type.startsWith('$')), 'readAll has no system events');
    const subscription = store.subscribeAll({ after: head });
    const seen: RecordedEvent[] = [];
    for await (const e of subscription) {
      seen.push(e);
      if (own(seen, [stream]).length === 2) break;
    }
    t.notOk(seen.some((e) => e.stream.startsWith('$') || e.type.startsWith('$')), 'subscribers get no system events');
    t.ok((await store.headPosition()) >= all.at(-1)!.position);
  });
}

function sizeAndUnicodeCases(withStore: WithStore): void {
  withStore('an event of exactly 1 MiB of data+metadata JSON is stored; one byte more is refused', async (t, { store }) => {
    const stream = newStream();
    const fits = eventOfBytes(MIB, 'x');
    const { position } = await store.append(stream, [fits], 'no_stream');
    const [read] = await store.readStream(stream);
    t.equal(read!.id, fits.id);
    t.ok((read!.data as { blob: string }).blob === (fits.data as { blob: string }).blob, 'read back whole');
    t.equal(jsonBytes(read!.data) + jsonBytes(read!.metadata), MIB);
    await rejectsInvalid(t, store.append(stream, [eventOfBytes(MIB + 1, 'x')], 'any'), 'events[0]', /1048577 bytes.*1048576/);
    const multiByte = eventOfBytes(MIB + 1, '账');
    t.ok(JSON.stringify(multiByte.data).length < MIB, 'fewer characters than the limit...');
    await rejectsInvalid(t, store.append(stream, [event(), multiByte], 'any'), 'events[1]', /bytes/, '...but more UTF-8 bytes');
    t.equal(await store.streamRevision(stream), 0n, 'nothing written');
    t.equal((await store.readAll({ after: position - 1n, limit: 1 }))[0]?.id, fits.id, 'readAll returns it too');
  });

  withStore('unicode data survives byte for byte: CJK, emoji, surrogate pairs, combining marks, controls', async (t, { store }) => {
    const head = await store.headPosition();
    const stream = newStream();
    const samples: Record<string, string> = {
      cjk: '职业技能提升补贴台账：江西省人力资源和社会保障厅',
      emoji: '✅💰🧾👩🏽‍💻🇨🇳',
      astral: '𠀀𠮷𩸽 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      literalEscape: 'the text \\ud800 is not a surrogate',
      combining: 'é vs é; ñ; 한국어',
      rtl: 'العربية עברית',
      controls: 'nul\u0000tab\tnewline\nquote"backslash\\',
      bom: '\ufeffzero\u200bwidth',
    };
    const appended = event({ data: { ...samples, nested: { 键: '值', list: ['甲', '乙', '丙'] } } });
    await store.append(stream, [appended], 'no_stream');
    const [fromStream] = await store.readStream(stream);
    t.same(fromStream!.data, appended.data, 'readStream');
    for (const [k, v] of Object.entries(samples)) t.equal((fromStream!.data as Record<string, string>)[k], v, k);
    const [fromAll] = own(await store.readAll({ after: head }), [stream]);
    t.same(fromAll!.data, appended.data, 'readAll');
    const subscription = store.subscribeAll({ after: head });
    for await (const e of subscription) {
      if (e.stream !== stream) continue;
      t.same(e.data, appended.data, 'subscribeAll');
      break;
    }
  });
}

function badInputCases(withStore: WithStore): void {
  withStore('bad input is refused with a typed error naming the field, and the store is unchanged', async (t, { store }) => {
    const stream = newStream();
    await store.append(stream, [event()], 'no_stream');
    const head = await store.headPosition();
    const good = () => event();
    const cases: [string, () => Promise<unknown>, string][] = [
      ['no category separator', () => store.append('fund', [good()], 'any'), 'stream'],
      ['empty category', () => store.append('-123', [good()], 'any'), 'stream'],
      ['empty id', () => store.append('fund-', [good()], 'any'), 'stream'],
      ['whitespace', () => store.append('fund-a b', [good()], 'any'), 'stream'],
      ['empty stream', () => store.append('', [good()], 'any'), 'stream'],
      ['stream not a string', () => store.append(42 as unknown as string, [good()], 'any'), 'stream'],
      ['overlong stream', () => store.append(`fund-${'x'.repeat(300)}`, [good()], 'any'), 'stream'],
      ['empty batch', () => store.append(stream, [], 'any'), 'events'],
      ['events not an array', () => store.append(stream, good() as unknown as EventToAppend[], 'any'), 'events'],
      ['event not an object', () => store.append(stream, [null as unknown as EventToAppend], 'any'), 'events[0]'],
      ['id missing', () => store.append(stream, [{ ...good(), id: undefined as unknown as string }], 'any'), 'events[0].id'],
      ['id a UUIDv4', () => store.append(stream, [{ ...good(), id: '9b2e8f4c-3f1a-4d5b-9c6e-7a8b9c0d1e2f' }], 'any'), 'events[0].id'],
      ['id upper case', () => store.append(stream, [{ ...good(), id: newUuidV7().toUpperCase() }], 'any'), 'events[0].id'],
      ['id not a uuid', () => store.append(stream, [{ ...good(), id: 'evt-1' }], 'any'), 'events[0].id'],
      ['duplicate ids in the batch', () => duplicateIds(store, stream), 'events[2].id'],
      ['empty type', () => store.append(stream, [{ ...good(), type: '' }], 'any'), 'events[0].type'],
      ['type with spaces', () => store.append(stream, [{ ...good(), type: 'Fund Opened' }], 'any'), 'events[0].type'],
      ['schemaVersion 0', () => store.append(stream, [{ ...good(), schemaVersion: 0 }], 'any'), 'events[0].schemaVersion'],
      ['schemaVersion 1.5', () => store.append(stream, [{ ...good(), schemaVersion: 1.5 }], 'any'), 'events[0].schemaVersion'],
      ['metadata missing', () => store.append(stream, [{ ...good(), metadata: undefined as unknown as EventMetadata }], 'any'), 'events[0].metadata'],
      ['data undefined', () => store.append(stream, [{ ...good(), data: undefined }], 'any'), 'events[0].data'],
      ['data with a bigint', () => store.append(stream, [{ ...good(), data: { amountFen: 1n } }], 'any'), 'events[0].data'],
      ['data with a cycle', () => store.append(stream, [{ ...good(), data: cyclic() }], 'any'), 'events[0].data'],
      ['bad event late in the batch', () => store.append(stream, [good(), good(), { ...good(), id: 'x' }], 'any'), 'events[2].id'],
      ['expected revision -1', () => store.append(stream, [good()], -1n), 'expectedRevision'],
      ['expected revision a number', () => store.append(stream, [good()], 0 as unknown as bigint), 'expectedRevision'],
      ['expected revision unknown word', () => store.append(stream, [good()], 'latest' as ExpectedRevision), 'expectedRevision'],
    ];
    for (const [name, act, field] of cases) await rejectsInvalid(t, act(), field, undefined, name);
    // A lone surrogate has no canonical JSON form: the Merkle log could never hash the event (R2 item 1).
    const lone = event({ type: 'FundAllocated', data: { note: 'a\ud800b' } });
    await rejectsInvalid(t, store.append(stream, [lone], 'any'), 'events[0].data.note', new RegExp(`FundAllocated ${lone.id}: string is not well-formed Unicode`), 'lone surrogate in data');
    const illFormed: [string, () => Promise<unknown>, string][] = [
      ['low surrogate nested in an array', () => store.append(stream, [{ ...good(), data: { lines: [{ ref: 'x' }, { ref: '\udc00' }] } }], 'any'), 'events[0].data.lines[1].ref'],
      ['high surrogate then a BMP character', () => store.append(stream, [{ ...good(), data: { note: '\ud83d台' } }], 'any'), 'events[0].data.note'],
      ['in a property name', () => store.append(stream, [{ ...good(), data: { ['k\ud800']: 1 } }], 'any'), 'events[0].data.k\\ud800'],
      ['in metadata', () => store.append(stream, [{ ...good(), metadata: { ...METADATA, actor: { id: 'u\udfff', role: 'finance' } } }], 'any'), 'events[0].metadata.actor.id'],
      ['late in the batch', () => store.append(stream, [good(), { ...good(), data: '\ud800' }], 'any'), 'events[1].data'],
    ];
    for (const [name, act, field] of illFormed) await rejectsInvalid(t, act(), field, /well-formed Unicode/, name);
    t.equal(await store.headPosition(), head, 'head unchanged');
    t.same(revisions(await store.readStream(stream)), [0n], 'stream unchanged');
    t.equal((await store.readAll({ after: head })).length, 0, 'nothing after the head');
  });

  withStore('bad read options are refused with a typed error naming the option', async (t, { store }) => {
    const stream = newStream();
    const cases: [string, () => Promise<unknown>, string][] = [
      ['negative limit', () => store.readStream(stream, { limit: -1 }), 'limit'],
      ['fractional limit', () => store.readAll({ limit: 2.5 }), 'limit'],
      ['negative after', () => store.readAll({ after: -1n }), 'after'],
      ['after a number', () => store.readAll({ after: 3 as unknown as bigint }), 'after'],
      ['types a string', () => store.readAll({ types: 'FundOpened' as unknown as string[] }), 'types'],
      ['types with an empty name', () => store.readAll({ types: ['FundOpened', ''] }), 'types[1]'],
      ['fromRevision a number', () => store.readStream(stream, { fromRevision: 1 as unknown as bigint }), 'fromRevision'],
      ['unknown direction', () => store.readStream(stream, { direction: 'sideways' as 'forwards' }), 'direction'],
    ];
    for (const [name, act, field] of cases) {
      const error = await act().then(
        () => undefined,
        (e: unknown) => e,
      );
      t.ok(error instanceof InvalidReadError, `${name}: InvalidReadError`);
      t.equal((error as InvalidReadError).field, field, `${name}: names ${field}`);
    }
  });
}

// ---------------------------------------------------------------- helpers

const METADATA: EventMetadata = {
  actor: { id: 'officer-0042', role: 'finance' },
  correlationId: '0190b6a2-3c4d-7e5f-8a1b-2c3d4e5f6a7b',
  causationId: '0190b6a2-3c4d-7e5f-8a1b-2c3d4e5f6a7b',
  requestId: 'req-7f3a',
  occurredAt: '2025-03-14T09:30:00+08:00',
};

export function event(overrides: Partial<EventToAppend> = {}): EventToAppend {
  return {
    id: newUuidV7(),
    type: 'SubsidyPaid',
    schemaVersion: 1,
    data: { applicationId: 'app-1', amountFen: 150_000, note: '培训补贴' },
    metadata: { ...METADATA, actor: { ...METADATA.actor } },
    ...overrides,
  };
}

export function newStream(category = 'fund'): string {
  return `${category}-${newUuidV7()}`;
}

/** An event whose JSON data + metadata is exactly `bytes` UTF-8 bytes, padded with `pad`. */
function eventOfBytes(bytes: number, pad: string): EventToAppend {
  const base = event({ data: { blob: '' } });
  const overhead = jsonBytes(base.data) + jsonBytes(base.metadata);
  const padBytes = Buffer.byteLength(pad, 'utf8');
  const count = Math.floor((bytes - overhead) / padBytes);
  const rest = bytes - overhead - count * padBytes;
  const blob = pad.repeat(count) + 'y'.repeat(rest);
  const e = { ...base, data: { blob } };
  if (jsonBytes(e.data) + jsonBytes(e.metadata) !== bytes) throw new Error('eventOfBytes: size arithmetic is wrong');
  return e;
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function copy(events: readonly EventToAppend[]): EventToAppend[] {
  return events.map((e) => JSON.parse(JSON.stringify(e)) as EventToAppend);
}

function reverseKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).reverse()) as T;
}

function cyclic(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

function duplicateIds(store: EventStore, stream: string): Promise<unknown> {
  const a = event();
  return store.append(stream, [a, event(), { ...event(), id: a.id }], 'any');
}

function revisions(events: readonly RecordedEvent[]): bigint[] {
  return events.map((e) => e.revision);
}

function range(from: number, to: number): bigint[] {
  return Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));
}

function own(events: readonly RecordedEvent[], streams: readonly string[]): RecordedEvent[] {
  const set = new Set(streams);
  return events.filter((e) => set.has(e.stream));
}

/** Own events after `head`, read from $all in pages. */
async function ownEvents(store: EventStore, head: bigint, streams: readonly string[]): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let after = head;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store.readAll({ after, limit: 500 });
    if (page.length === 0) break;
    out.push(...page);
    after = page.at(-1)!.position;
  }
  return own(out, streams);
}

function assertIncreasing(t: Test, positions: readonly bigint[], message = 'strictly increasing'): void {
  const bad = positions.findIndex((p, i) => i > 0 && p <= positions[i - 1]!);
  t.equal(bad, -1, message);
}

async function settle(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (value) => ({ resolvedWith: value }),
    (e: unknown) => e,
  );
}

async function rejectsWrongRevision(t: Test, p: Promise<unknown>, stream: string, expected: ExpectedRevision, actual: bigint | undefined): Promise<void> {
  const error = await settle(p);
  t.ok(error instanceof WrongExpectedRevisionError, `WrongExpectedRevisionError for ${String(expected)}`);
  const e = error as WrongExpectedRevisionError;
  t.same({ stream: e.stream, expected: e.expected, actual: e.actual }, { stream, expected, actual });
}

async function rejectsConflict(
  t: Test,
  p: Promise<unknown>,
  eventId: string,
  reason: EventIdConflictError['reason'],
  message?: string,
): Promise<void> {
  const error = await settle(p);
  t.ok(error instanceof EventIdConflictError, `EventIdConflictError${message ? ` (${message})` : ''}`);
  t.same({ eventId: (error as EventIdConflictError).eventId, reason: (error as EventIdConflictError).reason }, { eventId, reason });
}

async function rejectsInvalid(t: Test, p: Promise<unknown>, field: string, pattern?: RegExp, message?: string): Promise<void> {
  const error = await settle(p);
  t.ok(error instanceof InvalidAppendError, `InvalidAppendError${message ? ` (${message})` : ''}`);
  t.equal((error as InvalidAppendError).field, field, `names ${field}${message ? ` (${message})` : ''}`);
  if (pattern) t.match((error as Error).message, pattern);
}
