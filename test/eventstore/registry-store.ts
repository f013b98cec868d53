import path from 'node:path';
import type { Test } from 'tap';
import type { EventStore } from '../../src/eventstore/port.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';

/**
 * The inner store for the registry tests: the real embedded store, a file of its own per
 * call in the test's directory. The decorator must behave the same over any adapter;
 * SQLite is the one every machine can run.
 */
let opened = 0;
export async function makeTestStore(t: Test): Promise<EventStore> {
  opened += 1;
  const store = await openSqliteStore({ file: path.join(t.testdir(), `registry-${opened}.sqlite`) });
  t.teardown(() => store.close());
  return store;
}
