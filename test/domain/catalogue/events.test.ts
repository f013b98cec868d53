import t from 'tap';
import { storedData } from '../round-trip.ts';
import { CatalogueEventSchemas, type CatalogueEvent } from '../../../src/domain/catalogue/events.ts';
import { catalogueDecider } from '../../../src/domain/catalogue/decider.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import type { CatalogueCommand } from '../../../src/domain/catalogue/commands.ts';

/** Every event the decider emits passes its schema unchanged, so the store keeps exactly what was decided. */
t.test('decided events round-trip through the registry', async (t) => {
  const commands: CatalogueCommand[] = [
    { type: 'AddProject', projectId: 'p1', occupationCode: '6-31-01-03', occupationName: '电工', level: 'junior', standardHours: 80, rateFen: 120_000, effectiveFrom: '2025-01-01', source: 'doc' },
    { type: 'AddProject', projectId: 'p2', occupationCode: '6-31-01-03', occupationName: '电工', level: 'senior', standardHours: 80, rateFen: 200_000, effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31', source: 'doc' },
    { type: 'ReviseProject', projectId: 'p1', effectiveFrom: '2026-01-01', occupationName: '电工', standardHours: 90, rateFen: 130_000, source: 'doc', reason: 'r' },
    { type: 'RetireProject', projectId: 'p1', lastDay: '2026-12-31', source: 'doc', reason: 'r' },
  ];
  let s = catalogueDecider.initialState();
  const seen = new Set<string>();
  for (const c of commands) {
    const d = catalogueDecider.decide(c, s);
    if (isRejection(d)) return t.fail(d.message);
    for (const e of d as readonly CatalogueEvent[]) {
      t.same(storedData(CatalogueEventSchemas, e), e.data, e.type);
      seen.add(e.type);
      s = catalogueDecider.evolve(s, e);
    }
  }
  t.same([...seen].sort(), Object.keys(CatalogueEventSchemas).sort(), 'every event type was exercised');
});
