import type { z } from 'zod';
import type { CommandResponseSchema } from '../command-route.ts';

type CommandResponse = z.infer<typeof CommandResponseSchema>;

/**
 * JSON of a command's answer written field by field, for the serializer compiler: the
 * same text as encoding it through CommandResponseSchema and JSON.stringify, at a fraction
 * of the cost (the schema walk was the dearest part of answering a command after the
 * command itself). Only the schema's fields are written, in its order; undefined when the
 * value is not of the schema's shape, and the caller then falls back to the schema, which
 * refuses it as before.
 */
export function serializeCommandResponse(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const body = value as Partial<CommandResponse>;
  const { position, events, replayed, result } = body;
  if (!(position === null || typeof position === 'string') || !Array.isArray(events) || typeof replayed !== 'boolean') return undefined;
  let eventsJson = '';
  for (const e of events as unknown[]) {
    if (typeof e !== 'object' || e === null) return undefined;
    const { stream, id } = e as { stream?: unknown; id?: unknown };
    if (typeof stream !== 'string' || typeof id !== 'string') return undefined;
    eventsJson += `${eventsJson === '' ? '' : ','}{"stream":${JSON.stringify(stream)},"id":${JSON.stringify(id)}}`;
  }
  let json = `{"position":${JSON.stringify(position)},"events":[${eventsJson}],"replayed":${replayed}`;
  if (result !== undefined) {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
    // The schema's record drops an own `__proto__` key (it assigns keys); JSON.stringify would write it.
    if (Object.hasOwn(result, '__proto__')) return undefined;
    for (const v of Object.values(result)) {
      if (!(v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) return undefined;
    }
    json += `,"result":${JSON.stringify(result)}`;
  }
  return `${json}}`;
}
