import t from 'tap';
import { CommandRejectedError } from '../../src/app/run-command.ts';
import { reject } from '../../src/domain/decider.ts';
import { FraudTally } from '../../src/generator/fraud-tally.ts';
import { forEachBounded, mapBounded } from '../../src/generator/lanes.ts';

t.test('each attempt ends refused (by code), flagged or missed; a crash is no answer', async (t) => {
  const tally = new FraudTally();
  const refused = await tally.attempt('duplicate_claim', () => Promise.reject(new CommandRejectedError(reject('entitlement.certificate_already_claimed', 'claimed'))));
  t.same(refused, { refused: true, code: 'entitlement.certificate_already_claimed' });
  await tally.attempt('duplicate_claim', async () => 'accepted', () => true);
  await tally.attempt('duplicate_claim', async () => 'accepted');
  await t.rejects(tally.attempt('duplicate_claim', () => Promise.reject(new Error('disk full'))), /disk full/);
  t.same(tally.counts.duplicate_claim, { attempted: 4, refused: 1, flagged: 1, missed: 1, codes: { 'entitlement.certificate_already_claimed': 1 } });
  t.equal(tally.counts.hours_short.attempted, 0, 'kinds are counted apart');
});

t.test('mapBounded keeps item order and never runs more than the limit at once', async (t) => {
  let running = 0;
  let peak = 0;
  const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
    running += 1;
    peak = Math.max(peak, running);
    for (let i = 0; i < n; i++) await Promise.resolve();
    running -= 1;
    return n * 10;
  });
  t.same(out, [50, 10, 40, 20, 30]);
  t.equal(peak, 2);
});

t.test('forEachBounded draws items in order, only as lanes free up, never more than the limit at once', async (t) => {
  let running = 0;
  let peak = 0;
  let drawn = 0;
  function* items(): Generator<number> {
    for (const n of [5, 1, 4, 2, 3, 1]) {
      drawn += 1;
      t.ok(drawn - finished.length <= 2, `item ${drawn} drawn while ${drawn - 1 - finished.length} run`);
      yield n;
    }
  }
  const finished: number[] = [];
  const started: number[] = [];
  await forEachBounded(items(), 2, async (n) => {
    started.push(n);
    running += 1;
    peak = Math.max(peak, running);
    for (let i = 0; i < n; i++) await Promise.resolve();
    running -= 1;
    finished.push(n);
  });
  t.same(started, [5, 1, 4, 2, 3, 1], 'started in the order drawn');
  t.same([...finished].sort(), [1, 1, 2, 3, 4, 5], 'every item done once');
  t.equal(peak, 2);
});
