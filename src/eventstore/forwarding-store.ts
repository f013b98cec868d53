import type { EventStore } from './port.ts';

/**
 * Every method of the port, each marked as the port declares it. The compiler holds this
 * list to the port (a method added there and not here, or the reverse, fails the type
 * check); once it is listed here, every wrapper built on forwardingStore forwards it, with
 * no edit of the wrappers: none silently lacks a method the port gained.
 */
type PortMethodKinds = { readonly [K in keyof EventStore]-?: {} extends Pick<EventStore, K> ? 'optional' : 'required' };

export const EVENT_STORE_METHODS: PortMethodKinds = {
  append: 'required',
  readStream: 'required',
  streamRevision: 'required',
  readAll: 'required',
  readAllText: 'optional',
  readAllLeafHashes: 'optional',
  subscribeAll: 'required',
  subscribeAllLeafHashes: 'optional',
  headPosition: 'required',
  close: 'required',
};

const NAMES = Object.keys(EVENT_STORE_METHODS) as (keyof EventStore)[];

type AnyMethod = (this: EventStore, ...args: never[]) => unknown;

/**
 * A store that is `inner` except for `overrides`: each port method not overridden is the
 * inner store's own, bound to it (class-based stores keep their `this`). An optional method
 * the inner store lacks, and that is not overridden, stays absent, so readers that test for
 * it (leafSource) see what the inner store offers. Members of the inner store
 * outside the port are not carried: the result is an EventStore, nothing more.
 *
 * Plain bound functions, not a Proxy: append and the reads are on the command path.
 */
export function forwardingStore(inner: EventStore, overrides: Partial<EventStore>): EventStore {
  const store: Partial<Record<keyof EventStore, unknown>> = {};
  for (const name of NAMES) {
    const own = overrides[name];
    if (own !== undefined) {
      store[name] = own;
      continue;
    }
    const method = inner[name] as AnyMethod | undefined;
    if (typeof method === 'function') store[name] = method.bind(inner);
  }
  return store as EventStore;
}
