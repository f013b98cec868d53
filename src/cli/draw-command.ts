import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyDrawRecord, type VerifyReport } from '../app/services/draws-verify.ts';
import type { Sha256 } from '../sampling/index.ts';

/**
 * `taizhang draw verify FILE|URL`: re-runs a published draw from its record alone (the
 * JSON of GET /public/draws/ID, saved or fetched) and says whether it matches. Needs no
 * data directory, no token and no server of ours beyond the URL given: anyone can run it.
 * Exit code 0 when the record matches, 1 when it does not or cannot be read.
 */

const FETCH_TIMEOUT_MS = 30_000;
/** A draw record of the largest plan is a few MB; anything far beyond is not one. */
const RECORD_BYTES_MAX = 64 * 1024 * 1024;

const nodeSha256: Sha256 = (bytes) => createHash('sha256').update(bytes).digest();

export class DrawRecordReadError extends Error {
  override readonly name = 'DrawRecordReadError';
}

/** The record's text, from a file or an http(s) URL. */
export async function readRecordText(source: string, fetchFn: typeof fetch = fetch): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetchFn(source, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (err) {
      throw new DrawRecordReadError(`cannot fetch ${source}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new DrawRecordReadError(`${source} answered ${res.status} ${res.statusText}`);
    const text = await res.text();
    if (text.length > RECORD_BYTES_MAX) throw new DrawRecordReadError(`${source} is larger than a draw record can be`);
    return text;
  }
  try {
    const buf = await readFile(source);
    if (buf.length > RECORD_BYTES_MAX) throw new DrawRecordReadError(`${source} is larger than a draw record can be`);
    return buf.toString('utf8');
  } catch (err) {
    if (err instanceof DrawRecordReadError) throw err;
    throw new DrawRecordReadError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function formatReport(report: VerifyReport, source: string): string[] {
  const lines = [`draw record ${report.planId ?? '(unreadable)'} from ${source}: ${report.matches ? 'MATCHES — the published outcome is what the published inputs give' : 'DOES NOT MATCH'}`];
  for (const c of report.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  for (const n of report.notes) lines.push(`  note ${n}`);
  return lines;
}

export interface DrawVerifyInput {
  source: string;
  json: boolean;
  out: (line: string) => void;
  fetchFn?: typeof fetch;
}

/** True when the record matches. Unreadable input is reported as a non-match. */
export async function runDrawVerify(input: DrawVerifyInput): Promise<boolean> {
  let report: VerifyReport;
  try {
    const text = await readRecordText(input.source, input.fetchFn);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new DrawRecordReadError(`${input.source} is not JSON`);
    }
    report = verifyDrawRecord(raw, nodeSha256);
  } catch (err) {
    if (!(err instanceof DrawRecordReadError)) throw err;
    report = { matches: false, checks: [{ name: 'read', ok: false, detail: err.message }], notes: [] };
  }
  if (input.json) input.out(JSON.stringify({ source: input.source, ...report }, null, 2));
  else for (const line of formatReport(report, input.source)) input.out(line);
  return report.matches;
}

export function registerDrawCommand(program: Command): void {
  const draw = program.command('draw').description('random inspection draws (双随机、一公开)');
  draw
    .command('verify')
    .description('re-run a published draw from its record (a file, or the URL of /public/draws/ID) and say whether it matches; exit 0 if it does, 1 if not')
    .argument('<source>', 'the draw record: a file path or an http(s) URL')
    .option('--json', 'print the report as JSON')
    .action(async (source: string, options: { json?: boolean }) => {
      const ok = await runDrawVerify({ source, json: options.json === true, out: (line) => process.stdout.write(`${line}\n`) });
      process.exitCode = ok ? 0 : 1;
    });
}
