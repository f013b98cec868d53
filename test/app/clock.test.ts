import t from 'tap';
import { fixedClock, shanghaiDate, toShanghaiIso } from '../../src/app/clock.ts';

t.test('Shanghai time is UTC+8 with the offset written out', async (t) => {
  const ms = Date.parse('2026-02-16T17:30:00.000Z');
  t.equal(toShanghaiIso(ms), '2026-02-17T01:30:00.000+08:00');
  t.equal(Date.parse(toShanghaiIso(ms)), ms, 'the same instant');
  t.equal(shanghaiDate(ms), '2026-02-17', 'after 16:00 UTC it is already the next day in Shanghai');
  t.equal(shanghaiDate(Date.parse('2026-02-16T15:59:59.999Z')), '2026-02-16');
});

t.test('a fixed clock steps as told', async (t) => {
  const c = fixedClock(1000, 5);
  t.same([c.nowMs(), c.nowMs(), c.nowMs()], [1000, 1005, 1010]);
});
