import t from 'tap';
import { StreamLocks } from '../../src/app/stream-locks.ts';

/** A unit of work that runs until `finish` is called, recording when it starts. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: async () => { log.push(`start ${name}`); await done; log.push(`end ${name}`); return name; }, finish: () => finish() };
}

t.test('commands on one stream run one at a time, in arrival order', async (t) => {
  const locks = new StreamLocks();
  const log: string[] = [];
  const gates = ['a', 'b', 'c'].map((n) => gate(log, n));
  const runs = gates.map((g) => locks.run('fund-1', g.work));
  await new Promise((resolve) => setImmediate(resolve));
  t.same(log, ['start a'], 'b and c wait while a runs');
  t.equal(locks.size, 1);
  gates[2]!.finish();
  gates[1]!.finish();
  await new Promise((resolve) => setImmediate(resolve));
  t.same(log, ['start a'], 'finishing the later ones early does not let them start first');
  gates[0]!.finish();
  t.same(await Promise.all(runs), ['a', 'b', 'c']);
  t.same(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  t.equal(locks.size, 0, 'no lock left behind');
});

t.test('other streams do not wait', async (t) => {
  const locks = new StreamLocks();
  const log: string[] = [];
  const a = gate(log, 'a');
  const b = gate(log, 'b');
  const runs = [locks.run('fund-1', a.work), locks.run('fund-2', b.work)];
  await new Promise((resolve) => setImmediate(resolve));
  t.same(log, ['start a', 'start b']);
  t.equal(locks.size, 2);
  a.finish();
  b.finish();
  await Promise.all(runs);
  t.equal(locks.size, 0);
});

t.test('a failing command hands the stream on and its caller gets the failure', async (t) => {
  const locks = new StreamLocks();
  const first = locks.run('fund-1', async () => {
    throw new Error('boom');
  });
  const second = locks.run('fund-1', async () => 'ran');
  await t.rejects(first, /boom/);
  t.equal(await second, 'ran');
  t.equal(locks.size, 0);
  t.equal(await locks.run('fund-1', async () => 'again'), 'again', 'the stream is free again');
});
