import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { EVERY_ROLE, type AccessMatrix } from '../../src/http/access-matrix.ts';
import { consoleFeatureFrom } from '../../src/http/routes/console.ts';
import { testServer } from '../http/helpers/test-server.ts';

/** The console's static files as served: a policy that lets nothing but this origin's script run, and a clear answer when unbuilt. */

const matrix: AccessMatrix = new Map([['GET /api/v1/whoami', EVERY_ROLE]]);

t.test('a built console is served with a same-origin-only policy and no token anywhere', async (t) => {
  const h = await testServer(t, { features: [consoleFeatureFrom(path.join(t.testdir(), 'web-dist'))], matrix });
  // Written after the server started (the test dir is its data dir): files are read per request.
  const dist = path.join(h.dataDir, 'web-dist');
  await mkdir(dist, { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><p>console</p>');
  await writeFile(path.join(dist, 'app.js'), 'export {};');
  await writeFile(path.join(dist, 'app.css'), 'body{}');
  const page = await h.call({ method: 'GET', url: '/console/' });
  t.equal(page.statusCode, 200, page.body.slice(0, 300));
  t.match(page.headers['content-type'], /^text\/html/);
  const csp = String(page.headers['content-security-policy']);
  t.match(csp, /script-src 'self'(;|$)/, 'scripts from this origin only: no inline, no eval');
  t.match(csp, /connect-src 'self'/, 'the page talks to this server only');
  t.match(csp, /frame-ancestors 'none'/);
  t.equal(page.headers['referrer-policy'], 'no-referrer');
  t.match((await h.call({ method: 'GET', url: '/console/app.js' })).headers['content-type'], /^text\/javascript/);
  t.match((await h.call({ method: 'GET', url: '/console/app.css' })).headers['content-type'], /^text\/css/);
  const bare = await h.call({ method: 'GET', url: '/console' });
  t.equal(bare.statusCode, 302);
  t.equal(bare.headers.location, '/console/');
  t.equal((await h.call({ method: 'GET', url: '/console/../package.json' })).statusCode, 404, 'nothing else is served');
  t.equal((await h.call({ method: 'GET', url: '/console/other.js' })).statusCode, 404);
  await mkdir(path.join(dist, 'chunks'));
  await writeFile(path.join(dist, 'chunks', 'public-draw-AB12.js'), 'export const x = 1;');
  const chunk = await h.call({ method: 'GET', url: '/console/chunks/public-draw-AB12.js' });
  t.equal(chunk.statusCode, 200, 'a chunk is served');
  t.match(chunk.headers['cache-control'], /immutable/, 'content-hashed, cached for good');
  t.equal((await h.call({ method: 'GET', url: '/console/chunks/gone-XYZ.js' })).statusCode, 404, 'a chunk not built is a 404');
  t.equal((await h.call({ method: 'GET', url: '/console/chunks/..%2Findex.html' })).statusCode, 404, 'no way out of the folder');
});

t.test('an unbuilt console answers 503 in words, saying how to build it', async (t) => {
  const h = await testServer(t, { features: [consoleFeatureFrom(path.join(t.testdir(), 'missing'))], matrix });
  const res = await h.call({ method: 'GET', url: '/console/' });
  t.equal(res.statusCode, 503);
  t.match(res.json().detail, /npm run build:web/);
});
