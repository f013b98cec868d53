import t from 'tap';
import { escapeHtml, renderDrawPage } from '../../../src/http/routes/public-draws-page.ts';
import { drawRecordOf } from '../../../src/domain/inspection-plan/draw-record.ts';
import { inspectionPlanFold } from '../../../src/domain/inspection-plan/decider.ts';
import { decided, draftCommand, drawCommand, givenValueEntered } from '../../domain/inspection-plan/fixtures.ts';

function record(title: string) {
  const given = givenValueEntered(draftCommand({ title }));
  const events = [...given, ...decided(drawCommand(), given)];
  let state = inspectionPlanFold.initialState();
  for (const e of events) state = inspectionPlanFold.evolve(state, e);
  if (!state.exists) throw new Error('no plan');
  return drawRecordOf(state, events.map((e, i) => ({ type: e.type, id: `e${i}`, revision: i, position: String(i + 1), recordedAt: '2026-03-02T01:00:00.000Z' })));
}

t.test('every value on the page is escaped', async (t) => {
  t.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const page = renderDrawPage(record('<script>alert(1)</script> & 抽查'), 'https://example.org/public/draws/NC-2026-SJ-001?x="><script>');
  t.notMatch(page, /<script/i, 'no markup from the data');
  t.match(page, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; 抽查');
  t.match(page, 'x=&quot;&gt;&lt;script&gt;');
});

t.test('the page shows the commitment, the result and the rosters', async (t) => {
  const r = record('2026年第一批');
  const page = renderDrawPage(r, '/public/draws/NC-2026-SJ-001');
  t.match(page, '中国福利彩票双色球 2026025期, drawn on 2026-03-05');
  t.match(page, '3 8 14 21 27 30 | 9', 'the value as published');
  t.match(page, r.draw!.outcomeHash);
  t.match(page, r.rosters.subjects.hash);
  t.match(page, r.rosters.inspectors.hash);
  t.match(page, '已抽取 drawn');
  for (const i of r.rosters.inspectors.entries) t.match(page, `<tr><td>${i.id}</td><td>${i.region}</td>`, `inspector ${i.id} in the roster`);
});
