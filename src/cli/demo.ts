/**
 * `npm run demo`: a small synthetic province in ./data (or TAIZHANG_DATA_DIR), one token
 * per role, the server started, and requests to try. A data dir that already holds events
 * is reused as it is (and says so); tokens of an earlier demo run are revoked and made anew,
 * since a token is shown only once.
 */
import { ROLES } from '../access/roles.ts';
import { TokenStore } from '../access/token-store.ts';
import { toShanghaiIso } from '../app/clock.ts';
import { openNodeDb } from '../app/node-db.ts';
import { loadConfig, type Config } from '../config.ts';
import { formatReport, generateIntoDataDir } from '../generator/into-data-dir.ts';
import type { GenerateReport } from '../generator/generate.ts';
import { PRESETS, isPresetName } from '../generator/presets.ts';
import { startIntegrityLog } from '../integrity-log/start.ts';
import { createLogger } from '../logging/logger.ts';
import { startCatalogueProjections } from '../projections/start.ts';
import { createToken } from './token-command.ts';
import { exitOnSignals, serve } from './serve-command.ts';

const DEMO_TOKEN_PREFIX = 'demo ';

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function province(config: Config): Promise<GenerateReport | undefined> {
  const presetName = process.env.DEMO_PRESET ?? 'small';
  if (!isPresetName(presetName)) throw new Error(`DEMO_PRESET: one of ${Object.keys(PRESETS).join(', ')}`);
  const seed = Number(process.env.DEMO_SEED ?? '1');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('DEMO_SEED: a non-negative whole number');
  say(`taizhang demo: generating the ${presetName} preset (seed ${seed}) into ${config.dataDir} through the command layer…`);
  let last = 0;
  const result = await generateIntoDataDir(config, {
    seed,
    preset: PRESETS[presetName],
    onProgress: (done, total, phase) => {
      if (performance.now() - last < 3000 && done !== total) return;
      last = performance.now();
      process.stderr.write(`  ${phase} ${done}/${total}\n`);
    },
  });
  if (!result.generated) {
    say(`${config.dataDir} already holds ${result.events} events: reusing them, nothing generated (delete the directory for a fresh province).`);
    return result.report;
  }
  say(formatReport(result.report));
  say(`${result.events} events in ${result.seconds.toFixed(1)} s (report: ${result.reportPath})`);
  return result.report;
}

/** A fresh token per role, whole-system scope; the earlier demo tokens revoked. */
function demoTokens(config: Config): Map<string, string> {
  const db = openNodeDb(config.dataDir);
  try {
    const tokens = new TokenStore(db);
    const nowMs = Date.now();
    for (const r of tokens.list()) if (r.name.startsWith(DEMO_TOKEN_PREFIX) && !r.revokedAt) tokens.revoke(r.id, toShanghaiIso(nowMs));
    return new Map(ROLES.map((role) => [role, createToken(tokens, { role, name: `${DEMO_TOKEN_PREFIX}${role}` }, nowMs).token]));
  } finally {
    db.close();
  }
}

function examples(base: string, tokens: Map<string, string>, report: GenerateReport | undefined): string[] {
  const app = report?.examples.applicationId ?? 'A-C-00001-001';
  const pay = report?.examples.paymentId ?? `P-${app}`;
  const plan = report?.drawPlanId ?? 'JX-2026-SJ-001';
  const auth = (role: string) => `-H "Authorization: Bearer ${tokens.get(role)}"`;
  return [
    `# trace a payment: allocation → approval → payment (→ bounce, recovery)`,
    `curl -s ${auth('finance')} ${base}/api/v1/payments/${pay}/trace`,
    `curl -s ${auth('finance')} ${base}/api/v1/applications/${app}/trace`,
    `# the problem ledger`,
    `curl -s ${auth('inspector')} "${base}/api/v1/problem-ledger?limit=5"`,
    `# the public draw (no token): anyone can re-run it`,
    `curl -s ${base}/public/draws/${plan}`,
    `# the integrity checkpoint and an inclusion proof (no token)`,
    `curl -s ${base}/api/v1/integrity/checkpoint`,
    `curl -s "${base}/api/v1/integrity/inclusion?index=0"`,
    `# funds and the API docs`,
    `curl -s ${auth('finance')} ${base}/api/v1/funds`,
    `open ${base}/docs`,
  ];
}

async function main(): Promise<void> {
  const config = loadConfig();
  const report = await province(config);
  const tokens = demoTokens(config);
  const logger = createLogger(process.env.TAIZHANG_LOG_LEVEL ? config.logLevel : 'warn');
  const serving = await serve(config, { logger, startReadModels: startCatalogueProjections(config), startIntegrity: startIntegrityLog(config) });
  exitOnSignals(serving, logger);
  say();
  say(`taizhang is serving ${serving.address} (read models and the Merkle log catch up in the background; a query may answer 'not ready' for the first moments)`);
  say('tokens (one per role, whole system; shown only now):');
  for (const [role, token] of tokens) say(`  ${role.padEnd(10)} ${token}`);
  say();
  for (const line of examples(serving.address, tokens, report)) say(line);
  say();
  say('Ctrl-C stops the server.');
}

main().catch((error: unknown) => {
  process.stderr.write(`taizhang demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
