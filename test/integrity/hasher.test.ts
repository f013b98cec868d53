import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { CanonicalJsonError } from '../../src/integrity/errors.ts';
import { EMPTY_ROOT_HASH, hashChildren, hashLeaf, hashesEqual, leafHashOfEnvelope } from '../../src/integrity/hasher.ts';

interface ReferenceTree {
  leafInputsHex: string[];
  nodeHashesHexByLevel: string[][];
  rootHashesHexBySize: string[];
}
const reference = JSON.parse(readFileSync(new URL('./vectors/merkle/reference-tree.json', import.meta.url), 'utf8')) as ReferenceTree;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

t.test('the empty tree hash is SHA-256 of nothing (RFC 9162 §2.1.1)', async (t) => {
  t.equal(hex(EMPTY_ROOT_HASH), reference.rootHashesHexBySize[0]);
});

t.test('leaf hashes are SHA-256(0x00 || data), as in the transparency-dev reference tree', async (t) => {
  reference.leafInputsHex.forEach((input, i) => {
    t.equal(hex(hashLeaf(Buffer.from(input, 'hex'))), reference.nodeHashesHexByLevel[0]?.[i], `leaf ${i}`);
  });
});

t.test('node hashes are SHA-256(0x01 || left || right), level by level', async (t) => {
  for (let level = 1; level < reference.nodeHashesHexByLevel.length; level++) {
    const below = reference.nodeHashesHexByLevel[level - 1] ?? [];
    (reference.nodeHashesHexByLevel[level] ?? []).forEach((want, i) => {
      const left = Buffer.from(below[2 * i] ?? '', 'hex');
      const right = Buffer.from(below[2 * i + 1] ?? '', 'hex');
      t.equal(hex(hashChildren(left, right)), want, `node (${level}, ${i})`);
    });
  }
});

t.test('leaves of any length hash the same as SHA-256 over the prefixed bytes', async (t) => {
  for (const length of [0, 1, 551, 4095, 4096, 5000, 65_535, 65_536, 100_000]) {
    const data = Buffer.alloc(length, length % 251);
    const want = createHash('sha256').update(Buffer.from([0])).update(data).digest('hex');
    t.equal(hex(hashLeaf(data)), want, `${length} bytes`);
  }
  t.equal(hex(hashLeaf(Buffer.from('a'))), createHash('sha256').update(Buffer.from([0, 0x61])).digest('hex'), 'a short leaf after a long one');
});

t.test('hashChildren refuses children that are not 32-byte hashes', async (t) => {
  t.throws(() => hashChildren(new Uint8Array(31), new Uint8Array(32)), /32-byte/);
});

t.test('a leaf and a node over the same bytes never collide (domain separation)', async (t) => {
  const left = hashLeaf(Buffer.from('a'));
  const right = hashLeaf(Buffer.from('b'));
  t.notOk(hashesEqual(hashChildren(left, right), hashLeaf(Buffer.concat([left, right]))));
});

t.test('leafHashOfEnvelope hashes the RFC 8785 bytes, so member order does not matter', async (t) => {
  const a = leafHashOfEnvelope({ type: 'FundOpened', data: { amountFen: 100, fundId: 'f-1' } });
  const b = leafHashOfEnvelope({ data: { fundId: 'f-1', amountFen: 100 }, type: 'FundOpened' });
  t.ok(hashesEqual(a, b));
  t.equal(hex(a), hex(hashLeaf(Buffer.from('{"data":{"amountFen":100,"fundId":"f-1"},"type":"FundOpened"}'))));
  t.notOk(hashesEqual(a, leafHashOfEnvelope({ type: 'FundOpened', data: { amountFen: 101, fundId: 'f-1' } })));
});

t.test('leafHashOfEnvelope refuses an envelope with a BigInt, naming where', async (t) => {
  t.throws(() => leafHashOfEnvelope({ revision: 3n }), { name: CanonicalJsonError.name, path: '/revision' });
});
