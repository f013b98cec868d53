import t from 'tap';
import { allPages, queryWorld } from './applications-query-routes-world.ts';
import { PROBLEM, problemOf } from '../http/helpers/test-server.ts';

/**
 * The money query routes over the read models, on a store holding the domain log of
 * several cities: every list holds exactly what the principal's region covers (checked
 * against a naive reference computed from the events), single records outside it are
 * 403, paging returns every record once.
 */

const world = await queryWorld(t);
const { h, where, events } = world;

/** The two cities (4-digit prefixes) with the most applications: the test's two regions. */
const cities = (() => {
  const counts = new Map<string, number>();
  for (const id of where.applications.keys()) {
    const a = where.applications.get(id)!;
    if (a.institutionId === null) continue;
    const city = (where.institutionRegion.get(a.institutionId) ?? '').slice(0, 4);
    counts.set(city, (counts.get(city) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
})();
const [A, B] = [cities[0]!, cities[1]!];
const tokenA = h.tokenFor('reviewer', `${A}00`);
const tokenB = h.tokenFor('reviewer', `${B}00`);
const financeA = h.tokenFor('finance', `${A}00`);
const admin = h.token.admin;

t.test('applications: each region sees exactly its own, every one once across pages', async (t) => {
  const all = await allPages(h, '/api/v1/applications', admin, 200);
  t.equal(all.items.length, where.applications.size, 'the whole system: every application');
  for (const [city, token] of [[A, tokenA], [B, tokenB]] as const) {
    const { items, pages } = await allPages(h, '/api/v1/applications', token, 37);
    const expected = [...where.applications.keys()].filter((id) => where.applicationIn(id, city)).sort();
    t.ok(expected.length > 0, `city ${city} has applications`);
    t.ok(pages > 1, 'more than one page');
    const got = items.map((i) => String(i.applicationId));
    t.equal(new Set(got).size, got.length, 'no application twice across pages');
    t.same([...got].sort(), expected, `city ${city}: exactly the applications in scope`);
    const keys = items.map((i) => `${i.submittedOn} ${i.applicationId}`);
    t.same(keys, [...keys].sort(), 'in (submittedOn, applicationId) order');
  }
  t.ok(where.applications.size > 0 && [...where.applications.values()].some((a) => a.institutionId === null), 'skill-upgrade applications (no institution) are in the log');
});

t.test('applications: filters by status, institution, period and region narrow within scope', async (t) => {
  const { items: paid } = await allPages(h, `/api/v1/applications?status=paid`, tokenA, 200);
  t.ok(paid.length > 0);
  t.ok(paid.every((i) => i.status === 'paid'));
  const inst = [...where.institutionRegion].find(([, r]) => r.startsWith(A))![0];
  const { items: ofInst } = await allPages(h, `/api/v1/applications?institutionId=${inst}`, tokenA, 200);
  t.ok(ofInst.every((i) => i.institutionId === inst));
  const { items: ofInstB } = await allPages(h, `/api/v1/applications?institutionId=${inst}`, tokenB, 200);
  t.same(ofInstB, [], "another region's institution: nothing");
  const { items: period } = await allPages(h, '/api/v1/applications?from=2025-01-20&to=2025-01-25', admin, 200);
  t.ok(period.every((i) => String(i.submittedOn) >= '2025-01-20' && String(i.submittedOn) <= '2025-01-25'));
  const { items: asked } = await allPages(h, `/api/v1/applications?regionCode=${B}00`, tokenA, 200);
  t.same(asked, [], 'asking for another region gives nothing, not an error');
  const counts = await h.call({ method: 'GET', url: '/api/v1/application-counts', token: tokenA });
  const all = await allPages(h, '/api/v1/applications', tokenA, 200);
  const sum = (counts.json().counts as { applications: number }[]).reduce((n, c) => n + c.applications, 0);
  t.equal(sum, all.items.length, 'counts by status add up to the list');
});

t.test('applications: review deadlines and publicity are answered as of a date', async (t) => {
  const res = await h.call({ method: 'GET', url: '/api/v1/applications?status=submitted,initial_review_passed&asOf=2025-12-31&limit=200', token: admin });
  t.equal(res.statusCode, 200);
  const items = res.json().items as { reviewDueOn: string | null; reviewOverdue: boolean; asOf: string }[];
  t.ok(items.length > 0);
  t.ok(items.every((i) => i.reviewDueOn !== null && i.asOf === '2025-12-31'));
  const overdue = await allPages(h, '/api/v1/applications?review=overdue&asOf=2025-12-31', admin, 200);
  t.same(
    overdue.items.map((i) => i.applicationId).sort(),
    items.filter((i) => i.reviewOverdue).map((i) => (i as unknown as { applicationId: string }).applicationId).sort(),
    'the overdue filter (SQL) agrees with each item\'s deadline',
  );
  const early = await allPages(h, '/api/v1/applications?review=overdue&asOf=2025-01-07', admin, 200);
  t.same(early.items, [], 'nothing is overdue a day after the first submissions');
  const outside = await h.call({ method: 'GET', url: '/api/v1/applications?review=overdue&asOf=2031-01-01', token: admin });
  t.equal(problemOf(t, outside).type, PROBLEM('validation-failed'), 'a date outside the holiday calendar: 400 naming asOf');
  t.match(outside.json().errors, [{ path: 'querystring.asOf' }]);
});

t.test('funds and totals: each region its own funds; totals add up the list', async (t) => {
  for (const [city, token] of [[A, financeA], [B, h.tokenFor('finance', `${B}00`)]] as const) {
    const { items } = await allPages(h, '/api/v1/funds', token);
    t.ok(items.length > 0);
    t.ok(items.every((f) => String(f.regionCode).startsWith(city)), `city ${city}: only its funds`);
    const totals = (await h.call({ method: 'GET', url: '/api/v1/fund-totals', token })).json().totals as { paidFen: number; regionCode: string }[];
    t.ok(totals.every((r) => r.regionCode.startsWith(city)));
    t.equal(totals.reduce((n, r) => n + r.paidFen, 0), items.reduce((n, f) => n + Number(f.paidFen), 0), 'totals = sum of the funds');
    const months = (await h.call({ method: 'GET', url: '/api/v1/fund-months', token })).json().months as { month: string; paidFen: number; bouncedFen: number; recoveredFen: number }[];
    t.ok(months.length > 0 && months.every((m) => /^\d{4}-\d{2}$/.test(m.month)), 'months as YYYY-MM');
    t.same(months.map((m) => m.month), [...months.map((m) => m.month)].sort(), 'oldest month first');
    t.equal(months.reduce((n, m) => n + m.paidFen - m.bouncedFen, 0), items.reduce((n, f) => n + Number(f.paidFen), 0), 'months: instructed − bounced = the funds\' paid');
    t.equal(months.reduce((n, m) => n + m.recoveredFen, 0), items.reduce((n, f) => n + Number(f.recoveredFen), 0), 'months: recovered adds up');
    const other = city === '3601' ? '360700' : '360100';
    t.same((await h.call({ method: 'GET', url: `/api/v1/fund-months?regionCode=${other}`, token })).json().months, [], 'another region: nothing');
  }
  const { items: every } = await allPages(h, '/api/v1/funds?year=2025', admin);
  t.equal(every.length, events.filter((e) => e.type === 'FundOpened').length);
  for (const f of every) t.equal(f.availableFen, Number(f.allocatedFen) + Number(f.recoveredFen) + Number(f.adjustedFen) - Number(f.committedFen) - Number(f.paidFen));
});

t.test('payment trace: in scope 200 with links in order; another region 403; unknown 404', async (t) => {
  const paidInA = [...where.applications.keys()].find((id) => where.applicationIn(id, A) && events.some((e) => e.type === 'ApplicationPaid' && e.stream === `application-${id}`))!;
  const res = await h.call({ method: 'GET', url: `/api/v1/applications/${paidInA}/trace`, token: financeA });
  t.equal(res.statusCode, 200);
  const trace = res.json();
  const positions = trace.links.map((l: { position: number }) => l.position);
  t.same(positions, [...positions].sort((a: number, b: number) => a - b));
  t.match(trace.links.map((l: { step: string }) => l.step), ['fund_opened', 'allocation']);
  t.ok(trace.links.some((l: { step: string }) => l.step === 'bank_confirmed'));
  t.equal(trace.totals.paidFen, trace.amountFen);
  const paymentId = trace.payments.at(-1).paymentId as string;
  const byPayment = await h.call({ method: 'GET', url: `/api/v1/payments/${paymentId}/trace`, token: financeA });
  t.equal(byPayment.statusCode, 200);
  t.equal(byPayment.json().applicationId, paidInA);
  t.equal(byPayment.json().paymentId, paymentId);
  const other = await h.call({ method: 'GET', url: `/api/v1/applications/${paidInA}/trace`, token: tokenB });
  t.equal(problemOf(t, other).type, PROBLEM('forbidden'));
  t.equal(other.json().reason, 'region');
  const otherByPayment = await h.call({ method: 'GET', url: `/api/v1/payments/${paymentId}/trace`, token: tokenB });
  t.equal(otherByPayment.statusCode, 403, 'by payment too');
  t.equal((await h.call({ method: 'GET', url: '/api/v1/applications/a-nope/trace', token: tokenA })).statusCode, 404);
  t.equal((await h.call({ method: 'GET', url: '/api/v1/payments/pay-nope/trace', token: tokenA })).statusCode, 404);
});

t.test('a skill-upgrade application lies where its person trained', async (t) => {
  const id = [...where.applications.keys()].find((x) => where.applications.get(x)!.institutionId === null)!;
  const { personRef } = where.applications.get(id)!;
  const home = [...where.personClasses.get(personRef)!].map((c) => where.classRegion.get(c)!.region.slice(0, 4))[0]!;
  const away = ['3601', '3607', '3611'].find((c) => !where.personIn(personRef, c))!;
  const ok = await h.call({ method: 'GET', url: `/api/v1/applications/${id}/trace`, token: h.tokenFor('auditor', `${home}00`) });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().regionCode, null);
  const no = await h.call({ method: 'GET', url: `/api/v1/applications/${id}/trace`, token: h.tokenFor('auditor', `${away}00`) });
  t.equal(no.statusCode, 403);
  const { items } = await allPages(h, `/api/v1/applications?subsidyKind=skill_upgrade`, h.tokenFor('auditor', `${away}00`), 200);
  t.notOk(items.some((i) => i.applicationId === id), 'not in the other region\'s list');
});

t.test('subsidy history: quota and levels of a person in scope; another region 403', async (t) => {
  const reserved = events.find((e) => e.type === 'EntitlementClaimPaid' && where.personIn((e.data as { personRef: string }).personRef, A))!;
  const ref = (reserved.data as { personRef: string }).personRef;
  const res = await h.call({ method: 'GET', url: `/api/v1/trainees/${ref}/subsidies`, token: tokenA });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.ok(body.claims.length >= 1);
  t.ok(body.claims.some((c: { status: string }) => c.status === 'paid'));
  t.equal(body.years[0].counted, body.claims.filter((c: { status: string }) => c.status !== 'released').length);
  const away = [B, '3611', '3610'].find((c) => !where.personIn(ref, c))!;
  const other = await h.call({ method: 'GET', url: `/api/v1/trainees/${ref}/subsidies`, token: h.tokenFor('reviewer', `${away}00`) });
  t.equal(problemOf(t, other).type, PROBLEM('forbidden'));
});

t.test('paging: a forged cursor is a 400 naming the cursor; limits are bounded', async (t) => {
  const forged = await h.call({ method: 'GET', url: '/api/v1/applications?cursor=WyJ4Il0', token: admin });
  t.equal(problemOf(t, forged).type, PROBLEM('validation-failed'));
  t.match(forged.json().errors, [{ path: 'querystring.cursor' }]);
  const junk = await h.call({ method: 'GET', url: '/api/v1/applications?cursor=%%%', token: admin });
  t.equal(junk.statusCode, 400);
  t.equal((await h.call({ method: 'GET', url: '/api/v1/applications?limit=201', token: admin })).statusCode, 400);
  t.equal((await h.call({ method: 'GET', url: '/api/v1/applications?limit=0', token: admin })).statusCode, 400);
  t.equal((await h.call({ method: 'GET', url: '/api/v1/applications?status=nope', token: admin })).statusCode, 400);
});

t.test('read your writes: a fund opened through the API is in the list at the position the command answered', async (t) => {
  const opened = await h.call({ method: 'POST', url: '/api/v1/funds', as: 'finance', payload: { fundId: 'f-rw-1', source: 'ui_special_account', year: 2026, regionCode: `${A}00` } });
  t.equal(opened.statusCode, 201);
  const position = opened.json().position as string;
  const res = await h.call({ method: 'GET', url: `/api/v1/funds?year=2026&minPosition=${position}`, token: financeA });
  t.equal(res.statusCode, 200);
  t.same(res.json().items.map((f: { fundId: string }) => f.fundId), ['f-rw-1']);
});
