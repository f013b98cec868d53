/**
 * The scale bench's memory and CPU record: process.memoryUsage() sampled on a timer and
 * labelled with the phase the bench is in, and the CPU seconds each phase cost. The
 * split matters more than the peak: RSS above the V8 heap and its external buffers is
 * native memory (SQLite page caches, worker threads), which the heap cannot explain.
 */

export interface MemorySample {
  /** Seconds since the recorder started. */
  atS: number;
  phase: string;
  rssMib: number;
  heapUsedMib: number;
  /** Buffers and other memory V8 accounts outside the heap. */
  externalMib: number;
}

export interface PhaseFigures {
  phase: string;
  wallS: number;
  /** User + system CPU of the whole process (worker threads included). */
  cpuS: number;
  rssMaxMib: number;
  heapUsedMaxMib: number;
  externalMaxMib: number;
  /** Largest RSS − heap total − external seen: native memory outside V8. */
  nativeMaxMib: number;
}

const MIB = 1024 * 1024;

export class ScaleRecorder {
  readonly samples: MemorySample[] = [];
  readonly phases: PhaseFigures[] = [];
  readonly #started = performance.now();
  readonly #timer: NodeJS.Timeout;
  #phase: PhaseFigures;
  #phaseWall = performance.now();
  #phaseCpu = process.cpuUsage();

  constructor(
    firstPhase: string,
    private readonly intervalMs = 500,
  ) {
    this.#phase = emptyPhase(firstPhase);
    this.#timer = setInterval(() => this.sample(), this.intervalMs);
    this.#timer.unref();
  }

  /** Takes one sample now (also done on the timer). */
  sample(): void {
    const m = process.memoryUsage();
    const s: MemorySample = { atS: +((performance.now() - this.#started) / 1000).toFixed(1), phase: this.#phase.phase, rssMib: round(m.rss / MIB), heapUsedMib: round(m.heapUsed / MIB), externalMib: round(m.external / MIB) };
    this.samples.push(s);
    const p = this.#phase;
    p.rssMaxMib = Math.max(p.rssMaxMib, s.rssMib);
    p.heapUsedMaxMib = Math.max(p.heapUsedMaxMib, s.heapUsedMib);
    p.externalMaxMib = Math.max(p.externalMaxMib, s.externalMib);
    p.nativeMaxMib = Math.max(p.nativeMaxMib, round((m.rss - m.heapTotal - m.external) / MIB));
  }

  /** Closes the current phase (its wall and CPU seconds) and opens `next`. */
  phase(next: string): PhaseFigures {
    this.sample();
    const done = this.#phase;
    const cpu = process.cpuUsage(this.#phaseCpu);
    done.wallS = +((performance.now() - this.#phaseWall) / 1000).toFixed(1);
    done.cpuS = +((cpu.user + cpu.system) / 1e6).toFixed(1);
    this.phases.push(done);
    this.#phase = emptyPhase(next);
    this.#phaseWall = performance.now();
    this.#phaseCpu = process.cpuUsage();
    return done;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** At most `max` samples, evenly spaced, for the JSON. */
  thinned(max: number): MemorySample[] {
    if (this.samples.length <= max) return [...this.samples];
    const step = this.samples.length / max;
    return Array.from({ length: max }, (_, i) => this.samples[Math.floor(i * step)]!);
  }
}

function emptyPhase(phase: string): PhaseFigures {
  return { phase, wallS: 0, cpuS: 0, rssMaxMib: 0, heapUsedMaxMib: 0, externalMaxMib: 0, nativeMaxMib: 0 };
}

function round(mib: number): number {
  return Math.round(mib);
}
