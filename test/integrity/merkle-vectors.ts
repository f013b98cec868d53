/** Loads the transparency-dev/merkle proof vectors kept under vectors/merkle (see vectors/README.md). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashLeaf } from '../../src/integrity/hasher.ts';

const root = fileURLToPath(new URL('./vectors/merkle/', import.meta.url));

export interface InclusionVector {
  name: string;
  leafIdx: number;
  treeSize: number;
  root: Buffer;
  leafHash: Buffer;
  proof: Buffer[];
  wantErr: boolean;
}

export interface ConsistencyVector {
  name: string;
  size1: number;
  size2: number;
  root1: Buffer;
  root2: Buffer;
  proof: Buffer[];
  wantErr: boolean;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? jsonFiles(path) : entry.endsWith('.json') ? [path] : [];
    });
}

// The vectors' own decoding (Go's StdEncoding) is what they were written for; deliberately
// malformed cases such as "V3JvbmdSb290" are valid base64 of a wrong-length value.
const b64 = (text: string): Buffer => Buffer.from(text, 'base64');

function load(kind: 'inclusion' | 'consistency'): Array<Record<string, unknown> & { name: string }> {
  return jsonFiles(join(root, kind)).map((path) => ({ ...(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>), name: relative(root, path) }));
}

export function inclusionVectors(): InclusionVector[] {
  return load('inclusion').map((v) => ({
    name: v.name,
    leafIdx: v.leafIdx as number,
    treeSize: v.treeSize as number,
    root: b64(v.root as string),
    leafHash: b64(v.leafHash as string),
    proof: ((v.proof as string[] | null) ?? []).map(b64),
    wantErr: v.wantErr as boolean,
  }));
}

export function consistencyVectors(): ConsistencyVector[] {
  return load('consistency').map((v) => ({
    name: v.name,
    size1: v.size1 as number,
    size2: v.size2 as number,
    root1: b64(v.root1 as string),
    root2: b64(v.root2 as string),
    proof: ((v.proof as string[] | null) ?? []).map(b64),
    wantErr: v.wantErr as boolean,
  }));
}

/** Leaf hashes of the 8-leaf tree the vectors are built on. */
export function referenceTreeLeafHashes(): Buffer[] {
  const tree = JSON.parse(readFileSync(join(root, 'reference-tree.json'), 'utf8')) as { leafInputsHex: string[] };
  return tree.leafInputsHex.map((input) => hashLeaf(Buffer.from(input, 'hex')));
}
