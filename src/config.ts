import { z } from 'zod';
import path from 'node:path';

/** Every setting comes from the environment; the defaults are the quick start's. */
const ConfigSchema = z.object({
  TAIZHANG_HOST: z.string().default('127.0.0.1'),
  TAIZHANG_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  TAIZHANG_DATA_DIR: z.string().default('./data'),
  /** `sqlite:` (embedded, in the data dir) or an `esdb://` connection string. */
  TAIZHANG_STORE: z.string().default('sqlite:'),
  TAIZHANG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TAIZHANG_MAX_EVENT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  TAIZHANG_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** Per token (anonymous: per IP); 0 turns the limit off. */
  TAIZHANG_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
});

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  storeUrl: string;
  logLevel: z.infer<typeof ConfigSchema>['TAIZHANG_LOG_LEVEL'];
  maxEventBytes: number;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const c = parsed.data;
  return {
    host: c.TAIZHANG_HOST,
    port: c.TAIZHANG_PORT,
    dataDir: path.resolve(c.TAIZHANG_DATA_DIR),
    storeUrl: c.TAIZHANG_STORE,
    logLevel: c.TAIZHANG_LOG_LEVEL,
    maxEventBytes: c.TAIZHANG_MAX_EVENT_BYTES,
    bodyLimitBytes: c.TAIZHANG_BODY_LIMIT_BYTES,
    rateLimitPerMinute: c.TAIZHANG_RATE_LIMIT_PER_MINUTE,
  };
}
