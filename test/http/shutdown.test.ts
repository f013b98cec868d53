import t from 'tap';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { get } from 'node:http';
import { captureStream } from './helpers/test-server.ts';
import { nodeScript } from '../helpers/node-script.ts';

const CHILD = nodeScript(new URL('./fixtures/serve-child.ts', import.meta.url));

/** The child's stdout, its log included. Resolves with the first stdout line matching `pattern`; every line is kept in `lines`. */
function lineWatcher(stream: NodeJS.ReadableStream) {
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  createInterface({ input: stream }).on('line', (line) => {
    lines.push(line);
    captureStream.write(line); // scanned for tokens and ID numbers with the rest of the suite's logs
    for (const w of waiting.filter((w) => w.pattern.test(line))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(line);
    }
  });
  return {
    lines,
    next: (pattern: RegExp) => {
      const seen = lines.find((l) => pattern.test(l));
      return seen !== undefined ? Promise.resolve(seen) : new Promise<string>((resolve) => waiting.push({ pattern, resolve }));
    },
  };
}

/** GET on a new connection: `{status, content-type}`, or status 0 and the socket error's code. */
function freshGet(url: string): Promise<{ status: number; type: string }> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) });
    });
    req.on('error', (error: Error & { code?: string }) => resolve({ status: 0, type: error.code ?? String(error) }));
  });
}

t.test('SIGTERM: no new requests, the one in flight finishes, then everything is closed and the process exits 0', async (t) => {
  const child = spawn(process.execPath, CHILD, {
    env: { ...process.env, TAIZHANG_DATA_DIR: t.testdir(), TAIZHANG_PORT: '0', TAIZHANG_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const out = lineWatcher(child.stdout);
  const address = (await out.next(/^LISTENING /)).slice('LISTENING '.length);
  t.equal((await fetch(`${address}/health`)).status, 200);

  const inFlight = fetch(`${address}/api/v1/test/slow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await out.next(/^SLOW-STARTED$/);
  child.kill('SIGTERM');
  await out.next(/closing: new requests are refused/);

  // A fresh socket (agent: false): fetch's pool would reuse the idle /health connection, which the closing server drops.
  const late = await freshGet(`${address}/health`);
  t.ok(
    (late.status === 0 && ['ECONNREFUSED', 'ECONNRESET'].includes(late.type)) || (late.status === 503 && late.type.startsWith('application/problem+json')),
    `a new request is refused (${late.status} ${late.type})`,
  );

  child.kill('SIGUSR2');
  const res = await inFlight;
  t.equal(res.status, 200, 'the request in flight got its answer');
  t.same(await res.json(), { done: true });
  t.equal(await exited, 0, 'exit code 0');
  const log = out.lines.join('\n');
  for (const component of ['read models', 'vault', 'node database', 'event store']) {
    t.match(log, new RegExp(`"component":"${component}","msg":"closed"`), `${component} closed`);
  }
  t.match(log, /shut down cleanly/);
  const at = (text: string) => log.indexOf(text);
  t.ok(at('HTTP server closed') < at('"component":"read models"'), 'the read models are closed after the last request');
  t.ok(at('"component":"read models"') < at('"component":"event store"'), 'and the store after the read models');
});
