import t from 'tap';
import { spawnSync } from 'node:child_process';
import { TokenStore } from '../../src/access/token-store.ts';
import { openNodeDb } from '../../src/app/node-db.ts';
import { createToken } from '../../src/cli/token-command.ts';
import { nodeScript } from '../helpers/node-script.ts';

const MAIN = nodeScript(new URL('../../src/cli/main.ts', import.meta.url));

function taizhang(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [...MAIN, ...args], { env: { ...process.env, TAIZHANG_DATA_DIR: dataDir }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('token create prints the token once; list never shows it; revoke ends it', async (t) => {
  const dir = t.testdir();
  const created = taizhang(dir, 'token', 'create', '--role', 'reviewer', '--region', '360100', '--name', 'Wang Reviewer');
  t.equal(created.code, 0, created.stderr);
  const token = created.stdout.trim();
  t.match(token, /^tz_[A-Za-z0-9_-]{43}$/, 'stdout is the token alone, for scripts');
  const id = /principal (u-[0-9a-f]{16})/.exec(created.stderr)?.[1];
  t.ok(id, 'stderr names the principal');

  const db = openNodeDb(dir);
  t.teardown(() => db.close());
  t.same(new TokenStore(db).authenticate(token), { id, name: 'Wang Reviewer', role: 'reviewer', region: '360100' });

  const list = taizhang(dir, 'token', 'list');
  t.equal(list.code, 0);
  t.match(list.stdout, new RegExp(`${id}\\treviewer\\t360100\\t.+\\tactive\\t"Wang Reviewer"`));
  t.notMatch(list.stdout + list.stderr, /tz_/, 'no token in the listing');

  const revoked = taizhang(dir, 'token', 'revoke', id!);
  t.equal(revoked.code, 0);
  t.equal(new TokenStore(db).authenticate(token), undefined);
  t.match(revoked.stdout, new RegExp(`revoked ${id}`));
});

t.test('bad input is refused naming the option, and nothing is created', async (t) => {
  const db = openNodeDb(t.testdir());
  t.teardown(() => db.close());
  const tokens = new TokenStore(db);
  const now = Date.parse('2026-03-02T01:00:00Z');
  t.throws(() => createToken(tokens, { role: 'boss', name: 'x' }, now), /--role: one of finance, reviewer, registrar, inspector, auditor, admin/);
  t.throws(() => createToken(tokens, { role: 'finance', region: '36', name: 'x' }, now), /--region/);
  t.throws(() => createToken(tokens, { role: 'finance', name: '  ' }, now), /--name/);
  t.same(tokens.list(), []);
  const made = createToken(tokens, { role: 'auditor', name: ' Audit Office ' }, now);
  t.same(tokens.authenticate(made.token), { id: made.principalId, name: 'Audit Office', role: 'auditor' });
  t.equal(tokens.list()[0]?.createdAt, '2026-03-02T09:00:00.000+08:00', 'times in Asia/Shanghai');
});
