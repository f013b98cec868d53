import t, { type Test } from 'tap';
import { createHash } from 'node:crypto';
import { InspectionPlanEventSchemas } from '../../../src/domain/inspection-plan/events.ts';
import { storedData } from '../round-trip.ts';
import type { InspectionPlanCommand } from '../../../src/domain/inspection-plan/commands.ts';
import type { InspectionPlanEvent } from '../../../src/domain/inspection-plan/events.ts';
import { drawOutcomeHash, inspectorRosterHash, runDraw, subjectRosterHash } from '../../../src/sampling/index.ts';
import { spec } from '../spec.ts';
import {
  decided,
  decider,
  draftCommand,
  drafted,
  drandCommit,
  drawCommand,
  enterLottery,
  givenValueEntered,
  INST,
  inspectors,
  LOTTERY_VALUE,
  lotteryCommit,
  MATTER,
  QUICKNET,
  ROUND,
  subjects,
  type ContextOptions,
} from './fixtures.ts';

const when = (t: Test, given: readonly InspectionPlanEvent[], c: InspectionPlanCommand, opts: ContextOptions = {}) => spec(t, decider(opts)).given(given).when(c);

const revise = (over: Record<string, unknown> = {}): InspectionPlanCommand => {
  const { type: _t, planId: _p, regionCode: _r, replacesPlanId: _x, ...content } = draftCommand();
  return { ...content, type: 'ReviseInspectionPlan', at: '2026-03-02T09:30:00.000+08:00', ...over } as InspectionPlanCommand;
};

t.test('when nothing is drafted', async (t) => {
  t.test('DraftInspectionPlan records the plan with the SHA-256 of each roster snapshot', async (t) => {
    const c = draftCommand();
    const { type: _t, matterId: _m, at, ...rest } = c;
    when(t, [], c).then([
      {
        type: 'InspectionPlanDrafted',
        data: {
          ...rest,
          matter: MATTER,
          rosterHashes: { subjects: subjectRosterHash(c.subjects), inspectors: inspectorRosterHash(c.inspectors) },
          draftedAt: at,
        },
      },
    ]);
  });
  const others: InspectionPlanCommand[] = [revise(), lotteryCommit(), enterLottery(), drawCommand()];
  for (const c of others) {
    t.test(`${c.type} is refused`, async (t) => when(t, [], c).thenRejects('inspection_plan.not_drafted'));
  }
  t.test('a matter not on the list is refused', async (t) => {
    when(t, [], draftCommand({ matterId: 'JX-SJ-NOPE' })).thenRejects('inspection_plan.matter_not_listed', 'matterId');
    when(t, [], draftCommand(), { matters: [] }).thenRejects('inspection_plan.matter_not_listed', 'matterId');
  });
  t.test('a subject outside the plan’s region is refused', async (t) => {
    const s = subjects();
    s[5] = { ...s[5]!, region: '360700' };
    when(t, [], draftCommand({ subjects: s })).thenRejects('inspection_plan.subject_outside_region', 'subjects.5.region');
  });
  t.test('a subsidy period ending before it starts is refused', async (t) => {
    when(t, [], draftCommand({ subsidyPeriod: { from: '2025-12-31', to: '2025-01-01' } })).thenRejects('inspection_plan.period_ends_before_start', 'subsidyPeriod.to');
  });
  t.test('an empty stratum is refused, naming it', async (t) => {
    const d = { method: 'simple' as const, stratifyBy: ['region' as const], strata: [{ key: ['360102'], count: 1 }, { key: ['360103'], count: 1 }, { key: ['360104'], count: 1 }] };
    when(t, [], draftCommand({ design: d })).thenRejects('inspection_plan.empty_stratum', 'design.strata.2.key');
  });
  t.test('k larger than the eligible inspectors is refused', async (t) => {
    when(t, [], draftCommand({ inspectors: inspectors().slice(0, 1) })).thenRejects('inspection_plan.k_exceeds_eligible', 'assignment.inspectorsPerSubject');
    // Only four inspectors hold the qualification: five per subject cannot be met whatever is drawn.
    when(t, [], draftCommand({ assignment: { inspectorsPerSubject: 5, excludeOwnRegion: false, requiredQualification: 'training' } })).thenRejects(
      'inspection_plan.k_exceeds_eligible',
      'assignment.inspectorsPerSubject',
    );
  });
  t.test('a count above the stratum’s size, a repeated id, an undeclared stratum and an unreachable floor are refused', async (t) => {
    when(t, [], draftCommand({ design: { method: 'simple', stratifyBy: ['region'], strata: [{ key: ['360102'], count: 5 }, { key: ['360103'], count: 1 }] } })).thenRejects(
      'inspection_plan.count_exceeds_stratum',
      'design.strata.0.count',
    );
    const dup = subjects();
    dup[1] = { ...dup[1]!, id: INST[0]! };
    when(t, [], draftCommand({ subjects: dup })).thenRejects('inspection_plan.roster_id_repeated', 'subjects.1.id');
    when(t, [], draftCommand({ design: { method: 'simple', stratifyBy: ['region'], strata: [{ key: ['360102'], count: 1 }] } })).thenRejects('inspection_plan.subject_outside_strata', 'subjects.4');
    when(t, [], draftCommand({ design: { ...drafted().data.design, floors: [{ by: 'region', min: 5 }] } })).thenRejects('inspection_plan.floor_unreachable');
  });
  t.test('a plan replacing another is accepted only when the other’s draw failed', async (t) => {
    when(t, [], draftCommand({ replacesPlanId: 'NC-2026-SJ-000' }), { plans: { 'NC-2026-SJ-000': 'drawn' } }).thenRejects('inspection_plan.replaced_plan_not_failed', 'replacesPlanId');
    when(t, [], draftCommand({ replacesPlanId: 'NC-2026-SJ-000' })).thenRejects('inspection_plan.replaced_plan_not_failed', 'replacesPlanId');
    const [e] = decided(draftCommand({ replacesPlanId: 'NC-2026-SJ-000' }), [], { plans: { 'NC-2026-SJ-000': 'failed' } });
    t.equal(e?.type === 'InspectionPlanDrafted' && e.data.replacesPlanId, 'NC-2026-SJ-000');
  });
});

