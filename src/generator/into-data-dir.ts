import fs from 'node:fs';
import path from 'node:path';
import { openApp } from '../app/open-app.ts';
import type { Config } from '../config.ts';
import { FRAUD_KINDS } from './fraud-tally.ts';
import { generate, type GenerateOptions, type GenerateReport } from './generate.ts';

export const REPORT_FILE = 'generate-report.json';

export type IntoDataDirResult =
  | { generated: true; report: GenerateReport; seconds: number; events: bigint; reportPath: string }
  | { generated: false; events: bigint; report: GenerateReport | undefined; reportPath: string };

/**
 * Generates into the configured store, unless it already holds events: a generated
 * province on top of other history would collide with it (same ids, same codes), so an
 * existing store is left as it is and its earlier report, if any, is handed back.
 */
export async function generateIntoDataDir(config: Pick<Config, 'storeUrl' | 'dataDir' | 'maxEventBytes'>, options: GenerateOptions): Promise<IntoDataDirResult> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const reportPath = path.join(config.dataDir, REPORT_FILE);
  const app = await openApp(config);
  try {
    const head = await app.rawStore.headPosition();
    if (head > 0n) {
      const report = fs.existsSync(reportPath) ? (JSON.parse(fs.readFileSync(reportPath, 'utf8')) as GenerateReport) : undefined;
      return { generated: false, events: head, report, reportPath };
    }
    const started = performance.now();
    const report = await generate(app.deps, options);
    const seconds = (performance.now() - started) / 1000;
    fs.writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');
    return { generated: true, report, seconds, events: await app.rawStore.headPosition(), reportPath };
  } finally {
    await app.close();
  }
}

/** The report as a few lines of text: the world, then the fraud per kind. */
export function formatReport(report: GenerateReport): string {
  const s = report.stats;
  const lines = [
    `seed ${report.seed}: ${s.institutions} institutions, ${s.trainees} trainees, ${s.classes} classes, ${s.certificates} certificates, ${s.applications} applications (${s.rejectedAtReview} rejected at review)`,
    `paid ${s.paid} (${(s.paidFen / 100).toLocaleString('en-US')} yuan), ${s.bounced} bounced and paid again, ${s.recoveries} recovered (${(s.recoveredFen / 100).toLocaleString('en-US')} yuan), ${s.draws} public draw (${report.drawPlanId}), ${s.inspections} inspections, ${s.findings} findings (${s.findingsClosed} rectified and closed, ${s.recoveryOrders} recovery orders); ${s.commands} commands`,
    'fraud injected            attempted  refused  flagged  missed  codes',
  ];
  for (const kind of FRAUD_KINDS) {
    const c = report.fraud[kind];
    const codes = Object.entries(c.codes).map(([code, n]) => `${code}×${n}`).join(' ');
    lines.push(`${kind.padEnd(26)}${String(c.attempted).padStart(9)}${String(c.refused).padStart(9)}${String(c.flagged).padStart(9)}${String(c.missed).padStart(8)}  ${codes}`);
  }
  return lines.join('\n');
}
