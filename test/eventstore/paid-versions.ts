import { z } from 'zod';
import { EventRegistry } from '../../src/eventstore/registry.ts';

/**
 * A type with two versions for the validating store's read tests: `Paid` v1 in yuan, v2 (the
 * current one) in fen, and the upcaster between them. v1 data that is not a number of yuan
 * fails the upcast's validation.
 */
export const PaidV1 = z.object({ amountYuan: z.number() }).strict();
export const PaidV2 = z.object({ amountFen: z.number().int() }).strict();

export function paidRegistry(): EventRegistry {
  return new EventRegistry()
    .register('Paid', 1, PaidV1)
    .register('Paid', 2, PaidV2)
    .registerUpcaster('Paid', 1, (d: z.output<typeof PaidV1>) => ({ amountFen: Math.round(d.amountYuan * 100) }));
}
