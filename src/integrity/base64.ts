/**
 * Standard base64 with padding (RFC 4648 §4), the encoding of every hash and
 * signature in C2SP notes, checkpoints and proofs. Decoding is strict: Buffer.from(x,
 * 'base64') skips characters it does not know and accepts the URL alphabet, so a
 * tampered line could decode to the same bytes; here only the one canonical encoding
 * of some bytes is accepted.
 */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The bytes `text` encodes, or undefined when it is not canonical standard base64. */
export function fromBase64(text: string): Buffer | undefined {
  if (!STANDARD_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Non-zero padding bits decode to the same bytes as the canonical form: refuse them.
  return bytes.toString('base64') === text ? bytes : undefined;
}
