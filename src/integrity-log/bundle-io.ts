/**
 * Streaming file I/O for bundles of millions of lines: a buffered writer and a line reader,
 * both synchronous (the work between lines is synchronous hashing and SQLite) and both
 * computing the file's SHA-256 as the bytes go by, so no file is read twice.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';

const WRITE_BUFFER_BYTES = 1 << 20;
const READ_CHUNK_BYTES = 4 << 20;

/** Appends to a new file through a 1 MiB buffer; `close` flushes, fsyncs and returns the SHA-256 (hex). */
export class FileSink {
  readonly #fd: number;
  readonly #hash: Hash = createHash('sha256');
  readonly #buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  #used = 0;
  #closed = false;

  constructor(readonly file: string) {
    this.#fd = fs.openSync(file, 'wx', 0o644);
  }

  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.#hash.update(bytes);
    if (bytes.length > this.#buffer.length - this.#used) this.#flush();
    if (bytes.length >= this.#buffer.length) {
      fs.writeSync(this.#fd, bytes);
      return;
    }
    this.#buffer.set(bytes, this.#used);
    this.#used += bytes.length;
  }

  close(): string {
    this.#flush();
    fs.fsyncSync(this.#fd);
    this.#closed = true;
    fs.closeSync(this.#fd);
    return this.#hash.digest('hex');
  }

  /** Closes without flushing (an export that failed); nothing if already closed. */
  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    fs.closeSync(this.#fd);
  }

  #flush(): void {
    let offset = 0;
    while (offset < this.#used) offset += fs.writeSync(this.#fd, this.#buffer, offset, this.#used - offset);
    this.#used = 0;
  }
}

/** Writes a whole small file, durably, returning its SHA-256 (hex). */
export function writeSmallFile(file: string, data: Uint8Array | string): string {
  const sink = new FileSink(file);
  sink.write(data);
  return sink.close();
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface Line {
  /** 0-based line number. */
  readonly index: number;
  /** The line without its "\n". Valid until the next line is read: copy it to keep it. */
  readonly bytes: Buffer;
}

/**
 * The lines of `file`, each ending in "\n" (a last line without one is yielded with
 * `unterminated` set). `hash`, if given, sees every byte of the file.
 */
export function* readLines(file: string, hash?: Hash, chunkBytes = READ_CHUNK_BYTES): Generator<Line & { unterminated?: true }> {
  const fd = fs.openSync(file, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    let index = 0;
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunkBytes, null);
      if (n === 0) break;
      const read = chunk.subarray(0, n);
      hash?.update(read);
      const data: Buffer = carry.length > 0 ? Buffer.concat([carry, read]) : read;
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
        yield { index: index++, bytes: data.subarray(start, nl) };
        start = nl + 1;
      }
      // The tail is copied: the chunk buffer is reused by the next read.
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield { index, bytes: carry, unterminated: true };
  } finally {
    fs.closeSync(fd);
  }
}
