import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The point of docs/sampling.md is that another language reproduces a draw. A Python
// re-implementation written from the document checks its worked example.
const script = fileURLToPath(new URL('./reference/verify_example.py', import.meta.url));
const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });

t.test('a Python implementation of the document reproduces the worked example', { skip: probe.status === 0 ? false : 'python3 is not installed here' }, async (t) => {
  const run = spawnSync('python3', [script], { encoding: 'utf8' });
  t.equal(run.status, 0, run.stderr);
  t.match(run.stdout, /agrees with the trace/);
});
