// `npm test` runs the suite from a JavaScript mirror of the tree, built here, rather than
// through a TypeScript loader. On Node 20 loader hooks run on a thread of their own and
// every module import is a round trip to it: about a CPU-second in each of the ~190 test
// processes, on a 2-core CI machine whose budget the suite is close to.
//
// The mirror (test-build/) holds, for each .ts file, its JavaScript (relative `.ts`
// specifiers rewritten to `.js`, an inline source map naming the original file) beside a
// copy of the .ts itself, and a copy of every other file, so paths a test computes from
// import.meta.url (fixtures, vectors, migrations, sources it scans) find what they found
// in the tree. Copies, not links: a test that copies a directory and edits the copy (the
// policy tests do) would otherwise write through the links into the tree. Packages
// resolve from the tree's node_modules above it.
import { transform } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'test-build');
const SKIP = new Set(['node_modules', '.git', '.tap', 'data', 'test-build', 'test-output', 'tmp', 'dist']);
const TSCONFIG = { compilerOptions: { verbatimModuleSyntax: true, target: 'ES2022' } };
// Static and dynamic imports and re-exports of a relative .ts path, as esbuild prints them.
const RELATIVE_TS = /((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.{1,2}\/[^"'\n]*?)\.ts\2/g;

/** The files to mirror, as paths relative to the root. */
function listFiles(rel, files) {
  for (const entry of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
    if (rel === '' && SKIP.has(entry.name)) continue;
    if (entry.name === 'node_modules') continue;
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) listFiles(child, files);
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

async function compile(rel) {
  const file = path.join(ROOT, rel);
  const source = await fs.promises.readFile(file, 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcesContent: false, sourcefile: file, tsconfigRaw: TSCONFIG });
  await fs.promises.writeFile(path.join(OUT, rel.replace(/\.ts$/, '.js')), code.replace(RELATIVE_TS, '$1$2$3.js$2'));
}

const started = performance.now();
fs.rmSync(OUT, { recursive: true, force: true });
const files = listFiles('', []);
for (const dir of new Set(files.map((f) => path.dirname(f)))) fs.mkdirSync(path.join(OUT, dir), { recursive: true });
for (const rel of files) fs.copyFileSync(path.join(ROOT, rel), path.join(OUT, rel));
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const present = new Set(files);
const clash = sources.find((f) => present.has(f.replace(/\.ts$/, '.js')));
if (clash) throw new Error(`build-tests: ${clash} has a .js file beside it; the mirror cannot hold both`);
const BATCH = 64;
for (let i = 0; i < sources.length; i += BATCH) await Promise.all(sources.slice(i, i + BATCH).map(compile));
process.stderr.write(`test-build: ${sources.length} TypeScript files compiled, ${files.length - sources.length} others copied, in ${Math.round(performance.now() - started)} ms\n`);
