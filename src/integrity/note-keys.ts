/**
 * Ed25519 keys for C2SP signed notes (c2sp.org/signed-note, "Signatures", "Ed25519
 * signatures", "Verifier keys"), interoperable with golang.org/x/mod/sumdb/note:
 *
 *   key ID        = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4], big-endian uint32
 *   verifier key  = <name>+<hex(key ID), 8 digits>+<base64(0x01 || public key)>
 *   signer key    = PRIVATE+KEY+<name>+<hex(key ID)>+<base64(0x01 || 32-byte seed)>
 *
 * The signer key string is the format Go's note.NewSigner reads, so a key file holding
 * it works with Go tools too. It is a secret: a NoteSigner never prints it, and
 * serialises (JSON, util.inspect) to its name and key ID only.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { fromBase64, toBase64 } from './base64.ts';
import { MalformedNoteKeyError } from './errors.ts';

/** Signature type byte of Ed25519 in c2sp.org/signed-note. */
export const ED25519_SIGNATURE_TYPE = 0x01;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SEED_BYTES = 32;

// DER framing of a raw Ed25519 key (RFC 8410): node:crypto imports keys in DER, not raw.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';
const KEY_ID_HEX = /^[0-9a-fA-F]{8}$/;
// Unicode spaces as Go's unicode.IsSpace sees them (White_Space): a name holds none, nor '+'.
const SPACE_OR_PLUS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000+]/;
const LONE_SURROGATE = /\p{Surrogate}/u;

export interface NoteVerifier {
  readonly name: string;
  /** uint32 key ID. */
  readonly keyId: number;
  /** The verifier key string, safe to publish. */
  readonly verifierKey: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Key names are non-empty, valid Unicode, without spaces or '+' (c2sp.org/signed-note, Format). */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !SPACE_OR_PLUS.test(name) && !LONE_SURROGATE.test(name);
}

/** SHA-256(name || 0x0A || 0x01 || publicKey)[:4] as a big-endian uint32. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  return createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, ED25519_SIGNATURE_TYPE)).update(publicKey).digest().readUInt32BE(0);
}

export function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** The verifier key string of an Ed25519 public key. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new MalformedNoteKeyError('key name must be non-empty, without spaces or +', { expected: 'a key name', actual: JSON.stringify(name) });
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) throw new MalformedNoteKeyError('Ed25519 public keys are 32 bytes', { expected: '32 bytes', actual: `${publicKey.length} bytes` });
  return `${name}+${keyIdHex(ed25519KeyId(name, publicKey))}+${toBase64(Buffer.concat([Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey]))}`;
}

/** Parses and checks a verifier key string (as note.NewVerifier does). Throws MalformedNoteKeyError. */
export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const { name, keyId, publicKey } = parseKeyString(verifierKey, 'verifier key');
  return ed25519Verifier(name, keyId, publicKey);
}

export class NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly #privateKey: KeyObject;
  readonly #publicKey: Buffer;

  /** From the 32-byte Ed25519 seed (RFC 8032 private key). */
  constructor(name: string, seed: Uint8Array) {
    if (!isValidKeyName(name)) throw new MalformedNoteKeyError('key name must be non-empty, without spaces or +', { expected: 'a key name', actual: JSON.stringify(name) });
    if (seed.length !== ED25519_SEED_BYTES) throw new MalformedNoteKeyError('Ed25519 seeds are 32 bytes', { expected: '32 bytes', actual: `${seed.length} bytes` });
    this.name = name;
    this.#privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.#publicKey = createPublicKey(this.#privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
    this.keyId = ed25519KeyId(name, this.#publicKey);
  }

  /** Ed25519 signature (RFC 8032, 64 bytes) of `message`. */
  sign(message: Uint8Array): Buffer {
    return sign(null, message, this.#privateKey);
  }

  /** The verifier key string of this signer's public key. */
  get verifierKey(): string {
    return formatVerifierKey(this.name, this.#publicKey);
  }

  verifier(): NoteVerifier {
    return ed25519Verifier(this.name, this.keyId, this.#publicKey);
  }

  toJSON(): string {
    return `NoteSigner(${this.name}+${keyIdHex(this.keyId)})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}

/** Parses a PRIVATE+KEY+… signer key string (as note.NewSigner does). Throws MalformedNoteKeyError, never echoing the key. */
export function parseSignerKey(signerKey: string): NoteSigner {
  if (!signerKey.startsWith(SIGNER_KEY_PREFIX)) throw new MalformedNoteKeyError('a signer key starts with PRIVATE+KEY+');
  const { name, keyId, publicKey: seed } = parseKeyString(signerKey.slice(SIGNER_KEY_PREFIX.length), 'signer key', false);
  const signer = new NoteSigner(name, seed);
  // The ID hashes the public key, which only exists once derived from the seed.
  if (signer.keyId !== keyId) throw new MalformedNoteKeyError('signer key ID does not match its key', { expected: keyIdHex(signer.keyId), actual: keyIdHex(keyId) });
  return signer;
}

/** The signer key string of a seed. A secret: store it with mode 0600, never log it. */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  const signer = new NoteSigner(name, seed);
  return `${SIGNER_KEY_PREFIX}${name}+${keyIdHex(signer.keyId)}+${toBase64(Buffer.concat([Uint8Array.of(ED25519_SIGNATURE_TYPE), seed]))}`;
}

/** A new random Ed25519 key, as a signer key string. */
export function generateSignerKey(name: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519_PREFIX.length);
  return formatSignerKey(name, seed);
}

function ed25519Verifier(name: string, keyId: number, publicKey: Uint8Array): NoteVerifier {
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
  return {
    name,
    keyId,
    verifierKey: formatVerifierKey(name, publicKey),
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

/**
 * <name>+<hex id>+<base64(type || key)>: checks every part, the Ed25519 type and length,
 * and (for verifier keys, whose material is the public key) that the ID matches.
 */
function parseKeyString(text: string, what: string, checkId = true): { name: string; keyId: number; publicKey: Buffer } {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new MalformedNoteKeyError(`a ${what} has three parts separated by +`, { expected: 'name+keyid+key' });
  const [name, idHex, keyBase64] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (!isValidKeyName(name)) throw new MalformedNoteKeyError(`${what} name must be non-empty, without spaces or +`);
  if (!KEY_ID_HEX.test(idHex)) throw new MalformedNoteKeyError(`${what} ID is 8 hex digits`, { expected: '8 hex digits', actual: JSON.stringify(idHex) });
  const material = fromBase64(keyBase64);
  if (material === undefined || material.length === 0) throw new MalformedNoteKeyError(`${what} material is not base64`);
  if (material[0] !== ED25519_SIGNATURE_TYPE) throw new MalformedNoteKeyError(`unknown ${what} algorithm`, { expected: 'signature type 0x01 (Ed25519)', actual: `0x${(material[0] ?? 0).toString(16).padStart(2, '0')}` });
  const key = material.subarray(1);
  if (key.length !== ED25519_PUBLIC_KEY_BYTES) throw new MalformedNoteKeyError(`${what} Ed25519 material is 32 bytes`, { expected: '32 bytes', actual: `${key.length} bytes` });
  const keyId = Number.parseInt(idHex, 16);
  if (checkId && ed25519KeyId(name, key) !== keyId) throw new MalformedNoteKeyError(`${what} ID does not match its key`, { expected: keyIdHex(ed25519KeyId(name, key)), actual: idHex.toLowerCase() });
  return { name, keyId, publicKey: key };
}
