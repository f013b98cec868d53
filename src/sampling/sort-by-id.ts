import { compareUtf8 } from './bytes.ts';

const AT_OR_ABOVE_D800 = /[\uD800-\uFFFF]/;

/**
 * A copy sorted by id in UTF-8 byte order (docs/sampling.md §2). Native string comparison
 * (UTF-16 units) agrees with it unless an id holds a character at or above U+D800, and is
 * several times faster on 100 000 entries, so that is the path when no id has one.
 */
export function sortById<T extends { readonly id: string }>(entries: readonly T[]): T[] {
  const plain = entries.every((e) => !AT_OR_ABOVE_D800.test(e.id));
  return [...entries].sort(plain ? (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : (a, b) => compareUtf8(a.id, b.id));
}
