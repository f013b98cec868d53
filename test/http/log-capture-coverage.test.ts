/**
 * The log capture (helpers/test-server.ts) scans what it captured; this checks that what
 * the HTTP tests log reaches it: every logger a file under test/http makes with createLogger
 * writes to captureStream, and every file building a server itself (not through testServer)
 * does too.
 * A logger at level 'silent' would let that file's log lines go unscanned.
 */
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// test/http, or its copy in the JavaScript mirror (which keeps each .ts beside its .js).
const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Loggers whose lines reach the capture another way. */
const EXEMPT: Record<string, string> = {
  // A child process logging to its stdout, which shutdown.test.ts writes into captureStream line by line.
  'fixtures/serve-child.ts': 'stdout fed to captureStream by shutdown.test.ts',
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

t.test('every logger and server the HTTP tests make writes to the log capture', async (t) => {
  const files = sources(ROOT);
  let loggers = 0;
  for (const file of files) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (rel in EXEMPT) continue;
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/createLogger\(([^)]*)\)/g)) {
      loggers++;
      t.ok(call[1]!.includes('captureStream'), `${rel}: ${call[0]} writes to captureStream`);
    }
    t.notOk(/import\s*\{[^}]*\bsilent\b[^}]*\}/.test(text), `${rel}: imports no silent logger`);
    if (/\bbuildServer\(/.test(text)) t.ok(text.includes('captureStream'), `${rel}: builds a server and logs it through captureStream`);
  }
  t.ok(loggers >= 3, `${loggers} loggers in ${files.length} files`);
});
