/**
 * Region filters of read-model queries. A region prefix is what a principal's scope
 * reduces to (src/http/region-scope.ts `regionScope(principal).prefix`): undefined for
 * the whole system, else the first 2 (province), 4 (city) or 6 (county) digits of the
 * GB/T 2260 codes in scope. Conditions are written as ranges of the 6-digit code, so an
 * index on the region column serves them.
 */
export type RegionPrefix = string | undefined;

const CODE = /^\d{6}$/;

/** The prefix a region code stands for: a province xx0000 its 2 digits, a city xxxx00 its 4, a county all 6. */
export function prefixOfRegion(regionCode: string): string {
  if (!CODE.test(regionCode)) throw new Error(`not a region code: ${regionCode}`);
  if (regionCode.endsWith('0000')) return regionCode.slice(0, 2);
  if (regionCode.endsWith('00')) return regionCode.slice(0, 4);
  return regionCode;
}

/**
 * The prefix covering what both a scope and a requested region cover: the longer of the
 * two when one extends the other, `null` when they do not meet (nothing to answer).
 */
export function narrowPrefix(scope: RegionPrefix, regionCode: string | undefined): RegionPrefix | null {
  if (regionCode === undefined) return scope;
  const wanted = prefixOfRegion(regionCode);
  if (scope === undefined || wanted.startsWith(scope)) return wanted;
  if (scope.startsWith(wanted)) return scope;
  return null;
}

/** An SQL condition on a 6-digit region column: inside the prefix (true for the whole system). */
export function regionRange(column: string, prefix: RegionPrefix): { sql: string; params: string[] } {
  if (prefix === undefined) return { sql: '1 = 1', params: [] };
  if (!/^\d{2}(\d{2}(\d{2})?)?$/.test(prefix)) throw new Error(`not a region prefix: ${prefix}`);
  return { sql: `${column} BETWEEN ? AND ?`, params: [prefix.padEnd(6, '0'), prefix.padEnd(6, '9')] };
}

/** Whether a region code lies inside the prefix. */
export function regionInPrefix(regionCode: string | null, prefix: RegionPrefix): boolean {
  if (prefix === undefined) return true;
  return regionCode !== null && regionCode.startsWith(prefix);
}

/** regionRange with named parameters `@{name}_lo` and `@{name}_hi`, for queries that bind by name. */
export function regionRangeNamed(column: string, prefix: RegionPrefix, name: string): { sql: string; params: Record<string, string> } {
  const range = regionRange(column, prefix);
  if (range.params.length === 0) return { sql: range.sql, params: {} };
  return { sql: `${column} BETWEEN @${name}_lo AND @${name}_hi`, params: { [`${name}_lo`]: range.params[0]!, [`${name}_hi`]: range.params[1]! } };
}
