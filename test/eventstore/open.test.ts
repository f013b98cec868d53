import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../src/eventstore/open.ts';
import { SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { event, newStream } from './contract.ts';

t.test('sqlite: opens events.sqlite in the data dir, creating the dir', async (t) => {
  const dataDir = path.join(t.testdir(), 'nested', 'data');
  const store = await openStore({ storeUrl: 'sqlite:', dataDir, maxEventBytes: 1024 * 1024 });
  t.teardown(() => store.close());
  t.ok(store instanceof SqliteEventStore);
  t.ok(fs.existsSync(path.join(dataDir, 'events.sqlite')));
  t.equal((await store.append(newStream(), [event()], 'no_stream')).position, 1n);
});

t.test('sqlite:FILE opens that file; the configured size limit applies', async (t) => {
  const file = path.join(t.testdir(), 'elsewhere', 'log.sqlite');
  const store = await openStore({ storeUrl: `sqlite:${file}`, dataDir: '/nonexistent', maxEventBytes: 300 });
  t.teardown(() => store.close());
  t.ok(fs.existsSync(file));
  await t.rejects(store.append(newStream(), [event({ data: { blob: 'x'.repeat(300) } })], 'any'), { name: 'InvalidAppendError', field: 'events[0]' });
});

t.test('an unknown scheme names the variable and hides credentials', async (t) => {
  await t.rejects(openStore({ storeUrl: 'postgres://user:secret@db/x', dataDir: t.testdir(), maxEventBytes: 1 }), {
    message: /TAIZHANG_STORE.*postgres:\/\/\*\*\*@db\/x/,
  });
  await t.rejects(openStore({ storeUrl: 'postgres://user:secret@db/x', dataDir: t.testdir(), maxEventBytes: 1 }), {
    message: /^(?!.*secret)/,
  });
});
