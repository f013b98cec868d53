import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * The purity boundary of src/domain, as a scanner. Domain code may import only its own
 * files and the packages in ALLOWED_PACKAGES, and may not reach a clock, randomness, the
 * process or the network. Comments are ignored and string contents are blanked before the
 * call checks, so a doc comment saying "no Date.now()" is not a violation, while
 * `${Date.now()}` inside a template literal is.
 */

export interface BoundaryViolation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly excerpt: string;
}

/** Pure packages domain code may use. Add one only after checking it does no I/O. */
export const ALLOWED_PACKAGES: ReadonlySet<string> = new Set(['zod']);

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0] ?? m]));

const FORBIDDEN_CALLS: readonly { rule: string; re: RegExp }[] = [
  { rule: 'Date.now() reads the clock', re: /\bDate\s*\.\s*now\b/ },
  { rule: 'new Date() without an argument reads the clock', re: /\bnew\s+Date\b\s*(\(\s*\)|(?!\s*\())/ },
  { rule: 'Date() called as a function reads the clock', re: /(?<!new\s+)(?<![\w$.])Date\s*\(/ },
  { rule: 'Math.random is randomness', re: /\bMath\s*\.\s*random\b/ },
  { rule: 'crypto is randomness or I/O', re: /(?<![\w$])crypto\s*[.[]|\bglobalThis\s*\.\s*crypto\b/ },
  { rule: 'process is the environment', re: /(?<![\w$.])process\s*[.[]|\bglobalThis\s*\.\s*process\b/ },
  { rule: 'performance.now reads the clock', re: /\bperformance\s*\.\s*now\b/ },
  { rule: 'require() loads modules at run time', re: /(?<![\w$.])require\s*\(/ },
  { rule: 'import.meta ties code to its location on disk', re: /\bimport\s*\.\s*meta\b/ },
  { rule: 'dynamic import() loads modules at run time', re: /(?<![\w$.])import\s*\(/ },
  { rule: 'timers are I/O', re: /(?<![\w$.])(setTimeout|setInterval|setImmediate)\s*\(/ },
  { rule: 'fetch is network I/O', re: /(?<![\w$.])fetch\s*\(/ },
];

/**
 * Removes comments (keeping line breaks) and returns two views: `code` with string and
 * template contents blanked (template `${…}` expressions kept), `text` with them kept.
 */
export function stripSource(src: string): { code: string; text: string } {
  let code = '';
  let text = '';
  const put = (c: string, blank: boolean) => {
    text += c;
    code += blank && c !== '\n' ? ' ' : c;
  };
  // Each frame: a template literal, or code nested in a template's ${…} with its brace depth.
  const stack: ({ kind: 'template' } | { kind: 'expr'; depth: number })[] = [];
  let lastSignificant = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    const next = src[i + 1] ?? '';
    const top = stack[stack.length - 1];
    if (top?.kind === 'template') {
      if (c === '\\') {
        put(c, true);
        put(next, true);
        i += 2;
      } else if (c === '`') {
        put(c, false);
        stack.pop();
        lastSignificant = '`';
        i++;
      } else if (c === '$' && next === '{') {
        put('${', false);
        stack.push({ kind: 'expr', depth: 0 });
        lastSignificant = '{';
        i += 2;
      } else {
        put(c, true);
        i++;
      }
      continue;
    }
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') (text += ' '), (code += ' '), i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      for (; i < stop; i++) put(src[i] === '\n' ? '\n' : ' ', false);
      continue;
    }
    if (c === "'" || c === '"') {
      put(c, false);
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') put(src[i++] ?? '', true);
        put(src[i++] ?? '', true);
      }
      if (src[i] === c) put(c, false), i++;
      lastSignificant = c;
      continue;
    }
    if (c === '/' && (lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant))) {
      // A regular expression literal: skip to its closing slash (not one inside [...]).
      put(c, false);
      i++;
      let inClass = false;
      while (i < src.length && src[i] !== '\n') {
        const r = src[i] ?? '';
        if (r === '\\') {
          put(r, true);
          put(src[i + 1] ?? '', true);
          i += 2;
          continue;
        }
        if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        put(r, true);
        i++;
      }
      if (src[i] === '/') put('/', false), i++;
      lastSignificant = ')';
      continue;
    }
    if (c === '`') {
      put(c, false);
      stack.push({ kind: 'template' });
      i++;
      continue;
    }
    if (top?.kind === 'expr') {
      if (c === '{') top.depth++;
      if (c === '}') {
        if (top.depth === 0) {
          stack.pop();
          put(c, false);
          i++;
          continue;
        }
        top.depth--;
      }
    }
    put(c, false);
    if (!/\s/.test(c)) lastSignificant = /[\w$]/.test(c) ? 'a' : c;
    i++;
  }
  return { code, text };
}

function lineOf(src: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (src.charCodeAt(i) === 10) line++;
  return line;
}

const IMPORT_RE = /\b(import|export)(\s+type\b)?\s*(?:[\w$*{][^;]*?\bfrom\s*)?(['"])([^'"\n]+)\3/g;

/** Checks one import specifier of `file`, whose domain root is `root`. */
function checkSpecifier(spec: string, file: string, root: string, typeOnly: boolean): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    if (typeOnly) return undefined;
    const target = path.resolve(path.dirname(file), spec);
    const rel = path.relative(root, target);
    return rel.startsWith('..') || path.isAbsolute(rel) ? `imports ${spec}, outside the domain (dependencies point inward)` : undefined;
  }
  if (spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] ?? spec)) {
    return `imports the Node built-in ${spec}`;
  }
  const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
  if (ALLOWED_PACKAGES.has(pkg)) return undefined;
  return `imports the package ${pkg}, which is not on the domain's allow-list`;
}

/** Violations in one file's source. */
export function scanSource(src: string, file: string, root: string): BoundaryViolation[] {
  const { code, text } = stripSource(src);
  const out: BoundaryViolation[] = [];
  const excerpt = (line: number) => (src.split('\n')[line - 1] ?? '').trim().slice(0, 160);
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[4] ?? '';
    const rule = checkSpecifier(spec, file, root, m[2] !== undefined);
    if (rule) {
      const line = lineOf(text, m.index ?? 0);
      out.push({ file, line, rule, excerpt: excerpt(line) });
    }
  }
  const codeLines = code.split('\n');
  codeLines.forEach((l, idx) => {
    for (const { rule, re } of FORBIDDEN_CALLS) {
      if (re.test(l)) out.push({ file, line: idx + 1, rule, excerpt: excerpt(idx + 1) });
    }
  });
  return out;
}

const SOURCE_EXT = /\.(ts|mts|cts|js|mjs|cjs|tsx|jsx)$/;

/** Every source file under `root`, recursively, in a stable order. */
export function listSources(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 32) throw new Error(`directory tree too deep at ${dir}`);
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p, depth + 1);
      else if (SOURCE_EXT.test(name)) out.push(p);
    }
  };
  walk(root, 0);
  return out;
}

/** Scans every source file under `root` (the domain folder). */
export function scanDomain(root: string): BoundaryViolation[] {
  return listSources(root).flatMap((f) => scanSource(readFileSync(f, 'utf8'), f, root));
}
