/**
 * One command at a time per stream within this process. Without it, N concurrent commands
 * on a hot stream (a fund paying many applications) would all read the same revision and
 * all but one lose the append, then retry in waves; queued, each decides on the state its
 * predecessor left, and only other processes can still cause a conflict.
 */
export class StreamLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(stream);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // Uncontended (the usual case): nothing to wait for, so no promise chained onto nothing.
    const tail = previous === undefined ? mine : previous.then(() => mine);
    this.tails.set(stream, tail);
    if (previous !== undefined) await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    }
  }

  /** Streams with a command running or queued: bounded by the requests in flight. */
  get size(): number {
    return this.tails.size;
  }
}
