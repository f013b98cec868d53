/**
 * Talking to the taizhang API from the browser. The bearer token lives in sessionStorage
 * only (gone when the tab closes) and travels in the Authorization header, never in a URL;
 * downloads are fetched with the header and handed to the browser as a blob for that reason.
 */

const TOKEN_KEY = 'taizhang.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** An RFC 9457 problem answered by the API, or a network failure put in the same shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}

async function problemOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { title?: string; detail?: string };
    return new ApiError(res.status, body.title ?? res.statusText, body.detail ?? text);
  } catch {
    return new ApiError(res.status, res.statusText, text.slice(0, 300));
  }
}

async function send(path: string, accept: string, auth: boolean): Promise<Response> {
  const headers: Record<string, string> = { accept };
  const token = auth ? storedToken() : null;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { headers, cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!res.ok) throw await problemOf(res);
  return res;
}

/** POST with a JSON body: for look-ups whose input must never appear in a URL (an ID number). */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  const token = storedToken();
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store' });
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!res.ok) throw await problemOf(res);
  return res.json() as Promise<T>;
}

export async function getJson<T>(path: string, auth = true): Promise<T> {
  return (await send(path, 'application/json', auth)).json() as Promise<T>;
}

export async function getText(path: string, auth = true): Promise<string> {
  return (await send(path, 'text/plain, application/json', auth)).text();
}

/** Fetches a file with the token and saves it under the server's name (or `fallbackName`). */
export async function download(path: string, fallbackName: string): Promise<string> {
  const res = await send(path, '*/*', true);
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = decodeURIComponent(name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return a.download;
}

/** A query string from the filled fields only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Principal {
  id: string;
  role: string;
  region: string | null;
}