t.test('when drafted', async (t) => {
  const given = [drafted()];
  t.test('drafting again is refused', async (t) => when(t, given, draftCommand()).thenRejects('inspection_plan.already_drafted', 'planId'));
  t.test('ReviseInspectionPlan replaces the content, with new roster hashes', async (t) => {
    const fewer = inspectors().slice(0, 4);
    const state = when(t, given, revise({ inspectors: fewer, title: '改' })).then([
      {
        type: 'InspectionPlanRevised',
        data: {
          ...(({ planId: _p, regionCode: _r, draftedAt: _d, ...c }) => c)(given[0]!.data),
          title: '改',
          inspectors: fewer,
          rosterHashes: { subjects: given[0]!.data.rosterHashes.subjects, inspectors: inspectorRosterHash(fewer) },
          revisedAt: '2026-03-02T09:30:00.000+08:00',
        },
      },
    ]);
    t.match(state, { status: 'draft', revisions: 1 });
  });
  t.test('a revision that cannot be drawn is refused like a draft', async (t) => {
    when(t, given, revise({ assignment: { inspectorsPerSubject: 6, excludeOwnRegion: false } })).thenRejects('inspection_plan.k_exceeds_eligible');
  });
  t.test('CommitPlanRandomness to a future lottery records it and when its value can exist', async (t) => {
    const state = when(t, given, lotteryCommit()).then([
      {
        type: 'InspectionPlanRandomnessCommitted',
        data: {
          source: { kind: 'lottery', name: '中国福利彩票双色球 2026025期', drawDate: '2026-03-05' },
          valueNotBefore: '2026-03-05T00:00:00.000+08:00',
          committedAt: '2026-03-02T10:00:00.000+08:00',
        },
      },
    ]);
    t.equal(state.exists && state.status, 'committed');
  });
  t.test('CommitPlanRandomness to a future drand round records the chain timing and the round’s time', async (t) => {
    when(t, given, drandCommit()).then([
      {
        type: 'InspectionPlanRandomnessCommitted',
        data: {
          source: { kind: 'drand', chainHash: QUICKNET, round: ROUND },
          chain: { genesisTime: 1_692_803_367, periodS: 3 },
          valueNotBefore: '2026-03-05T00:04:24.000+08:00',
          committedAt: '2026-03-02T10:00:00.000+08:00',
        },
      },
    ]);
  });
  t.test('a value that may already exist cannot be committed to', async (t) => {
    when(t, given, lotteryCommit('2026-03-05T08:00:00.000+08:00')).thenRejects('inspection_plan.randomness_not_in_future', 'source.drawDate');
    when(t, given, lotteryCommit('2026-03-04T23:55:00.000+08:00')).thenRejects('inspection_plan.randomness_not_in_future', 'source.drawDate');
    when(t, given, drandCommit('2026-03-05T00:00:00.000+08:00')).thenRejects('inspection_plan.randomness_not_in_future', 'source.round');
    when(t, given, drandCommit('2026-03-02T10:00:00.000+08:00', 1000)).thenRejects('inspection_plan.randomness_not_in_future', 'source.round');
  });
  t.test('a value more than a year ahead is refused', async (t) => {
    when(t, given, drandCommit('2026-03-02T10:00:00.000+08:00', 9_000_000_000_000)).thenRejects('inspection_plan.randomness_too_far_ahead', 'source.round');
  });
  t.test('an unknown drand chain needs its timing; a known chain’s timing must be its own', async (t) => {
    const other = 'ab'.repeat(32);
    when(t, given, { type: 'CommitPlanRandomness', source: { kind: 'drand', chainHash: other, round: 10 }, at: '2026-03-02T10:00:00.000+08:00' }).thenRejects('inspection_plan.unknown_drand_chain', 'source.chain');
    const genesis = Date.parse('2026-03-03T00:00:00Z') / 1000;
    when(t, given, { type: 'CommitPlanRandomness', source: { kind: 'drand', chainHash: other, round: 10, chain: { genesisTime: genesis, periodS: 60 } }, at: '2026-03-02T10:00:00.000+08:00' }).then([
      {
        type: 'InspectionPlanRandomnessCommitted',
        data: {
          source: { kind: 'drand', chainHash: other, round: 10 },
          chain: { genesisTime: genesis, periodS: 60 },
          valueNotBefore: '2026-03-03T08:09:00.000+08:00',
          committedAt: '2026-03-02T10:00:00.000+08:00',
        },
      },
    ]);
    when(t, given, { type: 'CommitPlanRandomness', source: { kind: 'drand', chainHash: QUICKNET, round: ROUND, chain: { genesisTime: 1_692_803_367, periodS: 30 } }, at: '2026-03-02T10:00:00.000+08:00' }).thenRejects(
      'inspection_plan.chain_timing_mismatch',
      'source.chain',
    );
  });
  t.test('the matter must still be on the list when the plan is committed', async (t) => {
    when(t, given, lotteryCommit(), { matters: [] }).thenRejects('inspection_plan.matter_not_listed');
  });
  t.test('entering a value before the commitment is refused', async (t) => when(t, given, enterLottery()).thenRejects('inspection_plan.not_committed'));
  t.test('a draw before the commitment is refused', async (t) => when(t, given, drawCommand()).thenRejects('inspection_plan.not_committed'));
});

