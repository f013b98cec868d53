/**
 * A real log for bundle tests: catalogue, an institution, trainees registered through the
 * app services (raw personal data to the vault, pseudonym and masked forms in the events),
 * a class run to completion — every event valid against the registry — then exported with
 * the real `taizhang export` code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Test } from 'tap';
import { fixedClock } from '../../src/app/clock.ts';
import { openApp, type OpenedApp } from '../../src/app/open-app.ts';
import { registerTrainee } from '../../src/app/services/trainees.ts';
import { runExport } from '../../src/cli/export-command.ts';
import type { IntegrityConfig } from '../../src/integrity-log/config.ts';
import { createProgress } from '../../src/projections/progress.ts';
import { ctxFor, givenCatalogue, givenCompletedClass, givenInstitution, NOW_MS, principals, residentId } from '../app/services/registry-fixtures.ts';
import { silent } from './helpers.ts';

export const ORIGIN = 'taizhang.test/jiangxi';
export const integrityConfig: IntegrityConfig = { origin: ORIGIN, checkpointEveryEvents: 1_000_000, checkpointIntervalMs: 3_600_000 };
export const noProgress = createProgress({ mode: 'none', logger: silent });

export interface PersonalData {
  idNumbers: string[];
  names: string[];
  accounts: string[];
  phones: string[];
}

const NAMES = ['张伟明', '李秀英', '王建国', '欧阳娜娜', '赵丽华', '陈志强', '刘晓燕'];

export async function withApp<T>(dataDir: string, use: (app: OpenedApp) => Promise<T>): Promise<T> {
  const app = await openApp({ storeUrl: 'sqlite:', dataDir, maxEventBytes: 1 << 20 }, fixedClock(NOW_MS, 1000));
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}

/** Registers `count` people through the trainee service (numbered from `first`); records what was typed in. */
export async function registerPeople(app: OpenedApp, count: number, first: number, secrets: PersonalData): Promise<string[]> {
  const refs: string[] = [];
  for (let i = first; i < first + count; i++) {
    const idNumber = residentId('360102', `199${i % 10}0${1 + (i % 9)}15`, String(201 + 2 * i).padStart(3, '0'));
    const name = NAMES[i % NAMES.length]!;
    const bankAccount = `6217 0021 3000 ${String(4000 + i).padStart(4, '0')} 8`;
    const phone = `1390791${String(1000 + i).padStart(4, '0')}`;
    secrets.idNumbers.push(idNumber);
    secrets.names.push(name);
    secrets.accounts.push(bankAccount);
    secrets.phones.push(phone);
    const outcome = await registerTrainee(app.deps, ctxFor(principals.registrarNanchang), {
      idNumber,
      name,
      phone,
      bankAccount,
      bankName: '中国建设银行南昌分行',
      category: 'rural_migrant_worker',
      registeredOn: '2026-02-01',
    });
    refs.push(String(outcome.result?.personRef));
  }
  return refs;
}

/** A catalogue, a listed institution, `trainees` people registered and a completed class of them, in a new data dir. */
export async function domainLog(dataDir: string, trainees: number): Promise<PersonalData> {
  const secrets: PersonalData = { idNumbers: [], names: [], accounts: [], phones: [] };
  await withApp(dataDir, async (app) => {
    await givenCatalogue(app);
    const school = await givenInstitution(app);
    const refs = await registerPeople(app, trainees, 0, secrets);
    await givenCompletedClass(app, 'class-cook-01', school, refs);
  });
  return secrets;
}

/** `taizhang export --to DIR` over `dataDir`, as the CLI runs it (no server: the log is updated and signed first). */
export async function exportTo(dataDir: string, to: string, integrity: IntegrityConfig = integrityConfig, replayThreads?: number): Promise<string[]> {
  const out: string[] = [];
  await runExport({ to, config: { dataDir, storeUrl: 'sqlite:', maxEventBytes: 1 << 20 }, integrity, update: true, out: (l) => out.push(l), progress: noProgress, ...(replayThreads !== undefined ? { replayThreads } : {}) });
  return out;
}

/** A fresh copy of a bundle to tamper with. */
export function copyBundle(t: Test, from: string, name: string): string {
  const to = path.join(t.testdir(), name);
  fs.cpSync(from, to, { recursive: true });
  return to;
}
