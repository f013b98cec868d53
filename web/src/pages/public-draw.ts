import { useState } from 'preact/hooks';
import { verifyDrawRecord, type VerifyReport } from '../../../src/app/services/draws-verify.ts';
import { getText } from '../api.ts';
import { t } from '../i18n.ts';
import { cell, html, Show, useLoad } from '../ui.ts';

/**
 * The public draw page (一公开): fetches the published record without a token and re-runs
 * the draw here with the project's own sampling code (src/sampling through
 * src/app/services/draws-verify.ts, both pure), then says whether it matches. A record the
 * visitor holds (downloaded earlier, sent by someone) can be pasted and checked the same way.
 */

function reportOf(text: string): VerifyReport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { matches: false, notes: [], checks: [{ name: 'record', ok: false, detail: `not JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return verifyDrawRecord(raw);
}

function Report({ report }: { report: VerifyReport }) {
  return html`<div class=${`verdict ${report.matches ? 'ok' : 'bad'}`} data-testid="draw-verdict">
    <strong>${report.matches ? t('matches') : t('doesNotMatch')}</strong>
    <ul class="checks">${report.checks.map((c) => html`<li class=${c.ok ? 'ok' : 'bad'}><b>${c.ok ? '✓' : '✗'} ${c.name}</b> <span class="detail">${c.detail}</span></li>`)}</ul>
    ${report.notes.length > 0 ? html`<ul class="notes">${report.notes.map((n) => html`<li>${n}</li>`)}</ul>` : null}
  </div>`;
}

interface PublicRecord {
  planId: string;
  status: string;
  randomness?: { source: Record<string, unknown>; committedAt: string; valueNotBefore: string; value?: unknown } | null;
  draw?: { drawnAt: string; outcomeHash: string; outcome: { subjects?: { id: string }[]; assignments?: { subjectId: string; inspectorIds: string[] }[] } } | null;
}

function RecordView({ text }: { text: string }) {
  const r = JSON.parse(text) as PublicRecord;
  return html`<dl class="facts">
      <dt>${t('planId')}</dt><dd>${r.planId}</dd>
      <dt>${t('status')}</dt><dd>${r.status}</dd>
      <dt>${t('randomness')}</dt><dd class="mono">${cell(r.randomness?.source)} · ${r.randomness?.committedAt ?? '—'}</dd>
      <dt>${t('result')}</dt><dd class="mono">${r.draw?.outcomeHash ?? '—'}</dd>
    </dl>
    ${r.draw?.outcome.assignments ? html`<h3>${t('teams')}</h3><ul>${r.draw.outcome.assignments.map((a) => html`<li>${a.subjectId} ← ${a.inspectorIds.join(', ')}</li>`)}</ul>` : null}`;
}

export function PublicDrawPage({ planId }: { planId: string }) {
  const [load] = useLoad(() => getText(`/public/draws/${encodeURIComponent(planId)}`, false), [planId]);
  const [pasted, setPasted] = useState('');
  const [pastedReport, setPastedReport] = useState<VerifyReport | null>(null);
  return html`<section>
    <h2>${t('publicDraw')} · ${planId}</h2>
    <${Show} load=${load}>${(text: string) => html`<${RecordView} text=${text} /><h3>${t('verifyInBrowser')}</h3><${Report} report=${reportOf(text)} />`}<//>
    <form class="paste" onSubmit=${(e: Event) => {
      e.preventDefault();
      setPastedReport(reportOf(pasted));
    }}>
      <label>${t('pasteRecord')}<textarea name="record" rows="6" value=${pasted} onInput=${(e: Event) => setPasted((e.target as HTMLTextAreaElement).value)}></textarea></label>
      <button type="submit">${t('verifyThis')}</button>
    </form>
    ${pastedReport ? html`<div data-testid="pasted-verdict"><${Report} report=${pastedReport} /></div>` : null}
  </section>`;
}
