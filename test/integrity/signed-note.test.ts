import { inspect } from 'node:util';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ed25519KeyId, formatSignerKey, formatVerifierKey, generateSignerKey, keyIdHex, NoteSigner, parseSignerKey, parseVerifierKey } from '../../src/integrity/note-keys.ts';
import { NOTE_SIGNATURES_MAX, openNote, parseNote, signNote } from '../../src/integrity/signed-note.ts';

interface Vectors {
  goSumdb: {
    signerKey: string;
    verifierKey: string;
    otherVerifierKey: string;
    text: string;
    signedNote: string;
    otherSignatureLine: string;
    badVerifierKeys: string[];
  };
  c2spSignedNote: { verifierKey: string; signedNote: string };
}
const vectors = JSON.parse(readFileSync(new URL('./vectors/note/signed-note-vectors.json', import.meta.url), 'utf8')) as Vectors;
const go = vectors.goSumdb;
const peter = parseVerifierKey(go.verifierKey);
const enoch = parseVerifierKey(go.otherVerifierKey);
const peterSignature = go.signedNote.slice(go.text.length + 1);

t.test('golang.org/x/mod note vector: the known key, text and signature verify', async (t) => {
  t.equal(peter.name, 'PeterNeumann');
  t.equal(keyIdHex(peter.keyId), 'c74f20a3');
  t.equal(peter.verifierKey, go.verifierKey, 'the verifier key string round-trips');
  const opened = openNote(go.signedNote, [peter]);
  t.equal(opened.text, go.text);
  t.same(opened.verified.map((s) => s.name), ['PeterNeumann']);
  t.same(opened.unverified, []);
});

t.test('golang.org/x/mod note vector: our signer key parser and Ed25519 signing give Go\'s exact note', async (t) => {
  const signer = parseSignerKey(go.signerKey);
  t.equal(signer.keyId, peter.keyId);
  t.equal(signer.verifierKey, go.verifierKey, 'the signer derives the same verifier key');
  t.equal(signNote(go.text, [signer]), go.signedNote);
});

t.test('golang.org/x/mod note vector: a tampered note fails', async (t) => {
  const tamperedText = go.signedNote.replace('cryptography', 'cryptographY');
  t.throws(() => openNote(tamperedText, [peter]), { code: 'integrity.note_signature_invalid', message: /PeterNeumann\+c74f20a3/ });
  const at = go.text.length + 1 + 60;
  const tamperedSignature = `${go.signedNote.slice(0, at)}ABCD${go.signedNote.slice(at)}`;
  t.throws(() => openNote(tamperedSignature, [peter]), { code: 'integrity.note_signature_invalid' }, 'signature bytes altered (as in Go\'s TestOpen)');
});

t.test('the C2SP signed-note example verifies', async (t) => {
  const verifier = parseVerifierKey(vectors.c2spSignedNote.verifierKey);
  t.equal(openNote(vectors.c2spSignedNote.signedNote, [verifier]).text, 'This is an example message.\n');
});

t.test('unknown keys are ignored, not trusted; no trusted signature is an error', async (t) => {
  const both = `${go.text}\n${peterSignature}${go.otherSignatureLine}`;
  const one = openNote(both, [peter]);
  t.same(one.verified.map((s) => s.name), ['PeterNeumann']);
  t.same(one.unverified.map((s) => `${s.name}+${keyIdHex(s.keyId)}`), ['EnochRoot+af0cfe78']);
  const two = openNote(both, [peter, enoch]);
  t.same(two.verified.map((s) => s.name), ['PeterNeumann', 'EnochRoot']);
  t.throws(() => openNote(both, []), { code: 'integrity.note_unverified', actual: 'PeterNeumann+c74f20a3, EnochRoot+af0cfe78' });
  t.throws(() => openNote(`${go.text}\n${go.otherSignatureLine}`, [peter]), { code: 'integrity.note_unverified' }, 'signed by another key only');
  const repeated = openNote(`${go.text}\n${peterSignature}${peterSignature}${go.otherSignatureLine}${go.otherSignatureLine}`, [peter]);
  t.equal(repeated.verified.length, 1, 'a repeated signature counts once');
  t.equal(repeated.unverified.length, 1);
});

t.test('a key of the same name but another ID is unknown (ignored), not a bad signature', async (t) => {
  const impostor = new NoteSigner('PeterNeumann', Buffer.alloc(32, 7));
  const note = signNote(go.text, [impostor]);
  t.throws(() => openNote(note, [peter]), { code: 'integrity.note_unverified' });
});

