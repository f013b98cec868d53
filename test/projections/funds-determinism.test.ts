import t from 'tap';
import path from 'node:path';
import { domainRecorded, prefillDomainStore } from '../../bench/projections-domain-log.ts';
import { buildEventRegistry } from '../../src/app/event-registry.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { startProjections } from './helpers.ts';

/**
 * Determinism of the domain read models (funds, the seven beside it and problem-ledger): the same domain
 * log gives the same digest whatever the batch size, offline and through the runner over
 * the validating store. The log itself is checked against the app's event registry, so
 * the read models are exercised on events the application could have written.
 */

/**
 * The domain log holds no inspection plans, so the inspection-plans read model would stay
 * empty here; its determinism over batch sizes is shown in inspection-plans.test.ts.
 */
const DOMAIN = PROJECTIONS.filter((p) => p.name !== 'event-stats' && p.name !== 'inspection-plans');
/** Every one of the log's 40 event types occurs by 3 000 events (6 000 adds repeats, no new type). */
const COUNT = 3000;
/**
 * The domain log holds no inspections or findings (only recoveries naming findings, and
 * institutions), so these problem-ledger tables stay empty here; the ledger's determinism
 * on findings, orders and inspections is shown in problem-ledger.test.ts.
 */
const EMPTY_HERE = new Set(['problem-ledger:ledger_finding', 'problem-ledger:ledger_recovery_order', 'problem-ledger:disclosure_inspection']);
const events = domainRecorded(COUNT, 9);

t.test('the domain log is valid: every event passes the app\'s event registry', async (t) => {
  const registry = buildEventRegistry();
  const invalid = events.filter((e) => {
    try {
      registry.validateForAppend(e);
      return false;
    } catch {
      return true;
    }
  });
  t.same(invalid.map((e) => `${e.position} ${e.type}`), []);
  t.equal(events.length, COUNT);
});

t.test('every domain read model: batches of 1, 7 and 1000 give one digest; one event fewer gives another', async (t) => {
  const dir = t.testdir();
  t.equal(DOMAIN.length, 9);
  for (const definition of DOMAIN) {
    const handled = events.filter((e) => definition.eventTypes === '*' || definition.eventTypes.includes(e.type));
    t.ok(handled.length >= 10, `${definition.name} handles ${handled.length} of the events`);
    const digests = [1, 7, 1000].map((batchSize) => replayToDigest(definition, events, path.join(dir, `${definition.name}-${batchSize}.sqlite`), batchSize));
    t.equal(new Set(digests.map((d) => d.sha256)).size, 1, `${definition.name}: ${digests[0]!.sha256}`);
    const filled = digests[0]!.tables.filter((table) => !EMPTY_HERE.has(`${definition.name}:${table.table}`));
    t.ok(filled.length > 0 && filled.every((table) => table.rows > 0), `${definition.name}: every table has rows`);
    // Control: leave out the last event the read model handles (a prefix stays a valid history).
    const last = handled.at(-1)!;
    const fewer = events.filter((e) => e !== last);
    t.not(replayToDigest(definition, fewer, path.join(dir, `${definition.name}-fewer.sqlite`), 1000).sha256, digests[0]!.sha256, `${definition.name}: the digest sees the events`);
  }
});

t.test('through the runner over the validating store, at two batch sizes: the replay digests', async (t) => {
  const dir = t.testdir();
  const file = path.join(dir, 'events.sqlite');
  prefillDomainStore(file, COUNT, 9);
  const raw = await openSqliteStore({ file, writer: 'inline', pollIntervalMs: 20 });
  t.teardown(() => raw.close());
  const store = withRegistry(raw, buildEventRegistry());
  const replayed = new Map(DOMAIN.map((d) => [d.name, replayToDigest(d, events, path.join(dir, `replay-${d.name}.sqlite`), 1000).sha256]));
  for (const batchSize of [13, 1000]) {
    const dataDir = path.join(dir, `data-${batchSize}`);
    const projections = startProjections(t, { store, dataDir, definitions: DOMAIN, batchSize });
    await projections.waitForPosition(BigInt(COUNT), 120_000);
    await projections.close();
    for (const d of DOMAIN) {
      const digest = digestReadModelFile(d, path.join(dataDir, 'readmodels', `${d.name}.v${d.version}.sqlite`));
      t.equal(digest.sha256, replayed.get(d.name), `${d.name} at batch size ${batchSize}`);
    }
  }
});
