import type { Command } from 'commander';
import { buildEventRegistry } from '../app/event-registry.ts';
import { loadConfig, type Config } from '../config.ts';
import { openStore } from '../eventstore/open.ts';
import type { EventStore } from '../eventstore/port.ts';
import { withRegistry } from '../eventstore/validating-store.ts';
import { createLogger } from '../logging/logger.ts';
import { PROJECTIONS, selectProjections } from '../projections/catalog.ts';
import { REBUILD_BATCH_SIZE } from '../projections/catch-up.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import type { ProgressMode } from '../projections/progress.ts';
import { digestReadModelFile } from '../projections/projection-digest.ts';
import { rebuildProjection } from '../projections/rebuild.ts';

export interface RebuildCommandInput {
  names: readonly string[];
  batchSize: number;
  config: Pick<Config, 'dataDir' | 'storeUrl' | 'maxEventBytes' | 'logLevel'>;
  out: (line: string) => void;
  /** Defaults: the catalogue, the configured store read through the event registry (upcasting as a server does). */
  definitions?: readonly ProjectionDefinition[];
  openEvents?: () => Promise<EventStore>;
  progress?: ProgressMode;
}

/** Rebuilds the named projections (all when none is named) one after the other. */
export async function runRebuild(input: RebuildCommandInput): Promise<void> {
  const catalogue = input.definitions ?? PROJECTIONS;
  const selected = selectProjections(catalogue, input.names);
  const logger = createLogger(input.config.logLevel);
  const store = await (input.openEvents ?? (async () => withRegistry(await openStore(input.config), buildEventRegistry())))();
  try {
    for (const definition of selected) {
      const r = await rebuildProjection(definition, { store, dataDir: input.config.dataDir, logger, batchSize: input.batchSize, progress: input.progress ?? 'auto' });
      const digest = digestReadModelFile(definition, r.file);
      const rate = r.seconds > 0 ? Math.round(r.events / r.seconds) : r.events;
      input.out(
        `${r.projection} v${r.version}: ${r.events.toLocaleString('en-US')} events to position ${r.position} in ${r.seconds.toFixed(1)} s ` +
          `(${rate.toLocaleString('en-US')} events/s); sha256 ${digest.sha256}`,
      );
    }
  } finally {
    await store.close();
  }
}

export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild read models from position 0 beside the served files, then swap them in (the server must be stopped)')
    .argument('[names...]', 'projections to rebuild (default: all)')
    .option('--batch-size <events>', 'events per transaction (1..10000)', (v) => Number.parseInt(v, 10), REBUILD_BATCH_SIZE)
    .action(async (names: string[], options: { batchSize: number }) => {
      try {
        await runRebuild({ names, batchSize: options.batchSize, config: loadConfig(), out: (line) => process.stdout.write(`${line}\n`) });
      } catch (error) {
        // The served files are untouched: a rebuild swaps only once complete.
        process.stderr.write(`taizhang rebuild: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
