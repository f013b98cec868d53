import { readFileSync } from 'node:fs';
import t from 'tap';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint } from '../../src/integrity/checkpoint.ts';
import { NoteSigner } from '../../src/integrity/note-keys.ts';
import { parseNote, signNote } from '../../src/integrity/signed-note.ts';

const examples = JSON.parse(readFileSync(new URL('./vectors/note/c2sp-examples.json', import.meta.url), 'utf8')) as { checkpointNote: string };
const origin = 'taizhang.example/ledger';
const signer = new NoteSigner(origin, Buffer.alloc(32, 0x42));
const verifier = signer.verifier();
const checkpoint: Checkpoint = { origin, treeSize: 1_234_567, rootHash: Buffer.alloc(32, 0xab), extensions: [] };

t.test('the C2SP tlog-checkpoint example parses', async (t) => {
  const parsed = parseCheckpoint(parseNote(examples.checkpointNote).text);
  t.equal(parsed.origin, 'example.com/behind-the-sofa');
  t.equal(parsed.treeSize, 20_852_163);
  t.equal(Buffer.from(parsed.rootHash).toString('base64'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
  t.same(parsed.extensions, []);
});

t.test('the body is origin, decimal size and base64 root, one a line; extensions follow', async (t) => {
  t.equal(formatCheckpoint(checkpoint), `${origin}\n1234567\n${Buffer.alloc(32, 0xab).toString('base64')}\n`);
  const withExtensions = { ...checkpoint, extensions: ['time 2025-01-01T00:00:00+08:00', 'x'] };
  t.same(parseCheckpoint(formatCheckpoint(withExtensions)), withExtensions);
  t.same(parseCheckpoint(formatCheckpoint({ ...checkpoint, treeSize: 0 })).treeSize, 0);
});

t.test('malformed bodies are refused, naming the field', async (t) => {
  const root = Buffer.alloc(32, 1).toString('base64');
  const cases: Array<[string, string, string]> = [
    ['no final newline', `${origin}\n1\n${root}`, 'text'],
    ['two lines', `${origin}\n1\n`, 'text'],
    ['empty origin', `\n1\n${root}\n`, 'origin'],
    ['leading zero', `${origin}\n01\n${root}\n`, 'tree size'],
    ['sign', `${origin}\n+1\n${root}\n`, 'tree size'],
    ['exponent', `${origin}\n1e3\n${root}\n`, 'tree size'],
    ['beyond 2^53', `${origin}\n9007199254740993\n${root}\n`, 'tree size'],
    ['short root', `${origin}\n1\n${Buffer.alloc(31).toString('base64')}\n`, 'root hash'],
    ['url-safe base64 root', `${origin}\n1\n${Buffer.alloc(32, 0xfb).toString('base64url')}=\n`, 'root hash'],
    ['empty extension line', `${origin}\n1\n${root}\n\next\n`, 'extension line 1'],
  ];
  for (const [what, text, field] of cases) t.throws(() => parseCheckpoint(text), { code: 'integrity.checkpoint_malformed', field }, what);
  t.throws(() => formatCheckpoint({ ...checkpoint, rootHash: Buffer.alloc(31) }), { code: 'integrity.checkpoint_malformed', field: 'root hash' });
  t.throws(() => formatCheckpoint({ ...checkpoint, treeSize: -1 }), { code: 'integrity.checkpoint_malformed', field: 'tree size' });
  t.throws(() => formatCheckpoint({ ...checkpoint, extensions: [''] }), { code: 'integrity.checkpoint_malformed', field: 'extension line 1' });
});

t.test('signed by the log key, opened with its verifier key', async (t) => {
  const note = signCheckpoint(checkpoint, signer);
  t.match(note, new RegExp(`^${origin}\\n1234567\\n[^\\n]+\\n\\n\u2014 ${origin} [A-Za-z0-9+/]+=*\\n$`));
  const opened = openCheckpoint(note, verifier);
  t.same(opened.checkpoint, checkpoint);
  t.equal(opened.note.verified.length, 1);
});

t.test('a checkpoint from another key, a tampered one, or another log is refused', async (t) => {
  const note = signCheckpoint(checkpoint, signer);
  const otherKey = new NoteSigner(origin, Buffer.alloc(32, 0x43));
  t.throws(() => openCheckpoint(signCheckpoint(checkpoint, otherKey), verifier), { code: 'integrity.note_unverified' }, 'same name, another key');
  t.throws(() => openCheckpoint(note.replace('1234567', '1234568'), verifier), { code: 'integrity.note_signature_invalid' }, 'size changed');
  const otherLog = new NoteSigner('elsewhere.example/log', Buffer.alloc(32, 0x42));
  t.throws(() => signCheckpoint(checkpoint, otherLog), { code: 'integrity.checkpoint_origin', expected: origin, actual: 'elsewhere.example/log' });
  const misattributed = signNote(formatCheckpoint({ ...checkpoint, origin: 'elsewhere.example/log' }), [signer]);
  t.throws(() => openCheckpoint(misattributed, verifier), { code: 'integrity.checkpoint_origin', expected: origin });
  t.throws(() => openCheckpoint(signNote('not a checkpoint\n', [signer]), verifier), { code: 'integrity.checkpoint_malformed' });
});
