import fs from 'node:fs';
import type { DestinationStream } from 'pino';

/** What LineBatch needs of the stream it hands blocks to: pino.destination's SonicBoom. */
export interface BlockSink {
  write(block: string): boolean;
  flush(cb?: (err?: Error) => void): void;
  flushSync(): void;
  /** The file descriptor it writes to (SonicBoom has one, negative until a path is open; its types leave it out). */
  readonly fd?: number;
  on(event: 'close', listener: () => void): unknown;
}

/** The batches to write out when the process exits (weakly: a logger dropped is not kept for it). */
const atExit = new Set<WeakRef<LineBatch>>();
let exitHookInstalled = false;

/**
 * Log lines gathered into blocks of `blockChars` before they reach the stream, which then
 * writes each block as it comes (SonicBoom with minLength 0).
 *
 * Why not SonicBoom's own minLength: in text mode it appends every line to one growing
 * string and takes that string's byte length on every write, which flattens it: with an
 * 8 KiB minimum each line cost a copy of the several KiB gathered before it (measured by
 * the sampling heap profiler: ~3.7 KB allocated per request log line in bench/http-plumbing.ts).
 * Here a line is pushed onto an array and a block is joined once.
 *
 * Nothing is lost at exit: this hook first has the stream write synchronously what it holds
 * (older lines; pino's own exit hook on the SonicBoom does the same, before or after this one,
 * and then finds nothing left), then writes the lines not yet handed over straight to the
 * stream's descriptor, synchronously, after them: in line order either way. (Handing them to
 * the stream at exit could start an asynchronous write that the exit never waits for.)
 */
export class LineBatch implements DestinationStream {
  #lines: string[] = [];
  #chars = 0;
  readonly #sink: BlockSink;
  readonly #blockChars: number;

  constructor(sink: BlockSink, blockChars: number) {
    this.#sink = sink;
    this.#blockChars = blockChars;
    const ref = new WeakRef(this);
    atExit.add(ref);
    sink.on('close', () => atExit.delete(ref));
    if (!exitHookInstalled) {
      // One listener for every batch of the process, not one each (tests build many loggers).
      process.on('exit', () => {
        for (const batch of atExit) batch.deref()?.writeAtExit();
      });
      exitHookInstalled = true;
    }
  }

  /** Synchronously: what the stream holds, then the lines not yet handed over (see the class comment). */
  writeAtExit(): void {
    try {
      this.#sink.flushSync();
      const fd = this.#sink.fd;
      if (this.#lines.length > 0 && fd !== undefined && fd >= 0) fs.writeSync(fd, this.#lines.join(''));
      this.#lines = [];
      this.#chars = 0;
    } catch {
      // Closed or never opened: nothing of ours can be written any more.
    }
  }

  write(line: string): boolean {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.#blockChars) this.#handOver();
    return true;
  }

  /** Hands the gathered lines to the stream and asks it to write them (the flush timer's call). */
  flush(cb?: (err?: Error) => void): void {
    this.#handOver();
    this.#sink.flush(cb);
  }

  /** Lines gathered and not yet handed to the stream. */
  get pendingLines(): number {
    return this.#lines.length;
  }

  #handOver(): void {
    if (this.#lines.length === 0) return;
    const block = this.#lines.length === 1 ? this.#lines[0]! : this.#lines.join('');
    this.#lines = [];
    this.#chars = 0;
    this.#sink.write(block);
  }
}
