import t, { type Test } from 'tap';
import { parseInspectionPlanCommand } from '../../../src/domain/inspection-plan/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';
import { InspectionPlanEventSchemas } from '../../../src/domain/inspection-plan/events.ts';
import { storedData } from '../round-trip.ts';
import { draftCommand, drafted, givenValueEntered, decided, drawCommand, INST, inspectors } from './fixtures.ts';

const refused = (t: Test, input: unknown, field: string) => {
  const r = parseInspectionPlanCommand(input);
  if (!isRejection(r)) return t.fail(`accepted: ${JSON.stringify(input).slice(0, 80)}`);
  t.equal(r.code, 'inspection_plan.invalid_command');
  t.equal(r.field, field, r.message);
};

t.test('a draft parses; credit codes are normalised to upper case', async (t) => {
  const c = draftCommand();
  const lower = { ...c, subjects: c.subjects.map((s, i) => (i === 0 ? { ...s, id: s.id.toLowerCase() } : s)) };
  const r = parseInspectionPlanCommand(lower);
  t.notOk(isRejection(r));
  if (!isRejection(r) && r.type === 'DraftInspectionPlan') t.equal(r.subjects[0]?.id, INST[0]);
});

t.test('refusals name the field', async (t) => {
  const c = draftCommand();
  const named = inspectors().map((i, n) => (n === 2 ? { ...i, name: '张三' } : i));
  refused(t, { ...c, inspectors: named }, 'inspectors.2.name');
  refused(t, { ...c, assignment: { inspectorsPerSubject: 1, excludeOwnRegion: true } }, 'assignment.inspectorsPerSubject');
  refused(t, { ...c, subjects: [] }, 'subjects');
  refused(t, { ...c, subjects: c.subjects.map((s, i) => (i === 3 ? { ...s, id: '91360102MA35P0004Z' } : s)) }, 'subjects.3.id');
  refused(t, { ...c, subjects: c.subjects.map((s, i) => (i === 1 ? { ...s, grade: 'E' } : s)) }, 'subjects.1.grade');
  refused(t, { ...c, subjects: c.subjects.map((s, i) => (i === 1 ? { ...s, subsidyPaidFen: -1 } : s)) }, 'subjects.1.subsidyPaidFen');
  refused(t, { ...c, design: { ...c.design, strata: [{ key: ['360102'], count: 1, rateBp: 300 }] } }, 'design.strata.0');
  refused(t, { ...c, planId: '360426199101010071' }, 'planId');
  refused(t, { ...c, at: '2026-03-02 09:00' }, 'at');
  refused(t, { type: 'CommitPlanRandomness', source: { kind: 'drand', chainHash: 'xyz', round: 1 }, at: c.at }, 'source.chainHash');
  refused(t, { type: 'CommitPlanRandomness', source: { kind: 'lottery', name: 'x', drawDate: '2026-02-30' }, at: c.at }, 'source.drawDate');
  refused(t, { type: 'EnterPlanRandomness', value: { kind: 'lottery', numbers: [[]] }, at: c.at }, 'value.numbers.0');
  refused(t, { type: 'EnterPlanRandomness', value: { kind: 'drand', randomness: 'ab' }, at: c.at }, 'value.randomness');
});

t.test('a drand value in upper-case hex is stored in lower case', async (t) => {
  const r = parseInspectionPlanCommand({ type: 'EnterPlanRandomness', value: { kind: 'drand', randomness: 'AB'.repeat(32), signature: 'CD'.repeat(48) }, at: '2026-03-05T00:10:00+08:00' });
  t.match(r, { value: { randomness: 'ab'.repeat(32), signature: 'cd'.repeat(48) } });
});

t.test('every event the decider writes passes its schema unchanged', async (t) => {
  const given = givenValueEntered();
  const all = [...given, ...decided(drawCommand(), given)];
  t.equal(all.length, 4);
  for (const e of all) t.same(storedData(InspectionPlanEventSchemas, e), e.data, e.type);
  t.throws(() => storedData(InspectionPlanEventSchemas, { type: 'InspectionPlanDrafted', data: { ...drafted().data, inspectors: [{ id: 'I-1', region: '360102', name: '张三' }] } }), 'a name cannot ride along');
});
