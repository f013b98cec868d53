import t, { type Test } from 'tap';
import type { InspectionMattersCommand } from '../../../src/domain/inspection-plan/matters/commands.ts';
import { parseInspectionMattersCommand } from '../../../src/domain/inspection-plan/matters/commands.ts';
import { inspectionMattersDecider, publishedMatter } from '../../../src/domain/inspection-plan/matters/decider.ts';
import { InspectionMattersEventSchemas, type InspectionMattersEvent } from '../../../src/domain/inspection-plan/matters/events.ts';
import { fold } from '../../../src/domain/decider.ts';
import { storedData } from '../round-trip.ts';
import { spec } from '../spec.ts';

const decider = inspectionMattersDecider('360000');
const when = (t: Test, given: InspectionMattersEvent[], c: InspectionMattersCommand) => spec(t, decider).given(given).when(c);

const publish: InspectionMattersCommand = {
  type: 'PublishInspectionMatter',
  matterId: 'JX-SJ-PX-01',
  title: '职业培训补贴资金使用情况检查',
  basis: '《就业补助资金管理办法》（财社〔2023〕181号）',
  content: '培训真实性、补贴申领与拨付',
  publishedOn: '2026-01-05',
};
const published: InspectionMattersEvent = { type: 'InspectionMatterPublished', data: { listId: '360000', ...(({ type: _t, ...r }) => r)(publish) } };
const withdraw: InspectionMattersCommand = { type: 'WithdrawInspectionMatter', matterId: 'JX-SJ-PX-01', withdrawnOn: '2026-06-01', reason: '事项清单调整' };
const withdrawn: InspectionMattersEvent = { type: 'InspectionMatterWithdrawn', data: { listId: '360000', matterId: 'JX-SJ-PX-01', withdrawnOn: '2026-06-01', reason: '事项清单调整' } };

t.test('when the list is empty', async (t) => {
  t.test('PublishInspectionMatter puts a matter on the list', async (t) => {
    const s = when(t, [], publish).then([published]);
    t.match(publishedMatter(s, 'JX-SJ-PX-01'), { title: publish.type === 'PublishInspectionMatter' ? publish.title : '' });
  });
  t.test('withdrawing an unknown matter is refused', async (t) => when(t, [], withdraw).thenRejects('inspection_matters.matter_not_found', 'matterId'));
});

t.test('when a matter is published', async (t) => {
  t.test('publishing the same id again is refused', async (t) => when(t, [published], publish).thenRejects('inspection_matters.matter_exists', 'matterId'));
  t.test('WithdrawInspectionMatter takes it off the list', async (t) => {
    const s = when(t, [published], withdraw).then([withdrawn]);
    t.equal(publishedMatter(s, 'JX-SJ-PX-01'), undefined, 'no plan may name it now');
    t.ok(s.matters.get('JX-SJ-PX-01'), 'but the list keeps its history');
  });
  t.test('a withdrawal dated before the publication is refused', async (t) => {
    when(t, [published], { ...withdraw, withdrawnOn: '2025-12-31' } as InspectionMattersCommand).thenRejects('inspection_matters.withdrawn_before_publication', 'withdrawnOn');
  });
});

t.test('when withdrawn', async (t) => {
  t.test('withdrawing again is refused', async (t) => when(t, [published, withdrawn], withdraw).thenRejects('inspection_matters.already_withdrawn', 'matterId'));
  t.test('its id is never reused', async (t) => when(t, [published, withdrawn], publish).thenRejects('inspection_matters.matter_exists', 'matterId'));
});

t.test('commands and events', async (t) => {
  t.match(parseInspectionMattersCommand({ ...publish, title: '' }), { code: 'inspection_matters.invalid_command', field: 'title' });
  t.match(parseInspectionMattersCommand({ ...publish, extra: 1 }), { code: 'inspection_matters.invalid_command', field: 'extra' });
  for (const e of [published, withdrawn]) t.same(storedData(InspectionMattersEventSchemas, e), e.data);
  t.equal(fold(decider, [published]).listId, '360000');
});
