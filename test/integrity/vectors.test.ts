/** The public vectors are data copied from upstream (vectors/README.md): any edit or loss is drift. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const root = fileURLToPath(new URL('./vectors/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

t.test('every vector file is listed in SHA256SUMS with its upstream digest, and nothing else is there', async (t) => {
  const listed = new Map(
    readFileSync(join(root, 'SHA256SUMS'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [digest, path] = line.split(/ {2}/);
        return [(path ?? '').replace(/^\.\//, ''), digest ?? ''] as const;
      }),
  );
  const present = files(root)
    .map((path) => relative(root, path))
    .filter((path) => path !== 'SHA256SUMS' && path !== 'README.md');
  t.same([...present].sort(), [...listed.keys()].sort(), 'the same files');
  const drifted = present.filter((path) => createHash('sha256').update(readFileSync(join(root, path))).digest('hex') !== listed.get(path));
  t.same(drifted, [], 'no file differs from its recorded digest');
});
