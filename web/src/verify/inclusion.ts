/**
 * RFC 9162 §2.1.3.2 inclusion-proof verification with WebCrypto's SHA-256: the same steps
 * as src/integrity/verify-inclusion.ts, which hashes with node:crypto and so cannot run
 * in a browser. Node hash = SHA-256(0x01 || left || right) (§2.1.1).
 */
import { bytesEqual, toBase64 } from './base64.ts';

/** WebCrypto exists only in a secure context (HTTPS, or localhost): say so instead of failing obscurely. */
export function subtle(): typeof globalThis.crypto.subtle {
  if (globalThis.crypto?.subtle === undefined) throw new Error('this page is not served over HTTPS, so the browser offers no WebCrypto to verify with: open it over https://');
  return globalThis.crypto.subtle;
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', new Uint8Array(data)));
}

async function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(65);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 33);
  return sha256(input);
}

/** The root `proof` binds `leafHash` at `leafIndex` to in a tree of `treeSize` leaves; throws when the proof cannot be for them. */
export async function rootFromInclusionProof(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Promise<Uint8Array> {
  if (!(Number.isSafeInteger(leafIndex) && Number.isSafeInteger(treeSize) && leafIndex >= 0 && leafIndex < treeSize)) throw new Error(`leaf index ${leafIndex} is not below the tree size ${treeSize}`);
  if (leafHash.length !== 32 || proof.some((p) => p.length !== 32)) throw new Error('a hash in the proof is not 32 bytes');
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new Error(`the proof is too long for leaf ${leafIndex} of ${treeSize}`);
    if (fn % 2 === 1 || fn === sn) {
      r = await hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error(`the proof is too short for leaf ${leafIndex} of ${treeSize}`);
  return r;
}

export async function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): Promise<void> {
  const computed = await rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  if (!bytesEqual(computed, root)) throw new Error(`the proof leads to root ${toBase64(computed)}, not the checkpoint's ${toBase64(root)}`);
}
