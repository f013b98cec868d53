/**
 * A C2SP signed note holding a C2SP tlog-checkpoint, checked with WebCrypto Ed25519:
 *   verifier key = <name>+<hex key id>+<base64(0x01 || 32-byte public key)>
 *   key id       = SHA-256(name || 0x0A || 0x01 || public key)[:4]
 *   note         = text (ending in a newline), a blank line, then lines "— <name> <base64(key id || signature)>"
 *   checkpoint   = origin line, tree size line, base64 root line (then optional extensions)
 * The signature covers the text, its final newline included.
 */
import { bytesEqual, fromBase64 } from './base64.ts';
import { subtle } from './inclusion.ts';

export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export interface Checkpoint {
  origin: string;
  treeSize: number;
  root: Uint8Array;
  rootBase64: string;
}

const enc = new TextEncoder();

async function keyIdOf(name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array([...enc.encode(name), 0x0a, 0x01, ...publicKey]);
  return new Uint8Array(await subtle().digest('SHA-256', new Uint8Array(input))).slice(0, 4);
}

export async function parseVerifierKey(text: string): Promise<VerifierKey> {
  // The name holds no '+', the key id neither; the base64 key may.
  const m = /^([^+\s]+)\+([^+]*)\+(\S+)$/.exec(text.trim());
  if (!m) throw new Error('a verifier key is name+keyid+key');
  const [, name, idHex, keyB64] = m as unknown as [string, string, string, string];
  if (!/^[0-9a-f]{8}$/i.test(idHex)) throw new Error('the key id is not 8 hex digits');
  const material = fromBase64(keyB64);
  if (material.length !== 33 || material[0] !== 0x01) throw new Error('not an Ed25519 verifier key (type 0x01 and 32 bytes)');
  const publicKey = material.slice(1);
  const keyId = await keyIdOf(name, publicKey);
  const stated = Uint8Array.from(idHex.match(/../g) ?? [], (b) => parseInt(b, 16));
  if (!bytesEqual(keyId, stated)) throw new Error('the key id does not match the key');
  return { name, keyId, publicKey };
}

/** Opens the note and checks the signature of `key` on it; returns the checkpoint it signs. */
export async function verifyCheckpoint(note: string, key: VerifierKey): Promise<Checkpoint> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('not a signed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const signatures = note.slice(split + 2).split('\n').filter((l) => l !== '');
  const prefix = `— ${key.name} `;
  const mine = signatures
    .filter((l) => l.startsWith(prefix))
    .map((l) => fromBase64(l.slice(prefix.length)))
    .find((sig) => sig.length === 68 && bytesEqual(sig.slice(0, 4), key.keyId));
  if (mine === undefined) throw new Error(`no signature by ${key.name} on this checkpoint`);
  const publicKey = await subtle().importKey('raw', new Uint8Array(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
  const ok = await subtle().verify({ name: 'Ed25519' }, publicKey, new Uint8Array(mine.slice(4)), enc.encode(text));
  if (!ok) throw new Error(`the signature by ${key.name} does not verify`);
  return parseCheckpoint(text);
}

export function parseCheckpoint(text: string): Checkpoint {
  const [origin, size, rootLine] = text.split('\n');
  if (!origin || !size || !rootLine || !/^(0|[1-9][0-9]*)$/.test(size)) throw new Error('not a checkpoint: origin, size and root lines expected');
  const root = fromBase64(rootLine);
  if (root.length !== 32) throw new Error('the checkpoint root is not 32 bytes');
  return { origin, treeSize: Number(size), root, rootBase64: rootLine };
}
