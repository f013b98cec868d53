import { readFileSync } from 'node:fs';
import t from 'tap';
import { hashLeaf } from '../../src/integrity/hasher.ts';
import { MemoryNodeStore } from '../../src/integrity/memory-node-store.ts';
import { MerkleTree } from '../../src/integrity/merkle-tree.ts';
import { signNextCheckpoint } from '../../src/integrity/next-checkpoint.ts';
import { NoteSigner } from '../../src/integrity/note-keys.ts';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from '../../src/integrity/tlog-proof.ts';
import { leafHashes } from './leaves.ts';

const examples = JSON.parse(readFileSync(new URL('./vectors/note/c2sp-examples.json', import.meta.url), 'utf8')) as { tlogProof: string };
const signer = new NoteSigner('taizhang.example/ledger', Buffer.alloc(32, 9));
const verifier = signer.verifier();
const leaves = leafHashes(100);
const tree = new MerkleTree(new MemoryNodeStore());
tree.appendLeafHashes(leaves);
const { note } = signNextCheckpoint(tree, signer, undefined);

t.test('the C2SP tlog-proof example parses', async (t) => {
  const parsed = parseTlogProof(examples.tlogProof);
  t.equal(parsed.index, 73_894);
  t.equal(parsed.proof.length, 5);
  t.equal(Buffer.from(parsed.extra ?? []).toString('utf8').startsWith('age-v1.2.1-darwin-arm64.tar.gz'), true);
  t.match(parsed.checkpoint, /^example\.com\/fancylog\n109482\n/);
  t.equal(formatTlogProof(parsed), examples.tlogProof, 'and formats back to the same text');
});

t.test('a proof for leaf 37 of 100 verifies offline with only the verifier key', async (t) => {
  const text = formatTlogProof({ index: 37, proof: tree.inclusionProof(37, 100), checkpoint: note });
  t.match(text, /^c2sp\.org\/tlog-proof@v1\nindex 37\n(?:[A-Za-z0-9+/]{43}=\n){7}\ntaizhang\.example\/ledger\n100\n/);
  const verified = verifyTlogProof(text, leaves[37] as Uint8Array, verifier);
  t.equal(verified.index, 37);
  t.equal(verified.checkpoint.treeSize, 100);
  const withExtra = formatTlogProof({ extra: Buffer.from('event 0190-…'), index: 37, proof: tree.inclusionProof(37, 100), checkpoint: note });
  t.same(Buffer.from(verifyTlogProof(withExtra, leaves[37] as Uint8Array, verifier).extra ?? []), Buffer.from('event 0190-…'));
});

t.test('a proof is refused for another entry, another key, a tampered checkpoint or an index beyond it', async (t) => {
  const text = formatTlogProof({ index: 37, proof: tree.inclusionProof(37, 100), checkpoint: note });
  t.throws(() => verifyTlogProof(text, leaves[38] as Uint8Array, verifier), { code: 'integrity.inclusion_invalid', reason: 'root_mismatch' });
  t.throws(() => verifyTlogProof(text, hashLeaf(Buffer.from('forged')), verifier), { code: 'integrity.inclusion_invalid' });
  t.throws(() => verifyTlogProof(text, leaves[37] as Uint8Array, new NoteSigner('taizhang.example/ledger', Buffer.alloc(32, 8)).verifier()), { code: 'integrity.note_unverified' });
  t.throws(() => verifyTlogProof(text.replace('\n100\n', '\n101\n'), leaves[37] as Uint8Array, verifier), { code: 'integrity.note_signature_invalid' });
  const beyond = formatTlogProof({ index: 100, proof: [], checkpoint: note });
  t.throws(() => verifyTlogProof(beyond, leaves[0] as Uint8Array, verifier), { code: 'integrity.inclusion_invalid', reason: 'index_out_of_range' });
});

t.test('malformed proofs are refused, naming the line', async (t) => {
  const good = formatTlogProof({ index: 3, proof: tree.inclusionProof(3, 100), checkpoint: note });
  const lines = good.split('\n');
  const cases: Array<[string, string, number]> = [
    ['another header', good.replace('tlog-proof@v1', 'tlog-proof@v2'), 1],
    ['leading zero index', good.replace('index 3', 'index 03'), 2],
    ['no index', good.replace('index 3\n', ''), 2],
    ['bad extra', good.replace('index 3', 'extra ***\nindex 3'), 2],
    ['a short hash', good.replace(lines[2] ?? '', Buffer.alloc(31).toString('base64')), 3],
    ['no checkpoint', `${lines.slice(0, 9).join('\n')}\n\n`, 11],
    ['no empty line', lines.slice(0, 9).join('\n'), 10],
  ];
  for (const [what, text, line] of cases) t.throws(() => parseTlogProof(text), { code: 'integrity.tlog_proof_malformed', line }, what);
});
