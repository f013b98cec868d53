import t from 'tap';
import path from 'node:path';
import { eventStats, streamCategory } from '../../projections/event-stats/projection.ts';
import { eventTypeStats, streamCategoryStats, totalEvents } from '../../projections/event-stats/queries.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';

function build(dir: string, events: RecordedEvent[]) {
  const file = path.join(dir, 'stats.sqlite');
  replayToDigest(eventStats, events, file, 100);
  const db = openReader(file);
  try {
    return { types: eventTypeStats(db), categories: streamCategoryStats(db), total: totalEvents(db) };
  } finally {
    db.close();
  }
}

function event(position: number, stream: string, revision: number, type: string): RecordedEvent {
  return {
    id: `0190f000-0000-7000-8000-${String(position).padStart(12, '0')}`,
    stream,
    revision: BigInt(revision),
    position: BigInt(position),
    type,
    schemaVersion: 1,
    data: {},
    metadata: { actor: { id: 'u', role: 'finance' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-01-05T09:00:00+08:00' },
    recordedAt: `2026-01-05T01:00:0${position}.000Z`,
  };
}

t.test('counts, streams and first/last per type and category, worked by hand', async (t) => {
  const s = build(t.testdir(), [
    event(1, 'fund-a', 0, 'FundOpened'),
    event(2, 'fund-a', 1, 'FundAllocated'),
    event(3, 'fund-b', 0, 'FundOpened'),
    event(4, 'application-x-1', 0, 'ApplicationSubmitted'),
    event(5, 'fund-a', 2, 'FundAllocated'),
  ]);
  t.equal(s.total, 5);
  t.same(s.types, [
    { eventType: 'ApplicationSubmitted', eventCount: 1, firstPosition: 4n, lastPosition: 4n, firstRecordedAt: '2026-01-05T01:00:04.000Z', lastRecordedAt: '2026-01-05T01:00:04.000Z' },
    { eventType: 'FundAllocated', eventCount: 2, firstPosition: 2n, lastPosition: 5n, firstRecordedAt: '2026-01-05T01:00:02.000Z', lastRecordedAt: '2026-01-05T01:00:05.000Z' },
    { eventType: 'FundOpened', eventCount: 2, firstPosition: 1n, lastPosition: 3n, firstRecordedAt: '2026-01-05T01:00:01.000Z', lastRecordedAt: '2026-01-05T01:00:03.000Z' },
  ]);
  t.same(s.categories, [
    { category: 'application', eventCount: 1, streamCount: 1, firstPosition: 4n, lastPosition: 4n, firstRecordedAt: '2026-01-05T01:00:04.000Z', lastRecordedAt: '2026-01-05T01:00:04.000Z' },
    { category: 'fund', eventCount: 4, streamCount: 2, firstPosition: 1n, lastPosition: 5n, firstRecordedAt: '2026-01-05T01:00:01.000Z', lastRecordedAt: '2026-01-05T01:00:05.000Z' },
  ]);
});

t.test('the stream category is the name before the first hyphen', async (t) => {
  t.equal(streamCategory('application-x-1'), 'application');
  t.equal(streamCategory('fund-a'), 'fund');
  t.equal(streamCategory('nohyphen'), 'nohyphen');
});

t.test('agrees with a naive count over 5000 synthetic events', async (t) => {
  const events = syntheticRecorded(5000, 3);
  const s = build(t.testdir(), events);
  const types = new Map<string, { n: number; first: bigint; last: bigint }>();
  const categories = new Map<string, { n: number; streams: Set<string>; first: bigint; last: bigint }>();
  for (const e of events) {
    const ty = types.get(e.type) ?? { n: 0, first: e.position, last: e.position };
    types.set(e.type, { n: ty.n + 1, first: ty.first, last: e.position });
    const category = e.stream.split('-')[0]!;
    const c = categories.get(category) ?? { n: 0, streams: new Set<string>(), first: e.position, last: e.position };
    c.streams.add(e.stream);
    categories.set(category, { n: c.n + 1, streams: c.streams, first: c.first, last: e.position });
  }
  t.equal(s.total, 5000);
  t.same(
    s.types.map((r) => [r.eventType, r.eventCount, r.firstPosition, r.lastPosition]),
    [...types].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, v]) => [type, v.n, v.first, v.last]),
  );
  t.same(
    s.categories.map((r) => [r.category, r.eventCount, r.streamCount, r.firstPosition, r.lastPosition]),
    [...categories].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, v]) => [c, v.n, v.streams.size, v.first, v.last]),
  );
});
