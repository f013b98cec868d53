/**
 * Runs `work` over every item with at most `limit` running at once, results in item
 * order. The generator's lanes: commands on different streams in flight together let
 * the store's group commit share one fsync between them.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Like mapBounded over items drawn one at a time from `items` (in its order) and nothing
 * kept: a province's class plans are made as lanes free up, so only those in flight are
 * held, not a plan (with its people) for every class of the run.
 */
export async function forEachBounded<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const source = items[Symbol.iterator]();
  let done = false;
  const worker = async () => {
    while (!done) {
      const next = source.next();
      if (next.done === true) {
        done = true;
        return;
      }
      await work(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}
