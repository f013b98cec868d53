import { useState } from 'preact/hooks';
import { getJson, postJson, query, type ApiError, type Page } from '../api.ts';
import { t, yuan } from '../i18n.ts';
import { asApiError, ErrorBox, html, Show, useLoad } from '../ui.ts';

interface Link {
  step: string;
  position: number;
  eventId: string;
  eventType: string;
  actor: { id: string; role: string };
  occurredAt: string;
  businessDate: string;
  amountFen: number | null;
  fundId: string | null;
  paymentId: string | null;
}

interface Trace {
  applicationId: string;
  subsidyKind: string;
  institutionId: string | null;
  regionCode: string | null;
  amountFen: number;
  fundId: string | null;
  links: Link[];
  fundLinksOmitted: number;
  totals: Record<string, number>;
}

interface ApplicationRow {
  applicationId: string;
  subsidyKind: string;
  status: string;
  amountFen: number;
  submittedOn: string;
  regionCode: string | null;
}

type By = 'application' | 'institution' | 'trainee';
/** An ID number is looked up by POST and replaced by its pseudonym: it never enters the URL or the history. */
type Kind = By | 'idNumber';

/** fund → application → reviews → publicity → approval → payment → bank → recovery, as the server links them. */
function Timeline({ trace }: { trace: Trace }) {
  return html`<div data-testid="trace">
    <p>${trace.applicationId} · ${trace.subsidyKind} · ${trace.institutionId ?? '—'} · ${trace.regionCode ?? '—'} · ${yuan(trace.amountFen)}</p>
    ${trace.fundLinksOmitted > 0 ? html`<p class="muted">(+${trace.fundLinksOmitted} earlier fund entries)</p>` : null}
    <ol class="timeline">${trace.links.map(
      (l) => html`<li class=${`step step-${l.step}`}>
        <div class="what"><b>${l.step}</b> <span class="muted">${l.eventType}</span></div>
        <div class="who">${t('actor')}: ${l.actor.role} ${l.actor.id}</div>
        <div class="when">${t('time')}: <time>${l.occurredAt}</time></div>
        ${l.amountFen !== null ? html`<div class="amount">${t('amount')}: ${yuan(l.amountFen)}</div>` : null}
        <a class="proof" href=${`#/integrity/${l.eventId}`}>${t('proof')} ↗</a>
      </li>`,
    )}</ol>
    <dl class="facts">${Object.entries(trace.totals).map(([k, v]) => html`<dt>${k}</dt><dd>${yuan(v)}</dd>`)}</dl>
  </div>`;
}

function TraceOf({ applicationId }: { applicationId: string }) {
  const [load] = useLoad(() => getJson<Trace>(`/api/v1/applications/${encodeURIComponent(applicationId)}/trace`), [applicationId]);
  return html`<${Show} load=${load}>${(trace: Trace) => html`<${Timeline} trace=${trace} />`}<//>`;
}

/** Applications of an institution or a person, a server page at a time. */
function Applications({ by, value }: { by: By; value: string }) {
  const [cursor, setCursor] = useState<string | null>(null);
  const filter = by === 'institution' ? { institutionId: value } : { personRef: value };
  const [load] = useLoad(() => getJson<Page<ApplicationRow>>(`/api/v1/applications${query({ ...filter, limit: 20, cursor })}`), [by, value, cursor]);
  return html`<${Show} load=${load}>${(page: Page<ApplicationRow>) => html`
    <ul class="list">${page.items.map((a) => html`<li><a href=${`#/trace/application/${encodeURIComponent(a.applicationId)}`}>${a.applicationId}</a> · ${a.subsidyKind} · ${a.status} · ${yuan(a.amountFen)} · ${a.submittedOn}</li>`)}</ul>
    ${page.items.length === 0 ? html`<p class="state">${t('nothing')}</p>` : null}
    ${page.nextCursor ? html`<button onClick=${() => setCursor(page.nextCursor)}>${t('more')}</button>` : null}`}<//>`;
}

export function TracePage({ by, value }: { by?: By; value?: string }) {
  const [kind, setKind] = useState<Kind>(by ?? 'application');
  const [text, setText] = useState(value ?? '');
  const [lookupError, setLookupError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setLookupError(null);
    if (kind !== 'idNumber') {
      location.hash = `#/trace/${kind}/${encodeURIComponent(text.trim())}`;
      return;
    }
    try {
      const found = await postJson<{ personRef: string }>('/api/v1/trainees/lookup', { idNumber: text.trim() });
      setText('');
      setKind('trainee');
      location.hash = `#/trace/trainee/${encodeURIComponent(found.personRef)}`;
    } catch (error) {
      setLookupError(asApiError(error));
    }
  };
  return html`<section>
    <h2>${t('trace')}</h2>
    <form class="row" onSubmit=${submit}>
      <select name="by" value=${kind} onChange=${(e: Event) => setKind((e.target as HTMLSelectElement).value as Kind)}>
        <option value="application">${t('byApplication')}</option>
        <option value="institution">${t('byInstitution')}</option>
        <option value="trainee">${t('byTrainee')}</option>
        <option value="idNumber">${t('byIdNumber')}</option>
      </select>
      <input name="q" type=${kind === 'idNumber' ? 'password' : 'text'} autocomplete="off" value=${text} onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} />
      <button type="submit">${t('search')}</button>
    </form>
    ${lookupError ? html`<${ErrorBox} error=${lookupError} />` : null}
    ${by === 'application' && value ? html`<${TraceOf} applicationId=${value} />` : null}
    ${by && by !== 'application' && value ? html`<${Applications} by=${by} value=${value} />` : null}
  </section>`;
}
