import t, { type Test } from 'tap';
import { initialReview, raiseObjection, submitApplication } from '../../../src/app/services/applications.ts';
import { DATES, FUND, givenApplication, onDayMs, people, submission } from '../../app/services/applications-fixtures.ts';
import { ctxFor } from '../../app/services/registry-fixtures.ts';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { DEEP_FUZZ_RUNS, fuzzFindings } from '../fuzz-routes.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { moneyServer } from './applications-helpers.ts';

/**
 * Every POST route of the money side, fuzzed with DEEP_FUZZ_RUNS bodies each (fuzz-command-routes.ts sends the issue's 500 to every route) against records that
 * EXIST in the state where the route would accept a valid body (an application awaiting
 * its initial review, one in publicity, a payment in flight …), so the bodies reach the
 * deep checks. Every answer must be a 4xx problem+json and the store must not move
 * (test/http/fuzz-routes.ts; the generic fuzz-command-routes.ts covers unknown ids).
 *
 * One allowance: a route whose fields are ALL optional (start publicity, instruct a
 * payment: the date defaults to today, the id is assigned) accepts `{}`, which the
 * harness's "any JSON value" branch sends now and then. Such a body is valid, so a 2xx
 * for it is right; every 2xx is checked to have been for a body that is exactly that.
 */

const RUNS = DEEP_FUZZ_RUNS;

t.test(`money routes: ${RUNS} invalid bodies each, every answer a 4xx problem and nothing written`, async (t) => {
  const { h, w, tok } = await moneyServer(t, 9);
  const d = w.app.deps;
  // No step may be dated after its request's day: the set-up acts on the server's today, the story's last day.
  await submitApplication(d, ctxFor(people.registrarNanchang, onDayMs(DATES.paid)), submission(w, 0, 'a-sub'));
  await submitApplication(d, ctxFor(people.registrarNanchang, onDayMs(DATES.paid)), submission(w, 1, 'a-ir'));
  await initialReview(d, ctxFor(people.reviewer, onDayMs(DATES.paid)), 'a-ir', { decision: 'approve', reviewedOn: DATES.reviewed });
  await givenApplication(w, 2, 'a-fr', 'reviewed');
  await givenApplication(w, 3, 'a-pub', 'in_publicity');
  await givenApplication(w, 4, 'a-obj', 'in_publicity');
  await raiseObjection(d, ctxFor(people.reviewer, onDayMs(DATES.paid)), 'a-obj', { objectionId: 'obj-1', groundsCode: 'fake_trainee', raisedOn: '2026-03-23' });
  await givenApplication(w, 5, 'a-app', 'approved');
  const { paymentId: inFlight } = await givenApplication(w, 6, 'a-ins', 'instructed');
  await givenApplication(w, 7, 'a-paid', 'paid');

  const A = (id: string, tail: string) => `/api/v1/applications/${id}/${tail}`;
  const routes: { url: string; token: string; validBody: Record<string, unknown> }[] = [
    { url: '/api/v1/funds', token: tok.finance, validBody: { fundId: 'fz-new', source: 'employment_subsidy', year: 2026, regionCode: '360100', openedOn: '2026-01-05' } },
    { url: `/api/v1/funds/${FUND}/allocations`, token: tok.finance, validBody: { allocationId: 'fz-al', amountFen: 100, documentRef: '赣财社〔2026〕1号', receivedOn: '2026-02-01' } },
    { url: `/api/v1/funds/${FUND}/adjustments`, token: tok.finance, validBody: { adjustmentId: 'fz-adj', amountFen: -100, reasonCode: 'treasury_clawback', documentRef: 'd', adjustedOn: '2026-02-01' } },
    {
      url: '/api/v1/applications',
      token: tok.registrar,
      validBody: { applicationId: 'fz-app', subsidyKind: 'training', applicant: { kind: 'trainee' }, personRef: w.refs[8]!, certificateSerial: w.serials[8]!, classId: 'c-1', submittedOn: DATES.submitted },
    },
    { url: A('a-sub', 'initial-review'), token: tok.reviewer, validBody: { decision: 'approve', reviewedOn: DATES.reviewed } },
    { url: A('a-ir', 'final-review'), token: tok.reviewer, validBody: { decision: 'approve', reviewedOn: DATES.reviewed } },
    { url: A('a-fr', 'publicity'), token: tok.reviewer, validBody: { startOn: DATES.publicity } },
    { url: A('a-pub', 'objections'), token: tok.reviewer, validBody: { objectionId: 'fz-obj', groundsCode: 'fake_trainee', raisedOn: '2026-03-24' } },
    { url: A('a-obj', 'objections/obj-1/resolution'), token: tok.reviewer, validBody: { outcome: 'dismissed', reasonCode: 'attendance_verified', resolvedOn: '2026-03-25' } },
    { url: A('a-pub', 'approval'), token: tok.reviewer, validBody: { fundId: FUND, approvedOn: DATES.approved } },
    { url: A('a-sub', 'withdrawal'), token: tok.registrar, validBody: { reasonCode: 'applicant_request', withdrawnOn: '2026-03-18' } },
    { url: A('a-app', 'payments'), token: tok.finance, validBody: { paymentId: 'fz-pay', instructedOn: DATES.instructed } },
    { url: A('a-ins', `payments/${inFlight}/confirmation`), token: tok.finance, validBody: { paidOn: DATES.paid } },
    { url: A('a-ins', `payments/${inFlight}/bounce`), token: tok.finance, validBody: { reasonCode: 'bank.account_closed', bouncedOn: DATES.paid } },
    { url: A('a-paid', 'recoveries'), token: tok.finance, validBody: { recoveryId: 'fz-rec', amountFen: 100, documentRef: '追回决定书 1号', recoveredOn: DATES.paid } },
  ];
  const posts = [...h.app.accessMatrix.keys()].filter((k) => k.startsWith('POST ') && /\/(funds|applications)/.test(k));
  t.equal(routes.length, posts.length, `every money POST route is fuzzed (${posts.length})`);
  for (const r of routes) await fuzzMoneyRoute(t, h, r);
});

async function fuzzMoneyRoute(t: Test, h: TestServer, route: { url: string; token: string; validBody: Record<string, unknown> }): Promise<void> {
  const accepted: string[] = [];
  const recording = {
    inject: async (options: InjectOptions) => {
      const res = await h.app.inject(options);
      if (res.statusCode < 300) accepted.push(String(options.payload));
      return res;
    },
  } as unknown as FastifyInstance;
  const { failures, statuses } = await fuzzFindings({ app: recording, store: h.store }, { ...route, runs: RUNS });
  const refusedWrongly = failures.filter((f) => !/^2\d\d /.test(f));
  t.same(refusedWrongly.slice(0, 5), [], `${route.url}: ${RUNS} bodies, every invalid one a 4xx problem+json that wrote nothing (${refusedWrongly.length} failures)`);
  const validAccepted = accepted.filter((p) => isEmptyObject(p));
  t.same(accepted.filter((p) => !isEmptyObject(p)), [], 'nothing but an empty object (all fields optional) was ever accepted');
  t.pass(`statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')}${validAccepted.length ? ` (${validAccepted.length} valid {} accepted)` : ''}`);
}

function isEmptyObject(payload: string): boolean {
  try {
    const v = JSON.parse(payload) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;
  } catch {
    return false;
  }
}
