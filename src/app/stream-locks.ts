/**
 * One command at a time per stream within this process. Without it, N concurrent commands
 * on a hot stream (a fund paying many applications) would all read the same revision and
 * all but one lose the append, then retry in waves; queued, each decides on the state its
 * predecessor left, and only other processes can still cause a conflict.
 *
 * Per stream with a command running: null while nobody waits behind it (the usual case,
 * which then costs no promise and no closure), else the wake-ups of the queued commands in
 * arrival order. A finishing command hands the stream to the first of them, so the entry
 * stays until the last queued command is done: first come, first served.
 */
export class StreamLocks {
  private readonly held = new Map<string, (() => void)[] | null>();

  async run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    if (!this.held.has(stream)) this.held.set(stream, null);
    else await this.#queueBehind(stream);
    try {
      return await work();
    } finally {
      this.#release(stream);
    }
  }

  /** Streams with a command running or queued: bounded by the requests in flight. */
  get size(): number {
    return this.held.size;
  }

  #queueBehind(stream: string): Promise<void> {
    let waiting = this.held.get(stream);
    if (waiting == null) {
      waiting = [];
      this.held.set(stream, waiting);
    }
    const queue = waiting;
    return new Promise<void>((resolve) => queue.push(resolve));
  }

  #release(stream: string): void {
    const next = this.held.get(stream)?.shift();
    if (next === undefined) this.held.delete(stream);
    else next();
  }
}
