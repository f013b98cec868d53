import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listSources, scanDomain, scanSource, stripSource } from './boundary-scan.ts';

const DOMAIN = fileURLToPath(new URL('../../src/domain/', import.meta.url));

t.test('nothing under src/domain imports I/O or reads a clock or randomness', async (t) => {
  const files = listSources(DOMAIN);
  // Guards against a scan that silently reads nothing (wrong path, wrong extension).
  t.ok(files.some((f) => f.endsWith(path.join('identity', 'resident-id.ts'))), 'the scan reaches the domain files');
  const violations = scanDomain(DOMAIN);
  t.same(
    violations.map((v) => `${path.relative(DOMAIN, v.file)}:${v.line}: ${v.rule}: ${v.excerpt}`),
    [],
    'no boundary violations',
  );
});

t.test('the scanner catches each planted violation in a file on disk', async (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'taizhang-boundary-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, 'fund'));
  writeFileSync(path.join(root, 'fund', 'good.ts'), "import { z } from 'zod';\nimport { f } from '../other.ts';\nexport const x = z.string();\n");
  writeFileSync(path.join(root, 'other.ts'), 'export const f = 1;\n');
  writeFileSync(
    path.join(root, 'fund', 'bad.ts'),
    [
      "import { readFileSync } from 'node:fs';", // 1
      "import { randomUUID } from 'crypto';", // 2
      "import Fastify from 'fastify';", // 3
      "import Database from 'better-sqlite3';", // 4
      "import { pino } from 'pino';", // 5
      'export const now = Date.now();', // 6
      'export const today = new Date();', // 7
      'export const r = Math.random();', // 8
      'export const id = crypto.randomUUID();', // 9
      'export const env = process.env.X;', // 10
      'export const t0 = performance.now();', // 11
      "import { store } from '../../eventstore/port.ts';", // 12: outside the domain
      'export const s = `${Date.now()}`;', // 13: code inside a template literal
      'export const d = new Date;', // 14
    ].join('\n'),
  );
  const found = scanDomain(root);
  t.ok(found.every((v) => v.file.endsWith('bad.ts')), 'the clean files pass');
  t.same([...new Set(found.map((v) => v.line))].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 'every planted line is reported');
  t.match(found.find((v) => v.line === 1)?.rule, /Node built-in node:fs/);
  t.match(found.find((v) => v.line === 3)?.rule, /package fastify/);
  t.match(found.find((v) => v.line === 12)?.rule, /outside the domain/);
});

t.test('comments and string contents are not code; type-only imports may point outward', async (t) => {
  const src = [
    '/** Never call Date.now() or Math.random here. */',
    "// import fs from 'node:fs'",
    "export const msg = 'do not use process.env or new Date()';",
    "import type { EventStore } from '../eventstore/port.ts';",
    'export const when = new Date(0);',
    "export const re = /['\"]/;",
    "export const url = 'http://example.org'; const n = Date.now();",
  ].join('\n');
  const v = scanSource(src, '/root/domain/x.ts', '/root/domain');
  t.same(v.map((x) => x.line), [7], 'only the real call after a string containing // is reported');
});

t.test('stripSource keeps line numbers and template expressions', async (t) => {
  const { code, text } = stripSource('a /* x\ny */ b\n`t ${ {k:1}.k } u` // c\n');
  t.equal(code, 'a     \n     b\n`  ${ {k:1}.k }  `     \n', 'comments gone, template text blanked, its expression kept');
  t.equal(text, 'a     \n     b\n`t ${ {k:1}.k } u`     \n', 'the text view keeps string contents');
});
