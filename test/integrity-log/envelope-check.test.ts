import fc from 'fast-check';
import t from 'tap';
import { EventEnvelopeSchema } from '../../src/eventstore/envelope.ts';
import { surelyValidEnvelope } from '../../src/integrity-log/envelope-check.ts';

const valid = {
  data: { amountFen: 120000, fundId: 'f-1' },
  id: '01943920-3694-7639-b172-7eb87007016d',
  metadata: {
    actor: { id: 'admin-1', role: 'admin' },
    causationId: '01943920-3680-7330-83af-1287fd2726fb',
    correlationId: '01943920-3680-7330-83af-1287fd2726fb',
    occurredAt: '2025-01-06T09:00:00.020+08:00',
    requestId: 'req-1',
  },
  recordedAt: '2025-01-06T01:00:00.020Z',
  revision: 0,
  schemaVersion: 1,
  stream: 'fund-360000',
  type: 'FundOpened',
};

/** The envelope with the value at `path` replaced (or removed when `to` is the `remove` marker). */
const remove = Symbol('remove');
function withValue(path: readonly string[], to: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (to === remove) delete node[last];
  else node[last] = to;
  return JSON.parse(JSON.stringify(copy));
}

t.test('the quick check says yes to a valid envelope, and zod agrees', async (t) => {
  t.ok(EventEnvelopeSchema.safeParse(valid).success);
  t.ok(surelyValidEnvelope(JSON.parse(JSON.stringify(valid))), 'quick path taken (the check is not vacuously false)');
});

t.test('every envelope the quick check accepts, zod accepts: one field at a time made odd', async (t) => {
  const paths = [['id'], ['stream'], ['revision'], ['type'], ['schemaVersion'], ['data'], ['recordedAt'], ['metadata'], ['metadata', 'actor'], ['metadata', 'actor', 'id'], ['metadata', 'actor', 'role'], ['metadata', 'correlationId'], ['metadata', 'causationId'], ['metadata', 'requestId'], ['metadata', 'occurredAt'], ['extra'], ['metadata', 'extra'], ['metadata', 'actor', 'extra']];
  const odd = fc.oneof(
    fc.constant(remove),
    fc.constant(''),
    fc.constant(null),
    fc.constant('x'.repeat(201)),
    fc.constantFrom(-1, 0, 1, 1.5, 2 ** 53, -0, 7),
    fc.constantFrom('Admin', 'a', '9z', 'finance_2', '2025-02-29T00:00:00Z', '2024-02-29T23:59:59.5+08:00', '2025-01-06T09:00:00', '2025-01-06 09:00:00Z'),
    fc.constantFrom('01943920-3694-7639-b172-7eb87007016d', '01943920-3694-4639-b172-7eb87007016d', '01943920-3694-7639-c172-7eb87007016d'),
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.double(),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
  );
  let accepted = 0;
  let refused = 0;
  fc.assert(
    fc.property(fc.constantFrom(...paths), odd, (path, to) => {
      const value = withValue(path, to);
      if (!surelyValidEnvelope(value)) {
        refused++;
        return true;
      }
      accepted++;
      return EventEnvelopeSchema.safeParse(value).success;
    }),
    { numRuns: 600, seed: 6 },
  );
  t.ok(accepted > 20 && refused > 20, `both answers seen (${accepted} quick yes, ${refused} asked zod)`);
});

t.test('what zod refuses, the quick check never accepts', async (t) => {
  const refusedByZod = [withValue(['id'], 'not-a-uuid'), withValue(['revision'], -1), withValue(['schemaVersion'], 0), withValue(['metadata', 'actor', 'role'], 'Admin'), withValue(['recordedAt'], '2025-01-06'), withValue(['extra'], 1), withValue(['metadata', 'requestId'], ''), withValue(['data'], remove)];
  for (const value of refusedByZod) {
    t.notOk(EventEnvelopeSchema.safeParse(value).success, 'zod refuses');
    t.notOk(surelyValidEnvelope(value), 'the quick check does not accept');
  }
});
