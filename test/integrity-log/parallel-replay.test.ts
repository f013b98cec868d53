import t from 'tap';
import { shareDigests, upcastOnMainThread } from '../../src/integrity-log/parallel-replay.ts';

const f = (name: string, bytes: number) => ({ name, file: `/tmp/${name}`, bytes });

t.test('digests are shared between this thread and the lanes, each lane only its own files, by bytes', async (t) => {
  const { here, there } = shareDigests([[f('a', 100), f('b', 60), f('c', 50), f('d', 5)]]);
  t.same(here.map((x) => x.name), ['a', 'd'], 'the largest here, then to the lighter side');
  t.same(there.map((l) => l.map((x) => x.name)), [['b', 'c']]);
  const two = shareDigests([[f('a', 10)], [f('b', 30), f('c', 20)]]);
  t.same(two.here.map((x) => x.name), ['b']);
  t.same(two.there.map((l) => l.map((x) => x.name)), [['a'], ['c']], 'every file digested once, by its own lane or here');
  t.same(shareDigests([[], []]), { here: [], there: [[], []] });
});

t.test('every other line is upcast on the main thread', async (t) => {
  t.same([0, 1, 2, 3].map(upcastOnMainThread), [true, false, true, false]);
});
