import { buildEventRegistry } from '../../../src/app/event-registry.ts';
import { fold, isRejection, type Decider, type DomainEvent } from '../../../src/domain/decider.ts';
import type { RecordedEvent } from '../../../src/eventstore/port.ts';

/**
 * An in-memory log for read-model tests: commands go through the real deciders, and each
 * event through the application's event registry (as the store would), so the ledger is
 * tested on events the domain can actually produce.
 */
export class TestLog {
  readonly events: RecordedEvent[] = [];
  readonly #registry = buildEventRegistry();
  readonly #streams = new Map<string, DomainEvent[]>();

  /** Decides `command` on `stream` and appends the result; throws on a rejection. */
  run<C, S, E extends DomainEvent>(stream: string, decider: Decider<C, S, E>, command: C): E[] {
    const past = (this.#streams.get(stream) ?? []) as E[];
    const decision = decider.decide(command, fold(decider, past));
    if (isRejection(decision)) throw new Error(`${stream}: ${decision.code} (${decision.field ?? ''}) ${decision.message}`);
    for (const e of decision) this.append(stream, e);
    return [...decision];
  }

  /** Appends an event as is (for streams whose deciders the test does not drive). */
  append(stream: string, event: DomainEvent): void {
    const past = this.#streams.get(stream) ?? [];
    const position = BigInt(this.events.length + 1);
    const metadata = { actor: { id: 'test', role: 'inspector' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-01-05T09:00:00+08:00' };
    const id = `0190f000-0000-7000-8000-${String(position).padStart(12, '0')}`;
    const valid = this.#registry.validateForAppend({ id, type: event.type, schemaVersion: 1, data: event.data, metadata });
    this.events.push({ ...valid, stream, revision: BigInt(past.length), position, recordedAt: `2026-01-05T01:00:00.${String(position).padStart(3, '0').slice(-3)}Z` });
    this.#streams.set(stream, [...past, event]);
  }
}
