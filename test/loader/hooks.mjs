// Off-thread hooks for test/loader/register.mjs. `.ts` → JavaScript with esbuild (the
// transform tsx uses), with inline source maps so stack traces name the .ts lines; compiled
// output is cached on disk by content hash, because most files are loaded by every test process.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const CACHE_DIR = path.join(tmpdir(), `taizhang-ts-${process.getuid?.() ?? 'u'}`);
mkdirSync(CACHE_DIR, { recursive: true });

const TSCONFIG = { compilerOptions: { verbatimModuleSyntax: true, target: 'ES2022' } };

function compile(file, source) {
  const key = createHash('sha256').update('v1\0').update(file).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  const { code } = transformSync(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: file,
    tsconfigRaw: TSCONFIG,
  });
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, cached);
  return code;
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  return { format: 'module', source: compile(file, readFileSync(file, 'utf8')), shortCircuit: true };
}
