import t from 'tap';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bin/taizhang.js, found upwards from this file (the tree's test/ or npm test's mirror of it). */
function binFile(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'bin', 'taizhang.js');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('bin/taizhang.js not found above the test');
}

const linux = fs.existsSync('/proc/self/cmdline');

t.test('the installed command serves with npm start’s young generation and shuts down cleanly on SIGTERM', { skip: linux ? false : 'reads the server’s command line from /proc (Linux only)' }, async (t) => {
  const server = spawn(binFile(), ['serve'], { env: { ...process.env, TAIZHANG_PORT: '0', TAIZHANG_DATA_DIR: t.testdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  server.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!out.includes('Server listening') && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  t.match(out, /Server listening/, 'it listens');
  // The shebang's `env -S` runs node itself in this process: its command line carries the flag.
  const argv = fs.readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
  t.ok(argv.includes('--max-semi-space-size=32'), `node runs with the flag: ${argv.join(' ')}`);
  server.kill('SIGTERM');
  t.equal(await exited, 0, 'exit code 0');
  t.match(out, /shut down cleanly/);
});
