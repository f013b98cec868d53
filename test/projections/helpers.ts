import path from 'node:path';
import type { Test } from 'tap';
import type { Subscription } from '../../src/eventstore/port.ts';
import { openSqliteStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { ProjectionDefinition } from '../../src/projections/definition.ts';
import { createProgress } from '../../src/projections/progress.ts';
import { Projections, type StartProjectionsOptions } from '../../src/projections/projections.ts';
import { ProjectionRunner, type RunnerOptions } from '../../src/projections/runner.ts';
import { fillStore } from './fixtures/synthetic-events.ts';

export const silent = createLogger('silent');

/** An embedded store in `dir` holding `count` synthetic events. */
export async function filledStore(t: Test, dir: string, count: number, seed = 1): Promise<SqliteEventStore> {
  const store = await openSqliteStore({ file: path.join(dir, 'events.sqlite'), writer: 'inline', pollIntervalMs: 20 });
  t.teardown(() => store.close());
  await fillStore(store, count, seed);
  return store;
}

export function startProjections(
  t: Test,
  options: Pick<StartProjectionsOptions, 'store' | 'dataDir'> & { definitions: readonly ProjectionDefinition[] } & Partial<StartProjectionsOptions>,
): Projections {
  const projections = Projections.start({ logger: silent, progress: 'none', lagLogIntervalMs: 0, ...options });
  t.teardown(() => projections.close());
  return projections;
}

/**
 * One runner of `definition` over an empty embedded store in a fresh test directory that,
 * once caught up, follows `subscription` (the test's own, which feeds it) rather than the
 * store; its read models in `dir`/readmodels. Stopped at teardown.
 */
export async function startFollowingRunner(
  t: Test,
  definition: ProjectionDefinition,
  subscription: Subscription,
  options: Pick<RunnerOptions, 'batchSize' | 'batchDelayMsMax' | 'batchLingerMs'> & Pick<Partial<RunnerOptions>, 'onChange'>,
): Promise<{ runner: ProjectionRunner; dir: string }> {
  const dir = t.testdir();
  const store = await openSqliteStore({ file: path.join(dir, 'events.sqlite'), writer: 'inline' });
  t.teardown(() => store.close());
  const runner = ProjectionRunner.start(definition, {
    store,
    dir: path.join(dir, 'readmodels'),
    logger: silent,
    progress: createProgress({ mode: 'none', logger: silent }),
    waitersMax: 10,
    follow: () => subscription,
    ...options,
  });
  t.teardown(() => runner.stop());
  return { runner, dir };
}

/** `n` turns of the event loop (no timer): time for a runner to take what it was fed and go idle. */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Resolves once `check` is true, polling every few milliseconds (at most `tries` times). */
export async function eventually(check: () => boolean | Promise<boolean>, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}
