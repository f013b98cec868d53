import type { Logger } from 'pino';

/** Reports how a rebuild advances: a bar on a terminal, periodic log lines otherwise. */
export interface ProgressReporter {
  start(label: string, fromPosition: bigint, targetPosition: bigint): ProgressTask;
}

export interface ProgressTask {
  /** After each batch: where the build is, and how many events it has read since start. */
  update(position: bigint, eventsDone: number): void;
  done(position: bigint, eventsDone: number): void;
}

export type ProgressMode = 'auto' | 'tty' | 'log' | 'none';

export interface ProgressOptions {
  mode: ProgressMode;
  logger: Logger;
  stream?: NodeJS.WriteStream;
  /** Monotonic milliseconds; injected by tests. */
  nowMs?: () => number;
  logIntervalMs?: number;
}

const REDRAW_INTERVAL_MS = 100;
const DEFAULT_LOG_INTERVAL_MS = 10_000;
const BAR_WIDTH = 24;

export function createProgress(options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const nowMs = options.nowMs ?? (() => performance.now());
  const mode = options.mode === 'auto' ? (stream.isTTY ? 'tty' : 'log') : options.mode;
  if (mode === 'none') return { start: () => ({ update() {}, done() {} }) };
  if (mode === 'tty') return new TtyProgress(stream, nowMs);
  return new LogProgress(options.logger, nowMs, options.logIntervalMs ?? DEFAULT_LOG_INTERVAL_MS);
}

/** What a bar and a log line both say: fraction, rate and estimated time left. */
export interface ProgressFigures {
  fraction: number;
  eventsDone: number;
  eventsPerSecond: number;
  /** undefined until there is a rate to extrapolate. */
  etaSeconds: number | undefined;
  elapsedSeconds: number;
}

/**
 * Fraction by position, rate by events: positions are dense on the embedded store and
 * byte offsets on EventStoreDB, so both give a fair fraction, while only counted events
 * give a rate a reader understands.
 */
export function progressFigures(from: bigint, target: bigint, position: bigint, eventsDone: number, elapsedMs: number): ProgressFigures {
  const span = target - from;
  const fraction = span <= 0n ? 1 : Math.min(1, Math.max(0, Number(position - from) / Number(span)));
  const elapsedSeconds = elapsedMs / 1000;
  const eventsPerSecond = elapsedSeconds > 0 ? eventsDone / elapsedSeconds : 0;
  const etaSeconds = fraction > 0 && elapsedSeconds > 0 ? (elapsedSeconds * (1 - fraction)) / fraction : undefined;
  return { fraction, eventsDone, eventsPerSecond, etaSeconds, elapsedSeconds };
}

export function formatBar(label: string, f: ProgressFigures): string {
  const filled = Math.round(f.fraction * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  const pct = `${(f.fraction * 100).toFixed(1).padStart(5)}%`;
  const eta = f.etaSeconds === undefined ? '--' : formatSeconds(f.etaSeconds);
  return `${label} ${bar} ${pct} ${f.eventsDone.toLocaleString('en-US')} events ${Math.round(f.eventsPerSecond).toLocaleString('en-US')}/s ETA ${eta}`;
}

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

interface TaskState {
  label: string;
  from: bigint;
  target: bigint;
  startMs: number;
  text: string;
}

/** One status line redrawn in place (at most every 100 ms), holding every running rebuild. */
class TtyProgress implements ProgressReporter {
  readonly #tasks = new Set<TaskState>();
  #lastDrawMs = -Infinity;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly nowMs: () => number,
  ) {}

  start(label: string, from: bigint, target: bigint): ProgressTask {
    const state: TaskState = { label, from, target, startMs: this.nowMs(), text: label };
    this.#tasks.add(state);
    const figures = (position: bigint, events: number) =>
      progressFigures(state.from, state.target > position ? state.target : position, position, events, this.nowMs() - state.startMs);
    return {
      update: (position, events) => {
        state.text = formatBar(label, figures(position, events));
        this.#draw(false);
      },
      done: (position, events) => {
        const f = figures(position, events);
        this.#tasks.delete(state);
        this.stream.write(`\r\x1b[2K${formatBar(label, f)} done in ${formatSeconds(f.elapsedSeconds)}\n`);
        this.#draw(true);
      },
    };
  }

  #draw(force: boolean): void {
    const now = this.nowMs();
    if (!force && now - this.#lastDrawMs < REDRAW_INTERVAL_MS) return;
    this.#lastDrawMs = now;
    const columns = this.stream.columns || 120; // 0 when the terminal does not say
    const line = [...this.#tasks].map((t) => t.text).join(' │ ');
    this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(0, columns - 1))}`);
  }
}

/** A log line per rebuild every `intervalMs`, and one when it completes. */
class LogProgress implements ProgressReporter {
  constructor(
    private readonly logger: Logger,
    private readonly nowMs: () => number,
    private readonly intervalMs: number,
  ) {}

  start(label: string, from: bigint, target: bigint): ProgressTask {
    const startMs = this.nowMs();
    let lastLogMs = startMs;
    const fields = (position: bigint, events: number) => {
      const f = progressFigures(from, target > position ? target : position, position, events, this.nowMs() - startMs);
      return {
        rebuild: label,
        position: String(position),
        targetPosition: String(target),
        percent: Number((f.fraction * 100).toFixed(1)),
        events: f.eventsDone,
        eventsPerSecond: Math.round(f.eventsPerSecond),
        etaSeconds: f.etaSeconds === undefined ? null : Math.round(f.etaSeconds),
        elapsedSeconds: Math.round(f.elapsedSeconds),
      };
    };
    this.logger.info({ rebuild: label, fromPosition: String(from), targetPosition: String(target) }, 'rebuild started');
    return {
      update: (position, events) => {
        if (this.nowMs() - lastLogMs < this.intervalMs) return;
        lastLogMs = this.nowMs();
        this.logger.info(fields(position, events), 'rebuilding');
      },
      done: (position, events) => this.logger.info(fields(position, events), 'rebuild complete'),
    };
  }
}
