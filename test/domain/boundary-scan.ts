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

/** Pure packages domain code may use. Add one only after checking it does no I/O (canonicalize: one function, RFC 8785 text of a JSON value, no imports). */
export const ALLOWED_PACKAGES: ReadonlySet<string> = new Set(['zod', 'canonicalize']);

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

/** A cursor over source text writing two views: `text` (comments removed) and `code` (strings blanked too). */
class Cursor {
  code = '';
  text = '';
  i = 0;
  constructor(readonly src: string) {}
  at(k = 0): string {
    return this.src[this.i + k] ?? '';
  }
  /** Copies the current character; `blank` hides it from the code view (line breaks stay). */
  put(blank: boolean, comment = false): void {
    const c = this.at();
    const shown = comment && c !== '\n' ? ' ' : c;
    this.text += shown;
    this.code += blank && c !== '\n' ? ' ' : shown;
    this.i++;
  }
  done(): boolean {
    return this.i >= this.src.length;
  }
}

function skipLineComment(k: Cursor): void {
  while (!k.done() && k.at() !== '\n') k.put(false, true);
}

function skipBlockComment(k: Cursor): void {
  const end = k.src.indexOf('*/', k.i + 2);
  const stop = end < 0 ? k.src.length : end + 2;
  while (k.i < stop) k.put(false, true);
}

/** A '…' or "…" string: contents blanked in the code view. Ends at the quote or the line. */
function readQuoted(k: Cursor): void {
  const q = k.at();
  k.put(false);
  while (!k.done() && k.at() !== q && k.at() !== '\n') {
    if (k.at() === '\\') k.put(true);
    k.put(true);
  }
  if (k.at() === q) k.put(false);
}

/** A regular expression literal: up to its closing slash, not one inside [...]. */
function readRegex(k: Cursor): void {
  k.put(false);
  let inClass = false;
  while (!k.done() && k.at() !== '\n') {
    const r = k.at();
    if (r === '\\') {
      k.put(true);
      k.put(true);
      continue;
    }
    if (r === '/' && !inClass) break;
    if (r === '[') inClass = true;
    else if (r === ']') inClass = false;
    k.put(true);
  }
  if (k.at() === '/') k.put(false);
}

/** A slash starts a regular expression, not a division, after these (or at the start). */
const BEFORE_REGEX = '(,=:[!&|?{};+-*%<>~^';

/**
 * Removes comments (keeping line breaks) and returns two views: `code` with string and
 * template contents blanked (template `${…}` expressions kept), `text` with them kept.
 */
export function stripSource(src: string): { code: string; text: string } {
  const k = new Cursor(src);
  // Each frame: a template literal, or code nested in a template's ${…} with its brace depth.
  const stack: ({ kind: 'template' } | { kind: 'expr'; depth: number })[] = [];
  let last = '';
  while (!k.done()) {
    const c = k.at();
    const top = stack[stack.length - 1];
    if (top?.kind === 'template') {
      if (c === '\\') k.put(true), k.put(true);
      else if (c === '`') k.put(false), stack.pop(), (last = ')');
      else if (c === '$' && k.at(1) === '{') k.put(false), k.put(false), stack.push({ kind: 'expr', depth: 0 }), (last = '{');
      else k.put(true);
      continue;
    }
    if (c === '/' && k.at(1) === '/') skipLineComment(k);
    else if (c === '/' && k.at(1) === '*') skipBlockComment(k);
    else if (c === "'" || c === '"') readQuoted(k), (last = c);
    else if (c === '/' && (last === '' || BEFORE_REGEX.includes(last))) readRegex(k), (last = ')');
    else if (c === '`') k.put(false), stack.push({ kind: 'template' });
    else if (top?.kind === 'expr' && c === '}' && top.depth === 0) k.put(false), stack.pop();
    else {
      if (top?.kind === 'expr' && c === '{') top.depth++;
      if (top?.kind === 'expr' && c === '}') top.depth--;
      k.put(false);
      if (!/\s/.test(c)) last = /[\w$]/.test(c) ? 'a' : c;
    }
  }
  return { code: k.code, text: k.text };
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
