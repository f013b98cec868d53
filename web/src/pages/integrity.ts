import { useState } from 'preact/hooks';
import { getJson, getText, query } from '../api.ts';
import { t } from '../i18n.ts';
import { fromBase64 } from '../verify/base64.ts';
import { parseVerifierKey, verifyCheckpoint, type Checkpoint } from '../verify/checkpoint.ts';
import { verifyInclusion } from '../verify/inclusion.ts';
import { asApiError, html, Show, useLoad } from '../ui.ts';

interface Inclusion {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
}

type Verdict = { state: 'idle' } | { state: 'working' } | { state: 'ok'; lines: string[] } | { state: 'bad'; reason: string };

/**
 * Everything is checked here, in the browser: the checkpoint's Ed25519 signature against
 * the verifier key shown (which a careful reader compares with the one published
 * elsewhere), then the event's RFC 9162 inclusion proof against that checkpoint's root.
 */
async function verifyEvent(eventId: string, keyText: string): Promise<string[]> {
  const key = await parseVerifierKey(keyText);
  const note = await getText('/api/v1/integrity/checkpoint', false);
  const checkpoint = await verifyCheckpoint(note, key);
  const inc = await getJson<Inclusion>(`/api/v1/integrity/inclusion${query({ event: eventId, size: checkpoint.treeSize })}`, false);
  await verifyInclusion(inc.leafIndex, inc.treeSize, fromBase64(inc.leafHash), inc.proof.map(fromBase64), checkpoint.root);
  return [
    `${t('signature')}: ${key.name} ✓ (Ed25519, WebCrypto)`,
    `${t('checkpoint')}: ${checkpoint.origin}, ${t('treeSize')} ${checkpoint.treeSize}, ${t('root')} ${checkpoint.rootBase64}`,
    `leaf ${inc.leafIndex}, leaf hash ${inc.leafHash}, ${inc.proof.length} proof hashes (RFC 9162 §2.1.3.2) ✓`,
    t('leafNote'),
  ];
}

function CheckpointView({ note, keyText }: { note: string; keyText: string }) {
  const [load] = useLoad<Checkpoint>(async () => verifyCheckpoint(note, await parseVerifierKey(keyText)), [note, keyText]);
  return html`<${Show} load=${load}>${(c: Checkpoint) => html`<dl class="facts" data-testid="checkpoint">
    <dt>${t('origin')}</dt><dd>${c.origin}</dd>
    <dt>${t('treeSize')}</dt><dd>${c.treeSize}</dd>
    <dt>${t('root')}</dt><dd class="mono">${c.rootBase64}</dd>
    <dt>${t('signature')}</dt><dd class="ok">✓ Ed25519</dd>
  </dl>`}<//>`;
}

export function IntegrityPage({ event }: { event?: string }) {
  const [load] = useLoad(async () => ({ key: await getText('/api/v1/integrity/key', false), note: await getText('/api/v1/integrity/checkpoint', false) }), []);
  const [eventId, setEventId] = useState(event ?? '');
  const [keyText, setKeyText] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict>({ state: 'idle' });
  const run = async (e: Event, key: string) => {
    e.preventDefault();
    setVerdict({ state: 'working' });
    try {
      setVerdict({ state: 'ok', lines: await verifyEvent(eventId.trim(), key) });
    } catch (error) {
      setVerdict({ state: 'bad', reason: asApiError(error).detail || String(error) });
    }
  };
  return html`<section>
    <h2>${t('integrity')}</h2>
    <${Show} load=${load}>${(v: { key: string; note: string }) => {
      const key = keyText ?? v.key;
      return html`
        <h3>${t('checkpoint')}</h3>
        <${CheckpointView} note=${v.note} keyText=${key} />
        <pre class="note">${v.note}</pre>
        <label>${t('verifierKey')}<input class="mono" value=${key} onInput=${(e: Event) => setKeyText((e.target as HTMLInputElement).value)} /></label>
        <form onSubmit=${(e: Event) => run(e, key)} class="row">
          <label>${t('eventId')}<input name="event" value=${eventId} onInput=${(e: Event) => setEventId((e.target as HTMLInputElement).value)} placeholder="00000000-0000-…" /></label>
          <button type="submit">${t('verifyEvent')}</button>
        </form>`;
    }}<//>
    ${verdict.state === 'working' ? html`<p class="state">${t('loading')}</p>` : null}
    ${verdict.state === 'ok' ? html`<div class="verdict ok" data-testid="inclusion-verdict"><strong>${t('inclusionOk')}</strong><ul>${verdict.lines.map((l) => html`<li>${l}</li>`)}</ul></div>` : null}
    ${verdict.state === 'bad' ? html`<div class="verdict bad" data-testid="inclusion-verdict"><strong>${t('inclusionBad')}</strong><p class="detail">${verdict.reason}</p></div>` : null}
  </section>`;
}

