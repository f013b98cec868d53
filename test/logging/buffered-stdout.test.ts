import { spawn } from 'node:child_process';
import t from 'tap';

/** Runs `code` (an ES module) in a child with tsx's loader; resolves with its exit code and stdout. */
function child(code: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    p.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    p.on('error', reject);
    p.on('exit', (exitCode) => resolve({ code: exitCode, stdout }));
  });
}

t.test('buffered standard output: a quiet process writes its lines on the flush timer, and what is left at exit', async (t) => {
  // One line, then a wait longer than the flush interval, then a marker written around the logger;
  // then three lines (far below the buffer size) and an exit before the next timer: only the exit writes them.
  const { code, stdout } = await child(
    `import { createLogger } from './src/logging/logger.ts';
     const log = createLogger('info');
     log.info('waiting');
     setTimeout(() => {
       process.stdout.write('after-timer\\n');
       for (let i = 0; i < 3; i++) log.info({ i, idNumber: '11010519491231002X' }, 'line ' + i);
       process.exit(0);
     }, 1000);`,
  );
  t.equal(code, 0);
  const at = (text: string) => stdout.indexOf(text);
  t.ok(at('"msg":"waiting"') >= 0 && at('"msg":"waiting"') < at('after-timer'), 'the first line was written by the timer, before the marker');
  const lines = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string });
  t.same(
    lines.map((l) => l.msg),
    ['waiting', 'line 0', 'line 1', 'line 2'],
    'the lines left in the buffer were written at exit, in order',
  );
  t.notMatch(stdout, /11010519491231002X/, 'redaction still applies');
});

t.test('buffered standard output: lines beyond several blocks, then an exit at once: every line written, in order', async (t) => {
  // 400 lines of ~150 bytes: several 8 KiB blocks handed to the stream (some still being
  // written asynchronously when the exit comes) and a tail never handed over.
  const { code, stdout } = await child(
    `import { createLogger } from './src/logging/logger.ts';
     const log = createLogger('info');
     for (let i = 0; i < 400; i++) log.info({ i, note: 'x'.repeat(60) }, 'line ' + i);
     process.exit(0);`,
  );
  t.equal(code, 0);
  const numbers = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => (JSON.parse(l) as { i: number }).i);
  t.same(numbers, Array.from({ length: 400 }, (_, i) => i), 'all 400 lines, each once, in order');
});
