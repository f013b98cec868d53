/**
 * Callers waiting for a read model to reach a position (read-your-writes). Bounded: past
 * `waitersMax` a new caller is refused at once instead of queueing without end.
 */
export type WaitOutcome = 'reached' | 'timeout' | 'too_many_waiters' | 'ended';

interface Waiter {
  position: bigint;
  settle: (outcome: WaitOutcome) => void;
  timer: NodeJS.Timeout;
}

export class PositionWaiters {
  readonly #waiters = new Set<Waiter>();

  /** `onWait`: called when a caller starts waiting (the runner then commits the batch in hand without lingering). */
  constructor(
    private readonly waitersMax: number,
    private readonly onWait?: () => void,
  ) {}

  get size(): number {
    return this.#waiters.size;
  }

  /** Settles when `release` is called with a position ≥ `position`, or after `timeoutMs`. */
  wait(position: bigint, timeoutMs: number): Promise<WaitOutcome> {
    if (this.#waiters.size >= this.waitersMax) return Promise.resolve('too_many_waiters');
    return new Promise<WaitOutcome>((resolve) => {
      const waiter: Waiter = {
        position,
        settle: (outcome) => {
          clearTimeout(waiter.timer);
          this.#waiters.delete(waiter);
          resolve(outcome);
        },
        timer: setTimeout(() => waiter.settle('timeout'), timeoutMs),
      };
      this.#waiters.add(waiter);
      this.onWait?.();
    });
  }

  /** The read model now serves `position`: everyone waiting for it or less goes on. */
  release(position: bigint): void {
    if (this.#waiters.size === 0) return;
    for (const waiter of [...this.#waiters]) if (waiter.position <= position) waiter.settle('reached');
  }

  /** The read model will not advance (failed or closed): nobody waits any longer. */
  endAll(): void {
    for (const waiter of [...this.#waiters]) waiter.settle('ended');
  }
}
