import path from 'node:path';
import type { Test } from 'tap';
import type { RecordedEvent, Subscription } from '../../src/eventstore/port.ts';
import { openSqliteStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { ProjectionDefinition } from '../../src/projections/definition.ts';
import { createProgress } from '../../src/projections/progress.ts';
import { Projections, type StartProjectionsOptions } from '../../src/projections/projections.ts';
import { ReadModelFile } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
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

/** A read-model file of `definition`, `dir`/rm.sqlite in a fresh test directory; closed at teardown unless the test closed it. */
export function freshReadModelFile(t: Test, definition: ProjectionDefinition): { dir: string; file: string; rm: ReadModelFile } {
  const dir = t.testdir();
  const file = path.join(dir, 'rm.sqlite');
  const rm = ReadModelFile.open(definition, file);
  t.teardown(() => rm.close());
  return { dir, file, rm };
}

export function batchesOf(events: readonly RecordedEvent[], size: number): RecordedEvent[][] {
  const out: RecordedEvent[][] = [];
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size));
  return out;
}

/** `events` applied to `rm` from position 0 in batches of `size`; the position reached. */
export function applyInBatches(rm: ReadModelFile, events: readonly RecordedEvent[], size: number): bigint {
  let position = 0n;
  for (const batch of batchesOf(events, size)) position = rm.applyBatch(batch, position);
  return position;
}

/** The digest of the rows `definition` makes of `events` in one replay, into `dir`/`name`.sqlite. */
export function replayedSha256(definition: ProjectionDefinition, events: Iterable<RecordedEvent>, dir: string, name = 'replay'): string {
  return replayToDigest(definition, events, path.join(dir, `${name}.sqlite`), 1000).sha256;
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
