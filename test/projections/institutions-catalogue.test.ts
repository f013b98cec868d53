import t from 'tap';
import fc from 'fast-check';
import path from 'node:path';
import { catalogue } from '../../projections/catalogue/projection.ts';
import { listProjects } from '../../projections/catalogue/queries.ts';
import { addDays } from '../../src/domain/calendar/business-date.ts';
import { parseCatalogueCommand } from '../../src/domain/catalogue/commands.ts';
import { catalogueDecider } from '../../src/domain/catalogue/decider.ts';
import type { CatalogueEvent } from '../../src/domain/catalogue/events.ts';
import { termsOn } from '../../src/domain/catalogue/project-in-force.ts';
import type { CatalogueState } from '../../src/domain/catalogue/state.ts';
import { isRejection } from '../../src/domain/decider.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { recordedLog, type LogEntry } from './fixtures/recorded-log.ts';

/**
 * The catalogue read model (the first of 两目录) against the catalogue aggregate: random
 * add / revise / retire sequences over two catalogues are decided by the domain's
 * decider, and on every day of the period the terms the SQL finds in force equal termsOn.
 */

const START = '2025-01-01';
const DAYS = 200;
const day = fc.integer({ min: 0, max: DAYS - 20 }).map((n) => addDays(START, n));
const project = fc.constantFrom('cook-5', 'cook-4', 'elec-4');
const OCCUPATION: Record<string, { occupationCode: string; level: string }> = {
  'cook-5': { occupationCode: '4-03-02-01', level: 'junior' },
  'cook-4': { occupationCode: '4-03-02-01', level: 'intermediate' },
  'elec-4': { occupationCode: '6-31-01-03', level: 'intermediate' },
};

const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.tuple(project, day, fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined })).map(([projectId, from, n]) => ({
    type: 'AddProject', projectId, ...OCCUPATION[projectId], occupationName: '工种', standardHours: 40, rateFen: 120_000, effectiveFrom: from, source: '文件', ...(n === undefined ? {} : { effectiveTo: addDays(from, n) }),
  })),
  fc.record({ type: fc.constant('ReviseProject'), projectId: project, effectiveFrom: day, occupationName: fc.constantFrom('工种甲', '工种乙'), standardHours: fc.integer({ min: 10, max: 90 }), rateFen: fc.integer({ min: 1, max: 300_000 }), source: fc.constant('文件'), reason: fc.constant('调整') }),
  fc.record({ type: fc.constant('RetireProject'), projectId: project, lastDay: day, source: fc.constant('文件'), reason: fc.constant('退出') }),
);

function run(steps: [string, Record<string, unknown>][]): { events: RecordedEvent[]; states: Map<string, CatalogueState> } {
  const states = new Map<string, CatalogueState>();
  const log: LogEntry[] = [];
  for (const [catalogueId, input] of steps) {
    const c = parseCatalogueCommand(input);
    if (isRejection(c)) throw new Error(`generated command invalid: ${c.message}`);
    let state = states.get(catalogueId) ?? catalogueDecider.initialState();
    const decision = catalogueDecider.decide(c, state);
    if (isRejection(decision)) continue;
    for (const e of decision as readonly CatalogueEvent[]) {
      state = catalogueDecider.evolve(state, e);
      log.push({ stream: `catalogue-${catalogueId}`, event: e, actor: { id: 'admin-1', role: 'admin' } });
    }
    states.set(catalogueId, state);
  }
  return { events: recordedLog(log), states };
}

