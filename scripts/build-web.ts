/**
 * Builds the web console (web/) into web/dist: an ES module bundle and its lazily loaded
 * chunks, the stylesheet and the page. Run by `npm install`/`npm ci` through the "prepare"
 * script and by the browser tests before they start; about a second with esbuild.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');

export async function buildWeb(): Promise<string> {
  await rm(path.join(dist, 'chunks'), { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  const started = performance.now();
  await build({
    entryPoints: [path.join(web, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    minify: true,
    sourcemap: false,
    // The public draw page's verifier (zod, the domain, src/sampling) loads only when opened.
    splitting: true,
    outdir: dist,
    entryNames: 'app',
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(path.join(web, 'src', 'style.css'), path.join(dist, 'app.css'));
  const page = await readFile(path.join(web, 'index.html'), 'utf8');
  await writeFile(path.join(dist, 'index.html'), page);
  return `web console built into ${path.relative(root, dist)} in ${Math.round(performance.now() - started)} ms`;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWeb().then(
    (message) => console.log(message),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
