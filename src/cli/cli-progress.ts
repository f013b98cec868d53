import { createLogger } from '../logging/logger.ts';
import { createProgress, formatSeconds, progressFigures, type ProgressReporter, type ProgressTask } from '../projections/progress.ts';

const LINE_INTERVAL_MS = 10_000;

/**
 * Progress of a long CLI run (export, verify) on stderr, keeping stdout for the result: the
 * runtime's bar on a terminal; otherwise a plain line every 10 s and one at the end.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) return createProgress({ mode: 'tty', logger: createLogger('silent'), stream });
  return {
    start(label: string, from: bigint, target: bigint): ProgressTask {
      const startMs = performance.now();
      let lastMs = startMs;
      const line = (position: bigint, done: number, end: string) => {
        const f = progressFigures(from, target > position ? target : position, position, done, performance.now() - startMs);
        const eta = f.etaSeconds === undefined ? '' : `, ETA ${formatSeconds(f.etaSeconds)}`;
        stream.write(`${label}: ${done.toLocaleString('en-US')} events (${(f.fraction * 100).toFixed(1)}%), ${Math.round(f.eventsPerSecond).toLocaleString('en-US')}/s${end === '' ? eta : end}\n`);
      };
      return {
        update(position, done) {
          if (performance.now() - lastMs < LINE_INTERVAL_MS) return;
          lastMs = performance.now();
          line(position, done, '');
        },
        done(position, done) {
          line(position, done, `, done in ${formatSeconds((performance.now() - startMs) / 1000)}`);
        },
      };
    },
  };
}
