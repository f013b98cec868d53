import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { defineProjection, folderOf } from '../../src/projections/definition.ts';

/**
 * event-stats: counts and first/last position per event type and per stream category.
 * Feeds /metrics, and is the runtime's own test subject: it handles every event.
 *
 * A batch is counted in memory and written once per key at its end (a log has a few
 * dozen types and categories, a batch a thousand events): one upsert per key and batch
 * instead of two per event.
 */
export const eventStats = defineProjection({
  name: 'event-stats',
  version: 1,
  eventTypes: '*',
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'event_type_stats', key: ['event_type'] },
    { table: 'stream_category_stats', key: ['category'] },
  ],
  prepare(db) {
    // On a conflict the row exists, so its first_ columns stay; counts add up and the
    // last_ columns move (events, and so batches, arrive in position order).
    const byType = db.prepare(`INSERT INTO event_type_stats VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (event_type) DO UPDATE SET
        event_count = event_count + excluded.event_count,
        last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`);
    const byCategory = db.prepare(`INSERT INTO stream_category_stats VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (category) DO UPDATE SET
        event_count = event_count + excluded.event_count, stream_count = stream_count + excluded.stream_count,
        last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`);
    const types = new Map<string, Tally>();
    const categories = new Map<string, Tally>();
    return {
      apply(event: RecordedEvent) {
        tally(types, event.type, event, 0);
        tally(categories, streamCategory(event.stream), event, event.revision === 0n ? 1 : 0);
      },
      flush() {
        for (const [type, t] of types) byType.run(type, t.events, t.firstPosition, t.lastPosition, t.firstRecordedAt, t.lastRecordedAt);
        for (const [category, t] of categories) {
          byCategory.run(category, t.events, t.streams, t.firstPosition, t.lastPosition, t.firstRecordedAt, t.lastRecordedAt);
        }
        types.clear();
        categories.clear();
      },
    };
  },
});

/** What one batch adds to one row. */
interface Tally {
  events: number;
  streams: number;
  firstPosition: bigint;
  firstRecordedAt: string;
  lastPosition: bigint;
  lastRecordedAt: string;
}

function tally(into: Map<string, Tally>, key: string, event: RecordedEvent, newStreams: number): void {
  const t = into.get(key);
  if (t === undefined) {
    const { position, recordedAt } = event;
    into.set(key, { events: 1, streams: newStreams, firstPosition: position, firstRecordedAt: recordedAt, lastPosition: position, lastRecordedAt: recordedAt });
    return;
  }
  t.events += 1;
  t.streams += newStreams;
  t.lastPosition = event.position;
  t.lastRecordedAt = event.recordedAt;
}

/** The part of a stream name before its first hyphen; the whole name when it has none. */
export function streamCategory(stream: string): string {
  const hyphen = stream.indexOf('-');
  return hyphen < 0 ? stream : stream.slice(0, hyphen);
}
