/**
 * Masked forms of personal data, the only forms allowed in events, logs and exports.
 * Each function reveals a fixed, small part and never more than that, whatever the input:
 * a value too short to keep its visible part hidden is masked entirely.
 */

const STAR = '*';

function stars(n: number): string {
  return STAR.repeat(Math.max(0, n));
}

/**
 * Resident ID number: first 4 (the province and city of issue) and last 4 kept,
 * `3604**********0071`. Values of 8 characters or fewer are fully masked.
 */
export function maskResidentId(id: string): string {
  const v = id.trim().toUpperCase();
  if (v.length <= 8) return stars(v.length);
  return v.slice(0, 4) + stars(v.length - 8) + v.slice(-4);
}

/**
 * Bank or social-security-card account: the last 4 digits behind a FIXED four stars,
 * `****1234`. Fixed width so the mask does not reveal the account's length (which
 * narrows the bank). Spaces and hyphens used for grouping are dropped first. Accounts of
 * 8 characters or fewer (not real card numbers) are masked entirely as `****`.
 * Masking a masked account returns it unchanged.
 */
export function maskAccount(account: string): string {
  const v = account.replace(/[\s-]/g, '');
  if (/^\*{4}(.{4})?$/.test(v)) return v; // already masked: masking is idempotent
  if (v.length <= 8) return stars(4);
  return stars(4) + v.slice(-4);
}

/**
 * Personal name: first character kept, the rest starred one for one (`张*`, `李**`); names
 * of four characters or more keep two, which covers the common compound surnames
 * (`欧阳**`). A middle dot (names transliterated from Uyghur, Tibetan …) is kept as a
 * separator. Counts Unicode code points, not UTF-16 units.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  const letters = chars.filter((c) => !isNameSeparator(c)).length;
  if (letters <= 1) return stars(letters);
  let keep = letters >= 4 ? 2 : 1;
  return chars
    .map((c) => {
      if (isNameSeparator(c)) return c;
      if (keep > 0) {
        keep--;
        return c;
      }
      return STAR;
    })
    .join('');
}

function isNameSeparator(c: string): boolean {
  return c === '·' || c === '•' || c === '・' || c === ' ';
}

/**
 * Phone number: a mainland mobile (11 digits starting with 1, optionally after +86 or
 * 86) keeps its first 3 and last 4 digits, `138****5678`; any other number keeps only its
 * last 4 behind four stars. Spaces, hyphens and brackets are dropped first. Numbers of 8
 * digits or fewer are masked entirely.
 */
export function maskPhone(phone: string): string {
  let v = phone.replace(/[\s\-()]/g, '');
  if (/^(1\d{2})?\*{4}(.{4})?$/.test(v)) return v; // already masked
  if (/^(\+?86)1\d{10}$/.test(v)) v = v.slice(v.length - 11);
  if (/^1\d{10}$/.test(v)) return v.slice(0, 3) + stars(4) + v.slice(-4);
  if (v.length <= 8) return stars(4);
  return stars(4) + v.slice(-4);
}
