import type { Test } from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import type { Clock } from '../../../src/app/clock.ts';
import { testServer, type TestServer } from '../helpers/test-server.ts';
import { draftCommand, LOTTERY_VALUE, MATTER } from '../../domain/inspection-plan/fixtures.ts';

/**
 * The whole life of a plan through HTTP, for the route tests and the `draw verify` tests:
 * a server whose clock the test moves (the value can only be entered once it exists),
 * the matter published, the plan drafted, committed, its value entered and drawn.
 */

export interface MovableClock extends Clock {
  set(iso: string): void;
}

export function movableClock(iso: string): MovableClock {
  let now = Date.parse(iso);
  return {
    nowMs: () => now++,
    set(to: string) {
      now = Date.parse(to);
    },
  };
}

export const PLAN_ID = 'NC-2026-SJ-001';
export const LOTTERY = { kind: 'lottery', name: '中国福利彩票双色球 2026025期', drawDate: '2026-03-05' } as const;

export function draftBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  const { type: _t, at: _a, ...body } = draftCommand();
  return { ...body, ...over };
}

export interface DrawFlow {
  h: TestServer;
  clock: MovableClock;
  post(url: string, payload: unknown, as?: 'admin' | 'inspector'): Promise<LightMyRequestResponse>;
}

export async function drawServer(t: Test): Promise<DrawFlow> {
  const clock = movableClock('2026-03-01T09:00:00+08:00');
  const h = await testServer(t, { productionOnly: true, clock, options: { rateLimitPerMinute: 0 } });
  const post = (url: string, payload: unknown, as: 'admin' | 'inspector' = 'inspector') => h.call({ method: 'POST', url, payload: payload as object, as });
  return { h, clock, post };
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
}

export async function publishMatter(f: DrawFlow): Promise<void> {
  f.clock.set('2026-03-01T09:00:00+08:00');
  const res = await f.post('/api/v1/inspection-matter-lists/360000/matters', { matterId: MATTER.matterId, title: MATTER.title, basis: '《就业补助资金管理办法》', content: '培训真实性、补贴申领与拨付', publishedOn: '2026-03-01' }, 'admin');
  expectStatus(res, 201, 'publish the matter');
}

/** Draft → commit → value → draw, each step checked; returns the public record's JSON text. */
export async function drawnRecord(f: DrawFlow, draft: Record<string, unknown> = draftBody()): Promise<string> {
  const id = String(draft.planId);
  f.clock.set('2026-03-02T09:00:00+08:00');
  expectStatus(await f.post('/api/v1/inspection-plans', draft), 201, 'draft');
  f.clock.set('2026-03-02T10:00:00+08:00');
  expectStatus(await f.post(`/api/v1/inspection-plans/${id}/randomness-commitment`, { source: LOTTERY }), 200, 'commit');
  f.clock.set('2026-03-05T21:40:00+08:00');
  expectStatus(await f.post(`/api/v1/inspection-plans/${id}/randomness-value`, { value: LOTTERY_VALUE }), 200, 'enter the value');
  f.clock.set('2026-03-06T09:00:00+08:00');
  expectStatus(await f.post(`/api/v1/inspection-plans/${id}/draw`, {}), 200, 'draw');
  const res = await f.h.call({ method: 'GET', url: `/public/draws/${id}` });
  expectStatus(res, 200, 'the public record');
  return res.body;
}
