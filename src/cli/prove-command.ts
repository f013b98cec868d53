import fs from 'node:fs';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { openStore } from '../eventstore/open.ts';
import type { EventStore } from '../eventstore/port.ts';
import { loadIntegrityConfig, type IntegrityConfig } from '../integrity-log/config.ts';
import { updateLogIfIdle } from '../integrity-log/offline-log.ts';
import { proveEvent } from '../integrity-log/prove.ts';
import { createLogger } from '../logging/logger.ts';

export interface ProveCommandInput {
  eventId: string;
  treeSize?: number;
  /** Where to write the event's RFC 8785 bytes (the leaf the proof is for). */
  entryFile?: string;
  config: Pick<Config, 'dataDir' | 'storeUrl' | 'maxEventBytes'>;
  integrity: IntegrityConfig;
  out: (text: string) => void;
  openRawStore?: () => Promise<EventStore>;
}

/** Prints the tlog-proof; with no server running, brings the log up to date and signs first. */
export async function runProve(input: ProveCommandInput): Promise<void> {
  const rawStore = await (input.openRawStore ?? (() => openStore(input.config)))();
  try {
    await updateLogIfIdle({ rawStore, dataDir: input.config.dataDir, config: input.integrity, logger: createLogger('warn', pino.destination(2)) });
    const proof = await proveEvent({
      dataDir: input.config.dataDir,
      eventId: input.eventId,
      ...(input.treeSize !== undefined ? { treeSize: input.treeSize } : {}),
      ...(input.entryFile !== undefined ? { rawStore } : {}),
    });
    if (input.entryFile !== undefined && proof.entry !== undefined) fs.writeFileSync(input.entryFile, proof.entry, { flag: 'wx' });
    input.out(proof.proof);
  } finally {
    await rawStore.close();
  }
}

export function registerProveCommand(program: Command): void {
  program
    .command('prove')
    .description('print a C2SP tlog-proof that an event is in the log (inclusion proof + signed checkpoint)')
    .argument('<eventId>', 'the event id (UUID)')
    .option('--size <treeSize>', 'prove against the checkpoint of this size (default: the latest)', (v) => Number.parseInt(v, 10))
    .option('--entry <file>', 'also write the event as hashed (RFC 8785 bytes) to this new file')
    .action(async (eventId: string, options: { size?: number; entry?: string }) => {
      try {
        await runProve({
          eventId,
          config: loadConfig(),
          integrity: loadIntegrityConfig(),
          out: (text) => process.stdout.write(text),
          ...(options.size !== undefined ? { treeSize: options.size } : {}),
          ...(options.entry !== undefined ? { entryFile: options.entry } : {}),
        });
      } catch (error) {
        process.stderr.write(`taizhang prove: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
