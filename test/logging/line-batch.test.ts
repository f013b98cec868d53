import t from 'tap';
import { LineBatch, type BlockSink } from '../../src/logging/line-batch.ts';

/** A stream that records the blocks it is given and how often it is flushed. */
function recordingSink(): BlockSink & { blocks: string[]; flushes: number } {
  return {
    blocks: [],
    flushes: 0,
    write(block: string) {
      this.blocks.push(block);
      return true;
    },
    flush(cb?: (err?: Error) => void) {
      this.flushes++;
      cb?.();
    },
    flushSync() {},
    on: () => undefined,
  };
}

t.test('lines are handed over as one block once blockChars have gathered, in order', async (t) => {
  const sink = recordingSink();
  const batch = new LineBatch(sink, 10);
  batch.write('aaaa\n');
  t.same(sink.blocks, [], 'below the block size nothing is handed over');
  t.equal(batch.pendingLines, 1);
  batch.write('bbbb\n');
  t.same(sink.blocks, ['aaaa\nbbbb\n'], 'at the block size the gathered lines go as one block');
  batch.write('cccccccccccc\n');
  t.same(sink.blocks, ['aaaa\nbbbb\n', 'cccccccccccc\n'], 'a line longer than a block goes at once, whole');
  t.equal(batch.pendingLines, 0);
});

t.test('flush hands over what has gathered, however little, and flushes the stream', async (t) => {
  const sink = recordingSink();
  const batch = new LineBatch(sink, 1000);
  batch.write('one\n');
  batch.write('two\n');
  let called = false;
  batch.flush(() => (called = true));
  t.same(sink.blocks, ['one\ntwo\n']);
  t.equal(sink.flushes, 1);
  t.ok(called, 'the callback is passed on');
  batch.flush();
  t.same(sink.blocks, ['one\ntwo\n'], 'nothing gathered, no empty block');
});
