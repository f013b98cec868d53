import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { createLogger } from '../logging/logger.ts';
import type { AccessMatrix } from '../http/access-matrix.ts';
import type { Feature } from '../http/feature.ts';
import { openRuntime, type RuntimeOptions } from '../http/runtime.ts';
import { buildServer } from '../http/server.ts';
import { startCatalogueProjections } from '../projections/start.ts';
import { startIntegrityLog } from '../integrity-log/start.ts';

/** How long a shutdown may take (in-flight requests, then closing the store) before the process gives up. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

export interface ServeOptions extends RuntimeOptions {
  logger?: Logger;
  /** Replace the production features and matrix (tests run the real command with extra routes). */
  features?: readonly Feature[];
  matrix?: AccessMatrix;
}

export interface Serving {
  app: FastifyInstance;
  address: string;
  /** Stops accepting, waits for in-flight requests, then closes read models, store, vault, node database. */
  shutdown(reason: string): Promise<void>;
}

export async function serve(config: Config, options: ServeOptions = {}): Promise<Serving> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger, options);
  let app: FastifyInstance;
  try {
    app = await buildServer({ ...runtime.deps, ...(options.features ? { features: options.features } : {}), ...(options.matrix ? { matrix: options.matrix } : {}) });
    await app.ready();
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const address = await app.listen({ host: config.host, port: config.port });
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'shutting down: no new requests; finishing those in flight');
      try {
        await app.close();
        logger.info('HTTP server closed');
      } finally {
        await runtime.close();
      }
      logger.info('shut down cleanly');
    })());
  return { app, address, shutdown };
}

/** SIGTERM and SIGINT shut down gracefully; a second signal, or a shutdown that hangs, exits at once. */
export function exitOnSignals(serving: Serving, logger: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    signalled = true;
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    serving.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP server (configuration from TAIZHANG_* environment variables, see README)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const serving = await serve(config, { logger, startReadModels: startCatalogueProjections(config), startIntegrity: startIntegrityLog(config) });
      exitOnSignals(serving, logger);
      process.stdout.write(`taizhang is serving ${serving.address} (API docs at ${serving.address}/docs, data in ${config.dataDir})\n`);
    });
}
