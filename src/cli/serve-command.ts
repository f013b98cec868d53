import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logging/logger.ts';
import { openStore } from '../eventstore/open.ts';
import { buildServer } from '../http/server.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP server (configuration from TAIZHANG_* environment variables, see README)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const store = await openStore(config);
      const app = await buildServer({ store, logger });
      const shutdown = async (signal: string) => {
        logger.info({ signal }, 'shutting down');
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.once('SIGINT', () => void shutdown('SIGINT'));
      const address = await app.listen({ host: config.host, port: config.port });
      process.stdout.write(`taizhang is serving ${address} (API docs at ${address}/docs, data in ${config.dataDir})\n`);
    });
}
