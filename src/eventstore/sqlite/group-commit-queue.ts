import type { AppendOutcome, AppendRequest, GroupResult } from './group-commit.ts';
import type { WriteExecutor } from './write-executor.ts';

export interface GroupLimits {
  /** Most callers in one transaction. */
  maxRequests: number;
  /** Most serialised event bytes in one transaction (a single larger caller still goes, alone). */
  maxBytes: number;
}

export const DEFAULT_GROUP_LIMITS: GroupLimits = { maxRequests: 512, maxBytes: 16 * 1024 * 1024 };

interface Pending {
  request: AppendRequest;
  bytes: number;
  resolve: (o: AppendOutcome) => void;
  reject: (e: Error) => void;
}

/**
 * Group commit. While one group is being committed, new appends wait here; when it is
 * durable, everything that arrived meanwhile (up to the limits) becomes the next group.
 * An append arriving while the writer is idle waits one setImmediate, so callers released
 * together by the previous commit, or by one burst of I/O, join the same group.
 *
 * The queue holds one entry per caller awaiting its append; upstream concurrency limits
 * (HTTP connections, the command runner) bound it.
 */
export class GroupCommitQueue {
  readonly #executor: WriteExecutor;
  readonly #limits: GroupLimits;
  readonly #onCommitted: (requests: readonly AppendRequest[], result: GroupResult) => void;
  #pending: Pending[] = [];
  #state: 'idle' | 'scheduled' | 'committing' = 'idle';
  #drained: (() => void)[] = [];
  #groups = 0;
  #requests = 0;

  /** `onCommitted` runs once per group, before its callers are answered. */
  constructor(executor: WriteExecutor, limits: GroupLimits, onCommitted: (requests: readonly AppendRequest[], result: GroupResult) => void) {
    this.#executor = executor;
    this.#limits = limits;
    this.#onCommitted = onCommitted;
  }

  submit(request: AppendRequest, bytes: number): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ request, bytes, resolve, reject });
      if (this.#state === 'idle') {
        this.#state = 'scheduled';
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Transactions committed (or attempted) and appends they carried: their ratio is the mean group size. */
  stats(): { groups: number; appends: number } {
    return { groups: this.#groups, appends: this.#requests };
  }

  /** Resolves once every submitted append has its outcome. */
  drain(): Promise<void> {
    if (this.#state === 'idle') return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  #flush(): void {
    const group = this.#takeGroup();
    if (group.length === 0) {
      this.#state = 'idle';
      for (const d of this.#drained.splice(0)) d();
      return;
    }
    this.#state = 'committing';
    this.#groups += 1;
    this.#requests += group.length;
    const requests = group.map((p) => p.request);
    this.#executor.commit(requests).then(
      (result) => {
        this.#onCommitted(requests, result);
        group.forEach((p, i) => p.resolve(result.outcomes[i]!));
        this.#flush();
      },
      (e: Error) => {
        // The group may or may not have committed: whatever the store knew of the log is void.
        this.#onCommitted(requests, { outcomes: [], foreign: true, head: undefined });
        for (const p of group) p.reject(e);
        this.#flush();
      },
    );
  }

  #takeGroup(): Pending[] {
    let count = 0;
    let bytes = 0;
    while (count < this.#pending.length && count < this.#limits.maxRequests) {
      const next = this.#pending[count]!;
      if (count > 0 && bytes + next.bytes > this.#limits.maxBytes) break;
      bytes += next.bytes;
      count += 1;
    }
    return this.#pending.splice(0, count);
  }
}
