import type { DrawRecord } from '../../domain/inspection-plan/draw-record.ts';

/**
 * The public draw record as a plain server-rendered page (一公开): the same facts as the
 * JSON, for a person. Every value is escaped; the page loads nothing (no script, no
 * external style), so it can be served with a `default-src 'none'` policy. It links the web
 * console's page that re-runs the draw in the visitor's browser, and says how to re-run it
 * with `taizhang draw verify`.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const STATUS_TEXT: Record<DrawRecord['status'], string> = {
  draft: '草稿 draft',
  committed: '已承诺随机源，待公布数值 committed — waiting for the public value',
  value_entered: '已录入随机数，待抽取 value entered — waiting for the draw',
  drawn: '已抽取 drawn',
  failed: '抽取失败（回避约束无法满足）draw failed — recusal could not be met',
};

function row(cells: readonly unknown[], header = false): string {
  const tag = header ? 'th' : 'td';
  return `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
}

function table(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `<table><thead>${row(head, true)}</thead><tbody>${rows.map((r) => row(r)).join('')}</tbody></table>`;
}

function dl(items: readonly [string, unknown][]): string {
  return `<dl>${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function sourceText(r: NonNullable<DrawRecord['randomness']>): string {
  const s = r.source;
  return s.kind === 'drand' ? `drand chain ${s.chainHash}, round ${s.round}` : `${s.name}, drawn on ${s.drawDate}`;
}

function valueText(r: NonNullable<DrawRecord['randomness']>): string {
  const v = r.value;
  if (!v) return 'not entered yet';
  return v.kind === 'drand' ? v.randomness : v.numbers.map((g) => g.join(' ')).join(' | ');
}

function randomnessSection(r: DrawRecord): string {
  const rnd = r.randomness;
  if (!rnd) return '<p>No randomness committed yet.</p>';
  return dl([
    ['Committed source 承诺的随机源', sourceText(rnd)],
    ['Committed at 承诺时间', rnd.committedAt],
    ['The value could exist from 数值最早产生时间', rnd.valueNotBefore],
    ['Value 公布的数值', valueText(rnd)],
    ['Entered at 录入时间', rnd.enteredAt ?? '—'],
  ]);
}

function designSection(r: DrawRecord): string {
  const outcome = r.draw?.outcome;
  const drawnByLabel = new Map(outcome?.ok ? outcome.strata.map((s) => [s.label, s]) : []);
  const strata = r.design.strata.map((s) => {
    const label = s.key.join('|');
    const o = drawnByLabel.get(label);
    return [label || '(all)', s.rateBp !== undefined ? `${s.rateBp / 100} %` : `${s.count}`, o?.population ?? '', o?.allocated ?? '', o?.drawn ?? ''];
  });
  const floors = (r.design.floors ?? []).map((f) => `at least ${f.min} per ${f.by}`).join('; ') || 'none';
  const a = r.assignment;
  return (
    dl([
      ['Method 方法', r.design.method],
      ['Strata by 分层', r.design.stratifyBy.join(' × ') || '(none)'],
      ['Floors 下限', floors],
      ['Inspectors per subject 每户检查人员', a.inspectorsPerSubject],
      ['Recusal 回避', `declared conflicts, former employers, last inspectors (rotation)${a.excludeOwnRegion ? ', own region' : ''}`],
      ['Required qualification 资格', a.requiredQualification ?? '—'],
    ]) + table(['stratum 层', 'rate or count 比例/数量', 'population 总数', 'allocated 应抽', 'drawn 实抽'], strata)
  );
}

function resultSection(r: DrawRecord): string {
  const d = r.draw;
  if (!d) return '<p>Not drawn yet.</p>';
  const o = d.outcome;
  const head = dl([
    ['Algorithm 算法', d.algorithm],
    ['Seed 种子', o.seed],
    ['Outcome hash 结果哈希', d.outcomeHash],
    ['Drawn at 抽取时间', d.drawnAt],
  ]);
  if (!o.ok) {
    const problems = o.problems.map((p) => [p.subjectId, p.needed, p.acceptable, Object.entries(p.recusedBy).filter(([, ids]) => ids.length > 0).map(([rule, ids]) => `${rule}: ${ids.join(' ')}`).join('; ')]);
    return `${head}<p class="failed">${escapeHtml(o.message)}</p>${table(['subject 对象', 'needed 需要', 'acceptable 可用', 'recused by rule 回避原因'], problems)}`;
  }
  const teams = new Map(o.assignments.map((a) => [a.subjectId, a.inspectorIds.join(' ')]));
  const subjects = o.subjects.map((s) => [s.id, s.stratum || '(all)', s.via === 'floor' ? `floor ${s.floorIndex ?? ''}` : 'allocation', teams.get(s.id) ?? '']);
  const load = `${o.load.min}–${o.load.max} subjects per inspector over ${o.load.eligibleInspectors} inspectors (target ${o.load.targetMin}–${o.load.targetMax})${o.load.balanced ? '' : ', unbalanced: recusal allowed no better'}`;
  return `${head}${table(['subject 抽中对象', 'stratum 层', 'via 方式', 'inspectors 检查人员'], subjects)}<p>Load 工作量: ${escapeHtml(load)}</p>`;
}

function rostersSection(r: DrawRecord): string {
  const s = r.rosters.subjects;
  const i = r.rosters.inspectors;
  const subjects = table(['id', 'region', 'grade', 'subsidy paid (fen)', 'last inspectors'], s.entries.map((e) => [e.id, e.region, e.grade, e.subsidyPaidFen, (e.lastInspectorIds ?? []).join(' ')]));
  const inspectors = table(
    ['id', 'region', 'qualifications', 'declared conflicts', 'former employers'],
    i.entries.map((e) => [e.id, e.region, (e.qualifications ?? []).join(' '), (e.conflictInstitutionIds ?? []).join(' '), (e.formerEmployerIds ?? []).join(' ')]),
  );
  return (
    `<details><summary>Subject roster 抽查对象名录 — ${s.entries.length} entries, SHA-256 ${escapeHtml(s.hash)}</summary>${subjects}</details>` +
    `<details><summary>Inspector roster 检查人员名录 — ${i.entries.length} entries, SHA-256 ${escapeHtml(i.hash)}</summary>${inspectors}</details>`
  );
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;font-size:.9rem}' +
  'dt{font-weight:600}dd{margin:0 0 .4rem 0;font-family:ui-monospace,monospace;word-break:break-all}' +
  'code{background:#f4f4f4;padding:.1rem .3rem}.failed{color:#a00;font-weight:600}';

/** The page for `record`; `jsonUrl` is where its JSON is served (for the verify command). */
export function renderDrawPage(record: DrawRecord, jsonUrl: string): string {
  const events = table(['event', 'id', 'position', 'stored at'], record.events.map((e) => [e.type, e.id, e.position, e.recordedAt]));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(record.title)} — ${escapeHtml(record.planId)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(record.title)}</h1>
