import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';

export interface EventTypeStats {
  eventType: string;
  eventCount: number;
  firstPosition: bigint;
  lastPosition: bigint;
  firstRecordedAt: string;
  lastRecordedAt: string;
}

export interface StreamCategoryStats {
  category: string;
  eventCount: number;
  streamCount: number;
  firstPosition: bigint;
  lastPosition: bigint;
  firstRecordedAt: string;
  lastRecordedAt: string;
}

/** Per event type, by type name. */
export function eventTypeStats(db: SqliteDatabase): EventTypeStats[] {
  const rows = db.prepare('SELECT * FROM event_type_stats ORDER BY event_type').safeIntegers(true).all() as Record<string, bigint | string>[];
  return rows.map((r) => ({
    eventType: String(r.event_type),
    eventCount: Number(r.event_count),
    firstPosition: BigInt(r.first_position!),
    lastPosition: BigInt(r.last_position!),
    firstRecordedAt: String(r.first_recorded_at),
    lastRecordedAt: String(r.last_recorded_at),
  }));
}

/** Per stream category, by category name. */
export function streamCategoryStats(db: SqliteDatabase): StreamCategoryStats[] {
  const rows = db.prepare('SELECT * FROM stream_category_stats ORDER BY category').safeIntegers(true).all() as Record<string, bigint | string>[];
  return rows.map((r) => ({
    category: String(r.category),
    eventCount: Number(r.event_count),
    streamCount: Number(r.stream_count),
    firstPosition: BigInt(r.first_position!),
    lastPosition: BigInt(r.last_position!),
    firstRecordedAt: String(r.first_recorded_at),
    lastRecordedAt: String(r.last_recorded_at),
  }));
}

/** Events in the log as far as this read model has seen them. */
export function totalEvents(db: SqliteDatabase): number {
  return Number(db.prepare('SELECT coalesce(sum(event_count), 0) FROM event_type_stats').pluck().get());
}
