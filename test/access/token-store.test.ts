import t from 'tap';
import { openNodeDb } from '../../src/app/node-db.ts';
import { TokenStore, hashToken } from '../../src/access/token-store.ts';
import fs from 'node:fs';
import path from 'node:path';

t.test('a token authenticates its principal until revoked; only its hash is stored', async (t) => {
  const dir = t.testdir();
  const db = openNodeDb(dir);
  const tokens = new TokenStore(db);
  const token = tokens.create({ name: 'Li Finance', role: 'finance', region: '360100', principalId: 'u-fin-1', nowIso: '2026-01-05T09:00:00+08:00' });
  t.match(token, /^tz_[A-Za-z0-9_-]{43}$/);
  t.same(tokens.authenticate(token), { id: 'u-fin-1', name: 'Li Finance', role: 'finance', region: '360100' });
  t.equal(tokens.authenticate(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), undefined, 'a near-miss token is unknown');
  t.equal(tokens.authenticate('Bearer ' + token), undefined, 'malformed');
  db.close();
  const bytes = fs.readFileSync(path.join(dir, 'node.sqlite'));
  const wal = fs.existsSync(path.join(dir, 'node.sqlite-wal')) ? fs.readFileSync(path.join(dir, 'node.sqlite-wal')) : Buffer.alloc(0);
  t.notOk(Buffer.concat([bytes, wal]).includes(Buffer.from(token)), 'the token itself is not on disk');
  t.ok(Buffer.concat([bytes, wal]).includes(Buffer.from(hashToken(token))), 'its hash is');

  const db2 = openNodeDb(dir);
  const again = new TokenStore(db2);
  t.equal(again.authenticate(token)?.id, 'u-fin-1', 'survives a restart');
  t.equal(again.revoke('u-fin-1', '2026-01-06T09:00:00+08:00'), true);
  t.equal(again.authenticate(token), undefined, 'revoked');
  t.equal(again.revoke('u-fin-1', '2026-01-06T09:00:00+08:00'), false, 'revoking twice changes nothing');
  t.equal(again.list()[0]?.revokedAt, '2026-01-06T09:00:00+08:00');
  db2.close();
});