${dl([
  ['Plan 计划', record.planId],
  ['Region 地区', record.regionCode],
  ['Matter 抽查事项', `${record.matter.title} (${record.matter.matterId}, list ${record.matter.listId})`],
  ['Subsidy period 补贴期间', `${record.subsidyPeriod.from} – ${record.subsidyPeriod.to}`],
  ['Status 状态', STATUS_TEXT[record.status]],
  ...(record.replacesPlanId ? ([['Replaces 取代', record.replacesPlanId]] as [string, unknown][]) : []),
])}
<h2>Randomness 随机源（事先承诺）</h2>
${randomnessSection(record)}
<h2>Result 抽取结果</h2>
${resultSection(record)}
<h2>Design 抽取方案</h2>
${designSection(record)}
<h2>Rosters 两库</h2>
${rostersSection(record)}
<h2>Re-run it yourself 自行验证</h2>
<p>The record at <a href="${escapeHtml(jsonUrl)}">${escapeHtml(jsonUrl)}</a> holds every input. Run
<code>taizhang draw verify ${escapeHtml(jsonUrl)}</code>, or follow the algorithm's specification
(${escapeHtml(record.draw?.algorithm ?? 'taizhang-sampling/1')}, docs/sampling.md) in any language: the same inputs give the same subjects and inspectors.</p>
<p><a href="/console/#/public/draws/${escapeHtml(encodeURIComponent(record.planId))}">在本浏览器中重新抽取并核对 Re-run it in this browser</a> (the web console runs the same code, docs/sampling.md, on this record).</p>
<h2>Events 事件</h2>
${events}
</body></html>
`;
}
