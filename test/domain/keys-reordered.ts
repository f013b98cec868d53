/**
 * A JSON value with every object's keys in sorted order: how an event's data comes back from
 * the store (canonical JSON), which need not be the order its command built it in.
 */
export function withKeysSorted<T>(value: T): T {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return sort(value) as T;
}
