import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { defineProjection, folderOf } from '../../src/projections/definition.ts';

/**
 * event-stats: counts and first/last position per event type and per stream category.
 * Feeds /metrics, and is the runtime's own test subject: it handles every event.
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
    // Events arrive in position order, so a conflict only ever moves the `last_` columns.
    const byType = db.prepare(`INSERT INTO event_type_stats VALUES (?, 1, ?, ?, ?, ?)
      ON CONFLICT (event_type) DO UPDATE SET
        event_count = event_count + 1, last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`);
    const byCategory = db.prepare(`INSERT INTO stream_category_stats VALUES (?, 1, ?, ?, ?, ?, ?)
      ON CONFLICT (category) DO UPDATE SET
        event_count = event_count + 1, stream_count = stream_count + excluded.stream_count,
        last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`);
    return (event: RecordedEvent) => {
      const { position, recordedAt } = event;
      byType.run(event.type, position, position, recordedAt, recordedAt);
      byCategory.run(streamCategory(event.stream), event.revision === 0n ? 1 : 0, position, position, recordedAt, recordedAt);
    };
  },
});

/** The part of a stream name before its first hyphen; the whole name when it has none. */
export function streamCategory(stream: string): string {
  const hyphen = stream.indexOf('-');
  return hyphen < 0 ? stream : stream.slice(0, hyphen);
}
