import { h, type ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import htm from 'htm';
import { ApiError } from './api.ts';
import { t } from './i18n.ts';

export const html = htm.bind(h);

export type Load<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'done'; value: T };

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'error', error instanceof Error ? error.message : String(error));
}

/** Runs `load` when `deps` change; a later answer replaces an earlier one, never the reverse. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => current && setResult({ state: 'done', value }),
      (error: unknown) => current && setResult({ state: 'error', error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [result, useCallback(() => setRound((r) => r + 1), [])];
}

export function Loading() {
  return html`<p class="state" role="status">${t('loading')}</p>`;
}

/** The problem in words: its title and, above all, its detail. */
export function ErrorBox({ error }: { error: ApiError }) {
  return html`<div class="state error" role="alert">
    <strong>${t('error')}${error.status > 0 ? ` (${error.status} ${error.title})` : ''}</strong>
    <p class="detail">${error.detail}</p>
  </div>`;
}

export function Show<T>({ load, children }: { load: Load<T>; children: (value: T) => ComponentChildren }) {
  if (load.state === 'loading') return html`<${Loading} />`;
  if (load.state === 'error') return html`<${ErrorBox} error=${load.error} />`;
  return html`${children(load.value)}`;
}

/** A plain value for a table cell: objects as compact JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A table of whatever rows an API answered, one column per key of the first row. */
export function AutoTable({ rows, rowClass }: { rows: readonly Record<string, unknown>[]; rowClass?: (row: Record<string, unknown>) => string }) {
  if (rows.length === 0) return html`<p class="state">${t('nothing')}</p>`;
  const keys = Object.keys(rows[0] ?? {});
  return html`<div class="scroll"><table>
    <thead><tr>${keys.map((k) => html`<th>${k}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr class=${rowClass?.(r) ?? ''}>${keys.map((k) => html`<td>${cell(r[k])}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}
