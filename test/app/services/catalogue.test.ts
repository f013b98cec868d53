import t from 'tap';
import { addProject, catalogueIdFor, loadCatalogue, retireProject, reviseProject } from '../../../src/app/services/catalogue.ts';
import { RegionScopeError } from '../../../src/app/services/region-scope.ts';
import { projectInForce } from '../../../src/domain/catalogue/project-in-force.ts';
import { COOK, ctxFor, givenCatalogue, openTestApp, principals, rejectsWith } from './registry-fixtures.ts';


t.test('when the catalogue is empty', async (t) => {
  const app = await openTestApp(t);
  const ctx = ctxFor(principals.admin);
  const outcome = await addProject(app.deps, ctx, '360000', { projectId: 'cook-5', ...COOK, standardHours: 40, rateFen: 120_000, effectiveFrom: '2025-01-01', source: '赣人社字〔2025〕1号' });
  t.equal(outcome.steps[0]?.stream, 'catalogue-360000', 'one stream per province');
  t.same(outcome.result, { catalogueId: '360000', projectId: 'cook-5' });
  const events = await app.rawStore.readStream('catalogue-360000');
  t.same(events.map((e) => e.type), ['ProjectAdded']);
  t.same(events[0]?.metadata.actor, { id: 'admin-1', role: 'admin' }, 'the event says who caused it');
  const catalogue = await loadCatalogue(app.deps, '360000');
  t.equal(projectInForce(catalogue, COOK.occupationCode, 'junior', '2026-03-02')?.rateFen, 120_000);
});

t.test('when projects are catalogued', async (t) => {
  const app = await openTestApp(t);
  await givenCatalogue(app);

  t.test('a revision applies from its date, the earlier terms before it', async (t) => {
    await reviseProject(app.deps, ctxFor(principals.admin), '360000', 'cook-5', { effectiveFrom: '2026-01-01', occupationName: COOK.occupationName, standardHours: 48, rateFen: 130_000, source: '赣人社字〔2026〕2号', reason: '标准调整' });
    const catalogue = await loadCatalogue(app.deps, '360000');
    t.equal(projectInForce(catalogue, COOK.occupationCode, 'junior', '2025-12-31')?.rateFen, 120_000);
    t.equal(projectInForce(catalogue, COOK.occupationCode, 'junior', '2026-01-01')?.rateFen, 130_000);
  });

  t.test('a second project for the same occupation and level is refused and writes nothing', async (t) => {
    const before = await app.rawStore.headPosition();
    await rejectsWith(t, addProject(app.deps, ctxFor(principals.admin), '360000', { projectId: 'cook-5b', ...COOK, standardHours: 40, rateFen: 100_000, effectiveFrom: '2026-06-01', source: 'x' }), 'catalogue.project_overlaps', 'effectiveFrom');
    t.equal(await app.rawStore.headPosition(), before);
  });

  t.test('the same id twice is refused', async (t) => {
    await rejectsWith(t, addProject(app.deps, ctxFor(principals.admin), '360000', { projectId: 'elec-4', ...COOK, level: 'senior', standardHours: 40, rateFen: 100_000, effectiveFrom: '2026-06-01', source: 'x' }), 'catalogue.project_exists', 'projectId');
  });

  t.test('retiring, then revising the retired project', async (t) => {
    await retireProject(app.deps, ctxFor(principals.admin), '360000', 'elec-4', { lastDay: '2026-12-31', source: 'x', reason: '目录调整' });
    await rejectsWith(t, reviseProject(app.deps, ctxFor(principals.admin), '360000', 'elec-4', { effectiveFrom: '2026-07-01', occupationName: '电工', standardHours: 90, rateFen: 1, source: 'x', reason: 'y' }), 'catalogue.project_retired');
  });

  t.test('an unknown project', async (t) => {
    await rejectsWith(t, retireProject(app.deps, ctxFor(principals.admin), '360000', 'nope', { lastDay: '2026-12-31', source: 'x', reason: 'y' }), 'catalogue.project_not_found', 'projectId');
  });
});

t.test('bad input names the field; nothing is written', async (t) => {
  const app = await openTestApp(t);
  await rejectsWith(t, addProject(app.deps, ctxFor(principals.admin), '360000', { projectId: 'x', ...COOK, standardHours: -1, rateFen: 1, effectiveFrom: '2025-01-01', source: 'x' }), 'catalogue.invalid_command', 'standardHours');
  await rejectsWith(t, addProject(app.deps, ctxFor(principals.admin), '360000', { projectId: 'x', ...COOK, standardHours: 1, rateFen: 1, effectiveFrom: '2025-01-01', source: 'x', extra: 1 } as never), 'catalogue.invalid_command', 'extra');
  await rejectsWith(t, addProject(app.deps, ctxFor(principals.admin), '360100', { projectId: 'x', ...COOK, standardHours: 1, rateFen: 1, effectiveFrom: '2025-01-01', source: 'x' }), 'catalogue.invalid_command', 'catalogueId');
  t.equal(await app.rawStore.headPosition(), 0n);
});

t.test('region scope: a city admin may not change the province catalogue', async (t) => {
  const app = await openTestApp(t);
  await t.rejects(
    addProject(app.deps, ctxFor(principals.adminNanchang), '360000', { projectId: 'x', ...COOK, standardHours: 1, rateFen: 1, effectiveFrom: '2025-01-01', source: 'x' }),
    RegionScopeError,
  );
  t.equal(await app.rawStore.headPosition(), 0n);
  t.equal(catalogueIdFor('360731'), '360000', 'a county is judged against its province’s catalogue');
});
