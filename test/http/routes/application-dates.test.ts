import t from 'tap';
import { fixedClock } from '../../../src/app/clock.ts';
import { asOpenedApp, buildMoneyWorld, DATES, FUND, givenApplication, onDayMs } from '../../app/services/applications-fixtures.ts';
import { testServer } from '../helpers/test-server.ts';
import { post, tokensOf } from './applications-helpers.ts';

// R2 item 4: on the first day of publicity, an approval dated after the publicity's end was
// accepted and finance could pay at once. The server's today is the publicity's first day.
t.test('an approval dated after today is 422 application.date_in_future naming approvedOn; nothing is approved', async (t) => {
  const h = await testServer(t, { options: { rateLimitPerMinute: 0 }, clock: fixedClock(onDayMs(DATES.publicity), 1) });
  const w = await buildMoneyWorld(asOpenedApp(h.services, h.store), 1);
  await givenApplication(w, 0, 'a-1', 'in_publicity');
  const tok = tokensOf(h);
  const res = await post(h, tok.reviewer, '/api/v1/applications/a-1/approval', { fundId: FUND, approvedOn: DATES.approved });
  t.equal(res.statusCode, 422, res.body);
  const body = res.json();
  t.equal(body.code, 'application.date_in_future');
  t.same(body.errors.map((e: { path: string }) => e.path), ['approvedOn']);
  const read = await h.call({ method: 'GET', url: '/api/v1/applications/a-1', token: tok.reviewer });
  t.equal(read.json().status, 'in_publicity', 'still in publicity; no money committed');
  const pay = await post(h, tok.finance, '/api/v1/applications/a-1/payments', {});
  t.equal(pay.statusCode, 422, 'finance cannot pay');
});
