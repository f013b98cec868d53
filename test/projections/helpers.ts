import path from 'node:path';
import type { Test } from 'tap';
import { openSqliteStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { ProjectionDefinition } from '../../src/projections/definition.ts';
import { Projections, type StartProjectionsOptions } from '../../src/projections/projections.ts';
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

/** Resolves once `check` is true, polling every few milliseconds (at most `tries` times). */
export async function eventually(check: () => boolean | Promise<boolean>, tries = 2000): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}
