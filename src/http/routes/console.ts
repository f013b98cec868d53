import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineFeature } from '../feature.ts';
import { ProblemError } from '../problem.ts';

/**
 * The web console (issue 10): the static build of web/ (made by `npm install`'s prepare
 * script, scripts/build-web.ts) served under /console/. One page, one script, one
 * stylesheet, all from this origin: the policy forbids inline script and any other
 * origin, so a value the API returns can never run as code. The console calls the same
 * /api routes with the same bearer token, so it shows exactly what the API lets the
 * principal see. No /api route: nothing for the access matrix.
 */

export const CONSOLE_DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

const CHUNK_NAME = /^[A-Za-z0-9_-]{1,80}\.js$/;

const notBuilt = () => new ProblemError('not-ready', 'the web console is not built: run `npm run build:web` (npm install does it)', {}, { 'retry-after': '60' });

async function asset(distDir: string, name: string, missing: () => ProblemError = notBuilt): Promise<Buffer> {
  try {
    return await readFile(path.join(distDir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw missing();
  }
}

export function consoleFeatureFrom(distDir: string) {
  return defineFeature('console', (app) => {
    const schema = { hide: true } as const;
    app.get('/console', { schema }, async (_request, reply) => reply.redirect('/console/', 302));
    // esbuild's chunks (content-hashed names, so they may be cached for good); nothing else under the folder.
    app.get('/console/chunks/:file', { schema }, async (request, reply) => {
      const { file } = request.params as { file: string };
      const missing = () => new ProblemError('not-found', `no console file chunks/${file} (the console was rebuilt: reload the page)`);
      if (!CHUNK_NAME.test(file)) throw missing();
      const body = await asset(distDir, path.join('chunks', file), missing);
      return reply.type('text/javascript; charset=utf-8').header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=31536000, immutable').send(body);
    });
    for (const [name, { file, type }] of Object.entries(FILES)) {
      app.get(`/console/${name}`, { schema }, async (_request, reply) => {
        const body = await asset(distDir, file);
        return reply.type(type).header('content-security-policy', POLICY).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('cache-control', 'no-cache').send(body);
      });
    }
  });
}

export const consoleFeature = consoleFeatureFrom(CONSOLE_DIST_DIR);