t.test('when committed', async (t) => {
  const given = [drafted(), ...decided(lotteryCommit(), [drafted()])];
  t.test('the plan cannot change any more', async (t) => {
    when(t, given, revise()).thenRejects('inspection_plan.already_committed');
    when(t, given, revise({ subjects: subjects().slice(0, 7) })).thenRejects('inspection_plan.already_committed');
    when(t, given, lotteryCommit()).thenRejects('inspection_plan.already_committed');
  });
  t.test('the draw is refused until the value is entered', async (t) => when(t, given, drawCommand()).thenRejects('inspection_plan.randomness_not_entered'));
  t.test('EnterPlanRandomness records the value', async (t) => {
    when(t, given, enterLottery()).then([{ type: 'InspectionPlanRandomnessEntered', data: { value: LOTTERY_VALUE, enteredAt: '2026-03-05T21:40:00.000+08:00' } }]);
  });
  t.test('a value entered before it can exist is refused', async (t) => {
    when(t, given, enterLottery('2026-03-04T21:40:00.000+08:00')).thenRejects('inspection_plan.value_not_yet_published', 'value');
  });
  t.test('a value of another kind than the committed source is refused', async (t) => {
    when(t, given, { type: 'EnterPlanRandomness', value: { kind: 'drand', randomness: 'ab'.repeat(32) }, at: '2026-03-05T21:40:00.000+08:00' }).thenRejects('inspection_plan.randomness_invalid', 'value.kind');
  });
  t.test('a drand value whose signature does not hash to it is refused', async (t) => {
    const drandGiven = [drafted(), ...decided(drandCommit(), [drafted()])];
    const value = { kind: 'drand' as const, randomness: 'ab'.repeat(32), signature: 'cd'.repeat(48) };
    when(t, drandGiven, { type: 'EnterPlanRandomness', value, at: '2026-03-05T21:40:00.000+08:00' }).thenRejects('inspection_plan.randomness_invalid', 'value.randomness');
  });
});

t.test('when the value is entered', async (t) => {
  const given = givenValueEntered();
  t.test('DrawInspectionPlan draws and records the outcome and its hash', async (t) => {
    const d = given[0]!.type === 'InspectionPlanDrafted' ? given[0]!.data : undefined;
    const outcome = runDraw({
      planId: d!.planId,
      randomness: { source: { kind: 'lottery', name: '中国福利彩票双色球 2026025期', drawDate: '2026-03-05' }, value: LOTTERY_VALUE },
      subjects: d!.subjects,
      inspectors: d!.inspectors,
      design: d!.design,
      assignment: d!.assignment,
    });
    t.equal(outcome.ok, true, 'the fixture plan draws');
    const state = when(t, given, drawCommand()).then([
      { type: 'InspectionPlanDrawn', data: { outcome: JSON.parse(JSON.stringify(outcome)), outcomeHash: drawOutcomeHash(outcome), drawnAt: '2026-03-06T09:00:00.000+08:00' } },
    ]);
    t.equal(state.exists && state.status, 'drawn');
    if (outcome.ok) t.equal(outcome.subjects.length, 4, 'two per district');
  });
  t.test('a second value is refused', async (t) => when(t, given, enterLottery()).thenRejects('inspection_plan.value_already_entered', 'value'));
  t.test('the plan still cannot change', async (t) => when(t, given, revise()).thenRejects('inspection_plan.already_committed'));
});

