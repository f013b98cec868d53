import type { Command } from 'commander';
import pino from 'pino';
import { buildEventRegistry } from '../app/event-registry.ts';
import { loadConfig, type Config } from '../config.ts';
import { openStore } from '../eventstore/open.ts';
import type { EventStore } from '../eventstore/port.ts';
import { loadIntegrityConfig, type IntegrityConfig } from '../integrity-log/config.ts';
import { exportBundle } from '../integrity-log/export-bundle.ts';
import { updateLogIfIdle } from '../integrity-log/offline-log.ts';
import { createLogger } from '../logging/logger.ts';
import { PROJECTIONS } from '../projections/catalog.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import type { ProgressReporter } from '../projections/progress.ts';
import { stderrProgress } from './cli-progress.ts';

export interface ExportCommandInput {
  to: string;
  config: Pick<Config, 'dataDir' | 'storeUrl' | 'maxEventBytes'>;
  integrity: IntegrityConfig;
  /** false: export up to the latest checkpoint as it is, never updating the log or signing. */
  update: boolean;
  /** Replay threads for digests.json (default: by log size and load). */
  replayThreads?: number;
  out: (line: string) => void;
  progress?: ProgressReporter;
  definitions?: readonly ProjectionDefinition[];
  openRawStore?: () => Promise<EventStore>;
}

/**
 * Writes the bundle. With no server running (the integrity lock is free) the log is first
 * brought up to the store's head and a checkpoint signed, so the bundle holds every event;
 * with a server running it ends at the server's latest checkpoint.
 */
export async function runExport(input: ExportCommandInput): Promise<void> {
  const rawStore = await (input.openRawStore ?? (() => openStore(input.config)))();
  const progress = input.progress ?? stderrProgress();
  try {
    if (input.update) {
      const logger = createLogger('warn', pino.destination(2));
      const update = await updateLogIfIdle({ rawStore, dataDir: input.config.dataDir, config: input.integrity, logger, progress });
      if (update.mode === 'server-running') input.out('a server keeps the log: exporting up to its latest checkpoint');
      else if (update.signed) input.out(`signed a checkpoint of ${update.signed.treeSize} leaves`);
    }
    const r = await exportBundle({ rawStore, dataDir: input.config.dataDir, to: input.to, registry: buildEventRegistry(), definitions: input.definitions ?? PROJECTIONS, progress, ...(input.replayThreads !== undefined ? { replayThreads: input.replayThreads } : {}) });
    input.out(`exported ${r.treeSize.toLocaleString('en-US')} events (to position ${r.lastPosition}) with ${r.checkpoints} checkpoints to ${r.dir}`);
    input.out(`root ${r.rootHash}; projections: ${r.digests.projections.map((p) => `${p.name} v${p.version} ${p.sha256}`).join(', ') || 'none'}`);
  } finally {
    await rawStore.close();
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write an offline-verifiable bundle: events, checkpoints, verifier key, projection digests (see `taizhang verify`)')
    .requiredOption('--to <dir>', 'the bundle directory (must not exist, or be empty)')
    .option('--no-update', 'do not bring the log up to date nor sign a checkpoint first (when no server runs)')
    .action(async (options: { to: string; update: boolean }) => {
      try {
        await runExport({ to: options.to, config: loadConfig(), integrity: loadIntegrityConfig(), update: options.update, out: (line) => process.stdout.write(`${line}\n`) });
      } catch (error) {
        process.stderr.write(`taizhang export: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
