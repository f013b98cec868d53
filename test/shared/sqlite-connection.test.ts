import t from 'tap';
import path from 'node:path';
import { openSqlite } from '../../src/shared/sqlite-connection.ts';

t.test('connections are WAL with synchronous=FULL (power-safe commits) and a busy timeout', async (t) => {
  const db = openSqlite(path.join(t.testdir(), 'x.sqlite'), { busyTimeoutMs: 1234 });
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL, not the NORMAL that WAL defaults to');
  t.equal(db.pragma('busy_timeout', { simple: true }), 1234);
  t.equal(db.pragma('foreign_keys', { simple: true }), 1);
});

t.test('query-only connections refuse writes', async (t) => {
  const file = path.join(t.testdir(), 'x.sqlite');
  const writer = openSqlite(file);
  writer.exec('CREATE TABLE a (x INTEGER)');
  writer.close();
  const reader = openSqlite(file, { queryOnly: true });
  t.teardown(() => reader.close());
  t.throws(() => reader.exec('INSERT INTO a VALUES (1)'), /readonly/);
});
