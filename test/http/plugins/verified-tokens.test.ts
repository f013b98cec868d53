import t, { type Test } from 'tap';
import { TokenStore } from '../../../src/access/token-store.ts';
import { openNodeDb } from '../../../src/app/node-db.ts';
import { TOKEN_CACHE_MS, VerifiedTokens } from '../../../src/http/plugins/auth.ts';

/** A real token store, counted, and a clock the test moves. */
function setup(t: Test) {
  const dir = t.testdir();
  const db = openNodeDb(dir);
  const other = openNodeDb(dir);
  t.teardown(() => {
    db.close();
    other.close();
  });
  const tokens = new TokenStore(db);
  let lookups = 0;
  const counted = {
    authenticate: (token: string) => {
      lookups += 1;
      return tokens.authenticate(token);
    },
    get revocations() {
      return tokens.revocations;
    },
  };
  let now = 1_000;
  const verified = new VerifiedTokens(counted, () => now);
  return {
    tokens,
    /** The same database through another connection: `taizhang token revoke` in another process. */
    elsewhere: new TokenStore(other),
    verified,
    lookups: () => lookups,
    advance: (ms: number) => void (now += ms),
  };
}

const create = (tokens: TokenStore, id: string) => tokens.create({ name: id, role: 'finance', principalId: id, nowIso: '2026-03-02T09:00:00+08:00' });

t.test('a verified token is trusted for at most TOKEN_CACHE_MS without asking the database', async (t) => {
  const s = setup(t);
  const token = create(s.tokens, 'u-fin-1');
  t.equal(s.verified.authenticate(token)?.id, 'u-fin-1');
  t.equal(s.verified.authenticate(token)?.id, 'u-fin-1');
  t.equal(s.lookups(), 1, 'the second request used the cache');

  // Revoked in another process: honoured once the entry is older than the bound.
  s.elsewhere.revoke('u-fin-1', '2026-03-02T10:00:00+08:00');
  s.advance(TOKEN_CACHE_MS - 1);
  t.equal(s.verified.authenticate(token)?.id, 'u-fin-1', 'still inside the bound');
  s.advance(1);
  t.equal(s.verified.authenticate(token), undefined, 'refused once the bound has passed');
  t.equal(s.verified.authenticate(token), undefined, 'and refusals are not cached as successes');
});

t.test('a revocation through this process takes effect on the next request', async (t) => {
  const s = setup(t);
  const token = create(s.tokens, 'u-fin-2');
  const keep = create(s.tokens, 'u-fin-3');
  t.ok(s.verified.authenticate(token));
  t.ok(s.verified.authenticate(keep));
  s.tokens.revoke('u-fin-2', '2026-03-02T10:00:00+08:00');
  t.equal(s.verified.authenticate(token), undefined);
  t.equal(s.verified.authenticate(keep)?.id, 'u-fin-3', 'other tokens still work');
});

t.test('unknown tokens are not remembered: a token created a moment later works at once', async (t) => {
  const s = setup(t);
  t.equal(s.verified.authenticate('tz_' + 'A'.repeat(43)), undefined);
  const token = create(s.elsewhere, 'u-fin-4');
  t.equal(s.verified.authenticate(token)?.id, 'u-fin-4');
  t.throws(() => {
    (s.verified.authenticate(token) as { role: string }).role = 'admin';
  }, 'the cached principal cannot be changed by a request');
});
