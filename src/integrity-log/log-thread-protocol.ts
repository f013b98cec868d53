/**
 * The messages between a server's main thread and the thread that keeps its Merkle log
 * (log-thread.ts, started by log-thread-port.ts). The signing key never crosses: the thread
 * reads it from its file; only the verifier key (public) is posted, as it is logged today.
 */
import type { HeadNotice } from '../eventstore/sqlite/head-notice.ts';
import type { IntegrityConfig } from './config.ts';

export interface LogThreadData {
  dataDir: string;
  /** The embedded store's file, opened read-only in the thread (openSqliteStoreReadOnly). */
  storeFile: string;
  config: IntegrityConfig;
  /** pino level of the thread's logger; its lines are handed to the main thread's logger. */
  logLevel: string;
  batchLingerMs?: number;
  /** How often the signer looks whether a checkpoint is due (IntegrityLogOptions.pollMs). */
  pollMs?: number;
  /** Safety net beside the shared head (ReadOnlySqliteStoreOptions.pollIntervalMs). */
  storePollIntervalMs?: number;
  /** The head the main thread's store shares at each commit (shareHeads). */
  headBuffer: SharedArrayBuffer;
  /** How often the thread looks at the shared head while the log moves (default HEAD_POLL_MS). */
  headPollMs?: number;
  /** How often the thread posts its status when it changed. */
  statusIntervalMs?: number;
  /** Tests only: the thread throws this message out of its event loop once started. */
  failAfterStart?: string;
}

/** The served tree: which file, and the position it has integrated. */
export interface ServedTree {
  file: string;
  position: bigint;
}

export interface LogThreadStatus {
  /** The merkle-log runner's state: building, live, failed, stopped. */
  state: string;
  served: ServedTree | undefined;
  signingFailure: string | undefined;
  /** Set when the runner stopped on an error (its message). */
  failure: string | undefined;
}

export type ToLogThread =
  | HeadNotice
  /** A caller on the main thread waits for `position`: the thread's runner ends its linger and answers with a status. */
  | { kind: 'wait'; position: bigint; timeoutMs: number }
  | { kind: 'close' };

export type FromLogThread =
  | { kind: 'started'; origin: string; verifierKey: string; status: LogThreadStatus }
  | { kind: 'start-failed'; name: string; message: string }
  | { kind: 'status'; status: LogThreadStatus }
  /** One line of the thread's logger, already redacted by it (src/logging/logger.ts). */
  | { kind: 'log'; line: string }
  | { kind: 'closed'; error: string | undefined };
