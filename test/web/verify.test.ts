/**
 * The console's in-browser verifiers (web/src/verify, WebCrypto) run here on Node's own
 * WebCrypto: they must agree with the server's verifiers on the transparency-dev inclusion
 * vectors and on checkpoints signed by src/integrity.
 */
import t from 'tap';
import { signCheckpoint } from '../../src/integrity/checkpoint.ts';
import { generateSignerKey, parseSignerKey } from '../../src/integrity/note-keys.ts';
import { parseVerifierKey, verifyCheckpoint } from '../../web/src/verify/checkpoint.ts';
import { verifyInclusion } from '../../web/src/verify/inclusion.ts';
import { inclusionVectors } from '../integrity/merkle-vectors.ts';

t.test('inclusion: the transparency-dev vectors, happy paths verify and every named failure is refused', async (t) => {
  const vectors = inclusionVectors();
  t.ok(vectors.length >= 80, `${vectors.length} vectors`);
  for (const v of vectors) {
    const run = verifyInclusion(v.leafIdx, v.treeSize, new Uint8Array(v.leafHash), v.proof.map((p) => new Uint8Array(p)), new Uint8Array(v.root));
    if (v.wantErr) await t.rejects(run, v.name);
    else await t.resolves(run, v.name);
  }
});

/** Signer keys until one whose verifier key's base64 holds a '+' (the bug a '+'-split had). */
function signerWithPlusInKey(): ReturnType<typeof parseSignerKey> {
  for (let i = 0; i < 200; i++) {
    const signer = parseSignerKey(generateSignerKey('taizhang.test/log'));
    if (signer.verifierKey.split('+').length > 3) return signer;
  }
  throw new Error('no key with a + in 200 tries');
}

t.test('checkpoint: a note signed by src/integrity verifies; altered text, another key or no signature do not', async (t) => {
  const signer = signerWithPlusInKey();
  const root = new Uint8Array(32).fill(7);
  const note = signCheckpoint({ origin: 'taizhang.test/log', treeSize: 42, rootHash: root, extensions: [] }, signer);
  const key = await parseVerifierKey(signer.verifierKey);
  const checkpoint = await verifyCheckpoint(note, key);
  t.equal(checkpoint.treeSize, 42);
  t.same([...checkpoint.root], [...root]);
  t.equal(checkpoint.origin, 'taizhang.test/log');
  await t.rejects(verifyCheckpoint(note.replace('\n42\n', '\n43\n'), key), /does not verify/, 'another tree size');
  const other = await parseVerifierKey(parseSignerKey(generateSignerKey('taizhang.test/log')).verifierKey);
  await t.rejects(verifyCheckpoint(note, other), /no signature/, 'another key of the same name');
  await t.rejects(verifyCheckpoint(note.slice(0, note.indexOf('\n\n') + 2), key), /no signature/, 'signatures removed');
  const [name, id, material] = [signer.verifierKey.split('+')[0], signer.verifierKey.split('+')[1], signer.verifierKey.split('+').slice(2).join('+')];
  await t.rejects(parseVerifierKey(`${name}+00000000+${material}`), /key id does not match/, 'a key id not of the key');
  t.ok(id, 'the key has an id');
});
