/**
 * An on/off switch from the environment for work `taizhang serve` can move to a thread of
 * its own (TAIZHANG_READ_MODELS_THREAD, TAIZHANG_IDEMPOTENCY_THREAD). Off when unset: on
 * the 2-core machine the project is measured on, the server and the load generator already
 * keep both cores busy, and every such thread cost CPU per command and memory (a V8 heap
 * and a TypeScript loader each) for no more commands/s (README, API: Throughput). They pay
 * where cores sit idle while the request thread saturates.
 */
export function threadSwitchFromEnv(variable: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[variable];
  if (value === undefined || value === '' || value === 'off') return false;
  if (value === 'on') return true;
  throw new Error(`configuration: ${variable}: must be on or off, not ${JSON.stringify(value.slice(0, 20))}`);
}
