import type { Test } from 'tap';
import { asOpenedApp, buildMoneyWorld, givenApplication, FUND } from '../app/services/applications-fixtures.ts';
import { drawnRecord, movableClock, publishMatter, PLAN_ID, type DrawFlow } from '../http/routes/draws-flow.ts';
import { testServer, type TestServer } from '../http/helpers/test-server.ts';
import type { ReadModelsPort } from '../../src/http/read-models.ts';
import { IntegrityLog } from '../../src/integrity-log/integrity-log.ts';
import type { IntegrityPort } from '../../src/integrity-log/port.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { Projections } from '../../src/projections/projections.ts';
import { ledgerScenario } from '../projections/problem-ledger/scenario.ts';

/**
 * What the console tests look at, served over real HTTP: one Nanchang (360100) application
 * traced from fund to bank confirmation, a drawn inspection plan with its public record,
 * the catalogue's read models caught up and the Merkle log signed up to the last event.
 */
export interface ConsoleWorld {
  h: TestServer;
  baseUrl: string;
  applicationId: string;
  fundId: string;
  planId: string;
}

const APPLICATION_ID = 'A-WEB-1';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not reached: ${what}`);
}

/**
 * The problem-ledger scenario's findings and recovery orders (five in Nanchang 360100, one
 * in 360200), decided by the real deciders, appended as they are: the console only reads them.
 */
async function givenFindings(h: TestServer): Promise<void> {
  const events = ledgerScenario().events.filter((e) => e.stream.startsWith('finding-') || e.stream.startsWith('recovery-order-'));
  for (const [i, e] of events.entries()) {
    const id = `0190f000-0000-7000-9000-${String(i + 1).padStart(12, '0')}`;
    await h.store.append(e.stream, [{ id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], 'any');
  }
}

export async function consoleWorld(t: Test): Promise<ConsoleWorld> {
  const dataDir = t.testdir();
  const logger = createLogger('silent');
  let projections: Projections | undefined;
  let integrity: IntegrityLog | undefined;
  // The server is built before the projections and the log can start (they read its store): the ports forward.
  const readModels: ReadModelsPort = {
    waitForPosition: (min, timeoutMs, names) => projections!.waitForPosition(min, timeoutMs, names),
    status: () => projections?.status() ?? [],
    close: async () => {},
    query: (name, q) => projections!.query(name, q),
  };
  const log: IntegrityPort = {
    verifierKey: () => integrity!.verifierKey(),
    latestCheckpoint: () => integrity!.latestCheckpoint(),
    view: (read) => integrity!.view(read),
    waitForPosition: (min, timeoutMs) => integrity!.waitForPosition(min, timeoutMs),
    status: () => integrity!.status(),
  };
  const clock = movableClock('2026-03-01T09:00:00+08:00');
  const h = await testServer(t, { dataDir, productionOnly: true, clock, readModels, integrity: log, options: { rateLimitPerMinute: 0 } });

  const w = await buildMoneyWorld(asOpenedApp(h.services, h.store), 2);
  await givenApplication(w, 0, APPLICATION_ID, 'paid');
  const flow: DrawFlow = { h, clock, post: (url, payload, as = 'inspector') => h.call({ method: 'POST', url, payload: payload as object, as }) };
  await publishMatter(flow);
  await drawnRecord(flow);
  await givenFindings(h);

  projections = Projections.start({ store: h.store, dataDir, logger, definitions: PROJECTIONS, progress: 'none', lagLogIntervalMs: 0 });
  // Every event is v1 here, so the validating store hands them out exactly as stored.
  integrity = IntegrityLog.start({ rawStore: h.store, dataDir, logger, progress: 'none', config: { origin: 'taizhang.test/log', checkpointEveryEvents: 1, checkpointIntervalMs: 50 } });
  t.teardown(async () => {
    await h.close();
    await projections?.close();
    await integrity?.close();
  });
  const head = await h.store.headPosition();
  await projections.waitForPosition(head, 60_000);
  await integrity.waitForPosition(head, 60_000);
  const leaves = integrity.view((v) => v.size());
  await until(() => (integrity?.latestCheckpoint()?.treeSize ?? 0) >= leaves, 'a checkpoint covering every event');

  const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
  return { h, baseUrl: address, applicationId: APPLICATION_ID, fundId: FUND, planId: PLAN_ID };
}
