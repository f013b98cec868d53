import t from 'tap';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { isHeadNotice, postHeadNotices, shareHeads, watchSharedHead, type HeadNotice } from '../../src/eventstore/sqlite/head-notice.ts';
import { openSqliteStoreReadOnly, ReadOnlyStoreError } from '../../src/eventstore/sqlite/read-only-store.ts';
import { event, newStream } from './contract.ts';
import { freshSqliteStore } from './sqlite-fixture.ts';

t.test('a read-only view reads what the writing store committed and refuses to append', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  const stream = newStream();
  await store.append(stream, [event(), event()], 'no_stream');
  const view = openSqliteStoreReadOnly({ file });
  t.teardown(() => view.close());
  t.equal(await view.headPosition(), await store.headPosition());
  t.same((await view.readStream(stream)).map((e) => e.revision), [0n, 1n]);
  t.same(await view.readAll(), await store.readAll());
  await t.rejects(view.append(stream, [event()], 'any'), ReadOnlyStoreError);
  t.equal((await store.readStream(stream)).length, 2, 'nothing was written through the view');
});

t.test('a missing file is refused, not created', async (t) => {
  t.throws(() => openSqliteStoreReadOnly({ file: path.join(t.testdir(), 'none.sqlite') }));
});

t.test('a caught-up subscription reads on when the writing store posts a head notice', async (t) => {
  const { store, file } = await freshSqliteStore(t);
  await store.append(newStream(), [event()], 'no_stream');
  // Polling every hour: only the notice can wake the subscription within the test's time.
  const view = openSqliteStoreReadOnly({ file, pollIntervalMs: 3_600_000 });
  const { port1, port2 } = new MessageChannel();
  const notices: bigint[] = [];
  port2.on('message', (m: unknown) => {
    if (!isHeadNotice(m)) return;
    notices.push(m.position);
    view.noteHead(m.position);
  });
  const stop = postHeadNotices(store, port1);
  t.teardown(async () => {
    stop();
    port1.close();
    await view.close();
  });
  const subscription = view.subscribeAll();
  const events = subscription[Symbol.asyncIterator]();
  t.equal((await events.next()).value?.position, 1n);
  const waiting = events.next(); // caught up: sleeps until told
  const written = await store.append(newStream(), [event()], 'no_stream');
  t.equal((await waiting).value?.position, written.position);
  t.same(notices, [written.position]);
  t.equal(view.noticedHead, written.position);
  await subscription.close();
});

t.test('head notices at most once per interval: a commit inside it is told by one notice with the newest head', async (t) => {
  const { store } = await freshSqliteStore(t);
  const seen = (minIntervalMs: number) => {
    const notices: bigint[] = [];
    const stop = postHeadNotices(store, { postMessage: (m) => void notices.push(m.position) }, { minIntervalMs });
    return { notices, stop };
  };
  const held = seen(3_600_000);
  const trailing = seen(20);
  const first = await store.append(newStream(), [event()], 'no_stream');
  await store.append(newStream(), [event()], 'no_stream');
  const third = await store.append(newStream(), [event()], 'no_stream');
  t.same(held.notices, [first.position], 'the first at once, the others held for the interval');
  held.stop();
  // However the appends fell into intervals, the last notice carries the newest head.
  while (trailing.notices.at(-1) !== third.position) await new Promise((resolve) => setTimeout(resolve, 5));
  t.ok(trailing.notices.length <= 3 && trailing.notices.every((p, i) => i === 0 || p > trailing.notices[i - 1]!), 'ascending, never more than one per commit');
  trailing.stop();
});

t.test('shared head: the reader sees commits without a message while the log moves, and one message wakes it after it went idle', async (t) => {
  const { store } = await freshSqliteStore(t);
  const posted: HeadNotice[] = [];
  // A notice is delivered as the main thread delivers it, so that a loaded machine that lets the
  // reader go idle early fails the assertions below instead of leaving the test waiting forever.
  let deliver: (m: HeadNotice) => void = () => {};
  const shared = shareHeads(store, {
    postMessage: (m) => {
      posted.push(m);
      deliver(m);
    },
  });
  const seen: bigint[] = [];
  // Idle after 1.5 s: long enough that two appends in a row are seen while it looks, even on a
  // loaded CI machine (with 30 ms the reader went idle between them there and the test hung).
  const watch = watchSharedHead(shared.buffer, (p) => void seen.push(p), { pollMs: 1, idleAfterMs: 1500 });
  deliver = (m) => setImmediate(() => watch.woken(m.position));
  t.teardown(() => {
    watch.stop();
    shared.stop();
  });
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  const first = await store.append(newStream(), [event()], 'no_stream');
  const second = await store.append(newStream(), [event()], 'no_stream');
  await until(() => seen.at(-1) === second.position);
  t.ok(seen.every((p) => p === first.position || p === second.position), 'only heads that were committed');
  t.same(posted, [], 'no message while the reader looks');

  // Idle: the reader raises its flag and stops looking; the next commit posts one notice.
  const asleep = new Int32Array(shared.buffer, 8, 1); // the flag's place (head-notice.ts)
  await until(() => Atomics.load(asleep, 0) === 1);
  const third = await store.append(newStream(), [event()], 'no_stream');
  const fourth = await store.append(newStream(), [event()], 'no_stream');
  t.same(posted, [{ kind: 'eventstore-head', position: third.position }], 'one notice, at the first commit after the idle');
  await until(() => seen.at(-1) === fourth.position);
  t.pass('woken, it looks again and sees the later commit');
});
