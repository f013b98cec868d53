import { z } from 'zod';
import { isValidKeyName } from '../integrity/note-keys.ts';

/**
 * Settings of the integrity log, from the environment (README, "Integrity"):
 *
 * - TAIZHANG_LOG_ORIGIN: the log's name, the first line of every checkpoint and the name of
 *   its signing key, e.g. `taizhang.example/jiangxi` (C2SP tlog-checkpoint recommends a
 *   schema-less URL naming the log). It is fixed when the signing key is created, on first
 *   start: later it may be left unset (the key says it) but never changed. Default for a
 *   new key: `taizhang.example/log`.
 * - TAIZHANG_CHECKPOINT_EVERY_EVENTS (default 1000) and TAIZHANG_CHECKPOINT_INTERVAL_SECONDS
 *   (default 10): a checkpoint is signed once the tree has grown by that many leaves since
 *   the last one, or once that much time has passed and it has grown at all.
 * - TAIZHANG_INTEGRITY_THREAD (default `off`): `on` has `taizhang serve` keep the log on a
 *   thread of its own on the embedded store (log-thread-port.ts); `off` keeps it on the main
 *   thread, beside the requests (always so on EventStoreDB). Off by default for the reason
 *   TAIZHANG_READ_MODELS_THREAD is (src/projections/start.ts): on 2 cores the thread cost
 *   CPU and memory and gained no commands/s.
 */
const IntegrityEnvSchema = z.object({
  TAIZHANG_LOG_ORIGIN: z
    .string()
    .refine(isValidKeyName, 'must be non-empty, without spaces or + (it becomes the signing key name), e.g. taizhang.example/jiangxi')
    .optional(),
  TAIZHANG_CHECKPOINT_EVERY_EVENTS: z.coerce.number().int().min(1).max(100_000_000).default(1000),
  TAIZHANG_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().min(0.05).max(86_400).default(10),
  TAIZHANG_INTEGRITY_THREAD: z.enum(['on', 'off']).default('off'),
});

export const DEFAULT_LOG_ORIGIN = 'taizhang.example/log';

export interface IntegrityConfig {
  /** undefined: whatever the existing key says (DEFAULT_LOG_ORIGIN for a new key). */
  origin: string | undefined;
  checkpointEveryEvents: number;
  checkpointIntervalMs: number;
  /** On its own thread where the store allows it (default false). */
  thread?: boolean;
}

export function loadIntegrityConfig(env: NodeJS.ProcessEnv = process.env): IntegrityConfig {
  const parsed = IntegrityEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const c = parsed.data;
  return {
    origin: c.TAIZHANG_LOG_ORIGIN,
    checkpointEveryEvents: c.TAIZHANG_CHECKPOINT_EVERY_EVENTS,
    checkpointIntervalMs: Math.round(c.TAIZHANG_CHECKPOINT_INTERVAL_SECONDS * 1000),
    thread: c.TAIZHANG_INTEGRITY_THREAD === 'on',
  };
}
