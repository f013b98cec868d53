import t from 'tap';
import { validateAppend } from '../../src/eventstore/append-validation.ts';
import type { AppendRequest } from '../../src/eventstore/sqlite/group-commit.ts';
import { decodeGroup, encodeGroup } from '../../src/eventstore/sqlite/group-wire.ts';
import { event, newStream } from './contract.ts';

t.test('a group survives the flat wire format exactly, expected revisions of every kind included', async (t) => {
  const request = (expected: AppendRequest['expected'], n: number): AppendRequest => {
    const stream = newStream();
    return { stream, expected, events: validateAppend(stream, Array.from({ length: n }, () => event({ data: { s: '台账 ✅ 𠮷', n } })), expected) };
  };
  const group = [request('no_stream', 1), request(12_345_678_901_234n, 3), request('any', 2), request('stream_exists', 1)];
  const wire = encodeGroup(group);
  t.ok(wire.every((v) => typeof v !== 'object'), 'only primitives');
  t.same(decodeGroup(structuredClone(wire)), group);
  t.same(decodeGroup(encodeGroup([])), []);
  t.throws(() => decodeGroup([...wire, 'extra']), /left over/);
});
