import t, { type Test } from 'tap';
import type { Role } from '../../src/access/roles.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fixedClock } from '../../src/app/clock.ts';
import { newRequestSeed } from '../../src/app/deterministic-ids.ts';
import type { EventStore } from '../../src/eventstore/port.ts';
import { personalDataFor, REVEAL_ROLES } from '../../src/http/personal-data.ts';
import { loadPseudonymKey, personRef } from '../../src/pseudonym/person-ref.ts';
import { PERSONAL_FIELDS } from '../../src/vault/port.ts';
import { SqliteVault } from '../../src/vault/sqlite-vault.ts';
import { residentId } from './fixtures/toy-feature.ts';
import { PROBLEM, problemOf, secretsSent, testServer } from './helpers/test-server.ts';

const ID = residentId('36010219900307401');
const NAME = '张小明';
secretsSent.add(ID);
secretsSent.add(NAME);

async function setup(t: Test, { caseOpened = true } = {}) {
  const dataDir = t.testdir();
  const key = loadPseudonymKey(dataDir);
  const vault = SqliteVault.open(dataDir, { personRefOf: (id) => personRef(key, id) });
  t.teardown(() => vault.close());
  const ref = personRef(key, ID);
  await vault.put(ref, { idNumber: ID, name: NAME, bankAccount: '6222021234567890123' });
  const h = await testServer(t, { dataDir, toy: { vault, personRegion: '360102' } });
  // The toy's reveals cite the case toyaccount-a1, which must exist.
  if (caseOpened) t.equal((await h.call({ method: 'POST', url: '/api/v1/toy/accounts', payload: { accountId: 'a1', region: '360102' }, as: 'admin' })).statusCode, 201);
  const reveals = async () => (await h.store.readAll()).filter((e) => e.type === 'PersonalDataRevealed');
  return { h, ref, vault, reveals };
}

t.test('masked by default, for every role allowed on the route', async (t) => {
  const { h, ref, reveals } = await setup(t);
  for (const role of ['registrar', 'reviewer', 'finance', 'auditor', 'inspector', 'admin'] as Role[]) {
    const res = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}`, as: role });
    t.equal(res.statusCode, 200, role);
    t.same(res.json(), { personRef: ref, idNumber: '3601**********' + ID.slice(-4), name: '张**', revealed: [] }, `${role} sees masked forms`);
  }
  t.same(await reveals(), [], 'nothing revealed, nothing recorded');
});

t.test('reveal=true with a purpose: unmasked for an allowed role, recorded before the answer', async (t) => {
  const { h, ref, reveals } = await setup(t);
  const res = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true&purpose=application_review`, as: 'registrar' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { personRef: ref, idNumber: ID, name: NAME, revealed: ['idNumber', 'name'] });
  t.equal(res.headers['cache-control'], 'no-store');
  const [event, ...more] = await reveals();
  t.same(more, []);
  t.equal(event?.stream, `reveal-${ref}`);
  t.same(event?.data, { principalId: 'u-test-registrar', role: 'registrar', purpose: 'application_review', personRef: ref, fields: ['idNumber', 'name'], caseRef: 'toyaccount-a1' });
  t.notMatch(JSON.stringify([event?.data, event?.metadata]), new RegExp(`${ID}|${NAME}`), 'the record names fields, never values');
});

t.test('a role sees unmasked only the fields its work needs', async (t) => {
  const { h, ref, reveals } = await setup(t);
  const res = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true&purpose=payment_verification`, as: 'finance' });
  t.equal(res.statusCode, 200);
  t.same(res.json().revealed, ['name']);
  t.equal(res.json().idNumber, '3601**********' + ID.slice(-4), 'finance does not see the ID number');
  t.same((await reveals())[0]?.data, { principalId: 'u-test-finance', role: 'finance', purpose: 'payment_verification', personRef: ref, fields: ['name'], caseRef: 'toyaccount-a1' });
});

t.test('refusals: no purpose, an auditor, another region, an erased person — and none is recorded', async (t) => {
  const { h, ref, vault, reveals } = await setup(t);
  const noPurpose = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true`, as: 'registrar' });
  t.equal(noPurpose.statusCode, 400);
  t.same(problemOf(t, noPurpose).errors?.map((e) => e.path), ['querystring.purpose']);
  const freeText = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true&purpose=curious`, as: 'registrar' });
  t.equal(freeText.statusCode, 400, 'purposes come from a closed list');
  const auditor = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true&purpose=inspection`, as: 'auditor' });
  t.equal(auditor.statusCode, 403);
  t.match(problemOf(t, auditor), { type: PROBLEM('forbidden'), reason: 'reveal' });
  const elsewhere = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true&purpose=application_review`, token: h.tokenFor('registrar', '360400') });
  t.equal(elsewhere.statusCode, 403);
  t.match(problemOf(t, elsewhere), { reason: 'region' });
  t.same(await reveals(), []);
  await vault.erase(ref);
  await vault.put(ref, { idNumber: ID, name: NAME });
  await vault.erase(ref);
  const erased = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true&purpose=application_review`, as: 'reviewer' });
  t.equal(erased.statusCode, 404, 'the toy route itself reads the vault first');
  t.same(await reveals(), []);
});

t.test('the reveal table: auditors never; every field has someone who may see it', async (t) => {
  for (const field of PERSONAL_FIELDS) {
    t.notOk(REVEAL_ROLES[field].includes('auditor'), `${field}: not auditors`);
    t.ok(REVEAL_ROLES[field].length > 0, `${field}: someone`);
  }
});

t.test('when the reveal cannot be recorded, no value is returned', async (t) => {
  const dataDir = t.testdir();
  const key = loadPseudonymKey(dataDir);
  const vault = SqliteVault.open(dataDir, { personRefOf: (id) => personRef(key, id) });
  t.teardown(() => vault.close());
  const ref = personRef(key, ID);
  await vault.put(ref, { idNumber: ID, name: NAME });
  const failing = { append: async () => Promise.reject(new Error('disk full')) } as unknown as EventStore;
  const request = {
    url: `/api/v1/people/${ref}?reveal=true&purpose=objection_handling`,
    id: 'req-reveal-0001',
    headers: {},
    principal: { id: 'u-r', name: 'R', role: 'reviewer', region: '360100' },
    commandSeed: newRequestSeed(1_772_000_000_000),
  } as unknown as FastifyRequest;
  const headers: string[] = [];
  const reply = { header: (k: string) => headers.push(k) } as unknown as FastifyReply;
  const shown = personalDataFor(request, reply, { vault, store: failing, clock: fixedClock(1_772_000_000_000) }, { personRef: ref, region: '360102', masked: { idNumber: 'x', name: 'y' } });
  await t.rejects(shown, /disk full/);
  t.same(headers, [], 'nothing was prepared for sending');
});

t.test('a reveal citing a case that does not exist is refused, and neither recorded nor revealed', async (t) => {
  const { h, ref, reveals } = await setup(t, { caseOpened: false });
  const res = await h.call({ method: 'GET', url: `/api/v1/toy/people/${ref}?reveal=true&purpose=application_review`, as: 'registrar' });
  t.match(problemOf(t, res), { status: 422, type: PROBLEM('domain-rejection'), code: 'reveal.unknown_case', errors: [{ path: 'querystring.caseRef' }] });
  t.notMatch(res.body, new RegExp(`${ID}|${NAME}`), 'nothing revealed');
  t.same(await reveals(), [], 'nothing recorded');
});
