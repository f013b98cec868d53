import { useState } from 'preact/hooks';
import { getJson, query, type Page } from '../api.ts';
import { t } from '../i18n.ts';
import { AutoTable, cell, html, Show, useLoad } from '../ui.ts';

/** An inspector's or auditor's view of a plan: the plan, its committed randomness and its result (drafts included). */
function Plan({ planId }: { planId: string }) {
  const [load] = useLoad(() => getJson<Record<string, unknown>>(`/api/v1/inspection-plans/${encodeURIComponent(planId)}`), [planId]);
  return html`<${Show} load=${load}>${(plan: Record<string, unknown>) => html`
    <dl class="facts" data-testid="plan">
      ${Object.entries(plan)
        .filter(([, v]) => typeof v !== 'object' || v === null)
        .map(([k, v]) => html`<dt>${k}</dt><dd>${cell(v)}</dd>`)}
    </dl>
    ${Object.entries(plan)
      .filter(([, v]) => typeof v === 'object' && v !== null)
      .map(([k, v]) => html`<h3>${k}</h3>${Array.isArray(v) ? html`<${AutoTable} rows=${v as Record<string, unknown>[]} />` : html`<pre class="json">${JSON.stringify(v, null, 2)}</pre>`}`)}
    <p><a href=${`#/public/draws/${encodeURIComponent(planId)}`}>${t('publicDraw')} →</a></p>`}<//>`;
}

const STAGE_WORDS = {
  drafted: 'stageDrafted',
  committed: 'stageCommitted',
  entered: 'stageEntered',
  drawn: 'stageDrawn',
  draw_failed: 'stageDrawFailed',
} as const;

/** A stage in words; a stage this build does not know is shown as the API names it. */
function stageWords(stage: string): string {
  const key = (STAGE_WORDS as Record<string, (typeof STAGE_WORDS)[keyof typeof STAGE_WORDS]>)[stage];
  return key === undefined ? stage : t(key);
}

interface PlanSummary {
  planId: string;
  regionCode: string;
  title: string;
  subjects: number;
  stage: string;
  draftedAt: string;
  stageAt: string;
}

/** The plans in the principal's region, a page at a time from the server; a row opens its plan. */
function PlanList({ current }: { current: string | undefined }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const [load] = useLoad(() => getJson<Page<PlanSummary>>(`/api/v1/inspection-plans${query({ limit: 20, cursor })}`), [cursor]);
  return html`<h3>${t('plans')}</h3>
    <${Show} load=${load}>${(page: Page<PlanSummary>) => html`<div class="scroll"><table data-testid="plans">
      <thead><tr><th>${t('planId')}</th><th>${t('planTitle')}</th><th>${t('region')}</th><th>${t('planStatus')}</th><th>#</th><th>${t('time')}</th></tr></thead>
      <tbody>${page.items.map((p) => html`<tr class=${p.planId === current ? 'current' : ''}>
        <td><a href=${`#/draws/${encodeURIComponent(p.planId)}`} data-plan=${p.planId}>${p.planId}</a></td>
        <td>${p.title}</td><td>${p.regionCode}</td><td data-stage=${p.stage}>${stageWords(p.stage)}</td><td class="num">${p.subjects}</td><td>${p.stageAt}</td>
      </tr>`)}</tbody>
    </table></div>
    ${page.items.length === 0 ? html`<p class="state">${t('nothing')}</p>` : null}
    ${page.nextCursor ? html`<button onClick=${() => setCursors([...cursors, page.nextCursor])}>${t('more')}</button>` : null}`}<//>`;
}

export function DrawsPage({ planId }: { planId?: string }) {
  const [input, setInput] = useState(planId ?? '');
  return html`<section>
    <h2>${t('draws')}</h2>
    <form class="row" onSubmit=${(e: Event) => {
      e.preventDefault();
      location.hash = `#/draws/${encodeURIComponent(input.trim())}`;
    }}>
      <label>${t('planId')}<input name="planId" value=${input} onInput=${(e: Event) => setInput((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">${t('open')}</button>
    </form>
    ${planId ? html`<${Plan} planId=${planId} />` : null}
    <${PlanList} current=${planId} />
  </section>`;
}