t.test('when the drawn subjects cannot all get k inspectors, the failure is recorded with its report', async (t) => {
  // Both strata drawn whole; only three inspectors, two of them recused from every 360102 subject.
  const few = [
    { id: 'INSP-01', region: '360102' },
    { id: 'INSP-02', region: '360102' },
    { id: 'INSP-03', region: '360104' },
  ];
  const given = givenValueEntered(draftCommand({ inspectors: few }));
  const [failed] = decided(drawCommand(), given);
  t.equal(failed?.type, 'InspectionPlanDrawFailed');
  if (failed?.type !== 'InspectionPlanDrawFailed') return;
  const o = failed.data.outcome;
  t.match(o, { ok: false, rule: 'recusal' });
  // INST[2] was last inspected by INSP-03: rotation recuses the only other inspector too.
  t.same(
    o.problems.map((p) => [p.subjectId, p.needed, p.acceptable, p.recusedBy.own_region, p.recusedBy.rotation]),
    o.problems.map((p) => [p.subjectId, 2, p.subjectId === INST[2] ? 0 : 1, ['INSP-01', 'INSP-02'], p.subjectId === INST[2] ? ['INSP-03'] : []]),
  );
  t.ok(o.problems.length > 0 && o.problems.every((p) => INST.slice(0, 4).includes(p.subjectId)), 'the 360102 subjects drawn');
  t.equal(failed.data.outcomeHash, drawOutcomeHash(o as never));
  const after = [...given, failed];
  when(t, after, drawCommand()).thenRejects('inspection_plan.already_drawn');
  when(t, after, revise()).thenRejects('inspection_plan.already_committed');
});

t.test('when drawn', async (t) => {
  const given = givenValueEntered();
  const after = [...given, ...decided(drawCommand(), given)];
  t.test('a second draw is refused', async (t) => when(t, after, drawCommand('2026-03-07T09:00:00.000+08:00')).thenRejects('inspection_plan.already_drawn'));
  t.test('another value is refused', async (t) => when(t, after, enterLottery()).thenRejects('inspection_plan.value_already_entered'));
  t.test('a revision is refused', async (t) => when(t, after, revise()).thenRejects('inspection_plan.already_committed'));
});

t.test('PPS, rfc3797 and a drand value go through the plan and their outcomes fit the events', async (t) => {
  const pps = draftCommand({ design: { method: 'pps', stratifyBy: ['grade'], strata: [{ key: ['A'], count: 2 }, { key: ['B'], count: 1 }, { key: ['C'], rateBp: 3400 }, { key: ['D'], count: 1 }], floors: [{ by: 'region', min: 2 }] } });
  const rfc = draftCommand({ design: { method: 'rfc3797', stratifyBy: [], strata: [{ key: [], count: 3 }] } });
  for (const [name, draft] of [['pps', pps], ['rfc3797', rfc]] as const) {
    const given = givenValueEntered(draft);
    const [e] = decided(drawCommand(), given);
    t.equal(e?.type, 'InspectionPlanDrawn', name);
    if (e?.type !== 'InspectionPlanDrawn') continue;
    t.same(storedData(InspectionPlanEventSchemas, e), e.data, `${name}: the outcome passes its schema unchanged`);
    if (name === 'pps') t.ok(e.data.outcome.subjects.every((s) => /^\d+\/\d+$/.test(s.key) && s.id !== INST[3]), 'PPS keys E64/w; no subject with nothing paid');
    if (name === 'rfc3797') t.equal(e.data.outcome.rfc3797KeyString, '3.8.14.21.27.30./9./');
  }

  // drand publishes randomness = SHA-256(signature): a consistent pair is accepted.
  const signature = 'cd'.repeat(48);
  const randomness = createHash('sha256').update(Buffer.from(signature, 'hex')).digest('hex');
  const committed = [drafted(), ...decided(drandCommit(), [drafted()])];
  const entered = decided({ type: 'EnterPlanRandomness', value: { kind: 'drand', randomness, signature }, at: '2026-03-05T00:04:24.000+08:00' }, committed);
  t.equal(entered[0]?.type, 'InspectionPlanRandomnessEntered', 'entered at the round’s time');
  const [drawn] = decided(drawCommand(), [...committed, ...entered]);
  t.equal(drawn?.type, 'InspectionPlanDrawn');
});
