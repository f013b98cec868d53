import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger.ts';
import { createProgress, formatBar, formatSeconds, progressFigures } from '../../src/projections/progress.ts';

t.test('figures: fraction by position, rate by events, ETA from both', async (t) => {
  const f = progressFigures(100n, 1100n, 350n, 500, 2000);
  t.equal(f.fraction, 0.25);
  t.equal(f.eventsPerSecond, 250);
  t.equal(f.etaSeconds, 6, '2 s for a quarter: 6 s for the rest');
  t.equal(progressFigures(0n, 0n, 0n, 0, 0).fraction, 1, 'nothing to do is done');
  t.equal(progressFigures(0n, 10n, 0n, 0, 0).etaSeconds, undefined, 'no ETA before any progress');
});

t.test('the bar says where, how fast and how long', async (t) => {
  const line = formatBar('funds v3', progressFigures(0n, 1_000_000n, 500_000n, 500_000, 10_000));
  t.equal(line, `funds v3 ${'█'.repeat(12)}${'░'.repeat(12)}  50.0% 500,000 events 50,000/s ETA 10s`);
  t.equal(formatSeconds(75), '1m15s');
  t.equal(formatSeconds(3 * 3600 + 120), '3h02m');
});

function sink(isTTY: boolean, columns = 200): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY, columns });
  return { stream, text: () => text };
}

t.test('on a terminal: one line redrawn in place, at most every 100 ms, and a final line', async (t) => {
  let now = 0;
  const out = sink(true, 0); // a pseudo-terminal that does not say its width
  const progress = createProgress({ mode: 'auto', logger: createLogger('silent'), stream: out.stream, nowMs: () => now });
  const task = progress.start('event-stats v2', 0n, 100n);
  now = 50;
  task.update(10n, 10);
  now = 60;
  task.update(20n, 20);
  t.equal(out.text().split('\r').length - 1, 1, 'the second update within 100 ms is not drawn');
  now = 200;
  task.update(50n, 50);
  t.match(out.text(), /\r\x1b\[2Kevent-stats v2 .* 50\.0% 50 events 250\/s ETA 0s$/);
  task.done(100n, 100);
  t.match(out.text(), /100\.0% 100 events .* done in 0s\n/);
});

t.test('not on a terminal: a log line every interval and one at the end', async (t) => {
  let now = 0;
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
  const progress = createProgress({ mode: 'auto', logger, stream: sink(false).stream, nowMs: () => now, logIntervalMs: 10_000 });
  const task = progress.start('event-stats v2', 0n, 1000n);
  for (now = 1000; now <= 25_000; now += 1000) task.update(BigInt(now / 40), now / 40);
  task.done(1000n, 1000);
  t.same(lines.map((l) => l.msg), ['rebuild started', 'rebuilding', 'rebuilding', 'rebuild complete']);
  t.match(lines[1], { rebuild: 'event-stats v2', percent: 25, events: 250, eventsPerSecond: 25, etaSeconds: 30, position: '250', targetPosition: '1000' });
});
