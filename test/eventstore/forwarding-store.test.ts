import t, { type Test } from 'tap';
import { EVENT_STORE_METHODS, forwardingStore } from '../../src/eventstore/forwarding-store.ts';
import type { EventStore } from '../../src/eventstore/port.ts';
import { EventRegistry } from '../../src/eventstore/registry.ts';
import { withRegistry } from '../../src/eventstore/validating-store.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { withAppendMetrics } from '../../src/http/metrics-store.ts';
import { leafSource } from '../../src/integrity-log/leaf-source.ts';

/*
 * The wrappers of the EventStore port forward every port method they do not replace,
 * optional ones included, and leave an optional method absent where the inner store has
 * none. The port's methods, required and optional, come from EVENT_STORE_METHODS, which the
 * compiler holds to the port: a method the port gains is checked here without an edit.
 */

type Name = keyof EventStore;

const ALL = Object.keys(EVENT_STORE_METHODS) as Name[];
const REQUIRED = ALL.filter((name) => EVENT_STORE_METHODS[name] === 'required');
const OPTIONAL = ALL.filter((name) => EVENT_STORE_METHODS[name] === 'optional');

interface Call {
  name: Name;
  self: unknown;
  args: unknown[];
}

/** A store whose methods (on its prototype, as a class's are) record each call and answer `{ answer: name }`. */
function recordingStore(names: readonly Name[]): { store: EventStore; calls: Call[]; answers: Map<Name, object> } {
  const calls: Call[] = [];
  const answers = new Map<Name, object>();
  const proto: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of names) {
    const answer = { answer: name };
    answers.set(name, answer);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      calls.push({ name, self: this, args });
      return answer;
    };
  }
  return { store: Object.create(proto) as EventStore, calls, answers };
}

function checkForwarded(t: Test, wrapped: EventStore, inner: ReturnType<typeof recordingStore>, names: readonly Name[]): void {
  for (const name of names) {
    const method = wrapped[name] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof method !== 'function') {
      t.fail(`${name}: not forwarded`);
      continue;
    }
    const args = [Symbol(name), { page: 2 }];
    const before = inner.calls.length;
    const answer = method.apply(wrapped, args);
    t.equal(answer, inner.answers.get(name), `${name}: the inner store's answer`);
    const calls = inner.calls.slice(before);
    t.equal(calls.length, 1, `${name}: one call of the inner store's ${name}`);
    t.equal(calls[0]?.self, inner.store, `${name}: called on the inner store`);
    t.strictSame(calls[0]?.args, args, `${name}: with the same arguments`);
  }
}

const except = (...replaced: Name[]) => ALL.filter((name) => !replaced.includes(name));

const wrappers: { name: string; wrap: (store: EventStore) => EventStore; replaces: Name[] }[] = [
  { name: 'forwardingStore with no overrides', wrap: (store) => forwardingStore(store, {}), replaces: [] },
  { name: 'withAppendMetrics', wrap: (store) => withAppendMetrics(store, createMetrics({ processMetrics: false })), replaces: ['append'] },
  { name: 'withRegistry', wrap: (store) => withRegistry(store, new EventRegistry()), replaces: ['append', 'readStream', 'readAll', 'subscribeAll'] },
  { name: 'leafSource', wrap: (store) => leafSource(store), replaces: ['readAll', 'subscribeAll'] },
];

for (const wrapper of wrappers) {
  t.test(`${wrapper.name}: every port method it does not replace is the inner store's, optional ones included`, async (t) => {
    const inner = recordingStore(ALL);
    const wrapped = wrapper.wrap(inner.store);
    t.not(wrapped, inner.store, 'a wrapper, not the store itself');
    checkForwarded(t, wrapped, inner, except(...wrapper.replaces));
    for (const name of wrapper.replaces) t.type(wrapped[name], 'function', `${name}: its own`);
  });
}

for (const wrapper of wrappers.filter((w) => w.name !== 'leafSource')) {
  t.test(`${wrapper.name}: an optional method the inner store lacks stays absent`, async (t) => {
    const inner = recordingStore(REQUIRED);
    const wrapped = wrapper.wrap(inner.store);
    for (const name of OPTIONAL) t.notOk(name in wrapped, `${name}: absent`);
    checkForwarded(t, wrapped, inner, except(...wrapper.replaces).filter((name) => EVENT_STORE_METHODS[name] === 'required'));
  });
}

t.test('leafSource over a store with stored text only: the text is forwarded, the leaf-hash methods stay absent', async (t) => {
  const inner = recordingStore([...REQUIRED, 'readAllText']);
  const wrapped = leafSource(inner.store);
  t.not(wrapped, inner.store);
  t.notOk('readAllLeafHashes' in wrapped, 'readAllLeafHashes: absent');
  t.notOk('subscribeAllLeafHashes' in wrapped, 'subscribeAllLeafHashes: absent');
  checkForwarded(t, wrapped, inner, [...except('readAll', 'subscribeAll').filter((name) => EVENT_STORE_METHODS[name] === 'required'), 'readAllText']);
});

t.test('forwardingStore: an override replaces that method alone', async (t) => {
  const inner = recordingStore(ALL);
  const wrapped = forwardingStore(inner.store, { headPosition: async () => 7n, readAllText: async () => [] });
  t.equal(await wrapped.headPosition(), 7n);
  t.same(await wrapped.readAllText!(), []);
  t.same(inner.calls, [], 'the inner store was not asked');
  checkForwarded(t, wrapped, inner, except('headPosition', 'readAllText'));
});

t.test('forwardingStore: an override of an optional method is kept where the inner store lacks it', async (t) => {
  const inner = recordingStore(REQUIRED);
  const wrapped = forwardingStore(inner.store, { readAllText: async () => [] });
  t.type(wrapped.readAllText, 'function');
  t.notOk('readAllLeafHashes' in wrapped);
});
