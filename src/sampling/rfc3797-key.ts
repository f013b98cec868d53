/**
 * RFC 3797 §4 key string: each source's numbers sorted ascending, each written in decimal
 * without leading zeros and followed by ".", each source followed by "/". The example of
 * §6 gives "9319./2.5.8.10.12./9.18.26.34.41.45./".
 *
 * Only whole numbers are accepted (the RFC's fractional form is not needed for the
 * lottery results and beacons this project commits to).
 */
export function rfc3797KeyString(sources: readonly (readonly (number | bigint)[])[]): string {
  let key = '';
  for (const source of sources) {
    const values = source.map((v) => BigInt(v)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const v of values) key += `${v.toString(10)}.`;
    key += '/';
  }
  return key;
}
