import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';

// The draw code must also run in a browser (the public draw page re-runs it) and be a pure
// function of its input: no Node APIs, no clock, no ambient randomness.
const dir = new URL('../../src/sampling/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

t.test('src/sampling uses no node:* module, clock or ambient randomness', async (t) => {
  t.ok(files.length > 10);
  const forbidden: [RegExp, string][] = [
    [/from\s+['"]node:/, 'node: import'],
    [/from\s+['"](fs|path|crypto|buffer|os|child_process)['"]/, 'bare Node builtin import'],
    [/\brequire\s*\(/, 'require()'],
    [/\bBuffer\b/, 'Buffer'],
    [/\bprocess\./, 'process'],
    [/Math\.random/, 'Math.random'],
    [/Date\.now|new Date\s*\(/, 'clock'],
    [/crypto\.(subtle|getRandomValues|randomUUID)/, 'Web Crypto'],
  ];
  for (const f of files) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const [re, what] of forbidden) t.notOk(re.test(src), `${f}: ${what}`);
  }
});

t.test('every import inside src/sampling stays inside src/sampling', async (t) => {
  for (const f of files) {
    const src = readFileSync(new URL(f, dir), 'utf8');
    for (const m of src.matchAll(/from\s+['"]([^'"]+)['"]/g)) t.match(m[1], /^\.\/[a-z0-9-]+\.ts$/, `${f} imports ${m[1]}`);
  }
});
