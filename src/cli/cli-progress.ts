import pino from 'pino';
import { createLogger } from '../logging/logger.ts';
import { createProgress, type ProgressMode, type ProgressReporter } from '../projections/progress.ts';

/** Progress of a long CLI run on stderr (a bar on a terminal, a log line every 10 s otherwise), keeping stdout for the result. */
export function stderrProgress(mode: ProgressMode = 'auto'): ProgressReporter {
  return createProgress({ mode, logger: createLogger('info', pino.destination(2)), stream: process.stderr });
}