t.test('the terms in force on every day equal termsOn of the folded catalogue (property)', async (t) => {
  const dir = t.testdir();
  let runs = 0;
  let revisedInForce = 0;
  const result = fc.check(
    fc.property(fc.array(fc.tuple(fc.constantFrom('360000', '360000', '440000'), command), { minLength: 3, maxLength: 30 }), (steps) => {
      const { events, states } = run(steps);
      const file = path.join(dir, `run-${runs++}.sqlite`);
      replayToDigest(catalogue, events, file, 1 + (runs % 5));
      const db = openReader(file);
      try {
        for (let d = -3; d < DAYS; d += 2) {
          const date = addDays(START, d);
          const got = new Map(listProjects(db, { asOf: date, inForceOnly: false, limit: 200 }).items.map((p) => [`${p.catalogueId}/${p.projectId}`, p.inForce]));
          for (const [catalogueId, state] of states) {
            for (const p of state.projects.values()) {
              const terms = termsOn(p, date);
              const want = terms === undefined ? null : { effectiveFrom: terms.termsFrom, occupationName: terms.occupationName, standardHours: terms.standardHours, rateFen: terms.rateFen };
              const have = got.get(`${catalogueId}/${p.projectId}`);
              const seen = have === undefined || have === null ? null : { effectiveFrom: have.effectiveFrom, occupationName: have.occupationName, standardHours: have.standardHours, rateFen: have.rateFen };
              if (JSON.stringify(seen) !== JSON.stringify(want)) throw new Error(`${catalogueId}/${p.projectId} on ${date}: ${JSON.stringify(seen)} ≠ ${JSON.stringify(want)}`);
              if (want !== null && want.effectiveFrom !== p.versions[0]!.effectiveFrom) revisedInForce += 1;
            }
          }
          const inForce = listProjects(db, { asOf: date, limit: 200 }).items;
          if (!inForce.every((p) => p.inForce !== null)) throw new Error('inForceOnly returned a project not in force');
        }
        return true;
      } finally {
        db.close();
      }
    }),
    { numRuns: 40 },
  );
  t.notOk(result.failed, result.failed ? (fc.defaultReportMessage(result) ?? 'failed') : 'holds');
  t.ok(revisedInForce > 0, 'some days fell under revised terms (not vacuous)');
});

t.test('filters: catalogue, occupation, level; paging over catalogue and project', async (t) => {
  const { events } = run([
    ['360000', { type: 'AddProject', projectId: 'cook-5', ...OCCUPATION['cook-5'], occupationName: '中式烹调师', standardHours: 40, rateFen: 120_000, effectiveFrom: '2025-01-01', source: '文件' }],
    ['360000', { type: 'AddProject', projectId: 'elec-4', ...OCCUPATION['elec-4'], occupationName: '电工', standardHours: 80, rateFen: 150_000, effectiveFrom: '2025-01-01', source: '文件' }],
    ['440000', { type: 'AddProject', projectId: 'cook-5', ...OCCUPATION['cook-5'], occupationName: '中式烹调师', standardHours: 48, rateFen: 130_000, effectiveFrom: '2025-02-01', source: '文件' }],
  ]);
  const file = path.join(t.testdir(), 'cat.sqlite');
  replayToDigest(catalogue, events, file, 2);
  const db = openReader(file);
  t.teardown(() => db.close());
  const ids = (q: Partial<Parameters<typeof listProjects>[1]>) => listProjects(db, { asOf: '2025-03-01', ...q }).items.map((p) => `${p.catalogueId}/${p.projectId}`);
  t.same(ids({}), ['360000/cook-5', '360000/elec-4', '440000/cook-5']);
  t.same(ids({ asOf: '2025-01-15' }), ['360000/cook-5', '360000/elec-4'], 'Guangdong\'s from February');
  t.same(ids({ catalogueId: '440000' }), ['440000/cook-5']);
  t.same(ids({ occupationCode: '6-31-01-03' }), ['360000/elec-4']);
  t.same(ids({ level: 'junior' }), ['360000/cook-5', '440000/cook-5']);
  const first = listProjects(db, { asOf: '2025-03-01', limit: 2 });
  t.same(listProjects(db, { asOf: '2025-03-01', limit: 2, cursor: first.nextCursor! }).items.map((p) => p.catalogueId), ['440000']);
});
