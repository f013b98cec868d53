import type { StoredCheckpoint } from './checkpoint-store.ts';
import type { LogView } from './log-view.ts';

/** What the /api/v1/integrity routes need of the running log (IntegrityLog; a fake in tests). */
export interface IntegrityPort {
  /** The C2SP verifier key string of the log's signing key. */
  verifierKey(): string;
  latestCheckpoint(): StoredCheckpoint | undefined;
  /** Runs `read` on the served tree. Throws ProjectionUnavailableError while none is served. */
  view<T>(read: (view: LogView) => T): T;
  /** Resolves once the served tree has integrated `minPosition`; rejects after `timeoutMs`. */
  waitForPosition(minPosition: bigint, timeoutMs: number): Promise<void>;
  status(): IntegrityStatus;
}

export interface IntegrityStatus {
  state: string;
  servedPosition: bigint | undefined;
  checkpointSize: number | undefined;
  /** Set when signing stopped because the tree contradicts a signed checkpoint. */
  signingFailure: string | undefined;
}
