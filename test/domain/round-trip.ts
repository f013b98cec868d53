import { EventRegistry, type EventSchemas } from '../../src/eventstore/registry.ts';
import type { DomainEvent } from '../../src/domain/decider.ts';

/** The data an event would be stored with: what its schema outputs on append. */
export function storedData(schemas: EventSchemas, e: DomainEvent): unknown {
  const registry = new EventRegistry().registerAll(schemas);
  return registry.validateForAppend({
    id: '00000000-0000-7000-8000-000000000000',
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: { actor: { id: 'a', role: 'r' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2025-01-01T00:00:00+08:00' },
  }).data;
}
