/**
 * Strings that are not well-formed Unicode (a lone UTF-16 surrogate) in JSON values.
 * JSON.parse and JSON.stringify both accept them, but such a value has no canonical form
 * (RFC 8785 over I-JSON, RFC 7493 §2.1): an event holding one could be stored and never
 * hashed into the Merkle log. The HTTP parser and the event store's append refuse them.
 *
 * Both callers first run a cheap test on JSON text they already have (ESCAPED_SURROGATE),
 * and walk the value only when it hits: the walk is exact, the test may over-match (the
 * text `\\ud800`, an escaped backslash then `ud800`, or an escaped well-formed pair).
 */

// ES2024 String.prototype.isWellFormed (Node 20 has it; the project's lib typings stop at ES2023).
export const isWellFormedText = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** A `\uD800`…`\uDFFF` escape, either case: the only way JSON text decoded from UTF-8 can carry a surrogate alone. */
const ESCAPED_SURROGATE = /\\u[dD][89abcdefABCDEF]/;

/**
 * False only when the value parsed from (or serialised as) `json` cannot hold an ill-formed
 * string. `json` must be JSON.stringify output or text decoded from UTF-8 bytes; any other
 * text is tested for raw lone surrogates too (a native linear scan).
 */
export function mayHoldIllFormed(json: string): boolean {
  return ESCAPED_SURROGATE.test(json) || !isWellFormedText(json);
}

/**
 * mayHoldIllFormed for JSON.stringify output, which escapes every lone surrogate (ES2019)
 * and never a well-formed pair: only the escape test is needed.
 */
export function stringifiedMayHoldIllFormed(json: string): boolean {
  return ESCAPED_SURROGATE.test(json);
}

/** Where the first ill-formed string is: the path to it, and whether it is a property name (the last segment) or a value. */
export interface IllFormedAt {
  path: (string | number)[];
  inKey: boolean;
}

interface Frame {
  value: unknown;
  parent: Frame | undefined;
  segment: string | number | undefined;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f !== undefined && f.segment !== undefined; f = f.parent) path.push(f.segment);
  return path.reverse();
}

/**
 * The first string value or property name of a JSON value that is not well-formed Unicode,
 * or undefined when there is none. Iterative: a deeply nested body cannot overflow the stack.
 */
export function findIllFormed(value: unknown): IllFormedAt | undefined {
  const stack: Frame[] = [{ value, parent: undefined, segment: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      if (!isWellFormedText(v)) return { path: pathOf(frame), inKey: false };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i] as unknown, parent: frame, segment: i });
    } else if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      for (const key of keys) if (!isWellFormedText(key)) return { path: [...pathOf(frame), key], inKey: true };
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (v as Record<string, unknown>)[keys[i]!], parent: frame, segment: keys[i]! });
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A segment as text fit to show: each lone surrogate as its `\uXXXX` escape. */
export function showSegment(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  return isWellFormedText(segment) ? segment : segment.replace(LONE_SURROGATE, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}

export const ILL_FORMED_MESSAGE = 'is not well-formed Unicode: it holds a lone UTF-16 surrogate, which has no canonical JSON form';
