/**
 * RFC 8785 (JCS) canonical JSON for the small value domain the roster snapshots use:
 * strings, safe integers, booleans, null, arrays and plain objects. Within that domain JCS reduces to
 * "object keys sorted by UTF-16 code units, no whitespace, ECMAScript string escaping",
 * which any JCS library in another language reproduces byte for byte.
 */
export type CanonicalValue = string | number | boolean | null | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`invariant violated: canonical JSON holds safe integers only, got ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v as CanonicalValue)).join(',')}]`;
  const obj = value as { readonly [key: string]: CanonicalValue };
  // JCS §3.2.3: sort by UTF-16 code units, which is what the default sort compares.
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k]!)}`).join(',')}}`;
}
