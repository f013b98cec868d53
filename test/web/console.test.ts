/**
 * The web console in a real browser: Debian's Chromium driven headless by playwright-core,
 * one server and one browser for the whole file. Each page is screenshotted into
 * test-output/screenshots/ for review; no console error may occur outside the steps that
 * expect a refusal. Without /usr/bin/chromium the file skips and says why.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.ts';
import { residentId } from '../app/services/registry-fixtures.ts';
import { consoleWorld } from './console-world.ts';

/** Polls `done` until it holds, or fails after `timeoutMs`. */
async function pollUntil(done: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}


const CHROMIUM = process.env.TAIZHANG_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = path.resolve('test-output/screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!existsSync(CHROMIUM)) {
  t.comment(`SKIP: no Chromium at ${CHROMIUM} (install it with apt-get install -y chromium, or set TAIZHANG_CHROMIUM)`);
  t.plan(0, `no Chromium at ${CHROMIUM}`);
} else {
  await run();
}

async function run(): Promise<void> {
  await buildWeb();
  await mkdir(SHOTS, { recursive: true });
  const started = performance.now();
  const w = await consoleWorld(t);
  t.comment(`world built (money, draw, findings, read models, signed log) in ${Math.round(performance.now() - started)} ms`);
  const context: BrowserContext = await chromium.launchPersistentContext(t.testdir(), { executablePath: CHROMIUM, headless: true, args: ARGS, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  t.teardown(() => context.close());
  // Generous: CI runs this beside other test files on two cores.
  context.setDefaultTimeout(30_000);

  /** Console errors and page errors, by the page's label; a step that expects refusals says so. */
  const consoleErrors: string[] = [];
  let refusalsExpected = false;
  const open = async (label: string, hash: string, viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      if (refusalsExpected && /Failed to load resource: the server responded with a status of 40[34]/.test(m.text())) return;
      consoleErrors.push(`${label}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${label}: ${e.message}`));
    await page.goto(`${w.baseUrl}/console/${hash}`);
    return page;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const signIn = async (page: Page, token: string) => {
    await page.fill('input[name=token]', token);
    await page.click('button[type=submit]');
    await page.getByTestId('principal').waitFor();
  };

  /** Waits for a test id; on a timeout the failure says what the page showed instead. */
  const see = async (page: Page, testId: string) => {
    try {
      await page.getByTestId(testId).waitFor();
    } catch (error) {
      throw new Error(`${testId} did not appear; the page shows: ${(await page.locator('main').textContent()) ?? ''}`, { cause: error });
    }
    return page.getByTestId(testId);
  };

  const nanchang = w.h.tokenFor('reviewer', '360100');
  const inspector = w.h.tokenFor('inspector', '360100');

  await t.test('sign in: the token goes to session storage, never into a URL', async (t) => {
    const page = await open('sign-in', '#/');
    await shot(page, '01-sign-in');
    await signIn(page, nanchang);
    t.match(await page.getByTestId('principal').textContent(), /reviewer · 360100/);
    t.equal(await page.evaluate('sessionStorage.getItem("taizhang.token")'), nanchang, 'kept in sessionStorage');
    t.equal(await page.evaluate('localStorage.getItem("taizhang.token")'), null, 'not in localStorage');
    t.notMatch(page.url(), nanchang, 'not in the URL');
    await page.click('button.lang');
    t.match(await page.locator('h1').textContent(), /training-subsidy audit ledger/, 'English switch');
    await page.click('button.lang');
    t.match(await page.locator('h1').textContent(), /培训补贴资金审计台账/, 'back to zh-CN');
    await page.close();
  });

  const probe = await w.h.call({ method: 'GET', url: '/api/v1/problem-ledger', token: inspector });
  const ledgerMissing = w.h.app.routeTable.allowedMethods('/api/v1/problem-ledger').length === 0 ? `GET /api/v1/problem-ledger is not registered on this server (${probe.statusCode})` : false;

  let eventId = '';
  await t.test('trace a payment from the trainee\'s ID number: fund to bank, each step with actor, time, amount and a proof link', async (t) => {
    const page = await open('trace', '#/trace');
    await signIn(page, nanchang);
    // By the trainee's ID number: looked up by POST, replaced by the pseudonym, never in the URL.
    const idNumber = residentId('360102', '19900101', '100');
    await page.selectOption('select[name=by]', 'idNumber');
    await page.fill('input[name=q]', idNumber);
    await page.click('form.row button[type=submit]');
    await page.locator(`ul.list a[href="#/trace/application/${w.applicationId}"]`).click();
    t.notMatch(page.url(), idNumber, 'the ID number is not in the URL');
    t.notMatch(await page.locator('body').textContent(), idNumber, 'nor on the page');
    const trace = await see(page, 'trace');
    const steps = await trace.locator('ol.timeline > li b').allTextContents();
    t.ok(steps.length >= 7, `at least 7 steps (${steps.join(', ')})`);
    const text = (await trace.textContent()) ?? '';
    t.match(text, /¥1,200\.00/, 'the amount in yuan');
    t.match(text, /reviewer rev-nc/, 'an actor');
    t.match(text, /2026-03-/, 'a time');
    const href = await trace.locator('a.proof').last().getAttribute('href');
    t.match(href, /^#\/integrity\/[0-9a-f-]{36}$/, 'each step links its inclusion proof');
    eventId = (href ?? '').split('/').pop() ?? '';
    await shot(page, '02-trace');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, '02-trace-phone');
    await page.close();
  });

  await t.test("verify an event's inclusion in the browser (WebCrypto Ed25519 + RFC 9162)", async (t) => {
    const page = await open('integrity', `#/integrity/${eventId}`);
    await see(page, 'checkpoint');
    t.match(await page.getByTestId('checkpoint').textContent(), /taizhang\.test\/log/, 'the checkpoint is shown, its signature checked');
    await page.click('form.row button[type=submit]');
    const verdict = page.getByTestId('inclusion-verdict');
    await verdict.waitFor();
    t.match(await verdict.textContent(), /已核验/, 'verified');
    t.equal(await verdict.getAttribute('class'), 'verdict ok');
    await shot(page, '03-integrity');
    // A verifier key other than the log's: the signature check must fail in the browser.
    await page.fill('input.mono', 'taizhang.test/log+00000000+AW5vdCB0aGUga2V5IG9mIHRoaXMgbG9nLCAzMiBieXRlcw==');
    await page.click('form.row button[type=submit]');
    await page.locator('.verdict.bad').waitFor();
    t.match(await page.getByTestId('inclusion-verdict').textContent(), /核验失败/, 'a wrong key fails');
    await page.close();
  });

  await t.test('funds: balances and the chart', async (t) => {
    const page = await open('funds', '#/funds');
    await signIn(page, nanchang);
    await page.getByTestId('funds').waitFor();
    t.match(await page.getByTestId('funds').textContent(), new RegExp(w.fundId));
    t.ok(await page.getByTestId('funds-chart').locator('rect.bar').count() >= 2, 'bars drawn');
    // The chart is over months: one group per month from the first movement to the last, as the API answers them.
    const api = (await w.h.call({ method: 'GET', url: '/api/v1/fund-months', token: nanchang })).json().months as { month: string; paidFen: number }[];
    t.ok(api.length > 0 && api.some((m) => m.paidFen > 0), 'the API has months with payments');
    const drawn = await page.getByTestId('funds-chart').locator('g.month').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-month')));
    t.equal(drawn[0], api[0]!.month, 'the axis starts at the first month');
    t.equal(drawn.at(-1), api.at(-1)!.month, 'and ends at the last');
    t.ok(api.every((m) => drawn.includes(m.month)), 'every month of the API is on the axis');
    const paidBar = page.getByTestId('funds-chart').locator(`g[data-month="${api.find((m) => m.paidFen > 0)!.month}"] rect.paid title`);
    t.match(await paidBar.textContent(), /¥[1-9]/, 'the paid bar of a month with payments says its amount');
    const other = await w.h.call({ method: 'GET', url: '/api/v1/fund-months?regionCode=360700', token: nanchang });
    t.same(other.json().months, [], 'another region through the API: nothing');
    await shot(page, '04-funds');
    await page.close();
  });

  await t.test('problem ledger: filter, highlight, a finding\'s history, xlsx export', { skip: ledgerMissing }, async (t) => {
    const page = await open('ledger', '#/ledger');
    await signIn(page, inspector);
    const table = await see(page, 'ledger');
    t.equal(await table.locator('tbody tr').count(), 5, 'the five Nanchang findings, not the one of 360200');
    t.ok(await table.locator('tr.overdue').count() >= 1, 'overdue rows highlighted');
    await page.selectOption('select[name=tracking]', 'overdue');
    await page.click('form.filters button[type=submit]');
    // The page swaps the table for a loading state while it asks: waiting only for the
    // non-overdue rows to go raced that swap (CI saw the table empty). Wait for the answer.
    // Polled from here through locators, not page.waitForFunction: that evaluates its predicate
    // inside the page, which the console's CSP (no 'unsafe-eval') refuses once it has to poll.
    await pollUntil(async () => {
      const rows = await table.locator('tbody tr').count();
      return rows > 0 && (await table.locator('tbody tr:not(.overdue)').count()) === 0;
    }, 'the overdue filter\'s answer');
    // Asserted by the poll itself (it throws on timeout): counting again after it raced the
    // page's second render of the same answer (the table swapped out for a moment).
    t.pass('rows after the filter, and only overdue ones');
    await shot(page, '05-ledger');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 xlsx' }).click()]);
    const file = await download.path();
    const bytes = await readFile(file);
    t.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx (zip) file');
    t.match(download.suggestedFilename(), /\.xlsx$/);
    await table.locator('button.link').first().click();
    await page.getByTestId('finding-history').locator('ol.timeline li').first().waitFor();
    t.match(await page.getByTestId('finding-history').textContent(), /FindingRaised/);
    await shot(page, '05-ledger-history');
    await page.close();
    const rect = await open('rectification', '#/rectification');
    await signIn(rect, inspector);
    await see(rect, 'rectification-total');
    await shot(rect, '06-rectification');
    await rect.close();
  });

  await t.test('draws: the plan for an inspector', async (t) => {
    const page = await open('draws', `#/draws/${w.planId}`);
    await signIn(page, inspector);
    await see(page, 'plan');
    t.match(await page.getByTestId('plan').textContent(), new RegExp(w.planId));
    await shot(page, '07-draws');
    await page.close();
  });

  await t.test('draws: the list of plans, paged on the server, opens a plan', async (t) => {
    const page = await open('draws-list', '#/draws');
    await signIn(page, inspector);
    const plans = await see(page, 'plans');
    t.match(await plans.textContent(), new RegExp(w.planId), 'the drawn plan is listed');
    t.match(await plans.textContent(), /已抽取/, 'with its stage in words');
    await shot(page, '07-draws-list');
    await plans.locator(`a[data-plan="${w.planId}"]`).click();
    await see(page, 'plan');
    t.match(page.url(), new RegExp(`#/draws/${w.planId}$`), 'the row opened its plan');
    await page.close();
    const api = await w.h.call({ method: 'GET', url: '/api/v1/inspection-plans?limit=1', token: inspector });
    t.equal(api.statusCode, 200);
    t.same(api.json().items.map((p: { planId: string }) => p.planId), [w.planId]);
    t.equal((await w.h.call({ method: 'GET', url: '/api/v1/inspection-plans?stage=drafted', token: inspector })).json().items.length, 0, 'no draft left');
    t.same((await w.h.call({ method: 'GET', url: '/api/v1/inspection-plans', token: w.h.tokenFor('inspector', '360700') })).json().items, [], 'an inspector of another city sees none');
    t.equal((await w.h.call({ method: 'GET', url: '/api/v1/inspection-plans', token: nanchang })).statusCode, 403, 'reviewers do not read plans');
    const bad = await w.h.call({ method: 'GET', url: '/api/v1/inspection-plans?stage=nope', token: inspector });
    t.equal(bad.statusCode, 400);
    t.match(JSON.stringify(bad.json()), /stage/, 'a bad stage is named');
  });

  await t.test('public draw: re-run in the browser, without a token, and it matches', async (t) => {
    const page = await open('public-draw', `#/public/draws/${w.planId}`, { width: 390, height: 844 });
    const verdict = page.getByTestId('draw-verdict');
    await verdict.waitFor();
    t.match(await verdict.textContent(), /一致：记录与重新抽取的结果相符/);
    t.equal(await verdict.locator('li.bad').count(), 0, 'every check passes');
    await shot(page, '08-public-draw');
    await page.close();
  });

  await t.test('a tampered draw record shows "does not match"', async (t) => {
    const page = await context.newPage();
    page.on('pageerror', (e) => consoleErrors.push(`tampered: ${e.message}`));
    // The server (or a man in the middle) swaps one drawn subject for another roster entry.
    await page.route(`**/public/draws/${w.planId}`, async (route) => {
      const res = await route.fetch();
      const record = (await res.json()) as { rosters: { subjects: { entries: { id: string }[] } }; draw: { outcome: { subjects: { id: string }[] } } };
      const drawn = new Set(record.draw.outcome.subjects.map((s) => s.id));
      const other = record.rosters.subjects.entries.find((e) => !drawn.has(e.id));
      const first = record.draw.outcome.subjects[0];
      if (!other || !first) throw new Error('the fixture draws every subject: nothing to swap');
      first.id = other.id;
      await route.fulfill({ response: res, json: record });
    });
    await page.goto(`${w.baseUrl}/console/#/public/draws/${w.planId}`);
    const verdict = page.getByTestId('draw-verdict');
    await verdict.waitFor();
    t.match(await verdict.textContent(), /does not match/);
    t.ok(await verdict.locator('li.bad').count() >= 1, 'the failing check is named');
    await shot(page, '09-public-draw-tampered');
    await page.close();
  });

  await t.test('a reviewer of one region sees nothing of another region', async (t) => {
    refusalsExpected = true;
    const ganzhou = w.h.tokenFor('reviewer', '360700');
    const page = await open('region', '#/funds');
    await signIn(page, ganzhou);
    await page.locator('main section p.state, [data-testid=funds]').last().waitFor();
    const seen: string[] = [];
    for (const hash of ['#/funds', `#/trace/application/${w.applicationId}`, `#/trace/institution/${'91360100MA35XXXX0X'}`, '#/ledger', '#/rectification', `#/draws/${w.planId}`]) {
      await page.goto(`${w.baseUrl}/console/${hash}`);
      await page.locator('main section').first().waitFor();
      await page.locator('main .state[role=status]').first().waitFor({ state: 'detached' });
      const text = (await page.locator('main').textContent()) ?? '';
      seen.push(text);
      if (hash.startsWith('#/funds') || hash.startsWith('#/trace/application')) await shot(page, `10-region-${hash.split('/')[1]}`);
    }
    const all = seen.join('\n');
    t.notMatch(all, new RegExp(w.fundId), 'no Nanchang fund');
    t.notMatch(all, /¥1,200\.00/, 'no Nanchang amount');
    t.notMatch(all, /2026-F[1-6]/, 'no finding of another region');
    t.notMatch(all, /rev-nc|fin-1/, 'no Nanchang actor');
    t.match(seen[1], /403|404|forbidden|outside/i, 'the trace is refused in words');
    await page.close();
    if (ledgerMissing === false) {
      // Reviewers may not read the ledger at all; an inspector of Ganzhou may, and sees none of Nanchang's findings.
      const ledger = await open('region-ledger', '#/ledger');
      await signIn(ledger, w.h.tokenFor('inspector', '360700'));
      await ledger.locator('main .state[role=status]').first().waitFor({ state: 'detached' });
      await ledger.locator('main section').first().waitFor();
      const text = (await ledger.locator('main').textContent()) ?? '';
      t.notMatch(text, /2026-F[1-6]/, 'no finding of another region in the ledger');
      t.match(text, /没有记录/, 'an empty ledger, said in words');
      await shot(ledger, '10-region-ledger-inspector');
      await ledger.close();
    }
    refusalsExpected = false;
  });

  t.same(consoleErrors, [], 'no console errors during the run');
}
