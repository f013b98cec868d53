import type { Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { asOpenedApp, buildMoneyWorld, DATES, onDayMs, type MoneyWorld } from '../../app/services/applications-fixtures.ts';
import { fixedClock } from '../../../src/app/clock.ts';
import { testServer, type TestServer } from '../helpers/test-server.ts';

/**
 * The money world (a completed class of trainees with certificates, a Nanchang fund)
 * built through the services of an HTTP test server, and the tokens the money routes
 * need: a registrar, two reviewers and a finance officer of Nanchang (360100), their
 * Ganzhou (360700) counterparts, and province-wide ones.
 */
export interface MoneyServer {
  h: TestServer;
  w: MoneyWorld;
  tok: {
    registrar: string;
    reviewer: string;
    reviewer2: string;
    finance: string;
    reviewerGanzhou: string;
    financeGanzhou: string;
    registrarGanzhou: string;
  };
}

export async function moneyServer(t: Test, n = 3, fundFen?: number, dataDir?: string, todayOn: string = DATES.paid): Promise<MoneyServer> {
  // The server's today is the last day of the story (DATES.paid unless told): a step may not be dated after its request's day.
  const h = await testServer(t, { options: { rateLimitPerMinute: 0 }, clock: fixedClock(onDayMs(todayOn), 1), ...(dataDir ? { dataDir } : {}) });
  const w = await buildMoneyWorld(asOpenedApp(h.services, h.store), n, fundFen);
  return { h, w, tok: tokensOf(h) };
}

export function tokensOf(h: TestServer): MoneyServer['tok'] {
  return {
    registrar: h.tokenFor('registrar', '360100'),
    reviewer: h.tokenFor('reviewer', '360100'),
    // Another principal: the region-less reviewer of the province.
    reviewer2: h.token.reviewer,
    finance: h.tokenFor('finance', '360100'),
    reviewerGanzhou: h.tokenFor('reviewer', '360700'),
    financeGanzhou: h.tokenFor('finance', '360700'),
    registrarGanzhou: h.tokenFor('registrar', '360700'),
  };
}

export async function post(h: TestServer, token: string, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return h.call({ method: 'POST', url, token, payload: payload as Record<string, unknown>, headers });
}

/** POST that must succeed; returns the parsed command response. */
export async function ok(t: Test, h: TestServer, token: string, url: string, payload: unknown): Promise<{ position: string | null; events: { stream: string; id: string }[]; replayed: boolean; result?: Record<string, unknown> }> {
  const res = await post(h, token, url, payload);
  if (res.statusCode >= 300) t.fail(`POST ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