t.test('malformed notes are refused (the cases of Go\'s TestOpen)', async (t) => {
  const bad: Array<[string, string]> = [
    ['no signatures', go.text],
    ['no signature after the blank line', `${go.text}\n`],
    ['no final newline', `${go.text}\n${peterSignature.slice(0, -1)}`],
    ['a control character', `\u0001${go.text}\n${peterSignature}`],
    ['a name with a space', `${go.text}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
    ['a line that is not a signature', `${go.text}\n${peterSignature}Unexpected line.\n`],
    [`more than ${NOTE_SIGNATURES_MAX} signatures`, `${go.text}\n${peterSignature.repeat(NOTE_SIGNATURES_MAX + 1)}`],
    ['a signature too short for a key ID', `${go.text}\n\u2014 PeterNeumann AAAA\n`],
    ['a signature in non-canonical base64', `${go.text}\n${peterSignature.replace('AM=', 'AN=')}`],
  ];
  for (const [what, note] of bad) t.throws(() => openNote(note, [peter]), { code: 'integrity.note_malformed' }, what);
  t.throws(() => parseNote(Buffer.concat([Buffer.from([0xff]), Buffer.from(go.signedNote)])), { code: 'integrity.note_malformed', message: /UTF-8/ });
  t.equal(parseNote(Buffer.from(go.signedNote)).text, go.text, 'bytes are read as UTF-8');
});

t.test('verifier keys: Go\'s bad keys and every mangling of the good one are refused', async (t) => {
  for (const key of go.badVerifierKeys) t.throws(() => parseVerifierKey(key), { code: 'integrity.note_key_malformed' }, key);
  const failures: string[] = [];
  const mustFail = (key: string): void => {
    try {
      parseVerifierKey(key);
      failures.push(key);
    } catch {
      // refused, as it must be
    }
  };
  const key = go.verifierKey;
  for (let i = 0; i <= key.length; i++) for (let j = i + 1; j <= key.length; j++) if (i !== 0 || j !== key.length) mustFail(key.slice(i, j));
  for (let i = 0; i < key.length; i++) mustFail(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
  t.same(failures, [], 'no substring or single-character change parses');
});

t.test('signer keys: manglings are refused, and errors never echo the key', async (t) => {
  const failures: string[] = [];
  const key = go.signerKey;
  for (let i = 0; i < key.length; i++) {
    const mangled = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
    try {
      parseSignerKey(mangled);
      failures.push(mangled);
    } catch (e) {
      if (String((e as Error).message).includes(key.slice(-20)) || inspect(e).includes(key.slice(-20))) failures.push(`echoed: ${i}`);
    }
  }
  t.same(failures, []);
  t.throws(() => parseSignerKey(go.verifierKey), { code: 'integrity.note_key_malformed' }, 'a verifier key is not a signer key');
});

t.test('generated keys: the signer key round-trips, signs, and never prints its secret', async (t) => {
  const signerKey = generateSignerKey('taizhang.example/log');
  t.match(signerKey, /^PRIVATE\+KEY\+taizhang\.example\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
  const signer = parseSignerKey(signerKey);
  const verifier = parseVerifierKey(signer.verifierKey);
  t.equal(verifier.keyId, signer.keyId);
  const note = signNote('hello\n', [signer]);
  t.equal(openNote(note, [verifier]).text, 'hello\n');
  // PRIVATE+KEY+name+keyid+base64: the base64 may itself hold '+', so not from the last one.
  const secret = signerKey.split('+').slice(4).join('+');
  t.equal(secret.length, 44, 'the whole base64 secret');
  for (const shown of [JSON.stringify({ signer }), inspect(signer), String(signer)]) t.notOk(shown.includes(secret), `not in ${shown}`);
  t.equal(JSON.stringify({ signer }), `{"signer":"NoteSigner(taizhang.example/log+${keyIdHex(signer.keyId)})"}`);
  const seed = Buffer.alloc(32, 1);
  t.equal(formatSignerKey('n', seed).startsWith('PRIVATE+KEY+n+'), true);
  t.equal(parseSignerKey(formatSignerKey('n', seed)).verifierKey, new NoteSigner('n', seed).verifierKey);
});

t.test('key IDs follow SHA-256(name || 0x0A || 0x01 || key)[:4]', async (t) => {
  const publicKey = Buffer.from(go.verifierKey.split('+')[2] ?? '', 'base64').subarray(1);
  t.equal(keyIdHex(ed25519KeyId('PeterNeumann', publicKey)), 'c74f20a3');
  t.equal(formatVerifierKey('PeterNeumann', publicKey), go.verifierKey);
  t.throws(() => formatVerifierKey('Peter Neumann', publicKey), { code: 'integrity.note_key_malformed' });
  t.throws(() => formatVerifierKey('a+b', publicKey), { code: 'integrity.note_key_malformed' });
  t.throws(() => new NoteSigner('x\u3000y', Buffer.alloc(32)), { code: 'integrity.note_key_malformed' }, 'an ideographic space is a space');
});

t.test('signNote refuses text that cannot be a note', async (t) => {
  const signer = parseSignerKey(go.signerKey);
  t.throws(() => signNote('abc', [signer]), { code: 'integrity.note_malformed' }, 'no final newline');
  t.throws(() => signNote('a\tb\n', [signer]), { code: 'integrity.note_malformed' }, 'a tab');
  t.throws(() => signNote('abc\n', []), { code: 'integrity.note_malformed' }, 'no signer');
});
